"""The list sidebar's counts on the national tables: exact when they come within a second, else the
last exact figure with the time it was counted, never a dropdown that loads for ever.

Frappe counts the sidebar's groups (`frappe.desk.listview.get_group_by_count`: assigned to, created
by, and any field the user adds) and its tags (`frappe.desk.reportview.get_sidebar_stats`) with a
GROUP BY over every row the filters leave: 1.9 s and 3.2 s over five million officials for KPU RI,
and more for a field without an index (a name, a decree number). The app's overrides of those two
methods (``override_whitelisted_methods``) run Frappe's own count under MariaDB's
``max_statement_time``:
- it finishes in time: the exact figure, shown as Frappe shows it, and kept (per user and arguments);
- it does not: the figure kept from the last count, each number marked with the time it was counted
  ("4.977.867 (per 10.15)"), while a background job counts it again without a limit; with no kept
  figure, the dropdown says that it is being counted and to open it again in a minute.
Other doctypes, and the scoped users whose counts come quickly, see Frappe's answer unchanged.
"""

import hashlib
import json

import frappe
from frappe import _
from frappe.utils import fmt_money, format_time, now_datetime

from kpu_etik.core.access import ANCESTOR_COLUMN_DOCTYPES
from kpu_etik.jobs import enqueue_long

# The tables of national size (millions of rows); the others are counted as Frappe counts them.
NATIONAL_DOCTYPES = frozenset(ANCESTOR_COLUMN_DOCTYPES)
TIME_LIMIT_SECONDS = 0.8  # of the one second a Desk call may take
KEPT = 7 * 24 * 3600  # how long a figure is kept to be shown while a new count runs
STATEMENT_TIMEOUT = 1969  # MariaDB: max_statement_time exceeded
# The counts a background job may run (a job's method is never taken from a request).
COUNTS = frozenset(
	{
		"kpu_etik.list_counts.group_counts",
		"kpu_etik.list_counts.tag_counts",
		"kpu_etik.organization.report.officials_by_region.officials_by_region.count_officials",
	}
)


def group_by_count(doctype: str, current_filters, field: str) -> list[dict]:
	from frappe.model import default_fields

	if (
		field != "assigned_to"
		and not frappe.get_meta(doctype).has_field(field)
		and field not in default_fields
	):
		frappe.throw(_("The list cannot be grouped by {0}.").format(field), frappe.ValidationError)
	arguments = {"doctype": doctype, "filters": current_filters, "field": field}
	if doctype not in NATIONAL_DOCTYPES:
		return group_counts(**arguments)
	rows, counted_at = counted("kpu_etik.list_counts.group_counts", arguments)
	if rows is None:
		return [{"name": _("Being counted: open this list again in a minute"), "count": "…"}]
	if counted_at:
		return [{**row, "count": aged(row["count"], counted_at)} for row in rows]
	return rows


def group_counts(doctype: str, filters, field: str) -> list[dict]:
	"""Frappe's group-by count; the assignments over the user's own records of this doctype."""
	from frappe.desk.listview import get_group_by_count

	from kpu_etik.doctypes import app_doctypes

	if field == "assigned_to" and doctype in app_doctypes():
		return assignments(doctype, filters)
	return get_group_by_count(doctype, json.dumps(filters), field)


def assignments(doctype: str, filters) -> list[dict]:
	"""Open assignments per desk user, of the records of ``doctype`` the user reaches (with the
	filters). Frappe counted the assignments of every record the filters leave, outside the user's
	scope too, and of any doctype with a record of the same name."""
	records = frappe.get_list(doctype, filters=filters, fields=[f"`tab{doctype}`.`name`"], order_by="", run=0)
	return frappe.db.sql(
		f"""select todo.allocated_to as name, count(*) as count
		from `tabToDo` todo join `tabUser` user on user.name = todo.allocated_to
		where todo.status != 'Cancelled' and user.user_type = 'System User'
			and todo.reference_type = %s and todo.reference_name in ({records})
		group by todo.allocated_to order by count desc limit 50""",
		doctype,
		as_dict=True,
	)


