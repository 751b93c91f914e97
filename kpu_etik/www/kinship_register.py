import frappe
from frappe import _
from frappe.utils import getdate

from kpu_etik.core.dates import format_indonesian_date
from kpu_etik.core.inputs import Text, WholeNumber
from kpu_etik.core.regions import is_valid_code
from kpu_etik.inputs import read_form
from kpu_etik.kinship.declarations import announced_register

no_cache = 1
PAGE_SIZE = 50


def get_context(context):
	# Frappe passes `context` only to a get_context that names it: the replica read is one level down.
	return read_register(context)


@frappe.read_only()  # a public register: read on the replica where there is one
def read_register(context):
	args = read_form(region=Text("Region", max_length=13), page=WholeNumber("Page", low=1, high=100000))
	region = (args.region or "").strip()
	if region and not (is_valid_code(region) and frappe.db.exists("Region", region)):
		frappe.throw(
			_("{0} is not a region code.").format(frappe.utils.escape_html(region)), frappe.DoesNotExistError
		)
	page = args.page or 1
	context.region = region
	context.region_name = frappe.db.get_value("Region", region, "region_name") if region else _("Indonesia")
	context.page = page
	context.rows = announced_register(region or None, start=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE + 1)
	context.has_next = len(context.rows) > PAGE_SIZE
	context.rows = context.rows[:PAGE_SIZE]
	for row in context.rows:
		for field in ("pleno_date", "publication_date"):
			row[f"{field}_text"] = (
				format_indonesian_date(getdate(row[field]), with_day=False) if row[field] else "-"
			)
	context.title = _("Register of Kinship Declarations")
	return context
