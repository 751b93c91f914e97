from frappe.model.document import Document


class ComplaintArticle(Document):
	pass
