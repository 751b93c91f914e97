from frappe.model.document import Document


class DeclaredRelative(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		electoral_district: DF.Data | None
		matched_candidate: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		party: DF.Data | None
		relationship: DF.Link
		relative_name: DF.Data
		relative_nik: DF.Data | None
		relative_role: DF.Literal[
			"",
			"Calon DPR",
			"Calon DPD",
			"Calon DPRD Provinsi",
			"Calon DPRD Kabupaten/Kota",
			"Tim Kampanye",
			"Peserta Pemilu",
		]
	# end: auto-generated types
	pass
