import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime

from kpu_etik import rules
from kpu_etik.core.errors import RuleError
from kpu_etik.core.schedules import validate_rule


class CoordinationMeeting(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from kpu_etik.supervision.doctype.meeting_follow_up.meeting_follow_up import MeetingFollowUp
		from kpu_etik.supervision.doctype.meeting_invitee.meeting_invitee import MeetingInvitee

		body_level: DF.Literal["PPK", "PPS", "KPPS", "PPK and PPS", "All"]
		ends_on: DF.Datetime | None
		follow_ups: DF.Table[MeetingFollowUp]
		invitees: DF.Table[MeetingInvitee]
		meeting_type: DF.Literal["Rakor", "Bimtek", "Sosialisasi"]
		minutes: DF.TextEditor | None
		participant_count: DF.Int
		place: DF.Data | None
		recurrence_rule: DF.Data | None
		region: DF.Link
		repeat_until: DF.Date | None
		series_of: DF.Link | None
		speakers: DF.SmallText | None
		starts_on: DF.Datetime
		status: DF.Literal["Planned", "Held", "Cancelled"]
		topic: DF.Data

	# end: auto-generated types
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
				self.recurrence_rule = validate_rule(self.recurrence_rule)
			except RuleError as exc:
				rules.throw(exc, title=_("Recurrence"))
		if self.status == "Held" and self.invitees and not any(row.attended for row in self.invitees):
			frappe.msgprint(_("No invitee is marked as attending."), indicator="orange")
