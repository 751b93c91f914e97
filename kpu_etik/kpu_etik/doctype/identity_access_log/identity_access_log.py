import frappe
from frappe import _
from frappe.model.document import Document


class IdentityAccessLog(Document):
	"""Written by kpu_etik.identity_log only; never changed or removed."""

	def validate(self):
		if not self.is_new():
			frappe.throw(_("The identity access log cannot be changed."), frappe.PermissionError)

	def on_trash(self):
		frappe.throw(_("The identity access log cannot be deleted."), frappe.PermissionError)
