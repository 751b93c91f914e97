from frappe.model.document import Document


class HearingSummons(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		delivery: DF.Literal["Letter", "Email", "WhatsApp", "In Person"]
		official: DF.Link | None
		outcome: DF.Literal["", "Attended", "Absent", "Absent with Reason"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		party_type: DF.Literal["Complainant", "Respondent", "Witness"]
		person_name: DF.Data | None
		sent_on: DF.Date
	# end: auto-generated types
	pass
