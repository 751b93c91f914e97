import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime


class ConflictReviewItem(Document):
	def validate(self):
		self.region = frappe.db.get_value("Official", self.official, "region")
		if self.has_value_changed("status") and self.status in ("Confirmed Conflict", "Not a Conflict"):
			if not self.decision_note:
				frappe.throw(_("Please write why this item is confirmed or dismissed."))
			self.decided_by = frappe.session.user
			self.decided_on = now_datetime()
