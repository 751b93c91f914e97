import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate

from kpu_etik.complaints.handling import append_log
from kpu_etik.core.complaints import check_summons, may_decide_in_absentia
from kpu_etik.core.errors import RuleError


class ComplaintHearing(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from kpu_etik.complaints.doctype.hearing_summons.hearing_summons import HearingSummons

		complaint: DF.Link
		hearing_date: DF.Date
		minutes: DF.TextEditor | None
		place: DF.Data | None
		region: DF.Link | None
		summonses: DF.Table[HearingSummons]

	# end: auto-generated types
	def validate(self):
		self.region = frappe.db.get_value("Complaint", self.complaint, "region")
		days = cint(frappe.db.get_single_value("KPU Etik Settings", "summons_min_days")) or 5
		for row in self.summonses:
			if row.party_type == "Complainant" and (row.person_name or "").strip():
				# Only the intake officer may know who complained; a name here would be read by every
				# legal officer of the region.
				frappe.throw(
					_(
						"Row {0}: leave the name empty for the complainant. The complainant's identity is kept only on the complaint, where the intake officer reads it."
					).format(row.idx)
				)
			try:
				check_summons(getdate(self.hearing_date), getdate(row.sent_on), min_days=days)
			except RuleError as exc:
				frappe.throw(
					_("Row {0} ({1}): {2}").format(
						row.idx, row.person_name, _(exc.template).format(*exc.args)
					)
				)

	def on_update(self):
		append_log(
			frappe.get_doc("Complaint", self.complaint),
			"Hearing",
			{"hearing": self.name, "date": str(self.hearing_date), "summonses": len(self.summonses)},
		)


def respondent_may_be_decided_in_absentia(complaint: str, official: str) -> bool:
	"""After the configured number of ignored summonses (default two) the plenary may decide without them."""
	summons, hearing = frappe.qb.DocType("Hearing Summons"), frappe.qb.DocType("Complaint Hearing")
	outcomes = (
		frappe.qb.from_(summons)
		.join(hearing)
		.on(hearing.name == summons.parent)
		.select(summons.outcome)
		.where(
			(hearing.complaint == complaint)
			& (summons.official == official)
			& (summons.party_type == "Respondent")
			& (summons.outcome.isnotnull())
			& (summons.outcome != "")
		)
		.orderby(hearing.hearing_date)
		.orderby(summons.idx)
		.run(pluck=True)
	)
	ignored = cint(frappe.db.get_single_value("KPU Etik Settings", "ignored_summonses")) or 2
	return may_decide_in_absentia(outcomes, ignored=ignored)
