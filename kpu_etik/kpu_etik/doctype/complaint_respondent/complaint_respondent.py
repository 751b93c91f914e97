from frappe.model.document import Document


class ComplaintRespondent(Document):
	pass
