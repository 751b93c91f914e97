import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import getseries
from frappe.utils import cint, getdate, today

from kpu_etik import rules
from kpu_etik.complaints.handling import append_log, deadline_for, file_content, holidays
from kpu_etik.core.case_log import file_sha256
from kpu_etik.core.complaints import (
	DEFAULT_CASE_NUMBER_PATTERN,
	HANDLER_KABKOTA,
	SET_ASIDE,
	check_examination_team,
	check_set_aside,
	check_transition,
	days_late,
	format_case_number,
	handling_region,
	is_filed_late,
	new_receipt_code,
	receipt_code_hash,
	route_complaint,
)
from kpu_etik.core.errors import RuleError
from kpu_etik.identity_log import LogsIdentityReads
from kpu_etik.kinship.screening import RELATIVES

FINAL_STAGES = ("Rejected", "Closed - Proven", "Closed - Not Proven", "Forwarded")


class Complaint(LogsIdentityReads, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from kpu_etik.complaints.doctype.complaint_article.complaint_article import ComplaintArticle
		from kpu_etik.complaints.doctype.complaint_evidence.complaint_evidence import ComplaintEvidence
		from kpu_etik.complaints.doctype.complaint_examiner.complaint_examiner import ComplaintExaminer
		from kpu_etik.complaints.doctype.complaint_respondent.complaint_respondent import ComplaintRespondent

		anonymous: DF.Check
		articles: DF.Table[ComplaintArticle]
		aware_on: DF.Date | None
		case_number: DF.Data | None
		chronology: DF.Text
		complainant_address: DF.SmallText | None
		complainant_contact: DF.Data | None
		complainant_name: DF.Data | None
		complainant_nik: DF.Data | None
		decision_summary: DF.Text | None
		duplicate_of: DF.Link | None
		escalated: DF.Check
		evidence: DF.Table[ComplaintEvidence]
		examiners: DF.Table[ComplaintExaminer]
		filed_late: DF.Check
		filed_on: DF.Date
		forwarding_outcome: DF.SmallText | None
		forwarding_reference: DF.Data | None
		incident_date: DF.Date | None
		incident_place: DF.Data | None
		log_head: DF.Data | None
		plenary_attendance: DF.SmallText | None
		plenary_date: DF.Date | None
		receipt_code_hash: DF.Data | None
		received_via: DF.Literal["Public Portal", "Paper", "In Person", "Internal Supervision"]
		region: DF.Link | None
		rejection_reason: DF.SmallText | None
		respondents: DF.Table[ComplaintRespondent]
		route: DF.Literal["KPU Kabupaten/Kota", "DKPP", "ASN"]
		set_aside_as: DF.Literal["", "Spam", "Duplicate"]
		set_aside_note: DF.SmallText | None
		source: DF.Literal["Laporan", "Temuan"]
		stage_deadline: DF.Date | None
		stage_entered_on: DF.Date | None
		supervision_visit: DF.Link | None
		workflow_state: DF.Link | None

	# end: auto-generated types
	def onload(self):
		# The form marks a late stage (complaint.js) by the same rule as the home's late lists.
		late = days_late(
			self.workflow_state, getdate(self.stage_deadline) if self.stage_deadline else None, getdate()
		)
		self.set_onload("days_late", late)

	def validate(self):
		try:
			self.set_respondents_and_route()
			self.check_filing_window()
		except RuleError as exc:
			rules.throw(exc)
		self.hash_evidence()
		self.check_stage_change()
		if self.is_new():
			self.stage_entered_on = self.stage_entered_on or self.filed_on or today()
			self.stage_deadline = deadline_for("Administrative Verification", self.stage_entered_on)
			self.case_number = self.case_number or self.next_case_number()

	def set_respondents_and_route(self):
		if not self.respondents:
			frappe.throw(_("A complaint needs at least one respondent."))
		levels = []
		for row in self.respondents:
			if row.official:
				official = frappe.db.get_value(
					"Official", row.official, ["full_name", "level", "region"], as_dict=True
				)
				row.respondent_name, row.level, row.region = (
					official.full_name,
					official.level,
					official.region,
				)
				levels.append(official.level)
			if not row.region:
				frappe.throw(
					_("Row {0}: choose the region where {1} serves.").format(row.idx, row.respondent_name)
				)
		route = route_complaint(levels) if levels else None
		if route and route.needs_split:
			frappe.throw(
				_("The respondents go different ways ({0}); file a separate complaint for each.").format(
					", ".join(route.groups)
				)
			)
		self.route = route.handler if route else HANDLER_KABKOTA
		regions = [row.region for row in self.respondents]
		if self.route == HANDLER_KABKOTA:
			self.region = handling_region(regions)
		else:
			self.region = regions[0]

	def check_filing_window(self):
		self.filed_late = 0
		if self.aware_on and self.filed_on:
			days = cint(frappe.db.get_single_value("KPU Etik Settings", "filing_days")) or 7
			self.filed_late = int(
				is_filed_late(getdate(self.aware_on), getdate(self.filed_on), holidays(), days=days)
			)

	def hash_evidence(self):
		"""Every evidence file gets its SHA-256 at upload; a stored file is never swapped."""
		previous = {
			row.name: row.file for row in (self.get_doc_before_save() or frappe._dict()).get("evidence") or []
		}
		for row in self.evidence:
			if row.name in previous and previous[row.name] != row.file:
				frappe.throw(
					_("Row {0}: evidence cannot be replaced; add the new file as a new row.").format(row.idx)
				)
			if not row.sha256:
				row.sha256 = file_sha256(file_content(row.file))

	def check_stage_change(self):
		previous = self.get_doc_before_save()
		if not previous or previous.workflow_state == self.workflow_state:
			return
		stage = self.workflow_state
		try:
			check_transition(previous.workflow_state, stage)
		except RuleError as exc:
			rules.throw(exc)
		if stage in ("Clarification", "Forwarded") and any(not row.official for row in self.respondents):
			frappe.throw(_("Link every respondent to their Official record before this step."))
		if stage in ("Clarification", "Examination") and self.route != HANDLER_KABKOTA:
			frappe.throw(
				_("A complaint against KPU members or secretariat staff is forwarded, not examined here.")
			)
		if stage == SET_ASIDE:
			try:
				check_set_aside(self.set_aside_as, self.duplicate_of, self.name)
			except RuleError as exc:
				rules.throw(exc, title=_("Set Aside"))
		if stage == "Rejected" and not self.rejection_reason:
			frappe.throw(_("Write why the complaint is not admissible."))
		if stage == "Forwarded" and not self.forwarding_reference:
			frappe.throw(_("Record the forwarding letter before forwarding."))
		if stage == "Examination":
			self.check_examination_team()
		if stage in ("Closed - Proven", "Closed - Not Proven") and not (
			self.plenary_date and self.decision_summary
		):
			frappe.throw(_("Record the plenary date and its decision before closing."))
		self.stage_entered_on = today()
		# reopened: received again, with the verification's time limit from today
		counted = "Administrative Verification" if stage == "Received" else stage
		self.stage_deadline = None if stage in FINAL_STAGES else deadline_for(counted, self.stage_entered_on)
		self.escalated = 0

	def check_examination_team(self):
		"""Three examiners, one Ketua, none a party, none with a declared family tie with a party."""
		parties = {row.official for row in self.respondents if row.official}
		nik_of = dict(
			frappe.get_all(
				"Official",
				filters={"name": ("in", list(parties) + [e.official for e in self.examiners] or [""])},
				fields=["name", "nik"],
				as_list=True,
			)
		)
		party_by_nik = {nik_of[p]: p for p in parties if nik_of.get(p)}
		if self.complainant_nik:
			party_by_nik[self.complainant_nik] = "complainant"
			parties.add("complainant")
		kin_of = {}
		for examiner in self.examiners:
			declared = set(
				frappe.db.sql_list(
					f"""select r.relative_nik from {RELATIVES}
					where d.official = %s and ifnull(r.relative_nik, '') != ''""",
					examiner.official,
				)
			)
			related = {party_by_nik[nik] for nik in declared if nik in party_by_nik}
			# Or a respondent declared the examiner.
			if nik_of.get(examiner.official):
				related |= set(
					frappe.db.sql_list(
						f"""select d.official from {RELATIVES}
						where r.relative_nik = %s and d.official in %s""",
						(nik_of[examiner.official], list(parties) or [""]),
					)
				)
			kin_of[examiner.official] = related
		try:
			check_examination_team([(e.official, e.team_role) for e in self.examiners], parties, kin_of)
		except RuleError as exc:
			rules.throw(exc, title=_("Examination Team"))

	def next_case_number(self) -> str:
		office = self.region.replace(".", "")
		filed = getdate(self.filed_on or today())
		pattern = (
			frappe.db.get_single_value("KPU Etik Settings", "case_number_pattern")
			or DEFAULT_CASE_NUMBER_PATTERN
		)
		sequence = getseries(f"KPU-CASE-{office}-{filed.year}-", 5)
		try:
			return format_case_number(
				pattern, sequence=int(sequence), office_code=office, month=filed.month, year=filed.year
			)
		except RuleError as exc:
			rules.throw(exc, title=_("Case Number Pattern"))

	def after_insert(self):
		append_log(
			self, "Received", {"case_number": self.case_number, "route": self.route, "source": self.source}
		)
		if not self.receipt_code_hash and self.source == "Laporan":
			# A complaint received on paper or in person gets a receipt code too, shown once to the officer.
			code = new_receipt_code()
			self.db_set("receipt_code_hash", receipt_code_hash(code), update_modified=False)
			frappe.msgprint(
				_(
					"Receipt code for the complainant: {0}. Give it to them now: it is not shown again."
				).format(frappe.bold(code)),
				title=_("Receipt Code"),
			)

	def on_update(self):
		previous = self.get_doc_before_save()
		if not previous:
			return
		if previous.workflow_state != self.workflow_state:
			append_log(
				self,
				"Stage",
				{
					"from": previous.workflow_state,
					"to": self.workflow_state,
					"deadline": str(self.stage_deadline or ""),
					"decision": self.decision_summary if self.workflow_state.startswith("Closed") else None,
					**(
						{"set_aside_as": self.set_aside_as, "duplicate_of": self.duplicate_of}
						if self.workflow_state == SET_ASIDE
						else {}
					),
				},
			)
		known = {row.name for row in previous.evidence}
		for row in self.evidence:
			if row.name not in known:
				append_log(self, "Evidence", {"file": row.file, "sha256": row.sha256})
