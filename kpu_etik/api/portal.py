"""Endpoints of the member portal, for signed-in PPK and PPS members: their kinship declaration,
their supervision visits, meeting attendance and their integrity pact. The work is done by the
services of each process; these read the arguments and check that the member acts on their own."""

import json

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow
from frappe.utils import cint

from kpu_etik.core.inputs import Day, Encoded, Flag, Structured
from kpu_etik.inputs import accepts, column
from kpu_etik.kinship.declarations import (
	MAX_STATEMENT_BYTES,
	RELATIVE_FIELDS,
	attach_statement,
	declaration_summary,
	decode_statement,
	own_declaration,
	own_official,
)
from kpu_etik.portal import require_membership
from kpu_etik.supervision.meetings import DEFAULT_CHECKLIST, visitable_bodies


@frappe.whitelist(methods=["POST"])
@accepts()
def confirm_attendance(meeting: str) -> dict:
	"""The member confirms they will attend a meeting they, or their body, are invited to."""
	seats = require_membership()
	officials = {seat.name: seat for seat in seats}
	bodies = {seat.ad_hoc_body: seat for seat in seats if seat.ad_hoc_body}
	if not meeting or not frappe.db.exists("Coordination Meeting", meeting):
		frappe.throw(_("You are not invited to this meeting."), frappe.PermissionError)
	doc = frappe.get_doc("Coordination Meeting", meeting)
	own_row = next((row for row in doc.invitees if row.official in officials), None)
	body_row = next((row for row in doc.invitees if row.ad_hoc_body in bodies), None)
	if not (own_row or body_row):
		frappe.throw(_("You are not invited to this meeting."), frappe.PermissionError)
	if doc.status != "Planned" or frappe.utils.get_datetime(doc.starts_on) <= frappe.utils.now_datetime():
		frappe.throw(_("This meeting can no longer be confirmed."))
	if own_row:
		own_row.confirmed = 1
	else:
		seat = bodies[body_row.ad_hoc_body]
		doc.append("invitees", {"official": seat.name, "official_name": seat.full_name, "confirmed": 1})
	doc.flags.ignore_permissions = True  # members read meetings; this is the one change they make
	doc.save()
	return {"meeting": doc.name, "confirmed": True}


@frappe.whitelist(methods=["POST"])
@accepts(content=Encoded("Integrity Pact"))
def upload_integrity_pact(official: str, file_name: str | None = None, content: str | None = None) -> dict:
	"""The member attaches their signed integrity pact when KPU has none on file yet."""
	from kpu_etik.kinship.declarations import decode_statement

	seats = {seat.name: seat for seat in require_membership()}
	if official not in seats:
		frappe.throw(_("You can only upload your own integrity pact."), frappe.PermissionError)
	if seats[official].integrity_pact:
		frappe.throw(_("Your integrity pact is already on file. Ask your KPU Kabupaten/Kota to replace it."))
	if not content:
		frappe.throw(_("Choose the signed integrity pact (PDF)."))
	pdf = decode_statement(content)  # same checks as a signed statement: size, a real PDF
	file_name = (file_name or "pakta-integritas.pdf").rsplit("/", 1)[-1]
	file_doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name if file_name.lower().endswith(".pdf") else f"{file_name}.pdf",
			"content": pdf,
			"attached_to_doctype": "Official",
			"attached_to_name": official,
			"attached_to_field": "integrity_pact",
			"is_private": 1,
		}
	)
	file_doc.flags.ignore_permissions = True
	file_doc.insert()
	doc = frappe.get_doc("Official", official)
	doc.integrity_pact = file_doc.file_url
	doc.flags.ignore_permissions = True  # members read their record; the pact is theirs to give
	doc.save()
	return {"official": official, "integrity_pact": True}


