from frappe.model.document import Document


class ComplaintEvidence(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.Data | None
		file: DF.Attach
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		sha256: DF.Data | None
	# end: auto-generated types
	pass
