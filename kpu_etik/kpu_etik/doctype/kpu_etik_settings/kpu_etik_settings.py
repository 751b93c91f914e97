import frappe
from frappe import _
from frappe.model.document import Document

from kpu_etik import rules
from kpu_etik.core.access import IDENTITY_ROLES


class KPUEtikSettings(Document):
	def validate(self):
		seen = set()
		for row in self.composition_rules:
			if row.body_type in seen:
				frappe.throw(
					_("Row {0}: {1} has more than one composition rule.").format(row.idx, row.body_type)
				)
			seen.add(row.body_type)
			if int(row.members or 0) < 1 or not 1 <= int(row.ketua or 0) <= int(row.members or 0):
				frappe.throw(
					_(
						"Row {0}: a {1} needs at least one member and between 1 and all of them as ketua."
					).format(row.idx, row.body_type)
				)
		for code in (self.extra_province_codes or "").replace(",", "\n").splitlines():
			if code.strip() and not (len(code.strip()) == 2 and code.strip().isdecimal()):
				frappe.throw(_("{0} is not a two-digit province code.").format(frappe.bold(code.strip())))

	def on_update(self):
		rules.clear_region_caches()
		if self.has_value_changed("two_factor_for_identity_roles"):
			apply_two_factor(bool(self.two_factor_for_identity_roles))


def apply_two_factor(required: bool):
	"""Frappe's own two-factor login, per role: on for the roles that see complainant identity."""
	for role in IDENTITY_ROLES:
		frappe.db.set_value("Role", role, "two_factor_auth", int(required))
	if required and not frappe.db.get_single_value("System Settings", "enable_two_factor_auth"):
		frappe.db.set_single_value("System Settings", "enable_two_factor_auth", 1)
	frappe.clear_cache()
