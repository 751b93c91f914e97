from frappe.model.document import Document


class RetentionRunCount(Document):
	pass
