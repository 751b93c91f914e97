from frappe.model.document import Document


class HearingSummons(Document):
	pass
