from frappe.model.document import Document


class ReportRecipientRole(Document):
	pass
