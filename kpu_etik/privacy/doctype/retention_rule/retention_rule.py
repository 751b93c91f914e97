from frappe.model.document import Document


class RetentionRule(Document):
	pass
