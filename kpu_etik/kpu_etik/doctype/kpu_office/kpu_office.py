import frappe
from frappe import _
from frappe.model.document import Document

from kpu_etik.core.bodies import KPU_OFFICE_LEVELS
from kpu_etik.core.letters import DEFAULT_LEGAL_BASES


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
		legal_bases: DF.SmallText | None
		logo: DF.AttachImage | None
		office_name: DF.Data
		region: DF.Link

	# end: auto-generated types
	def validate(self):
		if frappe.db.get_value("Region", self.region, "level") not in KPU_OFFICE_LEVELS:
			frappe.throw(_("A KPU office is at the nation, a provinsi or a kabupaten/kota."))
		if not (self.legal_bases or "").strip():
			self.legal_bases = "\n".join(DEFAULT_LEGAL_BASES)
