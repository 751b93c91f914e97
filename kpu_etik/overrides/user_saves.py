"""Correction: a User save no longer clears the whole site cache.

Frappe v15's `User.validate` calls `ask_pass_update`, which rewrites the global default
`email_user_password` on every save, changed or not. Writing a global default takes a row lock on
`tabDefaultValue` (`SELECT ... FOR UPDATE`) and ends in `frappe.clear_cache()`, which deletes every
Redis key of the site: seating members on the portal (a User each, 290,000 for the nation) made
every web worker and job rebuild every doctype's meta, the boot and the workspaces after each
account, and made all those saves wait on one row.
"""

import frappe

from kpu_etik.overrides.base import Correction, looks_up


def install():
	"""`before_request` / `before_job`: User.validate finds `ask_pass_update` in its module at call time."""
	from frappe.core.doctype.user import user

	user.ask_pass_update = ask_pass_update


def check() -> str | None:
	from frappe.core.doctype.user import user

	if user.ask_pass_update is not ask_pass_update:
		return "frappe.core.doctype.user.user.ask_pass_update is not the app's"
	if not looks_up(user.User.validate, "ask_pass_update", user):
		return "User.validate no longer calls ask_pass_update from its module"
	return None


def ask_pass_update():
	"""Replaces `frappe.core.doctype.user.user.ask_pass_update`: the default is written (and the
	site cache cleared) only when the list of users awaiting an email password has changed.
	Re-check on upgrade: that `User.validate` still calls `ask_pass_update()` and what it writes."""
	awaiting = frappe.get_all(
		"User Email", filters={"awaiting_password": 1, "used_oauth": 0}, pluck="parent", distinct=True
	)
	value = ",".join(awaiting)
	if (frappe.db.get_default("email_user_password") or "") != value:
		frappe.db.set_default("email_user_password", value)


CORRECTION = Correction(
	name="user_saves",
	frappe_does="Every User save rewrites a global default (ask_pass_update), which clears the whole site cache",
	app_needs="The default written, and the cache cleared, only when the users awaiting an email password change",
	checked_on=("15.44.2",),
	guards_personal_data=False,
	install=install,
	check=check,
)
