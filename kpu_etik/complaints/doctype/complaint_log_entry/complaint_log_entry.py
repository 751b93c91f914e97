import frappe
from frappe import _
from frappe.model.document import Document


class ComplaintLogEntry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		complaint: DF.Link
		entry_hash: DF.Data | None
		event: DF.Data | None
		payload: DF.LongText | None
		previous_hash: DF.Data | None
		region: DF.Link | None
		seq: DF.Int

	# end: auto-generated types
	def on_update(self):
		if not self.is_new() and not self.flags.in_insert:
			frappe.throw(_("The case file is append-only."))

	def on_trash(self):
		frappe.throw(_("The case file is append-only."))
