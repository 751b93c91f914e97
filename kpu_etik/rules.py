"""Bridge from the framework-free core to Frappe: translated errors, warnings and settings."""

import frappe
from frappe import _

from kpu_etik.core.bodies import DEFAULT_COMPOSITION, CompositionRule
from kpu_etik.core.errors import RuleError, RuleWarning
from kpu_etik.core.officials import DEFAULT_ELIGIBILITY, EligibilityCheck


def throw(exc: RuleError, title: str | None = None):
	"""Raise a core rule violation as a translated ValidationError (no traceback for the user)."""
	frappe.throw(_(exc.template).format(*exc.args), title=title or _("Not Allowed"))


def warn(warning: RuleWarning):
	frappe.msgprint(
		_(warning.template).format(*warning.args), title=_("Please check"), indicator="orange", alert=False
	)


def known_provinces() -> set[str]:
	"""Province codes a NIK may start with: today's provinces plus configured historical codes."""

	def load():
		codes = set(frappe.get_all("Region", filters={"level": "Provinsi"}, pluck="name"))
		extra = frappe.db.get_single_value("KPU Etik Settings", "extra_province_codes") or ""
		codes.update(c.strip() for c in extra.replace(",", "\n").splitlines() if c.strip())
		return sorted(codes)

	return set(frappe.cache.get_value("kpu_etik:known_provinces", load))


def clear_region_caches():
	frappe.cache.delete_value("kpu_etik:known_provinces")


def region_codes_exist(codes) -> set[str]:
	codes = [c for c in codes if c]
	if not codes:
		return set()
	return set(frappe.get_all("Region", filters={"name": ("in", codes)}, pluck="name"))


def composition_rule(body_type: str) -> CompositionRule:
	rows = frappe.get_cached_doc("KPU Etik Settings").get("composition_rules") or []
	for row in rows:
		if row.body_type == body_type:
			return CompositionRule(body_type, row.members, row.ketua)
	return DEFAULT_COMPOSITION[body_type]


def eligibility_checks() -> list[EligibilityCheck]:
	rows = frappe.get_cached_doc("KPU Etik Settings").get("eligibility_checks")
	if not rows:
		return list(DEFAULT_ELIGIBILITY)
	return [
		EligibilityCheck(
			row.check,
			row.effect,
			years=row.years or None,
			body_types=tuple(t.strip() for t in (row.body_types or "").split(",") if t.strip()),
			verified=bool(row.verified),
			enabled=bool(row.enabled),
		)
		for row in rows
	]