@frappe.whitelist()
@accepts(
	planned_on=Day("Planned On", required=True),
	held_on=Day("Held On"),
	findings=column("Supervision Visit", "findings"),
	checklist=Structured("Checklist", kinds=(dict,), max_items=100),
	reported=Flag("Reported"),
)
def record_visit(
	visited_body: str,
	planned_on: str,
	held_on: str | None = None,
	findings: str | None = None,
	checklist=None,
	reported=0,
	name: str | None = None,
) -> str:
	"""Plan or record a visit from the portal; only to a body the member supervises."""

	if visited_body not in [b.name for b in visitable_bodies()]:
		frappe.throw(_("You can only record visits to the bodies you supervise."), frappe.PermissionError)
	doc = frappe.get_doc("Supervision Visit", name) if name else frappe.new_doc("Supervision Visit")
	doc.update(
		{
			"visited_body": visited_body,
			"planned_on": planned_on,
			"held_on": held_on or None,
			"findings": frappe.utils.strip_html(findings or "") or None,
			"reported": frappe.utils.cint(reported),
			"visitor": frappe.db.get_value("Official", {"user": frappe.session.user, "status": "Active"}),
		}
	)
	results = json.loads(checklist) if isinstance(checklist, str) else (checklist or {})
	if isinstance(results, dict):
		if not doc.checklist:
			for item, principle in DEFAULT_CHECKLIST:
				doc.append("checklist", {"item": item, "principle": principle})
		for row in doc.checklist:
			if results.get(row.item) in ("Compliant", "Not Compliant", "Not Applicable"):
				row.result = results[row.item]
	doc.save()  # as the member: the region scope and the role's permissions apply
	return doc.name


@frappe.whitelist()
@accepts(
	no_family_tie=Flag("No Family Tie"),
	relatives=Structured("Relatives", max_items=100),
	statement_content=Encoded("Statement", max_bytes=MAX_STATEMENT_BYTES),
)
def save_my_declaration(
	official: str,
	round: str,
	no_family_tie=0,
	relatives=None,
	statement_name: str | None = None,
	statement_content: str | None = None,
) -> dict:
	"""Create or update the signed-in member's declaration; the statement comes base64-encoded."""
	own_official(official)
	if frappe.db.get_value("Kinship Declaration Round", round, "is_open") != 1:
		frappe.throw(_("This declaration round is not open."))
	# Check the statement before anything is written, so a bad file leaves nothing half-saved.
	statement = decode_statement(statement_content) if statement_content else None
	# One save of a member's declaration at a time (a double tap on a slow phone, two tabs): the
	# second waits for the first and then saves over it, instead of failing on the first's timestamp
	# or creating a second declaration.
	frappe.db.get_value("Official", official, "name", for_update=True)
	name = frappe.db.get_value("Kinship Declaration", {"official": official, "round": round})
	doc = frappe.get_doc("Kinship Declaration", name) if name else frappe.new_doc("Kinship Declaration")
	doc.update({"official": official, "round": round, "no_family_tie": cint(no_family_tie)})
	rows = relatives or []
	if not all(isinstance(row, dict) for row in rows):
		frappe.throw(_("The list of relatives could not be read."))
	doc.set("relatives", [{field: (row or {}).get(field) for field in RELATIVE_FIELDS} for row in rows])
	for relative in doc.relatives:
		# The relative's NIK is at permlevel 1 (kept from the member's reading in the Desk and the
		# API), so Frappe would blank it on every save after the first; declaring it is what this
		# endpoint is for, and validate() still checks it.
		relative.flags.ignore_permlevel_for_fields = ["relative_nik"]
	doc.save()
	if statement:
		attach_statement(doc, statement_name or "surat-pernyataan.pdf", statement)
	return declaration_summary(doc.name)


@frappe.whitelist()
@accepts()
def submit_my_declaration(name: str) -> dict:
	doc = own_declaration(name)
	apply_workflow(doc, "Resubmit" if doc.workflow_state == "Returned" else "Submit")
	return declaration_summary(name)
