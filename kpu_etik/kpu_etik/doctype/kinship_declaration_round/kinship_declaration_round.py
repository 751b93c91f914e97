import frappe
from frappe import _
from frappe.model.document import Document


class KinshipDeclarationRound(Document):
	def validate(self):
		level = frappe.db.get_value("Region", self.region, "level")
		if level in ("Kecamatan", "Desa/Kelurahan"):
			frappe.throw(
				_("A declaration round is set by a KPU office: choose a provinsi or kabupaten/kota.")
			)
