"""A person's requests about their own data (UU 27/2022): the file of everything the app holds about a
NIK, a correction, and an erasure or restriction with the exception KPU relies on when it refuses.

The file holds the person's own records only: their official records (with status history), their
declarations (relatives by name and relationship, never a relative's NIK), the screening's findings
about them (the kind and the decision, not the candidate), complaints against them (case, stage,
articles and decision; never who complained), sanctions and rehabilitations, complaints they filed
themselves, their candidacies, their own earlier requests, and when and through what their identity
was read (not by whom: the reader is another person).
"""

import json

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from kpu_etik.core import retention
from kpu_etik.core.officials import SEATED_STATUSES
from kpu_etik.privacy.retention import official_hold
from kpu_etik.privacy.settings import periods

OFFICIAL_FIELDS = (
	"name",
	"full_name",
	"level",
	"position",
	"ad_hoc_body",
	"region",
	"status",
	"leaves_on",
	"left_on",
	"nik",
	"no_kk",
	"sex",
	"birth_date",
	"mobile_no",
	"email",
	"address",
	"decree_number",
	"decree_date",
	"oath_date",
	"identity_removed_on",
)


def official_names(nik: str) -> list[str]:
	return frappe.get_all("Official", filters={"nik": nik}, pluck="name", order_by="creation asc")


def subject_data(nik: str) -> dict:
	"""Everything the app holds about the person with this NIK (see the module's docstring)."""
	officials = frappe.get_all(
		"Official", filters={"nik": nik}, fields=list(OFFICIAL_FIELDS), order_by="creation asc"
	)
	names = [row.name for row in officials] or [""]
	for row in officials:
		row["status_history"] = frappe.get_all(
			"Official Status Change",
			filters={"parent": row.name, "parenttype": "Official"},
			fields=["from_status", "to_status", "changed_on", "reason"],
			order_by="idx asc",
		)
		row["region_name"] = frappe.db.get_value("Region", row.region, "region_name") if row.region else None
	declarations = frappe.get_all(
		"Kinship Declaration",
		filters={"official": ["in", names]},
		fields=["name", "official", "workflow_state", "modified"],
	)
	for row in declarations:
		row["relatives"] = frappe.get_all(
			"Declared Relative",
			filters={"parent": row.name, "parenttype": "Kinship Declaration"},
			fields=["relative_name", "relationship", "relative_role", "party"],
			order_by="idx asc",
		)
	findings = frappe.get_all(
		"Conflict Review Item",
		filters={"official": ["in", names]},
		fields=["name", "official", "kind", "status", "decided_on"],
	)
	complaints = frappe.db.sql(
		"""select c.case_number, c.workflow_state as stage, c.filed_on, c.decision_summary, r.official
		from `tabComplaint Respondent` r join `tabComplaint` c on c.name = r.parent
		where r.official in %(names)s order by c.creation""",
		{"names": names},
		as_dict=True,
	)
	for row in complaints:
		row["articles"] = frappe.db.sql_list(
			"""select a.article from `tabComplaint Article` a join `tabComplaint` c on c.name = a.parent
			where c.case_number = %s""",
			row.case_number,
		)
	sanctions = frappe.get_all(
		"Sanction",
		filters={"official": ["in", names], "docstatus": ["<", 2]},
		fields=[
			"name",
			"official",
			"sanction_type",
			"workflow_state",
			"letter_number",
			"letter_date",
			"effective_from",
			"until",
			"ended_on",
		],
	)
	rehabilitations = frappe.get_all(
		"Rehabilitation",
		filters={"official": ["in", names]},
		fields=["name", "official", "letter_number", "letter_date"],
	)
	filed = frappe.get_all(
		"Complaint",
		filters={"complainant_nik": nik},
		fields=[
			"case_number",
			"workflow_state",
			"filed_on",
			"complainant_name",
			"complainant_address",
			"complainant_contact",
		],
	)
	candidacies = frappe.get_all(
		"Election Candidate",
		filters={"nik": nik},
		fields=["full_name", "candidate_role", "party", "electoral_district", "no_kk", "birth_date"],
	)
	reads = frappe.get_all(
		"Identity Access Log",
		filters={"reference_doctype": "Official", "reference_name": ["in", names]},
		fields=["accessed_on", "fields_read", "route"],
		order_by="accessed_on asc",
	)
	requests = frappe.get_all(
		"Data Subject Request",
		filters={"requester_nik": nik},
		fields=["name", "request_type", "status", "received_on", "answered_on"],
	)
	return {
		"nik": nik,
		"produced_on": now_datetime(),
		"officials": officials,
		"kinship_declarations": declarations,
		"screening_findings": findings,
		"complaints_about_the_person": complaints,
		"sanctions": sanctions,
		"rehabilitations": rehabilitations,
		"complaints_filed_by_the_person": filed,
		"candidacies": candidacies,
		"identity_reads": reads,
		"requests": requests,
	}


def record_count(data: dict) -> int:
	return sum(len(value) for value in data.values() if isinstance(value, list))


