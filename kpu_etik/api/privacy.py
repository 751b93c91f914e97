"""Endpoints of the personal data forms (UU 27/2022): a person's request and a breach. Each acts on a
record the user may write (region scope included), through kpu_etik.privacy."""

import frappe
from frappe import _

from kpu_etik.core.inputs import Text
from kpu_etik.inputs import accepts
from kpu_etik.privacy import breaches, requests


def writable(doctype: str, name: str):
	if not frappe.db.exists(doctype, name):
		frappe.throw(_("{0} {1} does not exist.").format(_(doctype), name), frappe.DoesNotExistError)
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("write")
	return doc


def identity_reader(doc):
	"""The file and the correction read the person's NIK: only roles that read it on the form."""
	if not doc.has_permlevel_access_to("requester_nik", permission_type="write"):
		frappe.throw(
			_("Only an officer who handles the person's identity can do this."), frappe.PermissionError
		)


@frappe.whitelist(methods=["POST"])
@accepts(request=Text("Request", required=True, max_length=140))
def produce_subject_file(request: str) -> dict:
	"""Attach the file of everything the app holds about the person to their request."""
	doc = writable("Data Subject Request", request)
	identity_reader(doc)
	if doc.request_type != "Access and Copy":
		frappe.throw(_("The file of a person's data answers an access and copy request."))
	url = requests.produce_file(doc)
	doc.reload()
	return {"file_url": url, "records_found": doc.records_found}


@frappe.whitelist(methods=["POST"])
@accepts(request=Text("Request", required=True, max_length=140))
def apply_correction(request: str) -> dict:
	doc = writable("Data Subject Request", request)
	identity_reader(doc)
	return {"records_corrected": requests.apply_correction(doc)}


@frappe.whitelist(methods=["POST"])
@accepts(request=Text("Request", required=True, max_length=140))
def decide_erasure(request: str) -> dict:
	"""Refuse with the exception that applies, or erase (restrict, stop) now."""
	doc = writable("Data Subject Request", request)
	identity_reader(doc)
	if doc.request_type not in ("Erasure", "Restriction", "Objection"):
		frappe.throw(_("Only an erasure, a restriction or an objection is decided here."))
	if doc.status != "Open":
		frappe.throw(_("This request has already been answered."))
	ground = requests.erasure_decision(doc)
	if ground:
		doc.refusal_ground = ground
		doc.status = "Refused"
		doc.answer = doc.answer or _("Refused under the exception: {0}").format(_(ground))
		doc.save()
		return {"refused": True, "ground": ground, "ground_label": _(ground)}
	erased = requests.erase(doc) if doc.request_type == "Erasure" else 0
	doc.status = "Answered"
	doc.answer = doc.answer or _("Done: {0} records.").format(erased)
	doc.save()
	return {"refused": False, "records_erased": erased}


@frappe.whitelist(methods=["POST"])
@accepts(breach=Text("Breach", required=True, max_length=140))
def find_breach_records(breach: str) -> dict:
	doc = writable("Data Breach", breach)
	found = breaches.find_records(doc)
	return {"reads": found, "people": doc.people_count, "records": doc.records_count}


@frappe.whitelist(methods=["POST"])
@accepts(breach=Text("Breach", required=True, max_length=140))
def send_breach_notices(breach: str) -> dict:
	return breaches.send_notices(writable("Data Breach", breach))


@frappe.whitelist(methods=["POST"])
@accepts(breach=Text("Breach", required=True, max_length=140))
def close_breach(breach: str) -> dict:
	doc = writable("Data Breach", breach)
	breaches.close(doc)
	return {"status": doc.status}
