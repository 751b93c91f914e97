"""Endpoints for the public, without an account (each marked allow_guest): filing a complaint,
looking up its stage with the receipt code, finding a region by its name, the register of announced
kinship declarations, and checking a decision letter."""

import base64
import csv
import io
import json
import time
from datetime import date

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import getdate

from kpu_etik.complaints.handling import (
	MAX_EVIDENCE_FILES,
	attach_evidence,
	clean_field,
	decode_evidence,
	stage_days,
)
from kpu_etik.core.complaints import (
	FINAL_STAGES,
	RUNNING_STAGES,
	days_late,
	new_receipt_code,
	normalize_receipt_code,
	receipt_code_hash,
)
from kpu_etik.core.inputs import Choice, Day, Encoded, Flag, Structured, Text
from kpu_etik.core.region_search import RegionIndex
from kpu_etik.core.regions import is_valid_code
from kpu_etik.core.uploads import neutralise_cell
from kpu_etik.inputs import accepts, column
from kpu_etik.kinship.declarations import announced_register
from kpu_etik.pages import long_date
from kpu_etik.public_pages import known_region, region_not_found_response
from kpu_etik.rate_limits import limit_accepted
from kpu_etik.sanctions import letters


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=30, seconds=60)
@accepts(region=Text("Region", max_length=140), format=Choice("Format", options=("csv", "json")))
@frappe.read_only()
def register_download(region: str | None = None, format: str = "csv"):
	"""The register of announced declarations of a region as CSV or JSON."""
	if format not in ("csv", "json"):
		frappe.throw(_("The format must be csv or json."))
	region = known_region(region)
	if region is None:  # the register page's own not-found page, as for the page itself
		return region_not_found_response("kinship-register")
	rows = announced_register(region or None, limit=None)
	stem = f"register-kekerabatan-{region or 'indonesia'}"
	if format == "json":
		frappe.response.update(
			{
				"type": "download",
				"filename": f"{stem}.json",
				"filecontent": json.dumps(rows, ensure_ascii=False, indent=1),
			}
		)
		return
	buffer = io.StringIO()
	writer = csv.writer(buffer)

	def write_row(cells):
		# names typed by the public never run as spreadsheet formulas
		writer.writerow([neutralise_cell(cell) for cell in cells])

	write_row(
		[
			"official",
			"nik",
			"position",
			"body",
			"region",
			"region_name",
			"relative",
			"relationship",
			"role",
			"party",
			"electoral_district",
			"pleno_date",
			"publication_date",
			"channels",
		]
	)
	for row in rows:
		base = [row["official"], row["nik"], row["position"], row["body"], row["region"], row["region_name"]]
		tail = [row["pleno_date"], row["publication_date"], "; ".join(row["channels"])]
		if not row["relatives"]:
			write_row([*base, _("No family tie"), "", "", "", "", *tail])
		for rel in row["relatives"]:
			write_row(
				[
					*base,
					rel.relative_name,
					rel.relationship,
					rel.relative_role,
					rel.party or "",
					rel.electoral_district or "",
					*tail,
				]
			)
	frappe.response.update({"type": "download", "filename": f"{stem}.csv", "filecontent": buffer.getvalue()})


@frappe.whitelist(allow_guest=True, methods=["POST"])
@limit_accepted(limit=10, seconds=60 * 60)
@accepts(
	respondent_name=column("Complaint Respondent", "respondent_name", required=True),
	respondent_region=Text("Respondent Region", required=True, max_length=13),
	chronology=column("Complaint", "chronology", required=True),
	position_text=column("Complaint Respondent", "position_text"),
	incident_date=Day("Incident Date", low=date(2000, 1, 1)),
	incident_place=column("Complaint", "incident_place"),
	anonymous=Flag("Anonymous"),
	complainant_name=column("Complaint", "complainant_name"),
	complainant_nik=column("Complaint", "complainant_nik"),
	complainant_address=column("Complaint", "complainant_address"),
	complainant_contact=column("Complaint", "complainant_contact"),
	evidence=Structured(
		"Evidence", max_items=MAX_EVIDENCE_FILES, max_length=MAX_EVIDENCE_FILES * 7 * 1024 * 1024
	),
)
def submit_public_complaint(
	respondent_name: str,
	respondent_region: str,
	chronology: str,
	position_text: str | None = None,
	incident_date: str | None = None,
	incident_place: str | None = None,
	anonymous=0,
	complainant_name: str | None = None,
	complainant_nik: str | None = None,
	complainant_address: str | None = None,
	complainant_contact: str | None = None,
	evidence=None,
) -> dict:
	"""File a complaint from the public page; returns the receipt code, shown once."""
	respondent_region = respondent_region.strip()
	if not (is_valid_code(respondent_region) and frappe.db.exists("Region", respondent_region)):
		frappe.throw(_("Choose the region where the respondent serves."))
	if respondent_region.count(".") < 1:
		frappe.throw(_("Choose at least the kabupaten/kota where the respondent serves."))
	if not anonymous and not clean_field(complainant_name):
		frappe.throw(_("Give your name, or file anonymously."))
	files = decode_evidence(evidence)  # every check before anything is written
	code = new_receipt_code()
	doc = frappe.get_doc(
		{
			"doctype": "Complaint",
			"source": "Laporan",
			"received_via": "Public Portal",
			"anonymous": anonymous,
			"complainant_name": None if anonymous else clean_field(complainant_name),
			"complainant_nik": None if anonymous else clean_field(complainant_nik),
			"complainant_address": None if anonymous else clean_field(complainant_address),
			"complainant_contact": None if anonymous else clean_field(complainant_contact),
			"receipt_code_hash": receipt_code_hash(code),
			"respondents": [
				{
					"respondent_name": clean_field(respondent_name),
					"position_text": clean_field(position_text),
					"region": respondent_region,
				}
			],
			"incident_date": incident_date,
			"incident_place": clean_field(incident_place),
			"chronology": clean_field(chronology),
		}
	)
	doc.flags.ignore_permissions = True
	doc.insert()
	for file_name, content, description in files:
		attach_evidence(doc, file_name, content, description)
	return receipt(doc, code)


