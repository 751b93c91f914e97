import frappe
from frappe import _
from frappe.utils import getdate

from kpu_etik.core.dates import format_indonesian_date
from kpu_etik.core.inputs import Text
from kpu_etik.core.regions import is_valid_code
from kpu_etik.inputs import read_form
from kpu_etik.sanctions.sanctioning import public_register

no_cache = 1


def get_context(context):
	# Frappe passes `context` only to a get_context that names it: the replica read is one level down.
	return read_register(context)


@frappe.read_only()  # a public register: read on the replica where there is one
def read_register(context):
	if not frappe.db.get_single_value("KPU Etik Settings", "publish_sanctions"):
		frappe.throw(_("This register is not published."), frappe.PermissionError)
	region = (read_form(region=Text("Region", max_length=13)).region or "").strip()
	if region and not (is_valid_code(region) and frappe.db.exists("Region", region)):
		frappe.throw(
			_("{0} is not a region code.").format(frappe.utils.escape_html(region)), frappe.DoesNotExistError
		)
	context.title = _("Register of Sanctions")
	context.region = region
	context.rows = public_register(region or None)
	for row in context.rows:
		row.date_text = format_indonesian_date(getdate(row.effective_from), with_day=False)
	return context
