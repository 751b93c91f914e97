import frappe
from frappe import _
from frappe.model.document import Document


class Rehabilitation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		complaint: DF.Link
		letter_date: DF.Date
		letter_file: DF.Attach | None
		letter_file_hash: DF.Data | None
		letter_hash: DF.Data | None
		letter_number: DF.Data
		official: DF.Link
		official_name: DF.Data | None
		region: DF.Link | None
		signed_by: DF.Data | None
		signed_on: DF.Datetime | None

	# end: auto-generated types
	def validate(self):
		self.region = frappe.db.get_value("Official", self.official, "region")
		complaint = frappe.get_doc("Complaint", self.complaint)
		if complaint.workflow_state != "Closed - Not Proven":
			frappe.throw(_("Rehabilitation follows a complaint closed as not proven."))
		if self.official not in [r.official for r in complaint.respondents]:
			frappe.throw(
				_("{0} is not a respondent of complaint {1}.").format(self.official_name, self.complaint)
			)