def receipt(doc, code: str) -> dict:
	"""What the citizen keeps: the code (shown once), the case number, and what happens next, by when.

	A new complaint is Received; its deadline (Complaint.validate, handling.deadline_for) is the last
	day of the administrative verification, counted in working days from the day it was filed."""
	office = frappe.db.get_value("Region", doc.region, "region_name") if doc.region else None
	days = stage_days()["Administrative Verification"]
	deadline = long_date(doc.stage_deadline, with_day=True)
	return {
		"receipt_code": code,
		"case_number": doc.case_number,
		"filed_on": str(getdate(doc.filed_on)),
		"filed_on_text": long_date(doc.filed_on),
		"stage": _(doc.workflow_state or "Received"),
		"next_stage": _("Administrative Verification"),
		"stage_deadline": str(doc.stage_deadline or ""),
		"stage_deadline_text": deadline,
		"working_days": days,
		"next_step": _(
			"The legal division of KPU {0} checks whether your complaint is complete and can be handled "
			"(administrative verification) within {1} working days: by {2}."
		).format(office or _("Kabupaten/Kota"), days, deadline),
		"anonymous": int(bool(doc.anonymous)),
	}


def stage_meanings() -> dict[str, str]:
	"""What each stage of a complaint means for the citizen who filed it (the status page)."""
	return {
		"Received": _(
			"KPU has received your complaint. Its legal division first checks whether the report is "
			"complete and whether KPU may handle it (administrative verification)."
		),
		"Administrative Verification": _(
			"KPU is checking your complaint: whether the report is complete and whether the person "
			"reported is an election organizer KPU examines. Then it is clarified, forwarded to the body "
			"that handles it, or rejected."
		),
		"Clarification": _(
			"Your complaint passed the verification. KPU is hearing the people involved and the "
			"witnesses to clarify what happened; it may contact you if you gave your contact details."
		),
		"Examination": _(
			"A team of three examiners is examining the case: it hears the parties, studies the evidence "
			"and reports its findings."
		),
		"Plenary": _(
			"The members of the KPU Kabupaten/Kota decide on the case in a plenary meeting, on the "
			"examiners' findings."
		),
		"Closed - Proven": _(
			"Handling has ended: the plenary meeting found the violation proven and decided on a "
			"sanction. Final sanctions are published in the register of sanctions."
		),
		"Closed - Not Proven": _(
			"Handling has ended: the plenary meeting found the violation not proven, so no sanction is "
			"imposed."
		),
		"Rejected": _(
			"KPU does not handle this complaint further: it did not meet the requirements (for example, "
			"it was incomplete or the time to report had passed). You may file a new, complete complaint."
		),
		"Forwarded": _(
			"This complaint is for another body (DKPP for members of KPU, or the civil-service "
			"discipline for secretariat staff). KPU has forwarded it there, and that body handles it."
		),
		"Set Aside": _(
			"KPU set this complaint aside, as a copy of another complaint or as not a real report. If you "
			"think this is a mistake, contact the KPU office."
		),
	}


