from frappe.model.document import Document


class ComplianceReport(Document):
	pass
