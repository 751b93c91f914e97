import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime

from kpu_etik.core import retention
from kpu_etik.emails import BREACH_AUTHORITY, BREACH_PERSON


class DataBreach(Document):
	"""A personal data breach: found, scoped from the identity access log, notified within 3 x 24
	hours (kpu_etik.privacy.breaches), closed."""

	def validate(self):
		self.notify_due = retention.notify_due(get_datetime(self.found_on))
		if (self.window_start or self.window_end) and not retention.window_valid(
			get_datetime(self.window_start) if self.window_start else None,
			get_datetime(self.window_end) if self.window_end else None,
		):
			frappe.throw(_("The window of the reads needs both ends, and its start before its end."))
		self.people_template = self.people_template or BREACH_PERSON
		self.authority_template = self.authority_template or BREACH_AUTHORITY
		if self.authority_email:
			frappe.utils.validate_email_address(self.authority_email, throw=True)
