from frappe.model.document import Document


class KinshipRelationship(Document):
	pass
