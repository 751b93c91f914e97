import frappe
from frappe import _
from frappe.utils import getdate

from kpu_etik.core.dates import format_indonesian_date
from kpu_etik.core.inputs import WholeNumber
from kpu_etik.inputs import read_form
from kpu_etik.kinship.declarations import announced_register
from kpu_etik.public_pages import known_region, region_not_found

no_cache = 1
PAGE_SIZE = 50


def get_context(context):
	# Frappe passes `context` only to a get_context that names it: the replica read is one level down.
	return read_register(context)


@frappe.read_only()  # a public register: read on the replica where there is one
def read_register(context):
	region = known_region(frappe.form_dict.get("region"))
	if region is None:
		return region_not_found(context)
	page = read_form(page=WholeNumber("Page", low=1, high=100000)).page or 1
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
