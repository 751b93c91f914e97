from frappe.model.document import Document


class BodyCompositionRule(Document):
	pass
