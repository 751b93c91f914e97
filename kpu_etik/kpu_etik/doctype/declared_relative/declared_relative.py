from frappe.model.document import Document


class DeclaredRelative(Document):
	pass
