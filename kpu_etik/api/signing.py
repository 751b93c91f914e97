"""Endpoints of the certified electronic signature (TTE) on the Desk: what the issue dialog asks,
and the upload of an office's PKCS#12 certificate file (kept encrypted, never sent back)."""

import base64

import frappe
from frappe import _

from kpu_etik.core.inputs import Choice, Encoded, Text
from kpu_etik.inputs import accepts
from kpu_etik.sanctions import signatures


@frappe.whitelist(methods=["GET", "POST"])
@accepts(doctype=Choice("Document Type", required=True, options=("Sanction", "Rehabilitation")))
def letter_signing(doctype: str, name: str) -> dict:
	"""Whether issuing this letter signs it, with which kind of key, and whose certificate."""
	if not frappe.db.exists(doctype, name):
		frappe.throw(_("{0} {1} does not exist.").format(_(doctype), name), frappe.DoesNotExistError)
	frappe.get_doc(doctype, name).check_permission("read")
	return signatures.letter_signing(doctype, name)


@frappe.whitelist(methods=["POST"])
@accepts(
	office=Text("KPU Office", required=True),
	file=Encoded("Certificate File", required=True, max_bytes=1024 * 1024),
	passphrase=Text("Passphrase", required=True, max_length=256),
)
def upload_signing_certificate(office: str, file: str, passphrase: str) -> dict:
	"""Keep an office's signing certificate (PKCS#12), once its passphrase opens it. Only those who
	may change the office's signing settings; the passphrase is checked and forgotten."""
	if not frappe.db.exists("KPU Office", office):
		frappe.throw(_("{0} {1} does not exist.").format(_("KPU Office"), office), frappe.DoesNotExistError)
	doc = frappe.get_doc("KPU Office", office)
	doc.check_permission("write")
	if not doc.has_permlevel_access_to("signing_method", permission_type="write"):
		frappe.throw(
			_("Only an officer who manages the office's signature can do this."), frappe.PermissionError
		)
	with signatures.secrets_kept_out_of_logs("Uploading a signing certificate"):
		summary = signatures.store_certificate(office, base64.b64decode(file.split(",")[-1]), passphrase)
	return {
		"holder": summary.holder,
		"organisation": summary.organisation,
		"issuer": summary.issuer,
		"valid_until": summary.valid_until.date().isoformat(),
	}
