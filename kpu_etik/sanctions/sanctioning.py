"""Sanctions outside the form: their effects on officials and bodies (applied by the app, on the
effective date), the ladder's proposal for a repeated violation, and the stamped decision letters."""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from kpu_etik.core.inputs import Choice, Text
from kpu_etik.core.letters import check_path
from kpu_etik.core.sanctions import DEFAULT_LADDER, SanctionStep, next_step, status_on
from kpu_etik.core.stamp import document_hash, stamp_pdf, stamp_text, verification_code
from kpu_etik.inputs import accepts
from kpu_etik.sanctions.letters import issuing_office, qr_modules, signing_block
from kpu_etik.sanctions.signatures import secrets_kept_out_of_logs, sign_letter

EFFECTS = {"Warning": "none", "Suspension": "suspension", "Dismissal": "dismissal"}
STATUS_FOR_EFFECT = {"Suspended", "Dismissed"}


def ladder() -> list[SanctionStep]:
	rows = frappe.get_all("Sanction Type", fields=["name", "rank", "effect"], order_by="rank asc")
	return [SanctionStep(r.name, r.rank, EFFECTS[r.effect]) for r in rows] or list(DEFAULT_LADDER)


def sanctions_of(official: str) -> list[dict]:
	return frappe.get_all(
		"Sanction",
		filters={"official": official, "docstatus": 1},
		fields=[
			"name",
			"sanction_type",
			"effect",
			"effective_from",
			"until",
			"workflow_state",
			"letter_number",
		],
	)


def proposed_type(official: str) -> str | None:
	"""The step of the ladder above what the official already carries."""
	in_force = [s.sanction_type for s in sanctions_of(official) if s.workflow_state == "In Force"]
	step = next_step(ladder(), in_force)
	return step.name if step else None


def apply_effects(official: str, day=None):
	"""Set the official's status from the sanctions in force on `day`: suspended, dismissed, or back
	to active when a suspension is over. A status set by hand for other reasons (term ended) stays."""
	day = getdate(day or today())
	imposed = status_on(
		day,
		[
			(
				EFFECTS[s.effect or "Warning"],
				getdate(s.effective_from),
				getdate(s.until) if s.until else None,
				s.workflow_state,
			)
			for s in sanctions_of(official)
		],
	)
	doc = frappe.get_doc("Official", official)
	if imposed and doc.status != imposed:
		doc.status = imposed
		doc.status_reason = _("Sanction in force")
	elif not imposed and doc.status in STATUS_FOR_EFFECT and doc.status == "Suspended":
		doc.status = "Active"
		doc.status_reason = _("The suspension has ended")
	else:
		return
	doc.flags.ignore_permissions = True
	doc.flags.from_sanction = True
	doc.save()


def apply_sanction_effects():
	"""Daily: future-dated sanctions take effect, suspensions past their end are ended and lifted."""
	for sanction in frappe.get_all(
		"Sanction",
		filters={
			"docstatus": 1,
			"workflow_state": "In Force",
			"effect": "Suspension",
			"until": ("<", today()),
		},
		fields=["name"],
	):
		doc = frappe.get_doc("Sanction", sanction.name)
		doc.db_set(
			{
				"workflow_state": "Ended",
				"ended_on": today(),
				"end_reason": _("The suspension period is over."),
			}
		)
		doc.add_comment("Workflow", "Ended")
	officials = frappe.get_all("Sanction", filters={"docstatus": 1}, pluck="official", distinct=True)
	for official in officials:
		apply_effects(official)


def dismissal_in_force(nik: str) -> dict | None:
	"""A permanent dismissal of this person (by NIK), whatever record it was on."""
	sanction, official = frappe.qb.DocType("Sanction"), frappe.qb.DocType("Official")
	rows = (
		frappe.qb.from_(sanction)
		.join(official)
		.on(official.name == sanction.official)
		.select(sanction.name, sanction.letter_number, sanction.letter_date)
		.where(
			(official.nik == nik)
			& (sanction.docstatus == 1)
			& (sanction.workflow_state == "In Force")
			& (sanction.effect == "Dismissal")
		)
		.orderby(sanction.letter_date, order=frappe.qb.desc)
		.limit(1)
		.run(as_dict=True)
	)
	return rows[0] if rows else None


