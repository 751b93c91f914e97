import frappe
from frappe import _
from frappe.model.document import Document


class Rehabilitation(Document):
	def validate(self):
		self.region = frappe.db.get_value("Official", self.official, "region")
		complaint = frappe.get_doc("Complaint", self.complaint)
		if complaint.workflow_state != "Closed - Not Proven":
			frappe.throw(_("Rehabilitation follows a complaint closed as not proven."))
		if self.official not in [r.official for r in complaint.respondents]:
			frappe.throw(
				_("{0} is not a respondent of complaint {1}.").format(self.official_name, self.complaint)
			)
