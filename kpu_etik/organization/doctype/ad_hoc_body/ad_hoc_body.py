import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from kpu_etik import rules
from kpu_etik.core.bodies import (
	TERM_ENDED,
	body_id,
	body_title,
	check_body_placement,
	composition_problems,
	seat_count,
	shown_status,
)
from kpu_etik.core.errors import RuleError
from kpu_etik.core.officials import SEATED_STATUSES


class AdHocBody(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		body_name: DF.Data | None
		body_type: DF.Literal["", "PPK", "PPS", "KPPS"]
		ketua_count: DF.Int
		member_count: DF.Int
		needs_replacement: DF.Check
		parent_body: DF.Link | None
		period_end: DF.Date
		period_start: DF.Date
		polling_station: DF.Link | None
		region: DF.Link | None
		required_members: DF.Int
		seat_gaps: DF.Int
		status: DF.Literal["Forming", "Active", "Dissolved"]

	# end: auto-generated types
	def onload(self):
		# The form's indicator (ad_hoc_body_list.js) reads the term as the server does.
		self.set_onload(
			"term_ended", shown_status(self.status, getdate(self.period_end), getdate()) == TERM_ENDED
		)

	def autoname(self):
		place = self.polling_station if self.body_type == "KPPS" else self.region
		self.name = body_id(self.body_type, place, getdate(self.period_start).year)

	def validate(self):
		if not self.is_new():
			for field in ("body_type", "region", "polling_station"):
				if self.has_value_changed(field):
					frappe.throw(
						_(
							"{0} cannot be changed once the body exists; dissolve it and form a new one."
						).format(_(self.meta.get_label(field)))
					)
		if self.body_type == "KPPS":
			if not self.polling_station:
				frappe.throw(_("A KPPS needs its polling station (TPS)."))
			self.region = frappe.db.get_value("Polling Station", self.polling_station, "region")
		elif self.polling_station:
			frappe.throw(_("Only a KPPS sits on a polling station."))
		if not self.region:
			frappe.throw(_("Please choose the region of this body."))
		if getdate(self.period_end) < getdate(self.period_start):
			frappe.throw(_("The period cannot end before it starts."))
		self.check_placement()
		self.set_body_name()
		self.refresh_composition()
		if self.status == "Active" and (self.is_new() or self.has_value_changed("status")):
			problems = composition_problems(rules.composition_rule(self.body_type), self.seated_positions())
			if problems:
				frappe.throw(
					"<br>".join(_(p.template).format(*p.args) for p in problems),
					title=_("The body is not complete"),
				)

	def check_placement(self):
		region_level = frappe.db.get_value("Region", self.region, "level")
		parent_type = parent_region = None
		if self.parent_body:
			parent_type, parent_region = frappe.db.get_value(
				"Ad Hoc Body", self.parent_body, ["body_type", "region"]
			) or (None, None)
		try:
			check_body_placement(self.body_type, self.region, region_level, parent_type, parent_region)
		except RuleError as exc:
			rules.throw(exc, title=_("Wrong Placement"))

	def set_body_name(self):
		region_name = frappe.db.get_value("Region", self.region, "region_name")
		number = None
		if self.body_type == "KPPS":
			number = frappe.db.get_value("Polling Station", self.polling_station, "tps_number")
		self.body_name = body_title(self.body_type, region_name, number)

	def seated_positions(self) -> list[str]:
		if self.is_new():
			return []
		return frappe.get_all(
			"Official",
			filters={"ad_hoc_body": self.name, "status": ("in", SEATED_STATUSES)},
			pluck="position",
		)

	def refresh_composition(self):
		seats = seat_count(rules.composition_rule(self.body_type), self.status, self.seated_positions())
		self.required_members = seats.required
		self.member_count = seats.members
		self.ketua_count = seats.ketua
		self.needs_replacement = int(seats.needs_replacement)


def refresh_body_composition(body_name: str):
	"""Recount a body's seats after a member joins, leaves or changes status."""
	if not body_name or not frappe.db.exists("Ad Hoc Body", body_name):
		return
	body = frappe.get_doc("Ad Hoc Body", body_name)
	body.refresh_composition()
	body.db_set(
		{
			"member_count": body.member_count,
			"ketua_count": body.ketua_count,
			"required_members": body.required_members,
			"needs_replacement": body.needs_replacement,
		},
		update_modified=False,
	)
