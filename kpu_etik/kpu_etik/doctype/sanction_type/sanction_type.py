from frappe.model.document import Document


class SanctionType(Document):
	pass
