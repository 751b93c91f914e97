from frappe.model.document import Document


class ComplaintExaminer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		official: DF.Link
		official_name: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		team_role: DF.Literal["Ketua", "Anggota"]
	# end: auto-generated types
	pass
