import frappe
from frappe import _
from frappe.model.document import Document

from kpu_etik.core.bodies import KPU_OFFICE_LEVELS
from kpu_etik.core.letters import DEFAULT_LEGAL_BASES
from kpu_etik.sanctions.signatures import validate_office


class KPUOffice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.SmallText | None
		chair_name: DF.Data | None
		chair_title: DF.Data | None
		city: DF.Data | None
		copies_to: DF.SmallText | None
		csc_credential_id: DF.Data | None
		csc_service_url: DF.Data | None
		embed_validation: DF.Check
		legal_bases: DF.SmallText | None
		logo: DF.AttachImage | None
		office_name: DF.Data
		pkcs11_key_label: DF.Data | None
		pkcs11_module: DF.Data | None
		pkcs11_token_label: DF.Data | None
		region: DF.Link
		signer_certificate: DF.Password | None
		signer_certificate_expires: DF.Date | None
		signer_certificate_holder: DF.Data | None
		signing_method: DF.Literal[
			"", "Certificate File (PKCS#12)", "Token (PKCS#11)", "Remote Signing Service (CSC)"
		]
		timestamp_url: DF.Data | None

	# end: auto-generated types
	def validate(self):
		if frappe.db.get_value("Region", self.region, "level") not in KPU_OFFICE_LEVELS:
			frappe.throw(_("A KPU office is at the nation, a provinsi or a kabupaten/kota."))
		if not (self.legal_bases or "").strip():
			self.legal_bases = "\n".join(DEFAULT_LEGAL_BASES)
		validate_office(self)
