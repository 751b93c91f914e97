"""The corrections of Frappe (kpu_etik/overrides/): each proves it is in effect, and the app fails
closed when one that guards personal data is not."""

import os

import frappe
from frappe.model.db_query import DatabaseQuery
from frappe.tests.utils import FrappeTestCase

from kpu_etik import overrides
from kpu_etik.overrides import NotInEffect, list_queries
from kpu_etik.tests import factories as f

DOCS = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "frappe-corrections.md")


class TestCorrections(FrappeTestCase):
	def setUp(self):
		overrides.install()
		self.addCleanup(overrides.recheck)

	def test_every_correction_is_in_effect_on_this_frappe(self):
		self.assertEqual(overrides.check_all(), {})
		self.assertEqual(overrides.recheck(), {})

	def test_each_correction_says_what_it_corrects_and_where_it_was_checked(self):
		names = [c.name for c in overrides.corrections()]
		self.assertEqual(len(names), len(set(names)))
		with open(DOCS, encoding="utf-8") as docs:
			written = docs.read()
		for correction in overrides.corrections():
			self.assertTrue(correction.frappe_does and correction.app_needs, correction.name)
			# A Frappe this correction was not checked on must be checked (and added) before it serves.
			self.assertIn(frappe.__version__, correction.checked_on, correction.name)
			self.assertTrue(
				f"`overrides/{correction.name}.py`" in written, f"{correction.name} is not documented"
			)

	def test_a_frappe_whose_get_list_bypasses_the_guard_is_caught(self):
		"""Frappe v16 builds get_list with frappe.model.qb_query: the wrapper would never run."""
		original = frappe.get_list

		def get_list_elsewhere(doctype, *args, **kwargs):
			return []

		frappe.get_list = get_list_elsewhere
		try:
			problem = list_queries.check()
		finally:
			frappe.get_list = original
		self.assertIn("frappe.get_list no longer builds its query", problem)
		self.assertIsNone(list_queries.check())


class TestFailsClosed(FrappeTestCase):
	"""With the list guard taken out (as a newer Frappe would leave it), the app refuses to serve."""

	def setUp(self):
		overrides.install()
		f.ensure_regions()
		self.body = frappe.db.get_value("Ad Hoc Body", {"region": f.MAPPEDECENG, "body_type": "PPK"}) or (
			f.body("PPK", region=f.MAPPEDECENG).name
		)
		# (on a site with no System Manager but Administrator, Frappe makes the first desk user one)
		frappe.get_doc("User", f.account("it.admin@kpu-etik.test")).add_roles("System Manager")
		self.user = f.user("closed.legal@kpu-etik.test", ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		guarded = DatabaseQuery.prepare_args
		DatabaseQuery.prepare_args = list_queries.ORIGINALS[(DatabaseQuery, "prepare_args")]

		def restore():
			DatabaseQuery.prepare_args = guarded
			frappe.set_user("Administrator")
			frappe.local.lang = "en"
			self.assertEqual(overrides.recheck(), {})

		self.addCleanup(restore)
		self.assertIn("list_queries", overrides.recheck())

	def test_a_user_is_refused_in_their_language(self):
		frappe.set_user(self.user)
		frappe.local.lang = "id"
		with self.assertRaises(NotInEffect) as refused:
			frappe.get_list("Official", fields=["name"])
		message = str(refused.exception)
		self.assertIn("administrator situs", message)  # Indonesian, for the user
		self.assertNotIn("list_queries", message)  # the detail is for the administrator
		with self.assertRaises(NotInEffect):
			frappe.get_doc("Ad Hoc Body", self.body).check_permission("read")
		self.assertEqual(NotInEffect.http_status_code, 503)

	def test_the_administrator_reads_which_check_failed_on_which_frappe(self):
		frappe.set_user("Administrator")
		with self.assertRaises(NotInEffect) as refused:
			overrides.refuse_if_unguarded()
		message = str(refused.exception)
		self.assertIn("list_queries", message)
		self.assertIn(frappe.__version__, message)
		self.assertIn("DatabaseQuery.prepare_args", message)

	def test_requests_that_touch_the_app_are_refused_and_others_are_not(self):
		for path, touches in (
			("/api/resource/Official", True),
			("/api/v2/document/Complaint/x", True),
			("/api/method/kpu_etik.api.public.register_download", True),
			("/kinship-register", True),
			("/api/resource/ToDo", False),
			("/app/todo", False),
		):
			frappe.local.request = frappe._dict(path=path)
			frappe.local.form_dict = frappe._dict()
			try:
				self.assertEqual(overrides.touches_the_app(), touches, path)
			finally:
				del frappe.local.request
		frappe.local.request = frappe._dict(path="/api/method/frappe.client.get_list")
		frappe.local.form_dict = frappe._dict(doctype="Official")
		try:
			self.assertTrue(overrides.touches_the_app())
			with self.assertRaises(NotInEffect):
				overrides.guard_request()
		finally:
			del frappe.local.request
			frappe.local.form_dict = frappe._dict()
