from frappe.model.document import Document


class CodeArticle(Document):
	pass
