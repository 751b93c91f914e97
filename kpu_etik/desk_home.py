"""The action lists of a KPU user's home workspace: what needs action today, within the user's regions.

Which lists a role sees and in what order is ``kpu_etik.core.today``; this module fetches each list's
first items and its counts. Every list is read with ``frappe.get_list`` (the user's read permission
and the app's region conditions apply) with the same filters its "open all" link opens the Desk's list
with, so the link shows exactly the rows the count counts.
"""

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import getdate

from kpu_etik.core import today as work
from kpu_etik.core.bodies import SEAT_NO_KETUA, SEAT_REPLACEMENT, SEAT_SHORT, seat_gaps_with
from kpu_etik.core.complaints import RUNNING_STAGES
from kpu_etik.core.regions import ancestor_at
from kpu_etik.core.sanctions import APPROVED
from kpu_etik.supervision.compliance import add_region_names

REGENCY_LEVEL = "Kabupaten/Kota"
PORTAL_LEVELS = ("PPK", "PPS")


def todays_work() -> list[work.ActionList]:
	"""The signed-in user's action lists, in the order the home shows them (every query reads with
	the session user's permissions, so the lists are chosen by that user's roles too)."""
	today = getdate()
	lists = []
	for key in work.lists_for(frappe.get_roles()):
		fetched = FETCHERS[key](today)
		if fetched is not None:  # None: the user may not read that doctype
			lists.append(fetched)
	return work.home_order(lists)


def readable(doctype: str) -> bool:
	return bool(frappe.has_permission(doctype, "read"))


def count(doctype: str, filters) -> int:
	rows = frappe.get_list(
		doctype,
		filters=filters,
		fields=["count(*) as total"],
		as_list=True,
		order_by="",
	)
	return rows[0][0] if rows else 0


def listed(
	key: str,
	doctype: str,
	filters,
	fields,
	order_by: str,
	today,
	late_filters=None,
	make=None,
):
	"""One action list from ``get_list``: its first items (``make`` turns a row into an Item), the
	count of all, and the count of the late ones (``late_filters`` added to ``filters``). "Open all"
	opens the doctype's list with ``filters``: "and" filters only, which the list's route carries."""
	if not readable(doctype):
		return None
	rows = frappe.get_list(
		doctype,
		filters=filters,
		fields=["name", *fields],
		order_by=order_by,
		limit=work.ITEMS_SHOWN,
	)
	total = len(rows) if len(rows) < work.ITEMS_SHOWN else count(doctype, filters)
	late = count(doctype, filters + late_filters) if late_filters and rows else 0
	items = work.ordered([make(row) for row in rows], today)
	return work.ActionList(key, total, items, late, doctype, filters)


def body_name(body: str | None) -> str:
	return (frappe.get_cached_value("Ad Hoc Body", body, "body_name") or body) if body else ""


def case_number(complaint: str) -> str:
	return frappe.db.get_value("Complaint", complaint, "case_number") or complaint


def complaints(today):
	filters = [["workflow_state", "in", RUNNING_STAGES], ["stage_deadline", "is", "set"]]
	return listed(
		"complaints",
		"Complaint",
		filters,
		["case_number", "workflow_state", "stage_deadline", "escalated"],
		"stage_deadline asc",
		today,
		late_filters=[["stage_deadline", "<", today]],
		make=lambda row: work.Item(
			"Complaint",
			row.name,
			row.case_number or row.name,
			_(row.workflow_state) + (" · " + _("Escalated") if row.escalated else ""),
			row.stage_deadline,
		),
	)


def hearings(today):
	filters = [["hearing_date", "between", [today, today + timedelta(days=work.DAYS_AHEAD)]]]
	return listed(
		"hearings",
		"Complaint Hearing",
		filters,
		["complaint", "hearing_date", "place"],
		"hearing_date asc",
		today,
		make=lambda row: work.Item(
			"Complaint Hearing", row.name, case_number(row.complaint), row.place or "", row.hearing_date
		),
	)


def sanctions_to_enforce(today):
	filters = [["workflow_state", "=", APPROVED]]
	return listed(
		"sanctions_to_enforce",
		"Sanction",
		filters,
		["official_name", "sanction_type", "effective_from"],
		"effective_from asc",
		today,
		late_filters=[["effective_from", "<", today]],
		make=lambda row: work.Item(
			"Sanction", row.name, row.official_name, _(row.sanction_type), row.effective_from
		),
	)


def declarations(key: str, state: str):
	def fetch(today):
		return listed(
			key,
			"Kinship Declaration",
			[["workflow_state", "=", state]],
			["official_name", "round"],
			"modified asc",  # the longest waiting first
			today,
			make=lambda row: work.Item(
				"Kinship Declaration",
				row.name,
				row.official_name,
				frappe.get_cached_value("Kinship Declaration Round", row.round, "title") or row.round,
			),
		)

	return fetch


def conflicts(today):
	return listed(
		"conflicts",
		"Conflict Review Item",
		[["status", "=", "Open"]],
		["official_name", "candidate_name", "kind", "score"],
		"score desc",
		today,
		make=lambda row: work.Item(
			"Conflict Review Item",
			row.name,
			row.official_name,
			f"{_(row.kind)}: {row.candidate_name or ''}".strip(": "),
		),
	)


def visits(today):
	filters = [["held_on", "is", "not set"], ["planned_on", "<=", today + timedelta(days=work.DAYS_AHEAD)]]
	return listed(
		"visits",
		"Supervision Visit",
		filters,
		["visited_body", "visit_kind", "planned_on"],
		"planned_on asc",
		today,
		late_filters=[["planned_on", "<", today]],
		make=lambda row: work.Item(
			"Supervision Visit",
			row.name,
			body_name(row.visited_body),
			_(row.visit_kind),
			row.planned_on,
		),
	)


