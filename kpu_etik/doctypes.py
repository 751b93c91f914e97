"""The app's own doctypes (child tables included), read from its modules once per request.

Its own module so that permissions, the overrides of Frappe and the controllers can all ask
"is this one of ours?" without importing each other."""

import frappe


def app_doctypes() -> frozenset[str]:
	"""Every doctype of this app (child tables included), from its modules."""
	cached = getattr(frappe.local, "kpu_etik_doctypes", None)
	if cached is None:
		modules = frappe.get_module_list("kpu_etik")
		cached = frozenset(frappe.get_all("DocType", filters={"module": ("in", modules)}, pluck="name"))
		frappe.local.kpu_etik_doctypes = cached
	return cached
