import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from kpu_etik import rules
from kpu_etik.core.errors import RuleError
from kpu_etik.core.sanctions import check_sanction_dates, overlapping_suspension
from kpu_etik.sanctions.sanctioning import EFFECTS, apply_effects, proposed_type


class Sanction(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		complaint: DF.Link | None
		decided_by_body: DF.Data | None
		effect: DF.Data | None
		effective_from: DF.Date
		end_reason: DF.SmallText | None
		ended_on: DF.Date | None
		guidance_by: DF.Data | None
		guidance_done_on: DF.Date | None
		guidance_due: DF.Date | None
		letter_date: DF.Date
		letter_file: DF.Attach | None
		letter_file_hash: DF.Data | None
		letter_hash: DF.Data | None
		letter_number: DF.Data
		official: DF.Link
		official_name: DF.Data | None
		proposed_type: DF.Data | None
		region: DF.Link | None
		sanction_type: DF.Link
		signed_by: DF.Data | None
		signed_on: DF.Datetime | None
		until: DF.Date | None
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.region = frappe.db.get_value("Official", self.official, "region")
		if self.complaint:
			stage, respondents = (
				frappe.db.get_value("Complaint", self.complaint, "workflow_state"),
				[r.official for r in frappe.get_doc("Complaint", self.complaint).respondents],
			)
			if stage != "Closed - Proven":
				frappe.throw(
					_("A sanction follows a complaint closed as proven; {0} is {1}.").format(
						self.complaint, _(stage)
					)
				)
			if self.official not in respondents:
				frappe.throw(
					_("{0} is not a respondent of complaint {1}.").format(self.official_name, self.complaint)
				)
		elif not self.decided_by_body:
			frappe.throw(
				_("Link the proven complaint, or name the body that decided elsewhere (such as DKPP).")
			)
		self.effect = frappe.db.get_value("Sanction Type", self.sanction_type, "effect")
		try:
			check_sanction_dates(
				EFFECTS[self.effect],
				getdate(self.effective_from),
				getdate(self.until) if self.until else None,
			)
		except RuleError as exc:
			rules.throw(exc, title=_("Wrong Dates"))
		if self.effect == "Suspension":
			others = frappe.get_all(
				"Sanction",
				filters={
					"official": self.official,
					"effect": "Suspension",
					"docstatus": ("<", 2),
					"workflow_state": ("not in", ("Ended", "Cancelled")),
					"name": ("!=", self.name),
				},
				fields=["effective_from", "until"],
			)
			if overlapping_suspension(
				(getdate(self.effective_from), getdate(self.until)),
				[(getdate(o.effective_from), getdate(o.until)) for o in others if o.until],
			):
				frappe.throw(_("{0} already has a suspension for this period.").format(self.official_name))
		if self.is_new() and not self.proposed_type:
			self.proposed_type = proposed_type(self.official)

	def on_submit(self):
		apply_effects(self.official)

	def before_update_after_submit(self):
		if self.workflow_state == "Ended" and self.has_value_changed("workflow_state"):
			if not self.end_reason:
				frappe.throw(_("Write the decision that lifts this sanction."))
			self.ended_on = today()

	def on_update_after_submit(self):
		apply_effects(self.official)

	def before_cancel(self):
		if not self.end_reason:
			frappe.throw(_("Write why this sanction is cancelled."))

	def on_cancel(self):
		apply_effects(self.official)
