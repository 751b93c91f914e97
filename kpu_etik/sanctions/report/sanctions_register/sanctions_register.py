"""Sanctions by region, type and period; frappe.get_list keeps it to the user's regions."""

import frappe
from frappe import _

from kpu_etik.permissions import within
from kpu_etik.supervision.compliance import add_region_names, region_columns


def execute(filters=None):
	filters = frappe._dict(filters or {})
	conditions = {"docstatus": ("<", 2)}
	if filters.region:
		conditions["region"] = within(filters.region)
	if filters.sanction_type:
		conditions["sanction_type"] = filters.sanction_type
	if filters.from_date and filters.to_date:
		conditions["effective_from"] = ("between", [filters.from_date, filters.to_date])
	data = frappe.get_list(
		"Sanction",
		filters=conditions,
		fields=[
			"name",
			"official",
			"official_name",
			"region",
			"sanction_type",
			"workflow_state",
			"letter_number",
			"effective_from",
			"until",
		],
		order_by="effective_from desc",
		limit_page_length=0,
	)
	columns = [
		{
			"fieldname": "name",
			"label": _("Sanction"),
			"fieldtype": "Link",
			"options": "Sanction",
			"width": 150,
		},
		{"fieldname": "official_name", "label": _("Official's Name"), "fieldtype": "Data", "width": 180},
		*region_columns(180),
		{
			"fieldname": "sanction_type",
			"label": _("Sanction"),
			"fieldtype": "Link",
			"options": "Sanction Type",
			"width": 180,
		},
		{"fieldname": "workflow_state", "label": _("Sanction State"), "fieldtype": "Data", "width": 110},
		{"fieldname": "letter_number", "label": _("Letter Number"), "fieldtype": "Data", "width": 180},
		{"fieldname": "effective_from", "label": _("Takes Effect On"), "fieldtype": "Date", "width": 110},
		{"fieldname": "until", "label": _("Suspended Until"), "fieldtype": "Date", "width": 110},
	]
	add_region_names(data)
	for row in data:
		row.workflow_state = _(row.workflow_state)
	return columns, data
