"""Frappe's own tests of the mechanisms the app corrects, run on a site with the app installed.

    bench --site SITE execute kpu_etik.tests.frappe_suite.prepare
    KPU_FRAPPE_TEST_MODULE=frappe.tests.test_db \\
        bench --site SITE run-tests --module kpu_etik.tests.frappe_suite
    bench --site SITE execute kpu_etik.tests.frappe_suite.restore

One Frappe module per process, as `run-tests --module` runs it: Frappe's modules are not written to
share one (run together, about ten of their tests fail with or without the app). scripts/test.sh
runs each of `MODULES` so, after the app's integration suite, with the site served by Frappe's own
web server (a few tests call the site's address). The Frappe tests listed under "Frappe's own tests
that the app changes on purpose" in docs/frappe-corrections.md are skipped by name (`DELIBERATE`).
Not named test_*: `run-tests --app kpu_etik` must not run Frappe's tests.
"""

import importlib
import json
import os
import socket
import unittest

import frappe
from frappe.installer import update_site_config

# One per corrected mechanism (docs/frappe-corrections.md), in the order in which Frappe's own run of
# its app takes them (`run-tests --app frappe` walks its folders sorted): its modules leave records
# the next ones depend on (test_permissions makes test2@example.com a Blogger; test_user, run before it
# there, expects a website user).
MODULES = (
	"frappe.core.doctype.data_export.test_data_exporter",  # overrides/exports.py: UnicodeWriter
	"frappe.core.doctype.file.test_file",  # uploads.validate_file
	"frappe.core.doctype.user.test_user",  # overrides/user_saves.py
	"frappe.core.doctype.version.test_version",  # history.redact_version, form_history
	"frappe.desk.doctype.dashboard_chart.test_dashboard_chart",  # the app's dashboard charts
	"frappe.tests.test_api",  # inputs.refuse_invalid_characters, uploads (after_request), error_traceback
	"frappe.tests.test_api_v2",
	"frappe.tests.test_auth",  # client_address (request_ip), the overrides' request guard
	"frappe.tests.test_base_document",  # overrides/document_checks.py
	"frappe.tests.test_child_table",
	"frappe.tests.test_client",  # permissions.get_count, frappe.client.get_list
	"frappe.tests.test_db",  # overrides/replica.py (TestReplicaConnections, transaction writes)
	"frappe.tests.test_db_query",  # overrides/list_queries.py
	"frappe.tests.test_document",  # document_checks, plain_text "*" before_validate
	"frappe.tests.test_form_load",  # overrides/form_history.py, identity_log
	"frappe.tests.test_listview",  # list_queries: group-by counts of the sidebar
	"frappe.tests.test_pdf",  # overrides/pdf.py
	"frappe.tests.test_permissions",  # permission_query_conditions, has_permission
	"frappe.tests.test_printview",  # pdf, download_pdf
	"frappe.tests.test_query_report",  # exports: query_report.export_query
	"frappe.tests.test_rate_limiter",  # overrides/client_address.py
	"frappe.tests.test_reportview",  # list_queries: reportview's helpers and execute
	"frappe.tests.test_search",  # permissions.search_link / search_widget
	"frappe.tests.test_translate",  # form_history (translated values), site_language
	"frappe.tests.test_utils",  # exports (csvutils), site_language
)

# Frappe tests whose outcome the app changes on purpose: "module.Class.test": why (the same words as
# docs/frappe-corrections.md, "Frappe's own tests that the app changes on purpose").
DELIBERATE: dict[str, str] = {}

# Frappe tests that call a service on the internet, skipped (by name) where it cannot be reached: they
# fail there with or without the app. {test: host}
NEEDS_INTERNET = {"frappe.tests.test_utils.TestIdenticon.test_get_gravatar": "www.gravatar.com"}

# What Frappe's own `before_tests` (frappe.utils.install.before_tests) gives a site, and skips as soon
# as another app is installed: the setup wizard completed for this user (English, United States,
# mm-dd-yyyy, America/New_York) and sign-up allowed. Frappe's tests assert dates in that format, the
# site language and sign-up, so without it they fail for a reason that is not the app's.
FRAPPE_TEST_SETUP = {
	"language": "English",
	"email": "test@erpnext.com",
	"full_name": "Test User",
	"password": "test",
	"country": "United States",
	"timezone": "America/New_York",
	"currency": "USD",
}


# The outgoing mail of Frappe's own CI site (.github/helper/db/mariadb.json): its User tests send the
# welcome and password mails through it (queued, never sent in a test). Set for the run where unset.
FRAPPE_TEST_MAIL = {
	"auto_email_id": "test@example.com",
	"mail_server": "smtp.example.com",
	"mail_login": "test@example.com",
	"mail_password": "test",
}


def saved_settings_path() -> str:
	return frappe.get_site_path("private", "kpu_etik_frappe_suite_settings.json")


