import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime


class ConflictReviewItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		candidate: DF.Link | None
		candidate_name: DF.Data | None
		decided_by: DF.Link | None
		decided_on: DF.Datetime | None
		decision_note: DF.SmallText | None
		evidence: DF.SmallText | None
		kind: DF.Literal["Same NIK", "Same KK", "Similar Name", "Organizer Spouse"]
		official: DF.Link
		official_name: DF.Data | None
		other_official: DF.Link | None
		region: DF.Link | None
		review_key: DF.Data | None
		score: DF.Float
		status: DF.Literal["Open", "Confirmed Conflict", "Not a Conflict"]

	# end: auto-generated types
	def validate(self):
		self.region = frappe.db.get_value("Official", self.official, "region")
		if self.has_value_changed("status") and self.status in ("Confirmed Conflict", "Not a Conflict"):
			if not self.decision_note:
				frappe.throw(_("Please write why this item is confirmed or dismissed."))
			self.decided_by = frappe.session.user
			self.decided_on = now_datetime()
