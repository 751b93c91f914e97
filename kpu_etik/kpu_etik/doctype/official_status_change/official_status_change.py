from frappe.model.document import Document


class OfficialStatusChange(Document):
	pass