def prepare():
	"""Give the site the settings Frappe's tests run with, keeping the site's own to `restore()`."""
	from frappe.desk.page.setup_wizard.setup_wizard import update_global_settings
	from frappe.utils.install import complete_setup_wizard

	path = saved_settings_path()
	if not os.path.exists(path):  # prepared twice: keep the site's own settings, not Frappe's
		with open(path, "w", encoding="utf-8") as saved:
			json.dump(site_settings(), saved, default=str)
	frappe.flags.in_test = True  # as under run-tests: the wizard leaves the scheduler off
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		update_global_settings(frappe._dict(FRAPPE_TEST_SETUP))
	else:
		complete_setup_wizard()
	frappe.db.set_single_value("Website Settings", "disable_signup", 0)
	frappe.db.commit()
	for key, value in FRAPPE_TEST_MAIL.items():
		if not frappe.conf.get(key):
			update_site_config(key, value)
	frappe.clear_cache()
	# Frappe's own run makes the test records of every module it will run before the first test (a
	# test that runs first on a new site found test@example.com without its roles)
	for name in MODULES:
		make_records(importlib.import_module(name))


def restore():
	"""Put back the settings `prepare()` kept (the app's suites that follow run on the site's own)."""
	path = saved_settings_path()
	if not os.path.exists(path):
		return
	with open(path, encoding="utf-8") as saved:
		settings = json.load(saved)
	system = frappe.get_doc("System Settings")
	system.update(settings["system"])
	system.flags.ignore_permissions = True
	system.flags.ignore_mandatory = True  # a site whose setup was never completed has no language
	system.save()
	for user, time_zone in settings["time_zones"].items():
		frappe.db.set_value("User", user, "time_zone", time_zone, update_modified=False)
	frappe.db.set_single_value("Website Settings", "disable_signup", settings["disable_signup"])
	frappe.db.commit()
	for key in FRAPPE_TEST_MAIL:
		if key not in settings["site_config"]:
			update_site_config(key, "None")  # removes it
	frappe.clear_cache()
	os.remove(path)


def site_settings() -> dict:
	from frappe.model import no_value_fields

	system = frappe.get_doc("System Settings")
	return {
		"system": {
			df.fieldname: system.get(df.fieldname)
			for df in system.meta.fields
			if df.fieldtype not in no_value_fields and df.fieldtype != "Password"
		},
		"time_zones": {
			user: frappe.db.get_value("User", user, "time_zone") for user in frappe.STANDARD_USERS
		},
		"disable_signup": frappe.db.get_single_value("Website Settings", "disable_signup"),
		"site_config": sorted(
			set(FRAPPE_TEST_MAIL) & set(frappe.get_file_json(frappe.get_site_path("site_config.json")))
		),
	}


def load_tests(loader, standard_tests, pattern):
	"""unittest's hook (run-tests loads this module): Frappe's modules, with their test records, and the
	deliberate changes skipped by name."""
	if not os.path.exists(saved_settings_path()):
		prepare()  # run on its own (not from scripts/test.sh): call restore() after
	suite = unittest.TestSuite()
	for name in os.environ.get("KPU_FRAPPE_TEST_MODULE", "").split() or MODULES:
		module = importlib.import_module(name)
		make_records(module)
		for test_id, reason in skipped(name).items():
			_module, class_name, method = test_id.rsplit(".", 2)
			case = getattr(module, class_name)
			setattr(case, method, unittest.skip(reason)(getattr(case, method)))
		suite.addTests(loader.loadTestsFromModule(module))
	return suite


def make_records(module):
	"""What run-tests does for a module of its app run (test_runner._add_test): the test records of its
	dependencies, and of the doctype whose folder holds it."""
	from frappe.test_runner import make_test_records

	for doctype in (*getattr(module, "test_dependencies", ()), doctype_of(module)):
		if doctype:
			make_test_records(doctype, commit=True)


def doctype_of(module) -> str | None:
	folder, filename = os.path.split(module.__file__)
	definition = os.path.join(folder, filename.removeprefix("test_").replace(".py", ".json"))
	if os.path.basename(os.path.dirname(folder)) != "doctype" or not os.path.exists(definition):
		return None
	with open(definition, encoding="utf-8") as f:
		return json.load(f)["name"]


def skipped(module: str) -> dict[str, str]:
	"""{test: why} of the module's tests not run here."""
	found = {test: why for test, why in DELIBERATE.items() if test.rsplit(".", 2)[0] == module}
	for test, host in NEEDS_INTERNET.items():
		if test.rsplit(".", 2)[0] == module and not reachable(host):
			found[test] = f"needs {host}, which this machine cannot reach"
	return found


def reachable(host: str) -> bool:
	try:
		socket.create_connection((host, 443), timeout=3).close()
		return True
	except OSError:
		return False
