"""Correction: background jobs and bench commands in the site's language (System Settings).

Frappe v15 starts a job or a command with ``frappe.local.lang`` from the site config, "en" when it
has none, so the scheduled compliance reports were built with English headings and sections on an
Indonesian site. A ``before_job`` hook and the app's commands call ``speak_the_site_language``.
"""

import frappe

from kpu_etik.overrides.base import Correction


def speak_the_site_language(*args, **kwargs):
	"""`before_job`, and the app's commands: the System Settings language, not English."""
	frappe.local.lang = frappe.db.get_default("lang") or frappe.local.lang


def install():
	"""Nothing to install: `speak_the_site_language` is a `before_job` hook."""


def check() -> str | None:
	hooks = frappe.get_hooks("before_job") or []
	if f"{__name__}.speak_the_site_language" not in hooks:
		return "speak_the_site_language is not a before_job hook"
	return None


CORRECTION = Correction(
	name="site_language",
	frappe_does="Jobs and bench commands run in the site config's language, English when it has none",
	app_needs="Jobs and the app's commands in the System Settings language",
	checked_on=("15.44.2",),
	guards_personal_data=False,
	install=install,
	check=check,
)