@frappe.whitelist(allow_guest=True)
@rate_limit(limit=20, seconds=60 * 60)
@accepts(receipt_code=Text("Receipt Code", required=True, max_length=64))
def complaint_status(receipt_code: str) -> dict:
	"""The stage, what it means, and its dates, and nothing else, for whoever holds the receipt code."""
	code = normalize_receipt_code(receipt_code)
	name = frappe.db.get_value("Complaint", {"receipt_code_hash": receipt_code_hash(code)}) if code else None
	if not name:
		frappe.throw(
			_(
				"No complaint has this receipt code. Check the code on your receipt: 16 letters and "
				"digits, such as 7K3M-Q9XD-2B8N-RT4W."
			),
			frappe.DoesNotExistError,
		)
	row = frappe.db.get_value(
		"Complaint", name, ["workflow_state", "filed_on", "stage_entered_on", "stage_deadline"], as_dict=True
	)
	stage = row.workflow_state or "Received"
	late = days_late(stage, row.stage_deadline, getdate())
	if stage not in RUNNING_STAGES or not row.stage_deadline:
		deadline_note = _("Handling has ended.") if stage in FINAL_STAGES else ""
	elif late:
		deadline_note = _(
			"The deadline of this stage passed {0} day(s) ago. You may ask the KPU office handling it."
		).format(late)
	else:
		deadline_note = _("This stage is within its deadline.")
	return {
		"stage": _(stage),
		"stage_meaning": stage_meanings().get(stage, ""),
		"filed_on": str(row.filed_on or ""),
		"filed_on_text": long_date(row.filed_on),
		"stage_entered_on": str(row.stage_entered_on or ""),
		"stage_entered_on_text": long_date(row.stage_entered_on),
		"stage_deadline": str(row.stage_deadline or ""),
		"stage_deadline_text": long_date(row.stage_deadline, with_day=True),
		"deadline_passed": bool(late),
		"days_late": late,
		"deadline_note": deadline_note,
	}


# Per worker and site: every region's name, searchable. For the 91,599 regions it is read and built in
# about 1.3 s and holds about 23 MB, once; a search then takes well under a millisecond for most of
# what people type (a LIKE scan of the table per keystroke would not). The table is asked whether it
# changed (its count and latest change) at most once a minute.
_REGION_INDEXES: dict[str, tuple[float, tuple, RegionIndex]] = {}
REGION_INDEX_RECHECK_SECONDS = 60


def region_index() -> RegionIndex:
	site, now = frappe.local.site, time.monotonic()
	held = _REGION_INDEXES.get(site)
	if held and now - held[0] < REGION_INDEX_RECHECK_SECONDS:
		return held[2]
	stamp = tuple(str(value) for value in frappe.db.sql("select count(*), max(modified) from `tabRegion`")[0])
	index = held[2] if held and held[1] == stamp else None
	if index is None:
		index = RegionIndex(frappe.db.sql("select name, region_name from `tabRegion`"))
	_REGION_INDEXES[site] = (now, stamp, index)
	return index


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=60, seconds=60)
@accepts(text=Text("Region Name", max_length=100))
def find_regions(text: str | None = None) -> list[dict]:
	"""At most ten regions named by what a person typed ("harapan luwu"), best first, each with its
	code (the value a form sends), its name, and where it lies in words: [{"region": "73.22.10.2016",
	"label": "Harapan", "path": "Desa Harapan, Kec. Mappedeceng, Kab. Luwu Utara, Prov. Sulawesi
	Selatan"}]. Matching and ranking: kpu_etik.core.region_search. Typing makes a call at each pause,
	so the limit is higher than its siblings'."""
	return region_index().find(text or "")


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=30, seconds=60)
@accepts(
	number=Text("Letter Number", required=True),
	code=Text("Verification Code", required=True, max_length=64),
	file=Encoded("Letter File", max_bytes=10 * 1024 * 1024),
)
def check_letter(number: str, code: str, file: str | None = None) -> dict:
	"""Whether a decision letter is genuine (its number and verification code are on record) and
	still in force, and what its electronic signature says (who signed, when, intact, trusted); with
	the PDF, whether it is the issued file unaltered and what that file's signature says. Never who
	complained."""
	standing = letters.check(number, code)
	if not standing:
		frappe.throw(
			_("No letter with this number and verification code is on record."), frappe.DoesNotExistError
		)
	result = letters.public(standing)
	if file:
		content = base64.b64decode(file.split(",")[-1])
		result["unaltered"] = letters.same_file(standing, content)
		result["signature"] = letters.signature(standing, content)
	else:
		result["signature"] = letters.signature(standing)
	return result


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@accepts()
def sign_out():
	"""Sign out and land on the app's public page (Frappe's `web_logout` answers with a page of
	Frappe's own)."""
	if frappe.session.user != "Guest":
		frappe.local.login_manager.logout()
		frappe.db.commit()
	frappe.local.response["type"] = "redirect"
	frappe.local.response["location"] = "/kpu-etik"
