import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate

from kpu_etik.complaints import append_log
from kpu_etik.core.complaints import check_summons, may_decide_in_absentia
from kpu_etik.core.errors import RuleError


class ComplaintHearing(Document):
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
	outcomes = frappe.db.sql_list(
		"""select s.outcome from `tabHearing Summons` s join `tabComplaint Hearing` h on h.name = s.parent
		where h.complaint = %s and s.official = %s and s.party_type = 'Respondent' and ifnull(s.outcome, '') != ''
		order by h.hearing_date, s.idx""",
		(complaint, official),
	)
	ignored = cint(frappe.db.get_single_value("KPU Etik Settings", "ignored_summonses")) or 2
	return may_decide_in_absentia(outcomes, ignored=ignored)
