import frappe
from frappe import _
from frappe.model.document import Document

from kpu_etik import rules
from kpu_etik.core.access import IDENTITY_ROLES


class KPUEtikSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from kpu_etik.kpu_etik.doctype.body_composition_rule.body_composition_rule import BodyCompositionRule
		from kpu_etik.kpu_etik.doctype.eligibility_check.eligibility_check import EligibilityCheck

		case_number_pattern: DF.Data | None
		clarification_days: DF.Int
		composition_rules: DF.Table[BodyCompositionRule]
		eligibility_checks: DF.Table[EligibilityCheck]
		examination_days: DF.Int
		extra_province_codes: DF.SmallText | None
		filing_days: DF.Int
		ignored_summonses: DF.Int
		meeting_reminder_days: DF.Int
		plenary_days: DF.Int
		publish_sanctions: DF.Check
		summons_min_days: DF.Int
		two_factor_for_identity_roles: DF.Check
		verification_days: DF.Int
		warn_days_before: DF.Int

	# end: auto-generated types
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
