import frappe
from frappe import _

from kpu_etik.supervision.meetings import DEFAULT_CHECKLIST, visitable_bodies

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("Please sign in to record your visits."), frappe.PermissionError)
	context.title = _("My Supervision Visits")
	context.bodies = visitable_bodies()
	context.visits = frappe.get_list(
		"Supervision Visit",
		filters={"visited_body": ("in", [b.name for b in context.bodies] or [""])},
		fields=["name", "visited_body", "planned_on", "held_on", "visit_state", "reported"],
		order_by="planned_on desc",
		limit_page_length=50,
	)
	context.checklist = [item for item, _principle in DEFAULT_CHECKLIST]
	return context
