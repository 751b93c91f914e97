from frappe.model.document import Document


class CodeArticle(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		article: DF.Data
		principle: DF.Literal["Integritas", "Profesionalitas", "Sumpah/Janji"]
		summary: DF.SmallText | None
		title: DF.Data | None
		verified: DF.Check
	# end: auto-generated types
	pass
