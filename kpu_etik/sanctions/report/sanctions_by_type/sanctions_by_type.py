from frappe import _

from kpu_etik.supervision.compliance import count_by, period_filters


def execute(filters=None):
	conditions = {**period_filters(filters, "effective_from"), "docstatus": ("<", 2)}
	rows = {}
	for row in count_by("Sanction", "sanction_type", conditions, extra_fields=("workflow_state",)):
		entry = rows.setdefault(
			row.sanction_type, {"sanction_type": row.sanction_type, "in_force": 0, "ended": 0, "pending": 0}
		)
		key = {"In Force": "in_force", "Ended": "ended"}.get(row.workflow_state, "pending")
		entry[key] += row.total
	columns = [
		{
			"fieldname": "sanction_type",
			"label": _("Sanction"),
			"fieldtype": "Link",
			"options": "Sanction Type",
			"width": 220,
		},
		{"fieldname": "in_force", "label": _("In Force"), "fieldtype": "Int", "width": 110},
		{"fieldname": "ended", "label": _("Ended"), "fieldtype": "Int", "width": 110},
		{"fieldname": "pending", "label": _("Awaiting Plenary or Force"), "fieldtype": "Int", "width": 180},
	]
	return columns, list(rows.values())
