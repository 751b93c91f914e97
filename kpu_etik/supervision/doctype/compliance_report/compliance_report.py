from frappe.model.document import Document


class ComplianceReport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		pages: DF.Int
		period_end: DF.Date | None
		period_key: DF.Data | None
		period_start: DF.Date | None
		region: DF.Link | None
		report_file: DF.Attach | None
		sections: DF.Int
		settings: DF.Link
		sha256: DF.Data | None
	# end: auto-generated types
	pass
