import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from kpu_etik.supervision.meetings import DEFAULT_CHECKLIST, refresh_visit_state


class SupervisionVisit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from kpu_etik.supervision.doctype.visit_checklist_item.visit_checklist_item import VisitChecklistItem

		checklist: DF.Table[VisitChecklistItem]
		complaint: DF.Link | None
		findings: DF.Text | None
		held_on: DF.Date | None
		planned_on: DF.Date
		region: DF.Link | None
		reported: DF.Check
		visit_kind: DF.Literal["Monitoring", "Supervisi", "Evaluasi"]
		visit_state: DF.Literal["", "Planned", "Due", "Held", "Late", "Missed", "Overdue"]
		visited_body: DF.Link
		visitor: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.region = frappe.db.get_value("Ad Hoc Body", self.visited_body, "region")
		if self.held_on and getdate(self.held_on) > getdate(today()):
			frappe.throw(_("A visit cannot be held in the future."))
		if self.reported and not self.held_on:
			frappe.throw(_("Record the date the visit was held before filing its report."))
		if self.is_new() and not self.checklist:
			for item, principle in DEFAULT_CHECKLIST:
				self.append("checklist", {"item": item, "principle": principle})
		refresh_visit_state(self)
