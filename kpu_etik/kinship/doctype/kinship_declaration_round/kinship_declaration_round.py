import frappe
from frappe import _
from frappe.model.document import Document


class KinshipDeclarationRound(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		deadline: DF.Date
		election: DF.Data
		is_open: DF.Check
		region: DF.Link
		remind_days_before: DF.Int
		title: DF.Data

	# end: auto-generated types
	def validate(self):
		level = frappe.db.get_value("Region", self.region, "level")
		if level in ("Kecamatan", "Desa/Kelurahan"):
			frappe.throw(
				_("A declaration round is set by a KPU office: choose a provinsi or kabupaten/kota.")
			)
