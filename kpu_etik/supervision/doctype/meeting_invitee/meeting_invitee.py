from frappe.model.document import Document


class MeetingInvitee(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		ad_hoc_body: DF.Link | None
		attended: DF.Check
		confirmed: DF.Check
		official: DF.Link | None
		official_name: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass
