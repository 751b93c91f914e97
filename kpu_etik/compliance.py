"""Shared by the compliance reports: filters by region and period, counted through frappe.get_list so
every report keeps to the regions the user may see."""

import frappe
from frappe import _


def period_filters(filters, date_field: str) -> dict:
	filters = frappe._dict(filters or {})
	conditions = {}
	if filters.region:
		if not frappe.db.exists("Region", filters.region):
			frappe.throw(_("Region {0} does not exist.").format(filters.region))
		conditions["region"] = ("like", f"{filters.region}%")
	if filters.from_date and filters.to_date:
		conditions[date_field] = ("between", [filters.from_date, filters.to_date])
	elif filters.from_date:
		conditions[date_field] = (">=", filters.from_date)
	elif filters.to_date:
		conditions[date_field] = ("<=", filters.to_date)
	return conditions


def count_by(doctype: str, group_field: str, conditions: dict, extra_fields=()) -> list[dict]:
	return frappe.get_list(
		doctype,
		filters=conditions,
		fields=[group_field, *extra_fields, "count(*) as total"],
		group_by=", ".join([group_field, *extra_fields]),
		order_by=group_field,
		limit_page_length=0,
	)
