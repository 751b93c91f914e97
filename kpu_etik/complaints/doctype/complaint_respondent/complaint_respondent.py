from frappe.model.document import Document


class ComplaintRespondent(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		level: DF.Data | None
		official: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		position_text: DF.Data | None
		region: DF.Link | None
		respondent_name: DF.Data
	# end: auto-generated types
	pass
