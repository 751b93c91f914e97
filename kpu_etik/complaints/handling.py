"""Complaints outside the form: public intake and status lookup, evidence downloads that check the
file's hash, the hash-chained case file, deadlines in working days and their escalation."""

import base64
import json

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from kpu_etik import emails, uploads
from kpu_etik.core.case_log import GENESIS, entry_hash, file_sha256, verify_chain
from kpu_etik.core.complaints import (
	DEFAULT_STAGE_DAYS,
	stage_deadline,
)
from kpu_etik.core.dates import format_indonesian_date
from kpu_etik.core.inputs import InputRejected
from kpu_etik.core.regions import ancestor_at
from kpu_etik.core.working_days import days_left
from kpu_etik.inputs import accepts, column, refuse

OPEN_STAGES = ("Received", "Administrative Verification", "Clarification", "Examination", "Plenary")
MAX_EVIDENCE_FILES = 5
MAX_EVIDENCE_BYTES = 5 * 1024 * 1024


# --- settings and holidays ---------------------------------------------------------------------
def holidays() -> set:
	return set(frappe.get_all("KPU Holiday", pluck="holiday_date"))


def stage_days() -> dict:
	settings = frappe.get_cached_doc("KPU Etik Settings")
	fields = {
		"Administrative Verification": "verification_days",
		"Clarification": "clarification_days",
		"Examination": "examination_days",
		"Plenary": "plenary_days",
	}
	return {stage: cint(settings.get(field)) or DEFAULT_STAGE_DAYS[stage] for stage, field in fields.items()}


def deadline_for(stage: str, entered_on) -> object:
	return stage_deadline(stage, getdate(entered_on), holidays(), stage_days())


# --- the case file (hash-chained log) -----------------------------------------------------------
def append_log(complaint, event: str, payload: dict | None = None):
	"""Append an entry that carries the hash of the one before; the head is kept on the complaint
	so that removing the last entries is detected too."""
	previous = complaint.get("log_head") or GENESIS
	seq = frappe.db.count("Complaint Log Entry", {"complaint": complaint.name}) + 1
	body = {
		"seq": seq,
		"event": event,
		"at": frappe.utils.now(),
		"by": frappe.session.user,
		**(payload or {}),
	}
	entry = frappe.get_doc(
		{
			"doctype": "Complaint Log Entry",
			"complaint": complaint.name,
			"region": complaint.region,
			"seq": seq,
			"event": event,
			"payload": json.dumps(body, sort_keys=True, default=str),
			"previous_hash": previous,
			"entry_hash": entry_hash(previous, json.loads(json.dumps(body, default=str))),
		}
	)
	entry.flags.ignore_permissions = True
	entry.insert()
	complaint.db_set("log_head", entry.entry_hash, update_modified=False)
	complaint.log_head = entry.entry_hash


@frappe.whitelist()
@accepts()
def verify_case_log(complaint: str) -> dict:
	"""Check the chain: the first broken link, if anything was altered, removed or reordered."""
	doc = frappe.get_doc("Complaint", complaint)
	doc.check_permission("read")
	entries = frappe.get_all(
		"Complaint Log Entry",
		filters={"complaint": complaint},
		fields=["payload", "previous_hash", "entry_hash"],
		order_by="seq asc, creation asc",
	)
	check = verify_chain(
		[(json.loads(e.payload), e.previous_hash, e.entry_hash) for e in entries],
		expected_head=doc.log_head or None,
	)
	message = _("The case file is intact ({0} entries).").format(len(entries))
	if not check.ok:
		message = _(check.warning.template).format(*check.warning.args)
	return {"ok": check.ok, "first_broken": check.first_broken, "reason": check.reason, "message": message}


# --- evidence ------------------------------------------------------------------------------------
def file_content(file_url: str) -> bytes:
	name = frappe.db.get_value("File", {"file_url": file_url}, "name")
	if not name:
		frappe.throw(_("The evidence file {0} was not found.").format(file_url))
	content = frappe.get_doc("File", name).get_content()
	return content.encode() if isinstance(content, str) else content


