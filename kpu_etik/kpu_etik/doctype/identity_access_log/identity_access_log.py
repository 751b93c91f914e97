import frappe
from frappe import _
from frappe.model.document import Document


class IdentityAccessLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		accessed_on: DF.Datetime | None
		fields_read: DF.SmallText | None
		records: DF.Int
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		region: DF.Link | None
		route: DF.Data | None
		user: DF.Link | None
	# end: auto-generated types
	"""Written by kpu_etik.identity_log only; never changed or removed."""

	def validate(self):
		if not self.is_new():
			frappe.throw(_("The identity access log cannot be changed."), frappe.PermissionError)

	def on_trash(self):
		frappe.throw(_("The identity access log cannot be deleted."), frappe.PermissionError)