@frappe.whitelist(methods=["POST"])
@accepts(
	doctype=Choice("Document Type", required=True, options=("Sanction", "Rehabilitation")),
	secret=Text("PIN or Passphrase", max_length=256),
	otp=Text("One-Time Password", max_length=64),
)
def issue_letter(doctype: str, name: str, secret: str | None = None, otp: str | None = None) -> dict:
	"""Render the letter's print format to PDF, stamp every page with its number and verification
	hash, sign it with the office's certified electronic signature when the office has a signing
	key (``secret``: the signer's PIN or passphrase, used for this request only), attach it, and keep
	the hashes in the register."""
	with secrets_kept_out_of_logs("Issuing a letter"):
		return _issue_letter(doctype, name, secret, otp)


def _issue_letter(doctype: str, name: str, secret: str | None, otp: str | None) -> dict:
	if doctype not in ("Sanction", "Rehabilitation"):
		frappe.throw(_("Letters are issued for sanctions and rehabilitations only."))
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("write" if doc.docstatus == 0 else "read")
	print_format = "Sanction Decision Letter" if doctype == "Sanction" else "Rehabilitation Letter"
	from frappe.utils.pdf import get_pdf

	# The print format's template alone, with its inline styles: no print-view toolbar and no link
	# to the site's assets (a server whose own host name does not resolve still renders it).
	template = frappe.db.get_value("Print Format", print_format, "html")
	body = frappe.render_template(template, {"doc": doc})
	pdf = get_pdf(
		'<html><head><meta charset="utf-8"><style>body { font-family: serif; font-size: 12pt; }</style>'
		f"</head><body>{body}</body></html>",
		# Room at the foot of every page for the stamp and the QR code.
		options={
			"margin-bottom": "32mm",
			"margin-top": "15mm",
			"margin-left": "20mm",
			"margin-right": "20mm",
		},
	)
	digest = document_hash(pdf)
	# The QR code opens the public check with the letter's number and code filled in.
	check_url = frappe.utils.get_url(check_path(doc.letter_number, verification_code(digest)))
	stamped = stamp_pdf(pdf, stamp_text(doc.letter_number, digest), qr=qr_modules(check_url))
	# Signed after the stamp, as an incremental update: the stamped bytes stay as they are.
	issued, signer = sign_letter(doc, stamped, signing_block(issuing_office(doc.region)), secret, otp)
	file_doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{doc.letter_number.replace('/', '-')}.pdf",
			"content": issued,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"is_private": 1,
		}
	)
	file_doc.flags.ignore_permissions = True
	file_doc.insert()
	doc.db_set(
		{
			"letter_file": file_doc.file_url,
			"letter_hash": digest,
			"letter_file_hash": document_hash(issued),
			"signed_by": signer,
			"signed_on": now_datetime() if signer else None,
		}
	)
	return {"file_url": file_doc.file_url, "hash": digest, "signed_by": signer}


@frappe.whitelist()
@accepts()
def make_sanction(complaint: str, official: str) -> dict:
	"""Desk action on a proven complaint: a draft sanction with the step the ladder proposes."""
	doc = frappe.get_doc("Complaint", complaint)
	doc.check_permission("read")
	if doc.workflow_state != "Closed - Proven":
		frappe.throw(_("Only a complaint closed as proven leads to a sanction."))
	if official not in [row.official for row in doc.respondents]:
		frappe.throw(_("{0} is not a respondent of this complaint.").format(official))
	proposal = proposed_type(official)
	return {
		"doctype": "Sanction",
		"official": official,
		"complaint": complaint,
		"sanction_type": proposal,
		"proposed_type": proposal,
		"letter_date": today(),
		"effective_from": today(),
	}


def public_register(region: str | None = None, limit: int = 200) -> list[dict]:
	"""Final sanctions of ad hoc members for the public: name, body, sanction, date; no NIK."""
	from kpu_etik.permissions import subtree_condition

	condition = subtree_condition("s.region", [region]) if region else "1=1"
	# SQL: three joins and the subtree condition permissions.py writes as SQL.
	return frappe.db.sql(
		f"""select s.official_name, b.body_name, s.sanction_type, s.letter_number, s.effective_from, s.region,
			r.region_name
		from `tabSanction` s join `tabOfficial` o on o.name = s.official
		left join `tabAd Hoc Body` b on b.name = o.ad_hoc_body
		left join `tabRegion` r on r.name = s.region
		where s.docstatus = 1 and s.workflow_state in ('In Force', 'Ended') and o.level in ('PPK', 'PPS', 'KPPS')
			and {condition}
		order by s.effective_from desc limit %s""",
		int(limit),
		as_dict=True,
	)