@frappe.whitelist()
@accepts()
def download_evidence(complaint: str, row: str):
	"""Download an evidence file after checking its SHA-256 against the one taken at upload."""
	doc = frappe.get_doc("Complaint", complaint)
	doc.check_permission("read")
	evidence = next((r for r in doc.evidence if r.name == row), None)
	if not evidence:
		frappe.throw(_("No such evidence in this complaint."), frappe.DoesNotExistError)
	content = file_content(evidence.file)
	if file_sha256(content) != evidence.sha256:
		# Not raised: the request must still commit, so the case file keeps a record of the finding.
		append_log(doc, "Evidence altered", {"file": evidence.file, "expected": evidence.sha256})
		frappe.local.response.http_status_code = 409
		frappe.msgprint(
			_("The evidence file {0} has been altered since it was uploaded; it is not served.").format(
				evidence.file.rsplit("/", 1)[-1]
			),
			title=_("Evidence Altered"),
			indicator="red",
		)
		return {"ok": False, "altered": evidence.file}
	frappe.response.update(
		{"type": "download", "filename": evidence.file.rsplit("/", 1)[-1], "filecontent": content}
	)


# --- public intake and status ---------------------------------------------------------------------
def clean_field(value: str | None) -> str | None:
	"""Already read by the schema; the plain-text hook removes any markup when the document saves."""
	return (value or "").strip() or None


def decode_evidence(files) -> list[tuple[str, bytes, str | None]]:
	files = files or []
	if len(files) > MAX_EVIDENCE_FILES:
		frappe.throw(_("Attach at most {0} evidence files.").format(MAX_EVIDENCE_FILES))
	decoded = []
	for item in files:
		item = item if isinstance(item, dict) else {}
		try:
			content = base64.b64decode(str(item.get("content") or "").split(",")[-1], validate=True)
		except ValueError:
			frappe.throw(_("An evidence file could not be read."))
		if not content or len(content) > MAX_EVIDENCE_BYTES:
			frappe.throw(_("Each evidence file must be between 1 byte and 5 MB."))
		try:
			description = EVIDENCE_DESCRIPTION.read(item.get("description"))
		except InputRejected as exc:
			refuse(exc)
		kind = uploads.check(content, "Complaint")  # recognised by content: PDF, JPG or PNG
		name = (
			"".join(c for c in str(item.get("name") or "bukti") if c.isalnum() or c in "-_.")[:60] or "bukti"
		)
		decoded.append((f"{name.rsplit('.', 1)[0]}.{kind}", content, clean_field(description)))
	return decoded


EVIDENCE_DESCRIPTION = column("Complaint Evidence", "description")


def attach_evidence(doc, file_name: str, content: bytes, description: str | None = None):
	file_doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"content": content,
			"attached_to_doctype": "Complaint",
			"attached_to_name": doc.name,
			"is_private": 1,
		}
	)
	file_doc.flags.ignore_permissions = True
	file_doc.insert()
	doc.reload()
	doc.append("evidence", {"file": file_doc.file_url, "description": description})
	doc.flags.ignore_permissions = True
	doc.save()


# --- deadlines -----------------------------------------------------------------------------------
def watch_deadlines():
	"""Daily: warn the handling legal division before a stage deadline, escalate to KPU Provinsi after."""
	warn_days = cint(frappe.db.get_single_value("KPU Etik Settings", "warn_days_before")) or 1
	off_days = holidays()
	day = getdate(today())
	for complaint in frappe.get_all(
		"Complaint",
		filters={"workflow_state": ("in", OPEN_STAGES), "stage_deadline": ("is", "set")},
		fields=["name", "case_number", "region", "workflow_state", "stage_deadline", "escalated"],
	):
		left = days_left(day, getdate(complaint.stage_deadline), off_days)
		if left < 0 and not complaint.escalated:
			doc = frappe.get_doc("Complaint", complaint.name)
			doc.db_set("escalated", 1)
			append_log(
				doc,
				"Escalated",
				{"stage": complaint.workflow_state, "deadline": str(complaint.stage_deadline)},
			)
			template = "KPU Etik: Complaint Overdue"
			recipients = _grant_holders(ancestor_at(complaint.region, "Provinsi"), "KPU Provinsi User")
		elif 0 <= left <= warn_days:
			template = "KPU Etik: Complaint Due"
			recipients = _grant_holders(complaint.region, "KPU Kabkota Legal Officer")
		else:
			continue
		if recipients:
			deadline_text = format_indonesian_date(getdate(complaint.stage_deadline), with_day=False)
			emails.send(
				template,
				recipients,
				{
					"case": complaint.case_number or complaint.name,
					"stage": _(complaint.workflow_state),
					"deadline": deadline_text,
				},
				reference_doctype="Complaint",
				reference_name=complaint.name,
			)


def _grant_holders(region: str, role: str) -> list[str]:
	return frappe.get_all("Region Access", filters={"region": region, "role": role}, pluck="user")
