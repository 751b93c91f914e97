from frappe.model.document import Document


class MeetingInvitee(Document):
	pass
