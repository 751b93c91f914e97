"""Correction: the Administrator's error responses keep Frappe's traceback on a KPU site.

A KPU site turns System Settings → Allow Error Traceback off (`install.complete_site_setup`), so that
no guest, member or officer reads a Python traceback in an error response. Frappe v15 has one switch
for everybody: the Administrator lost `exc` and `exception` too (Frappe's own
`TestMethodAPI.test_logs` and `TestMethodAPIV2.test_logs` fail on such a site). ``install()`` wraps
``frappe.get_system_settings`` so that "allow_error_traceback" reads as on in the Administrator's own
session only; everyone else, System Managers included, gets the site's setting.
"""

import frappe

from kpu_etik.overrides.base import Correction, is_ours, looks_up

SETTING = "allow_error_traceback"


def install():
	if getattr(frappe.get_system_settings, "_kpu_etik_traceback", False):
		return
	original = frappe.get_system_settings

	def get_system_settings(key):
		value = original(key)
		if key == SETTING and not value and is_administrator():
			return 1
		return value

	get_system_settings._kpu_etik_traceback = True
	frappe.get_system_settings = get_system_settings


def is_administrator() -> bool:
	session = getattr(frappe.local, "session", None)
	return getattr(session, "user", None) == "Administrator"


def check() -> str | None:
	from frappe import app
	from frappe.utils import response

	if not is_ours(frappe.get_system_settings, "_kpu_etik_traceback"):
		return "frappe.get_system_settings is not the app's wrapper"
	# the JSON error (v1 and v2), its logs, and the HTML error page read the setting at call time
	for function in (app.handle_exception, response.report_error, response._make_logs_v1):
		if not looks_up(function, "get_system_settings", frappe):
			return f"{function.__module__}.{function.__name__} no longer reads {SETTING} from frappe"
	return None


CORRECTION = Correction(
	name="error_traceback",
	frappe_does="Allow Error Traceback is one switch: off, the Administrator's error responses lose it too",
	app_needs="No traceback for guests, members and officers; the Administrator's responses keep Frappe's",
	checked_on=("15.44.2",),
	guards_personal_data=False,
	install=install,
	check=check,
)
