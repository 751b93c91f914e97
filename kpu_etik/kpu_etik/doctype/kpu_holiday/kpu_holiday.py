from frappe.model.document import Document


class KPUHoliday(Document):
	pass
