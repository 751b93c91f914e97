from frappe.model.document import Document


class DataBreachRecord(Document):
	pass
