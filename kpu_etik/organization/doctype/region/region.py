import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet

from kpu_etik import rules
from kpu_etik.core.errors import RuleError
from kpu_etik.core.regions import level_of, parent_of


class Region(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		code: DF.Data
		is_group: DF.Check
		level: DF.Literal["", "Nasional", "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan"]
		lft: DF.Int
		old_parent: DF.Link | None
		parent_region: DF.Link | None
		region_name: DF.Data
		rgt: DF.Int
	# end: auto-generated types
	nsm_parent_field = "parent_region"

	def autoname(self):
		self.name = self.code

	def validate(self):
		# The code carries the hierarchy: its level and parent follow from it.
		self.code = (self.code or "").strip()
		try:
			self.level = level_of(self.code)
			self.parent_region = parent_of(self.code)
		except RuleError as exc:
			rules.throw(exc, title=_("Invalid Region Code"))
		if self.parent_region and not frappe.db.exists("Region", self.parent_region):
			frappe.throw(
				_("The parent region {0} does not exist yet.").format(frappe.bold(self.parent_region))
			)
		self.is_group = 0 if self.level == "Desa/Kelurahan" else 1

	def on_update(self):
		super().on_update()
		rules.clear_region_caches()

	def on_trash(self):
		super().on_trash(allow_root_deletion=True)
		rules.clear_region_caches()
