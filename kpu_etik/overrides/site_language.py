"""Correction: background jobs, bench commands and guests in the site's language (System Settings).

Frappe v15 starts a job or a command with ``frappe.local.lang`` from the site config, "en" when it
has none, so the scheduled compliance reports were built with English headings and sections on an
Indonesian site. A ``before_job`` hook and the app's commands call ``speak_the_site_language``.

For a guest, Frappe v15 takes the language from the browser's Accept-Language header
(``frappe.translate.get_language``), so a citizen whose phone is set to English, or any browser without
an Indonesian locale, met the public pages and their error messages in English. A ``before_request``
hook speaks the site's language to guests, unless the guest chose one (``_lang``, or Frappe's
``preferred_language`` cookie).
"""

import frappe

from kpu_etik.overrides.base import Correction


def speak_the_site_language(*args, **kwargs):
	"""`before_job`, and the app's commands: the System Settings language, not English."""
	frappe.local.lang = frappe.db.get_default("lang") or frappe.local.lang


def speak_to_guests_in_the_site_language():
	"""`before_request`: a guest hears the site's language, not their browser's."""
	if frappe.session.user != "Guest" or frappe.form_dict.get("_lang"):
		return
	if frappe.request and frappe.request.cookies.get("preferred_language"):
		return
	frappe.local.lang = frappe.db.get_default("lang") or frappe.local.lang


def install():
	"""Nothing to install: `speak_the_site_language` is a `before_job` hook."""


def check() -> str | None:
	hooks = frappe.get_hooks("before_job") or []
	if f"{__name__}.speak_the_site_language" not in hooks:
		return "speak_the_site_language is not a before_job hook"
	if f"{__name__}.speak_to_guests_in_the_site_language" not in (frappe.get_hooks("before_request") or []):
		return "speak_to_guests_in_the_site_language is not a before_request hook"
	return None


CORRECTION = Correction(
	name="site_language",
	frappe_does=(
		"Jobs and bench commands run in the site config's language, English when it has none; guests get"
		" their browser's language"
	),
	app_needs="Jobs, the app's commands and guests in the System Settings language",
	checked_on=("15.44.2",),
	guards_personal_data=False,
	install=install,
	check=check,
)
