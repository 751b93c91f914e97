"""Endpoints for the public, without an account (each marked allow_guest): filing a complaint,
looking up its stage with the receipt code, the register of announced kinship declarations, and
checking a decision letter."""

import base64
import csv
import io
import json
from datetime import date

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from kpu_etik.complaints.handling import MAX_EVIDENCE_FILES, attach_evidence, clean_field, decode_evidence
from kpu_etik.core.complaints import (
	new_receipt_code,
	normalize_receipt_code,
	receipt_code_hash,
)
from kpu_etik.core.inputs import Choice, Day, Encoded, Flag, Structured, Text
from kpu_etik.core.regions import is_valid_code
from kpu_etik.core.uploads import neutralise_cell
from kpu_etik.inputs import accepts, column
from kpu_etik.kinship.declarations import announced_register
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
	return {"receipt_code": code, "filed_on": str(doc.filed_on)}


@frappe.whitelist(allow_guest=True)
@rate_limit(limit=20, seconds=60 * 60)
@accepts(receipt_code=Text("Receipt Code", required=True, max_length=64))
def complaint_status(receipt_code: str) -> dict:
	"""The stage and its dates, and nothing else, for whoever holds the receipt code."""
	code = normalize_receipt_code(receipt_code)
	name = frappe.db.get_value("Complaint", {"receipt_code_hash": receipt_code_hash(code)}) if code else None
	if not name:
		frappe.throw(_("No complaint has this receipt code."), frappe.DoesNotExistError)
	row = frappe.db.get_value(
		"Complaint", name, ["workflow_state", "filed_on", "stage_entered_on", "stage_deadline"], as_dict=True
	)
	return {
		"stage": _(row.workflow_state),
		"filed_on": str(row.filed_on or ""),
		"stage_entered_on": str(row.stage_entered_on or ""),
		"stage_deadline": str(row.stage_deadline or ""),
	}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=30, seconds=60)
@accepts(
	number=Text("Letter Number", required=True),
	code=Text("Verification Code", required=True, max_length=64),
	file=Encoded("Letter File", max_bytes=10 * 1024 * 1024),
)
def check_letter(number: str, code: str, file: str | None = None) -> dict:
	"""Whether a decision letter is genuine (its number and verification code are on record) and
	still in force; with the PDF, whether it is the issued file unaltered. Never who complained."""
	standing = letters.check(number, code)
	if not standing:
		frappe.throw(
			_("No letter with this number and verification code is on record."), frappe.DoesNotExistError
		)
	result = {key: value for key, value in standing.items() if key != "file_hash"}
	if file:
		result["unaltered"] = letters.same_file(standing, base64.b64decode(file.split(",")[-1]))
	return result