def sidebar_stats(stats, doctype: str, filters=None) -> dict:
	arguments = {"stats": stats, "doctype": doctype, "filters": filters}
	if doctype not in NATIONAL_DOCTYPES:
		return tag_counts(**arguments)
	result, counted_at = counted("kpu_etik.list_counts.tag_counts", arguments)
	if result is None:
		return {"stats": {"_user_tags": [[_("Being counted: open this list again in a minute"), "…"]]}}
	if counted_at:
		return {
			"stats": {
				column: [[label, aged(count, counted_at)] for label, count in values]
				for column, values in result["stats"].items()
			}
		}
	return result


def tag_counts(stats, doctype: str, filters) -> dict:
	from frappe.desk.reportview import get_sidebar_stats

	return get_sidebar_stats(stats, doctype, filters)


def counted(method: str, arguments: dict) -> tuple:
	"""Count with ``method(**arguments)`` (a dotted path: the background job runs it too).

	(figure, None) counted now; (figure, when) kept from an earlier count when this one ran out of
	time, while a new one runs in the background; (None, None) when there is no figure yet."""
	key = cache_key(method, arguments)
	figure = within_time_limit(lambda: frappe.get_attr(method)(**arguments))
	if figure is not None:
		frappe.cache.set_value(key, {"figure": figure, "at": now_datetime()}, expires_in_sec=KEPT)
		return figure, None
	# A GET commits nothing: queued now, once per user and arguments while it runs.
	enqueue_long(
		"kpu_etik.list_counts.count_in_background",
		job_id=key,
		after_commit=False,
		count_method=method,
		arguments=arguments,
	)
	kept = cache_value(method, arguments)
	return (kept["figure"], kept["at"]) if kept else (None, None)


def cache_value(method: str, arguments: dict) -> dict | None:
	"""The figure kept for this user: {"figure": ..., "at": datetime}, or None."""
	# expires=True: a kept figure has an expiry, so never Frappe's per-request copy (which keeps a miss).
	return frappe.cache.get_value(cache_key(method, arguments), expires=True)


def count_in_background(count_method: str, arguments: dict):
	"""The count without a time limit, as the user who asked (the job runs as them), kept for them."""
	if count_method not in COUNTS:
		return
	figure = frappe.get_attr(count_method)(**arguments)
	frappe.cache.set_value(
		cache_key(count_method, arguments), {"figure": figure, "at": now_datetime()}, expires_in_sec=KEPT
	)


def within_time_limit(count):
	"""count() under max_statement_time; None when a statement of it ran out of time."""
	if not getattr(frappe.local, "request", None):
		return count()  # a job, a command, a test's own call: nobody waits on a screen
	limit = frappe.conf.get("kpu_etik_count_seconds", TIME_LIMIT_SECONDS)
	frappe.db.sql(f"set @@session.max_statement_time = {float(limit):.6f}")
	try:
		return count()
	except Exception as error:
		if getattr(error, "args", None) and error.args[0] == STATEMENT_TIMEOUT:
			return None
		raise
	finally:
		frappe.db.sql("set @@session.max_statement_time = 0")


def cache_key(method: str, arguments: dict) -> str:
	"""Per user: a figure is only ever shown to the user it was counted for (a portal member's scope is
	their own body, a desk user's their regions)."""
	text = json.dumps([method, arguments, frappe.session.user], sort_keys=True, default=str)
	return f"kpu_etik:list_count:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def aged(count, counted_at) -> str:
	"""A kept count with the time it was counted: "4.977.867 (per 10.15)"."""
	number = fmt_money(count, precision=0) if isinstance(count, int | float) else str(count)
	return _("{0} (as of {1})").format(number, format_time(counted_at, "HH:mm"))
