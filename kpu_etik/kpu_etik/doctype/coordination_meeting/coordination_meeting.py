import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime

from kpu_etik import rules
from kpu_etik.core.errors import RuleError
from kpu_etik.core.schedules import validate_rule


class CoordinationMeeting(Document):
	def validate(self):
		level = frappe.db.get_value("Region", self.region, "level")
		if level not in ("Nasional", "Provinsi", "Kabupaten/Kota"):
			frappe.throw(
				_("A meeting is organized by a KPU office: choose Indonesia, a provinsi or a kabupaten/kota.")
			)
		if self.ends_on and get_datetime(self.ends_on) < get_datetime(self.starts_on):
			frappe.throw(_("The meeting cannot end before it starts."))
		if self.recurrence_rule:
			try:
				self.recurrence_rule = validate_rule(self.recurrence_rule).lower()
			except RuleError as exc:
				rules.throw(exc, title=_("Recurrence"))
		if self.status == "Held" and self.invitees and not any(row.attended for row in self.invitees):
			frappe.msgprint(_("No invitee is marked as attending."), indicator="orange")
