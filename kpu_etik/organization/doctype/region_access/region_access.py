import frappe
from frappe import _
from frappe.model.document import Document

from kpu_etik import rules
from kpu_etik.core.access import ROLES, check_grant_level
from kpu_etik.core.errors import RuleError
from kpu_etik.inputs import accepts, column
from kpu_etik.permissions import assert_can_grant, clear_user_regions


class RegionAccess(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		note: DF.SmallText | None
		region: DF.Link
		role: DF.Link
		user: DF.Link

	# end: auto-generated types
	def validate(self):
		if self.user in ("Administrator", "Guest"):
			frappe.throw(
				_("Region access is granted to named staff and members, not to {0}.").format(self.user)
			)
		level = frappe.db.get_value("Region", self.region, "level")
		try:
			check_grant_level(self.role, level)
		except RuleError as exc:
			rules.throw(exc, title=_("Wrong Level"))
		if not self.flags.ignore_grant_check:
			assert_can_grant(self.user, self.role, self.region)
			if not self.is_new():
				# a grant edited into another is taking the old one too
				before = self.get_doc_before_save()
				if before:
					assert_can_grant(before.user, before.role, before.region)
		duplicate = frappe.db.get_value(
			"Region Access",
			{"user": self.user, "role": self.role, "region": self.region, "name": ("!=", self.name)},
		)
		if duplicate:
			frappe.throw(_("{0} already has this role at this region ({1}).").format(self.user, duplicate))

	def on_update(self):
		set_role(self.user, self.role, True)
		clear_user_regions(self.user)

	def on_trash(self):
		if not self.flags.ignore_grant_check:
			assert_can_grant(self.user, self.role, self.region)
		still_granted = frappe.db.exists(
			"Region Access", {"user": self.user, "role": self.role, "name": ("!=", self.name)}
		)
		if not still_granted and frappe.db.exists("User", self.user):
			set_role(self.user, self.role, False)
		clear_user_regions(self.user)


def set_role(user: str, role: str, present: bool):
	"""Give or take a role. A portal role is written as its Has Role row: User.save() in Frappe v15
	clears the whole site cache every time (User.validate -> ask_pass_update -> a global default),
	which opening accounts for a kecamatan's members one after another would repeat for every
	member. A portal role changes nothing else on the account (no desk access); a desk role can turn
	a website user into a system user, so it goes through User.save()."""
	held = {"parent": user, "parenttype": "User", "parentfield": "roles", "role": role}
	if bool(frappe.db.exists("Has Role", held)) == present:
		return
	# The user's roles are cached: a change undone by a rollback must not stay in the cache.
	frappe.db.after_rollback.add(lambda: frappe.clear_cache(user=user))
	if ROLES.get(role, (None, True))[1]:
		account = frappe.get_doc("User", user)
		account.flags.ignore_permissions = True
		if present and role in ROLES:
			# The same save gives KPU staff the app's sidebar (install.ensure_module_profile).
			give_module_profile(account)
		account.add_roles(role) if present else account.remove_roles(role)
		return
	if present:
		row = frappe.new_doc("Has Role", parent_doc=frappe.get_doc("User", user), parentfield="roles")
		row.role = role
		row.idx = (frappe.db.count("Has Role", {"parent": user, "parenttype": "User"}) or 0) + 1
		row.db_insert()
	else:
		frappe.db.delete("Has Role", held)
	frappe.clear_cache(user=user)


@frappe.whitelist()
@accepts(note=column("Region Access", "note"))
def grant_region_role(user: str, role: str, region: str, note: str | None = None) -> str:
	"""Desk action and bench command: give a user a role over a region's subtree."""
	for label, value, doctype in (
		(_("User"), user, "User"),
		(_("Role"), role, "Role"),
		(_("Region"), region, "Region"),
	):
		if not value or not frappe.db.exists(doctype, value):
			frappe.throw(_("{0} {1} does not exist.").format(label, frappe.bold(value or "-")))
	existing = frappe.db.get_value("Region Access", {"user": user, "role": role, "region": region})
	if existing:
		return existing
	grant = frappe.get_doc(
		{"doctype": "Region Access", "user": user, "role": role, "region": region, "note": note}
	)
	grant.insert()
	return grant.name


def give_module_profile(account):
	"""KPU staff see only the app's workspaces: its Module Profile, unless the account has a profile
	of its own or is a System Manager (User.validate copies the profile's blocked modules)."""
	from kpu_etik.install import MODULE_PROFILE

	if account.module_profile or not frappe.db.exists("Module Profile", MODULE_PROFILE):
		return
	if "System Manager" in {row.role for row in account.roles}:
		return
	account.module_profile = MODULE_PROFILE
