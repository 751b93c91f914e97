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
		preload_home_widgets(bootinfo, workspace)


# The workspace parts whose definitions the Desk fetches one by one (frappe.model.with_doc).
HOME_WIDGETS = (
	("Number Card", "number_cards", "number_card_name"),
	("Dashboard Chart", "charts", "chart_name"),
	("Custom HTML Block", "custom_blocks", "custom_block_name"),
)


def preload_home_widgets(bootinfo, workspace):
	"""The home workspace's cards, charts and blocks, sent with the boot.

	Frappe v15 draws each widget of a workspace only after a ``form.load.getdoc`` of its definition:
	six requests, queued behind each other, before the home shows a number. Definitions already in
	the boot's ``docs`` (synced into ``locals``) and marked in ``kpu_etik_preloaded`` (which
	public/js/home_widgets.js enters as their docinfo) are taken by ``frappe.model.with_doc`` without
	a request. Only what the user may read is sent. Re-check on an upgrade: that the number card,
	chart and custom block widgets still load through ``with_doc``, and that it still skips the
	request when ``locals`` and ``docinfo`` hold the document."""
	preloaded = []
	for doctype, table, field in HOME_WIDGETS:
		for row in workspace.get(table) or ():
			name = row.get(field)
			if not name or not frappe.db.exists(doctype, name):
				continue
			doc = frappe.get_cached_doc(doctype, name)
			if doc.has_permission("read"):
				bootinfo.docs.append(doc.as_dict())
				preloaded.append([doctype, name])
	bootinfo.kpu_etik_preloaded = preloaded
