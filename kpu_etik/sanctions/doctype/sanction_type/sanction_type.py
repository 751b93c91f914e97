from frappe.model.document import Document


class SanctionType(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		effect: DF.Literal["Warning", "Suspension", "Dismissal"]
		rank: DF.Int
		requires_guidance: DF.Check
		sanction_type_name: DF.Data
	# end: auto-generated types
	pass
