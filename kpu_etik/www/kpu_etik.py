import frappe
from frappe import _

no_cache = 1


def get_context(context):
	"""The app's public landing page: what a citizen can do without an account, and the way in for
	PPK and PPS members."""
	context.title = _("Code of Ethics of Election Organizers")
	context.publish_sanctions = frappe.db.get_single_value("KPU Etik Settings", "publish_sanctions")
	context.signed_in = frappe.session.user != "Guest"
	return context
