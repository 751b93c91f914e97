from frappe.model.document import Document


class RetentionRun(Document):
	pass