def produce_file(request) -> str:
	"""Attach the person's file to the request (private); its URL."""
	if not request.requester_nik:
		frappe.throw(_("Enter the person's NIK first: the records are found by it."))
	if not request.identity_checked:
		frappe.throw(_("Check the person's identity against their ID card before giving them their data."))
	data = subject_data(request.requester_nik)
	previous = request.subject_file
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"data-pribadi-{request.name}.json",
			"attached_to_doctype": "Data Subject Request",
			"attached_to_name": request.name,
			"attached_to_field": "subject_file",
			"content": json.dumps(data, indent=1, default=str, ensure_ascii=False),
			"is_private": 1,
		}
	)
	file.flags.ignore_permissions = True
	file.insert()
	if previous:
		for old in frappe.get_all(
			"File", filters={"file_url": previous, "attached_to_name": request.name}, pluck="name"
		):
			frappe.delete_doc("File", old, ignore_permissions=True, force=True)
	request.db_set({"subject_file": file.file_url, "records_found": record_count(data)})
	return file.file_url


# What a person corrects on their official records (the NIK, sex and birth date are the NIK's own,
# corrected by the roster or the form with an ID card): the request's choice -> the field.
CORRECTABLE = {"Full Name": "full_name", "Phone": "mobile_no", "Email": "email", "Address": "address"}


def apply_correction(request) -> int:
	"""Correct the field on every official record of the NIK, through the form's own rules; the count."""
	if request.request_type != "Correction":
		frappe.throw(_("Only a correction request changes a record."))
	field = CORRECTABLE.get(request.correction_field or "")
	if not field:
		frappe.throw(_("Choose the field to correct."))
	changed = 0
	for name in official_names(request.requester_nik or ""):
		doc = frappe.get_doc("Official", name)
		# The request's handler corrects what the person asked, on the records of their regions.
		doc.check_permission("read")
		if doc.identity_removed_on:
			continue
		doc.set(field, request.correction_value)
		doc.flags.ignore_permissions = True
		doc.save()
		changed += 1
	return changed


def erasure_decision(request) -> str | None:
	"""The exception that lets KPU refuse this erasure, restriction or objection, or None."""
	names = official_names(request.requester_nik or "")
	if not names:
		return None
	held = bool(
		frappe.db.sql(
			f"select 1 from `tabOfficial` o where o.name in %(names)s and {official_hold()} limit 1",
			{"names": names, "as_of": getdate()},
		)
	)
	rows = frappe.get_all("Official", filters={"name": ["in", names]}, fields=["status", "left_on"])
	cutoff = retention.cutoff(getdate(), periods()["Official Identity"])
	return retention.refusal_ground_for(
		request.request_type,
		under_hold=held,
		seated=any(row.status in SEATED_STATUSES for row in rows),
		public=bool(frappe.db.exists("Sanction", {"official": ["in", names], "workflow_state": "In Force"})),
		retention_ended=all(row.left_on and getdate(row.left_on) < cutoff for row in rows),
	)


def erase(request) -> int:
	"""Erase the person's identity now, as the retention job does at the end of the period."""
	from kpu_etik.privacy.retention import erase_officials

	return erase_officials(official_names(request.requester_nik or ""))


def record_portal_request(doc, method=None):
	"""A portal member's own Frappe request (download or deletion) becomes a Data Subject Request of
	the KPU office of their body, with its 3 x 24 hour deadline on that office's home. A download is
	answered by Frappe at once; a deletion waits for the office's decision."""
	user = doc.get("user") or doc.get("email")
	official = frappe.db.get_value(
		"Official", {"user": user}, ["full_name", "nik", "region"], as_dict=True, order_by="creation desc"
	)
	if not official:
		return
	download = doc.doctype == "Personal Data Download Request"
	request = frappe.get_doc(
		{
			"doctype": "Data Subject Request",
			"request_type": "Access and Copy" if download else "Erasure",
			"received_via": "Portal",
			"portal_request": f"{doc.doctype}: {doc.name}",
			"received_on": now_datetime(),
			"region": official.region,
			"requester_name": official.full_name,
			"requester_nik": official.nik,
			"requester_contact": user,
			"identity_checked": 1,  # signed in with the account the records name
			"status": "Answered" if download else "Open",
			"answer": _("Frappe's file of the account's data was sent to {0}.").format(user)
			if download
			else None,
			"handled_by": "Administrator" if download else None,
		}
	)
	request.flags.ignore_permissions = True
	request.insert()


def after_portal_deletion(doc, method=None):
	"""Frappe's Personal Data Deletion Request, once done (its user renamed to the request's name):
	the member's official records lose their identity as at the end of retention, and the request
	recorded for the office is answered."""
	if doc.status != "Deleted":
		return
	from kpu_etik.privacy.retention import erase_officials

	names = frappe.get_all(
		"Official",
		filters={"user": ["in", [doc.name, doc.email]], "identity_removed_on": ["is", "not set"]},
		pluck="name",
	)
	erased = erase_officials(names)
	for name in frappe.get_all(
		"Data Subject Request",
		filters={"portal_request": f"{doc.doctype}: {doc.name}", "status": "Open"},
		pluck="name",
	):
		request = frappe.get_doc("Data Subject Request", name)
		request.status = "Answered"
		request.answer = _("Done: {0} records.").format(erased)
		request.flags.ignore_permissions = True
		request.save()
