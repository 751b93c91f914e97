import frappe
from frappe import _
from frappe.model.document import Document

# The records the retention job removes personal data from, by person or case.
HOLDABLE = {"Official": "full_name", "Complaint": "case_number", "Election Candidate": "full_name"}


class RetentionHold(Document):
	"""Keeps a record's personal data past its retention period, for a reason KPU gives."""

	def validate(self):
		if self.reference_doctype not in HOLDABLE:
			frappe.throw(_("A hold is placed on an official, a complaint or a candidate."))
		if not frappe.db.exists(self.reference_doctype, self.reference_name):
			frappe.throw(_("{0} {1} does not exist.").format(_(self.reference_doctype), self.reference_name))
		if not frappe.has_permission(self.reference_doctype, "read", self.reference_name):
			frappe.throw(_("You can only hold a record you can open."), frappe.PermissionError)
		title, region = frappe.db.get_value(
			self.reference_doctype, self.reference_name, [HOLDABLE[self.reference_doctype], "region"]
		)
		self.record_title = title or self.reference_name
		self.region = region
		self.held_by = self.held_by or frappe.session.user
