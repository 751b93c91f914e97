import frappe
from frappe import _
from frappe.model.document import Document


class ComplianceReportSettings(Document):
	def validate(self):
		level = frappe.db.get_value("Region", self.region, "level")
		if level not in ("Nasional", "Provinsi", "Kabupaten/Kota"):
			frappe.throw(_("Reports are set for a KPU office: Indonesia, a provinsi or a kabupaten/kota."))
		if not self.recipient_roles:
			self.append("recipient_roles", {"role": "KPU Kabkota Legal Officer"})
