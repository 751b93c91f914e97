import frappe
from frappe import _
from frappe.model.document import Document

from kpu_etik.core.bodies import KPU_OFFICE_LEVELS


class ComplianceReportSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from kpu_etik.supervision.doctype.report_recipient_role.report_recipient_role import (
			ReportRecipientRole,
		)

		enabled: DF.Check
		frequency: DF.Literal["Weekly", "Monthly"]
		recipient_roles: DF.Table[ReportRecipientRole]
		region: DF.Link

	# end: auto-generated types
	def validate(self):
		level = frappe.db.get_value("Region", self.region, "level")
		if level not in KPU_OFFICE_LEVELS:
			frappe.throw(_("Reports are set for a KPU office: Indonesia, a provinsi or a kabupaten/kota."))
		if not self.recipient_roles:
			self.append("recipient_roles", {"role": "KPU Kabkota Legal Officer"})
