import frappe
from frappe import _
from frappe.model.document import Document


class ComplaintLogEntry(Document):
	def on_update(self):
		if not self.is_new() and not self.flags.in_insert:
			frappe.throw(_("The case file is append-only."))

	def on_trash(self):
		frappe.throw(_("The case file is append-only."))
