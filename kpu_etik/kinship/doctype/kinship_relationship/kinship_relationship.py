from frappe.model.document import Document


class KinshipRelationship(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		degree: DF.Int
		description: DF.SmallText | None
		is_spouse: DF.Check
		kind: DF.Literal["Blood", "Marriage"]
		relationship_name: DF.Data
		verified: DF.Check
	# end: auto-generated types
	pass
