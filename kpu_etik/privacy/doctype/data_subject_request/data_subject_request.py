import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from kpu_etik import rules
from kpu_etik.core import retention
from kpu_etik.core.errors import RuleError
from kpu_etik.core.nik import parse_nik, plain_number


class DataSubjectRequest(Document):
	"""A person's request about their own data, answered within 3 x 24 hours (UU 27/2022); the file,
	the correction and the erasure are made by kpu_etik.privacy.requests."""

	def validate(self):
		self.answer_due = retention.answer_due(get_datetime(self.received_on))
		if self.requester_nik:
			self.requester_nik = plain_number(self.requester_nik)
			try:
				parse_nik(self.requester_nik, known_provinces=rules.known_provinces())
			except RuleError as exc:
				rules.throw(exc, title=_("NIK"))
		if self.refusal_ground and self.request_type not in ("Erasure", "Restriction", "Objection"):
			frappe.throw(_("Only an erasure, a restriction or an objection is refused on an exception."))
		if self.status == "Refused" and not self.refusal_ground:
			frappe.throw(_("Say which exception of the law the refusal relies on."))
		if self.status in ("Answered", "Refused"):
			if not (self.answer or "").strip():
				frappe.throw(_("Write the answer given to the person."))
			self.answered_on = self.answered_on or now_datetime()
		if not self.handled_by:
			self.handled_by = frappe.session.user
