from frappe import _
from frappe.utils import today

from kpu_etik.core.complaints import RUNNING_STAGES, SET_ASIDE, STAGES
from kpu_etik.supervision.compliance import count_by, period_filters


def execute(filters=None):
	# submissions set aside at intake (spam, duplicates) are on file, not in the figures
	conditions = {**period_filters(filters, "filed_on"), "workflow_state": ("!=", SET_ASIDE)}
	# Every stage in process order (as the chart shows them), those without complaints too.
	rows = {stage: {"stage": stage, "complaints": 0, "overdue": 0} for stage in STAGES if stage != SET_ASIDE}
	for r in count_by("Complaint", "workflow_state", conditions):
		if r.workflow_state in rows:
			rows[r.workflow_state]["complaints"] = r.total
	overdue = count_by(
		"Complaint",
		"workflow_state",
		{**conditions, "workflow_state": ("in", RUNNING_STAGES), "stage_deadline": ("<", today())},
	)
	for row in overdue:
		rows[row.workflow_state]["overdue"] = row.total
	columns = [
		{"fieldname": "stage", "label": _("Stage"), "fieldtype": "Data", "width": 220},
		{"fieldname": "complaints", "label": _("Complaints"), "fieldtype": "Int", "width": 120},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 120},
	]
	for row in rows.values():
		row["stage"] = _(row["stage"])
	return columns, list(rows.values())
