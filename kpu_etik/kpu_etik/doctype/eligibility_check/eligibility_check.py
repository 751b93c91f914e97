from frappe.model.document import Document


class EligibilityCheck(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		body_types: DF.Data | None
		check: DF.Literal[
			"Minimum Age", "Maximum Age", "Not Married to an Organizer", "Not on a Candidate List"
		]
		effect: DF.Literal["Refuse", "Warn"]
		enabled: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		source: DF.SmallText | None
		verified: DF.Check
		years: DF.Int

	# end: auto-generated types
	pass
