import frappe
from frappe import _
from frappe.model.document import Document

from kpu_etik import rules
from kpu_etik.core.access import check_grant_level
from kpu_etik.core.errors import RuleError
from kpu_etik.permissions import assert_can_grant, clear_user_regions


class RegionAccess(Document):
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
			assert_can_grant(self.role, self.region)
		duplicate = frappe.db.get_value(
			"Region Access",
			{"user": self.user, "role": self.role, "region": self.region, "name": ("!=", self.name)},
		)
		if duplicate:
			frappe.throw(_("{0} already has this role at this region ({1}).").format(self.user, duplicate))

	def on_update(self):
		user = frappe.get_doc("User", self.user)
		if self.role not in frappe.get_roles(self.user):
			user.flags.ignore_permissions = True
			user.add_roles(self.role)
		clear_user_regions(self.user)

	def on_trash(self):
		if not self.flags.ignore_grant_check:
			assert_can_grant(self.role, self.region)
		still_granted = frappe.db.exists(
			"Region Access", {"user": self.user, "role": self.role, "name": ("!=", self.name)}
		)
		if not still_granted and frappe.db.exists("User", self.user):
			user = frappe.get_doc("User", self.user)
			user.flags.ignore_permissions = True
			user.remove_roles(self.role)
		clear_user_regions(self.user)


@frappe.whitelist()
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
