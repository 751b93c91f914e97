import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from kpu_etik.core.bodies import polling_station_id


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
		self.check_number()
		self.name = polling_station_id(self.region, cint(self.tps_number))

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
