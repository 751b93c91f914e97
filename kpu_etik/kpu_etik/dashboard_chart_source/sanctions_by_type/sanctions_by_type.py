"""Dashboard chart source *Sanctions by Type*: the user's sanctions counted by type, up the ladder."""

import frappe
from frappe import _

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
	filters = dashboard_filters("Sanction", "effective_from", filters)
	# The ladder as KPU set it in the Sanction Type master (its names are public, as in the register).
	ladder = frappe.get_all("Sanction Type", order_by="`rank` asc, name asc", pluck="name")
	return counted_chart("Sanction", "sanction_type", filters, ladder, _("Sanctions"))
