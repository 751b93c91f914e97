import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint


class PollingStation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.SmallText | None
		region: DF.Link
		registered_voters: DF.Int
		tps_number: DF.Int

	# end: auto-generated types
	def autoname(self):
		# 73.22.14.2001-TPS003: readable, unique per desa, and sorts with its region.
		self.check_number()
		self.name = f"{self.region}-TPS{cint(self.tps_number):03d}"

	def check_number(self):
		if cint(self.tps_number) < 1:
			frappe.throw(_("The TPS number must be 1 or more."))

	def validate(self):
		self.check_number()
		level = frappe.db.get_value("Region", self.region, "level")
		if level != "Desa/Kelurahan":
			frappe.throw(
				_("A polling station belongs to a Desa/Kelurahan, not to a {0}.").format(_(level or "-"))
			)
		if not self.is_new() and self.has_value_changed("region"):
			frappe.throw(_("A polling station cannot move to another desa/kelurahan; create a new one."))
