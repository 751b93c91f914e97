"""The app's dashboard chart sources: Frappe's documented hook for a chart the app computes.

Each source's folder holds its record (``<name>.json``, synced on migrate), its method (``<name>.py``,
``get``) and the Desk's config for it (``<name>.js``: the method and the chart's filter dialog). The
counts go through ``frappe.get_list``, so a user counts only the records they may read (their
regions); the bars come in the order of the process, labelled in the user's language.
"""

import frappe
from frappe import _

from kpu_etik.core.inputs import Anything, Day, Flag, InputRejected, Structured, Text, read_all
from kpu_etik.inputs import accepts, refuse
from kpu_etik.supervision.compliance import count_by, period_filters

# The fields of each source's filter dialog (its .js), read as the compliance reports read them.
DIALOG = {"region": Text("Region", max_length=13), "from_date": Day("From"), "to_date": Day("To")}

# What the chart widget sends to a source's method (chart_widget.js `fetch`); only the filters are
# used: the charts are neither time series nor heatmaps.
takes_chart_arguments = accepts(
	chart_name=Text("Chart Name"),
	chart=Anything("Chart"),
	no_cache=Flag("No Cache"),
	filters=Structured("Filters", kinds=(dict, list)),
	from_date=Text("From Date"),
	to_date=Text("To Date"),
	timespan=Text("Timespan"),
	time_interval=Text("Time Interval"),
	heatmap_year=Text("Heatmap Year"),
)


def dashboard_filters(doctype: str, date_field: str, filters: dict | list | None) -> list:
	"""The filters the dashboard sends, as a ``frappe.get_list`` filter list.

	The chart's dialog sends {region, from_date, to_date}: a region's subtree and a period of
	``date_field``. A list is Frappe's own filter list (a chart's ``filters_json``, or filters a user
	saved for the chart when it was a Group By chart): passed on, checked by ``get_list``. Cancelled
	documents are left out, as in Frappe's own charts."""
	filters = filters or []
	if isinstance(filters, dict):
		try:
			dialog = read_all(DIALOG, {field: filters[field] for field in DIALOG if field in filters})
		except InputRejected as exc:
			refuse(exc)
		conditions = {k: v for k, v in filters.items() if k not in DIALOG and v not in (None, "")}
		conditions.update(period_filters(dialog, date_field))
		filters = [
			[doctype, field, *(value if isinstance(value, list | tuple) else ("=", value))]
			for field, value in conditions.items()
		]
	# a string in a filter list would reach the query as SQL
	if not all(isinstance(f, list | tuple) and 3 <= len(f) <= 5 for f in filters):
		frappe.throw(_("The chart's filters are not in a valid form."), frappe.ValidationError)
	return [*filters, [doctype, "docstatus", "<", 2]]


def counted_chart(doctype: str, field: str, filters: list, order, dataset: str) -> dict:
	"""The chart of ``doctype`` counted by ``field``: a bar for each value of ``order``, a zero where
	there is none (so every bar stands in the same place on every workspace and an empty stage reads
	0), then any other value counted, by name; labels in the user's language."""
	counts = {row[field]: row.total for row in count_by(doctype, field, filters)}
	order = list(order)
	values = order + sorted((value for value in counts if value not in order), key=lambda v: v or "")
	return {
		"labels": [_(value) if value else _("Not Set") for value in values],
		"datasets": [{"name": dataset, "values": [counts.get(value, 0) for value in values]}],
	}
