import frappe
from frappe import _
from frappe.utils import getdate

from kpu_etik.core.dates import format_indonesian_date
from kpu_etik.public_pages import known_region, region_not_found
from kpu_etik.sanctions.sanctioning import public_register

no_cache = 1


def get_context(context):
	# Frappe passes `context` only to a get_context that names it: the replica read is one level down.
	return read_register(context)


@frappe.read_only()  # a public register: read on the replica where there is one
def read_register(context):
	if not frappe.db.get_single_value("KPU Etik Settings", "publish_sanctions"):
		frappe.throw(_("This register is not published."), frappe.PermissionError)
	region = known_region(frappe.form_dict.get("region"))
	if region is None:
		return region_not_found(context)
	context.title = _("Register of Sanctions")
	context.region = region
	context.rows = public_register(region or None)
	for row in context.rows:
		row.date_text = format_indonesian_date(getdate(row.effective_from), with_day=False)
	return context
