from frappe.model.document import Document


class ComplaintEvidence(Document):
	pass
