import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from kpu_etik.meetings import DEFAULT_CHECKLIST, refresh_visit_state


class SupervisionVisit(Document):
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
