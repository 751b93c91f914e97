from frappe.model.document import Document


class MeetingFollowUp(Document):
	pass
