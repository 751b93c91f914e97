"""Rakor series from a recurrence rule, supervision visits' adherence, and findings that become
temuan complaints."""

import frappe
from frappe import _
from frappe.utils import add_to_date, get_datetime, getdate, today

from kpu_etik import emails, rules
from kpu_etik.complaints.handling import holidays
from kpu_etik.core.dates import format_indonesian_date
from kpu_etik.core.errors import RuleError
from kpu_etik.core.schedules import occurrences, reminder_due, visit_status
from kpu_etik.inputs import accepts

# The checklist a visit starts from: the code's principles and the ad hoc bodies' duties.
DEFAULT_CHECKLIST = (
	("Sumpah/janji diucapkan dan pakta integritas ditandatangani", "Sumpah/Janji"),
	("Hubungan keluarga dengan peserta pemilu dideklarasikan", "Integritas (mandiri)"),
	("Tidak memakai atribut partai atau menyatakan pilihan politik", "Integritas (adil)"),
	("Pelayanan kepada pemilih, termasuk penyandang disabilitas dan kelompok marjinal", "Profesionalitas"),
	("Administrasi dan SOP tahapan dijalankan tertib", "Profesionalitas (tertib)"),
)


@frappe.whitelist()
@accepts()
def generate_series(meeting: str) -> list[str]:
	"""Create the following meetings of a rakor's recurrence rule, skipping KPU holidays."""
	first = frappe.get_doc("Coordination Meeting", meeting)
	first.check_permission("write")
	if not (first.recurrence_rule and first.repeat_until):
		frappe.throw(_("Set the recurrence rule and the date to repeat until."))
	start = get_datetime(first.starts_on)
	try:
		dates = occurrences(
			first.recurrence_rule, start.date(), until=getdate(first.repeat_until), holidays=holidays()
		)
	except RuleError as exc:
		rules.throw(exc, title=_("Recurrence"))
	existing = {
		getdate(d)
		for d in frappe.get_all("Coordination Meeting", filters={"series_of": first.name}, pluck="starts_on")
	}
	created = []
	length = (get_datetime(first.ends_on) - start) if first.ends_on else None
	for day in dates:
		if day == start.date() or day in existing:
			continue
		starts_on = start.replace(year=day.year, month=day.month, day=day.day)
		doc = frappe.copy_doc(first)
		doc.update(
			{
				"starts_on": starts_on,
				"ends_on": starts_on + length if length else None,
				"status": "Planned",
				"minutes": None,
				"follow_ups": [],
				"recurrence_rule": None,
				"repeat_until": None,
				"series_of": first.name,
				"participant_count": None,
			}
		)
		for row in doc.invitees:
			row.confirmed = row.attended = 0
		doc.insert()
		created.append(doc.name)
	return created


def refresh_visit_state(doc):
	if not doc.planned_on:
		return  # Frappe's mandatory check, after validate, names the missing date
	doc.visit_state = visit_status(
		getdate(doc.planned_on),
		getdate(doc.held_on) if doc.held_on else None,
		bool(doc.reported),
		getdate(today()),
	)


def refresh_visit_states():
	"""Daily: visits move from planned to due, missed or overdue as the days pass."""
	for name in frappe.get_all(
		"Supervision Visit", filters={"visit_state": ("in", ("Planned", "Due", "Held", ""))}, pluck="name"
	):
		doc = frappe.get_doc("Supervision Visit", name)
		before = doc.visit_state
		refresh_visit_state(doc)
		if doc.visit_state != before:
			doc.db_set("visit_state", doc.visit_state, update_modified=False)


@frappe.whitelist()
@accepts()
def make_temuan(visit: str, official: str) -> str:
	"""Turn a visit's finding into a temuan complaint against one official, linked both ways."""
	doc = frappe.get_doc("Supervision Visit", visit)
	doc.check_permission("write")
	if doc.complaint:
		frappe.throw(_("This visit already led to complaint {0}.").format(doc.complaint))
	if not doc.findings:
		frappe.throw(_("Write the findings before turning them into a complaint."))
	if frappe.db.get_value("Official", official, "ad_hoc_body") != doc.visited_body:
		frappe.throw(_("{0} is not a member of the visited body.").format(official))
	complaint = frappe.get_doc(
		{
			"doctype": "Complaint",
			"source": "Temuan",
			"received_via": "Internal Supervision",
			"supervision_visit": doc.name,
			"respondents": [{"official": official, "respondent_name": official}],
			"incident_date": doc.held_on or doc.planned_on,
			"incident_place": frappe.db.get_value("Ad Hoc Body", doc.visited_body, "body_name"),
			"chronology": doc.findings,
		}
	)
	complaint.flags.ignore_permissions = True  # a PPK/PPS member files the finding; KPU handles it
	complaint.insert()
	doc.db_set("complaint", complaint.name)
	return complaint.name


def send_meeting_reminders():
	"""Daily: remind the invitees of a planned meeting from the configured number of days before it."""
	if not emails.can_send():
		return
	days = frappe.db.get_single_value("KPU Etik Settings", "meeting_reminder_days") or 0
	horizon = add_to_date(today(), days=days)
	for name in frappe.get_all(
		"Coordination Meeting",
		filters={"status": "Planned", "starts_on": ("between", [today(), f"{horizon} 23:59:59"])},
		pluck="name",
	):
		meeting = frappe.get_doc("Coordination Meeting", name)
		if not reminder_due(getdate(meeting.starts_on), getdate(today()), days):
			continue
		officials = {row.official for row in meeting.invitees if row.official}
		bodies = [row.ad_hoc_body for row in meeting.invitees if row.ad_hoc_body]
		if bodies:
			officials |= set(
				frappe.get_all(
					"Official", filters={"ad_hoc_body": ("in", bodies), "status": "Active"}, pluck="name"
				)
			)
		recipients = sorted(
			set(frappe.get_all("Official", filters={"name": ("in", list(officials) or [""])}, pluck="email"))
			- {None, ""}
		)
		if recipients:
			starts_on = get_datetime(meeting.starts_on)
			emails.send(
				"KPU Etik: Meeting Reminder",
				recipients,
				{
					"topic": meeting.topic,
					"place": meeting.place or "-",
					"starts_on": f"{format_indonesian_date(starts_on.date())}, {starts_on:%H.%M}",
				},
				reference_doctype="Coordination Meeting",
				reference_name=meeting.name,
			)


# --- the PPK/PPS member's visits (portal) ----------------------------------------------------------
def visitable_bodies(user: str | None = None) -> list[dict]:
	"""The bodies a member supervises: a PPK member the PPS of their kecamatan, a PPS member the KPPS
	of their desa/kelurahan."""
	rows = frappe.get_all(
		"Official",
		filters={"user": user or frappe.session.user, "status": "Active", "level": ("in", ("PPK", "PPS"))},
		fields=["name", "ad_hoc_body"],
	)
	bodies = [row.ad_hoc_body for row in rows if row.ad_hoc_body]
	if not bodies:
		return []
	return frappe.get_all(
		"Ad Hoc Body",
		filters={"parent_body": ("in", bodies), "status": ("!=", "Dissolved")},
		fields=["name", "body_name", "body_type"],
		order_by="body_name",
	)
