"""Dashboard chart source *Complaints by Stage*: the user's complaints counted by stage."""

import frappe
from frappe import _

from kpu_etik.core.complaints import SET_ASIDE, STAGES
from kpu_etik.kpu_etik.dashboard_chart_source import counted_chart, dashboard_filters, takes_chart_arguments


@frappe.whitelist()
@takes_chart_arguments
@frappe.read_only()  # counts for the workspace: the replica serves them where there is one
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
):
	filters = dashboard_filters("Complaint", "filed_on", filters)
	# Submissions set aside at intake (spam, duplicates) are on file, not in the figures, whatever
	# filters the dashboard sends.
	filters.append(["Complaint", "workflow_state", "!=", SET_ASIDE])
	stages = [stage for stage in STAGES if stage != SET_ASIDE]
	return counted_chart("Complaint", "workflow_state", filters, stages, _("Complaints"))
