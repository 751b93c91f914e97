"""A personal data breach handled, not improvised: whose identity was read through an account in a time
window (from the identity access log), the notices to those people and to the authority within
3 x 24 hours from Email Templates KPU edits, and the closure."""

import frappe
from frappe import _
from frappe.utils import format_datetime, now_datetime, validate_email_address

from kpu_etik import emails
from kpu_etik.privacy.settings import data_protection_officer

# What the breach record names a person by, per kind of record read (never a complainant's name: the
# officer handling the breach may not read it).
PERSON_NAME = {"Official": "full_name", "Election Candidate": "full_name"}


def find_records(breach) -> int:
	"""Fill the breach's records from the identity access log: the account's reads in the window."""
	if not (breach.source_user and breach.window_start and breach.window_end):
		frappe.throw(_("Choose the account and the window (from and to) in which its reads are looked for."))
	reads = frappe.get_all(
		"Identity Access Log",
		filters={
			"user": breach.source_user,
			"accessed_on": ["between", [breach.window_start, breach.window_end]],
		},
		fields=["reference_doctype", "reference_name", "fields_read", "records", "accessed_on", "route"],
		order_by="accessed_on asc",
		limit_page_length=0,
		ignore_permissions=True,  # the breach officer reads the log of their regions through the form
	)
	breach.set("affected", [])
	people = set()
	for read in reads:
		person = None
		if read.reference_name:
			person = person_name(read.reference_doctype, read.reference_name)
			people.add((read.reference_doctype, read.reference_name))
		breach.append(
			"affected",
			{
				"reference_doctype": read.reference_doctype,
				"reference_name": read.reference_name,
				"person": person
				or (_("{0} records in a list").format(read.records) if not read.reference_name else ""),
				"fields_read": read.fields_read,
				"records": read.records,
				"accessed_on": read.accessed_on,
				"route": read.route,
			},
		)
	breach.people_count = len(people)
	breach.records_count = sum(read.records or 0 for read in reads)
	breach.save()
	return len(reads)


def person_name(doctype: str, name: str) -> str:
	if doctype in PERSON_NAME:
		return frappe.db.get_value(doctype, name, PERSON_NAME[doctype]) or name
	if doctype == "Complaint":
		case = frappe.db.get_value("Complaint", name, "case_number") or name
		return _("Complainant of {0}").format(case)
	return name


def email_of(doctype: str, name: str) -> str | None:
	"""The address a notice to the person goes to, when the app holds one."""
	if doctype == "Official":
		value = frappe.db.get_value("Official", name, "email")
	elif doctype == "Complaint":
		value = frappe.db.get_value("Complaint", name, "complainant_contact")
	else:
		value = None
	return value if value and validate_email_address(value) else None


def contact_line() -> str:
	officer = data_protection_officer()
	parts = [officer.dpo_name, officer.dpo_email, officer.dpo_phone]
	return ", ".join(part for part in parts if part) or _("the KPU office of your region")


def send_notices(breach) -> dict:
	"""Queue the notices: one to each person with an address, one to the authority. The counts."""
	if not breach.affected:
		frappe.throw(_("Find the records concerned first: nobody can be notified yet."))
	if not emails.can_send():
		frappe.throw(_("The site has no outgoing email account: set one up, or notify by letter."))
	now = now_datetime()
	found_on = format_datetime(breach.found_on, "d MMMM yyyy HH:mm")
	sent, without = 0, 0
	seen = {}
	for row in breach.affected:
		if not row.reference_name:
			continue
		key = (row.reference_doctype, row.reference_name)
		if key in seen:
			row.notified_on = seen[key]
			continue
		address = email_of(*key)
		if not address:
			without += 1
			seen[key] = None
			continue
		emails.send(
			emails.BREACH_PERSON,
			[address],
			{
				"person": row.person,
				"fields": row.fields_read,
				"found_on": found_on,
				"what": breach.description,
				"measures": breach.measures,
				"contact": contact_line(),
			},
			worded_by=breach.people_template,
		)
		sent += 1
		seen[key] = now
		row.notified_on = now
	if breach.authority_email:
		emails.send(
			emails.BREACH_AUTHORITY,
			[breach.authority_email],
			{
				"title": breach.title,
				"found_on": found_on,
				"what": breach.description,
				"people": breach.people_count,
				"records": breach.records_count,
				"measures": breach.measures,
				"contact": contact_line(),
			},
			worded_by=breach.authority_template,
		)
		breach.authority_notified_on = now
	breach.people_notified_on = now
	breach.people_without_email = without
	breach.status = "Notified"
	breach.save()
	return {"people": sent, "without_email": without, "authority": bool(breach.authority_email)}


def close(breach):
	if breach.status != "Notified":
		frappe.throw(_("Notify the people concerned and the authority before closing the breach."))
	if not (breach.closure_note or "").strip():
		frappe.throw(_("Write how the breach was resolved in the closure note."))
	breach.status = "Closed"
	breach.closed_on = now_datetime()
	breach.save()
