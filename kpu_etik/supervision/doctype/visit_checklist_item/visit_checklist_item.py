from frappe.model.document import Document


class VisitChecklistItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		item: DF.Data
		note: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		principle: DF.Data | None
		result: DF.Literal["", "Compliant", "Not Compliant", "Not Applicable"]
	# end: auto-generated types
	pass
