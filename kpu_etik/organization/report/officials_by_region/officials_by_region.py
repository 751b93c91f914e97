"""Officials per region and status, within the user's reach (frappe.get_list applies the region scope)."""

import frappe
from frappe import _

from kpu_etik.supervision.compliance import region_filter


def execute(filters=None):
	filters = frappe._dict(filters or {})
	conditions = region_filter(filters)
	if filters.level:
		conditions["level"] = filters.level
	rows = frappe.get_list(
		"Official",
		filters=conditions,
		fields=["region", "status", "count(*) as officials"],
		group_by="region, status",
		order_by="region",
		limit_page_length=0,
	)
	names = dict(
		frappe.get_all(
			"Region",
			filters={"name": ("in", list({r.region for r in rows}) or [""])},
			fields=["name", "region_name"],
			as_list=True,
		)
	)
	data = {}
	for row in rows:
		entry = data.setdefault(
			row.region,
			{"region": row.region, "region_name": names.get(row.region), "officials": 0, "active": 0},
		)
		entry["officials"] += row.officials
		if row.status == "Active":
			entry["active"] += row.officials
	columns = [
		{"fieldname": "region", "label": _("Region"), "fieldtype": "Link", "options": "Region", "width": 140},
		{"fieldname": "region_name", "label": _("Region Name"), "fieldtype": "Data", "width": 220},
		{"fieldname": "officials", "label": _("Officials"), "fieldtype": "Int", "width": 110},
		{"fieldname": "active", "label": _("Active"), "fieldtype": "Int", "width": 110},
	]
	return columns, list(data.values())