def meetings(today):
	filters = [["status", "=", "Planned"], ["starts_on", "<", today + timedelta(days=work.DAYS_AHEAD + 1)]]
	return listed(
		"meetings",
		"Coordination Meeting",
		filters,
		["topic", "place", "starts_on"],
		"starts_on asc",
		today,
		late_filters=[["starts_on", "<", today]],  # planned, and its day has passed: record it
		make=lambda row: work.Item(
			"Coordination Meeting", row.name, row.topic, row.place or "", getdate(row.starts_on)
		),
	)


def bodies(key: str, gap: int):
	"""Bodies with the open seat ``gap`` (core.bodies.SEAT_*), by the `seat_gaps` column (indexed, see
	install.ensure_seat_gaps; a virtual field of Ad Hoc Body, so Frappe's list filters by it too):
	"open all" opens the list with the filters counted here."""

	def fetch(today):
		return listed(
			key,
			"Ad Hoc Body",
			[["seat_gaps", "in", seat_gaps_with(gap)]],
			["body_name", "member_count", "required_members"],
			"seat_gaps desc",
			today,
			make=lambda row: work.Item(
				"Ad Hoc Body",
				row.name,
				row.body_name or row.name,
				_("{0} of {1} members").format(row.member_count or 0, row.required_members or 0),
			),
		)

	return fetch


def active_members(key: str, extra):
	def fetch(today):
		return listed(
			key,
			"Official",
			[["status", "=", "Active"], ["level", "in", PORTAL_LEVELS], *extra],
			["full_name", "ad_hoc_body"],
			"modified desc",  # the order of the (province|regency, status, modified) indexes
			today,
			make=lambda row: work.Item("Official", row.name, row.full_name, body_name(row.ad_hoc_body)),
		)

	return fetch


def offices_late(today):
	"""The KPU Kabupaten/Kota offices below the user with late complaint stages or visits."""
	if not readable("Complaint"):
		return None
	offices = {}
	for doctype, date_field, filters in (
		(
			"Complaint",
			"stage_deadline",
			[["workflow_state", "in", RUNNING_STAGES], ["stage_deadline", "is", "set"]],
		),
		("Supervision Visit", "planned_on", [["held_on", "is", "not set"], ["planned_on", "is", "set"]]),
	):
		if not readable(doctype):
			continue
		for counted, late in ((filters, False), (filters + [[date_field, "<", today]], True)):
			for region, total in frappe.get_list(
				doctype,
				filters=counted,
				fields=["region", "count(*) as total"],
				group_by="region",
				order_by="",
				as_list=True,
			):
				code = ancestor_at(region, REGENCY_LEVEL) if region else None
				if code:
					office = offices.setdefault(code, work.OfficeRow(code))
					if late:
						office.late += total
					else:
						office.open += total
	late = work.offices_late(list(offices.values()))
	shown = add_region_names([{"region": row.region} for row in late[: work.ITEMS_SHOWN]])
	items = [
		work.Item(
			"Region",
			row.region,
			f"{named['region_name']} ({row.region})",
			_("{0} late of {1} open").format(row.late, row.open),
		)
		for row, named in zip(late, shown, strict=False)
	]
	# "Open all": the offices themselves (at most the ~500 kabupaten/kota of the nation).
	offices_filter = [["name", "in", [row.region for row in late]]]
	return work.ActionList("offices_late", len(late), items, len(late), "Region", offices_filter)


def data_requests(today):
	return listed(
		"data_requests",
		"Data Subject Request",
		[["status", "=", "Open"]],
		["requester_name", "request_type", "answer_due"],
		"answer_due asc",
		today,
		late_filters=[["answer_due", "<", frappe.utils.now_datetime()]],
		make=lambda row: work.Item(
			"Data Subject Request",
			row.name,
			row.requester_name or row.name,
			_(row.request_type),
			getdate(row.answer_due) if row.answer_due else None,
		),
	)


def breaches(today):
	return listed(
		"breaches",
		"Data Breach",
		[["status", "!=", "Closed"]],
		["title", "status", "notify_due", "people_notified_on"],
		"notify_due asc",
		today,
		late_filters=[["notify_due", "<", frappe.utils.now_datetime()], ["status", "=", "Open"]],
		make=lambda row: work.Item(
			"Data Breach",
			row.name,
			row.title or row.name,
			_(row.status),
			getdate(row.notify_due) if row.notify_due and row.status == "Open" else None,
		),
	)


FETCHERS = {
	"complaints": complaints,
	"hearings": hearings,
	"sanctions_to_enforce": sanctions_to_enforce,
	"declarations_to_verify": declarations("declarations_to_verify", "Submitted"),
	"declarations_to_announce": declarations("declarations_to_announce", "Verified"),
	"conflicts": conflicts,
	"visits": visits,
	"meetings": meetings,
	"bodies_short": bodies("bodies_short", SEAT_SHORT),
	"bodies_without_ketua": bodies("bodies_without_ketua", SEAT_NO_KETUA),
	"replacements": bodies("replacements", SEAT_REPLACEMENT),
	"without_account": active_members("without_account", [["user", "is", "not set"]]),
	# Two lists, not one with "or": the Desk's list opens with "and" filters only.
	"oath_missing": active_members("oath_missing", [["oath_date", "is", "not set"]]),
	"pact_missing": active_members("pact_missing", [["integrity_pact", "is", "not set"]]),
	"offices_late": offices_late,
	"data_requests": data_requests,
	"breaches": breaches,
}
assert set(FETCHERS) == set(work.LISTS)
