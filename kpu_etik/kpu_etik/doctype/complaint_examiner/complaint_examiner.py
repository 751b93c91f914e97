from frappe.model.document import Document


class ComplaintExaminer(Document):
	pass
