"""What the Desk is told when a session starts (the ``boot_session`` hook)."""

import frappe

from kpu_etik.core.access import home_workspace


def land_on_home_workspace(bootinfo):
	"""A KPU user who has not chosen a workspace of their own lands on their level's.

	Frappe v15 sends the Desk to ``User.default_workspace``, else the user's private home, else a
	public "Home", else the first workspace in the sidebar (for KPU users, the flat *KPU Etik* one).
	Setting the field on each user would be a User save (which clears the whole site cache), so the
	boot's copy is set instead. Re-check on a Frappe upgrade: that ``router.js`` still reads
	``frappe.boot.user.default_workspace`` as {name, public, title}."""
	user = bootinfo.get("user")
	if user is None or user.get("default_workspace"):
		return
	name = home_workspace(frappe.get_roles())
	if name and frappe.db.exists("Workspace", name):
		workspace = frappe.get_cached_doc("Workspace", name)
		user["default_workspace"] = {
			"name": workspace.name,
			"public": workspace.public,
			"title": workspace.title,
		}
