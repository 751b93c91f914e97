import frappe
from frappe import _

from kpu_etik.portal import home

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/member-portal"
		raise frappe.Redirect
	body = frappe.form_dict.get("body")
	if body is not None and not isinstance(body, str):
		frappe.throw(_("You can only see your own body and the bodies below it."), frappe.PermissionError)
	context.update(home(body=body or None))
	context.title = context.body.body_name if body and context.body else _("Member Portal")
	context.show_sidebar = False
	return context
