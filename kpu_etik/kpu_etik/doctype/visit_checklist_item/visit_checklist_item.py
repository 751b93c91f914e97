from frappe.model.document import Document


class VisitChecklistItem(Document):
	pass
