"""The light shell of the public and member pages and the sign-in page (kpu_etik/pages): every route
is drawn by the app's renderer, in Indonesian, without Frappe's web bundle or name; members are sent to
sign in; refusals and unknown regions are answered in the shell."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request

from kpu_etik.pages import PAGES, LightPage
from kpu_etik.pages.sign_in import local_path
from kpu_etik.tests.factories import fetch_page as fetch

PUBLIC = ["kpu-etik", "complaint", "complaint-status", "kinship-register", "letter-check", "login", "privacy"]
MEMBER = ["member-portal", "kinship-declaration", "supervision-visits"]


class TestPageShell(FrappeTestCase):
	def setUp(self):
		frappe.local.lang = "id"

	def test_every_page_is_the_apps_own(self):
		self.assertEqual(set(PUBLIC + MEMBER) - set(PAGES), set(), "a page is not in the shell")
		self.assertEqual(set(PAGES) - {"sanctions-register", "update-password"}, set(PUBLIC + MEMBER))
		for path in PAGES:
			self.assertTrue(LightPage(path).can_render(), path)
		self.assertFalse(LightPage("app").can_render())

	def test_public_pages_are_light_indonesian_and_not_frappes(self):
		for path in PUBLIC:
			response = fetch(path)
			html = response.get_data(as_text=True)
			self.assertEqual(response.status_code, 200, path)
			self.assertIn('<html lang="id">', html, path)
			self.assertIn('href="/kpu-etik"', html, path)
			for foreign in (
				"Built on Frappe",
				"/assets/frappe/",
				"frappe-web.bundle",
				"Powered by",
				"Login to",
			):
				self.assertNotIn(foreign, html, f"{path}: {foreign}")
			# The whole page, uncompressed, well under the 60 KB a phone is allowed (gzip divides by ~3).
			self.assertLess(len(html.encode()), 60_000, path)
			self.assertEqual(response.headers.get("Cache-Control"), "no-store, private", path)

	def test_member_pages_send_a_guest_to_sign_in_and_back(self):
		for path in MEMBER:
			response = fetch(path)
			self.assertIn(response.status_code, (301, 302), path)
			self.assertEqual(response.headers["Location"], f"/login?redirect-to=/{path}", path)

	def test_an_unknown_region_is_the_shells_not_found_page(self):
		response = fetch("kinship-register", "region=99.99.99")
		html = response.get_data(as_text=True)
		self.assertEqual(response.status_code, 404)
		self.assertIn("Wilayah tidak ditemukan", html)
		self.assertIn('href="/kinship-register"', html)
		self.assertNotIn("/assets/frappe/", html)

	def test_an_unpublished_register_is_not_a_frappe_error_page(self):
		before = frappe.db.get_single_value("KPU Etik Settings", "publish_sanctions")
		frappe.db.set_single_value("KPU Etik Settings", "publish_sanctions", 0)
		self.addCleanup(frappe.db.set_single_value, "KPU Etik Settings", "publish_sanctions", before)
		response = fetch("sanctions-register")
		self.assertEqual(response.status_code, 404)
		self.assertNotIn("/assets/frappe/", response.get_data(as_text=True))

	def test_a_user_without_a_seat_is_refused_in_the_shell(self):
		user = "shell.nobody@kpu-etik.test"
		if not frappe.db.exists("User", user):
			frappe.get_doc(
				{"doctype": "User", "email": user, "first_name": "Nobody", "send_welcome_email": 0}
			).insert(ignore_permissions=True)
		response = fetch("member-portal", user=user)
		html = response.get_data(as_text=True)
		self.assertEqual(response.status_code, 403)
		self.assertIn("Anda tidak dapat membuka halaman ini", html)
		self.assertNotIn("Traceback", html)

	def test_a_signed_in_user_is_sent_on_from_the_sign_in_page(self):
		response = fetch("login", "redirect-to=/app/complaint", user="Administrator")
		self.assertIn(response.status_code, (301, 302))
		self.assertEqual(response.headers["Location"], "/app/complaint")
		response = fetch("login", "redirect-to=javascript:alert(1)", user="Administrator")
		self.assertEqual(response.headers["Location"], "/app")

	def test_the_sign_in_page_sends_only_to_this_site(self):
		set_request(path="/login")
		for hostile in (
			"javascript:alert(1)",
			"//evil.example/x",
			"https://evil.example/",
			"/\\evil",
			"",
			None,
			5,
		):
			self.assertIsNone(local_path(hostile), hostile)
		self.assertEqual(local_path("/member-portal"), "/member-portal")
		response = fetch("login", "redirect-to=javascript:alert(1)")
		self.assertNotIn("javascript:alert", response.get_data(as_text=True))

	def test_a_guest_hears_the_sites_language_whatever_the_browser_asks(self):
		from kpu_etik.overrides.site_language import speak_to_guests_in_the_site_language

		frappe.set_user("Guest")
		try:
			set_request(path="/complaint", headers={"Accept-Language": "en-US,en"})
			frappe.local.form_dict = frappe._dict()
			frappe.local.lang = "en"  # what Frappe's get_language() takes from the header
			speak_to_guests_in_the_site_language()
			self.assertEqual(frappe.local.lang, frappe.db.get_default("lang"))
			frappe.local.lang = "en"
			frappe.local.form_dict = frappe._dict(_lang="en")  # a language the guest chose
			speak_to_guests_in_the_site_language()
			self.assertEqual(frappe.local.lang, "en")
		finally:
			frappe.set_user("Administrator")
			frappe.local.form_dict = frappe._dict()
			frappe.local.lang = "id"

	def test_setting_a_password_from_the_emailed_link_is_in_the_shell(self):
		response = fetch("update-password")
		self.assertEqual(response.status_code, 400)
		self.assertIn("Buka tautan dari email Anda", response.get_data(as_text=True))
		response = fetch("update-password", "key=" + "a" * 32)
		html = response.get_data(as_text=True)
		self.assertEqual(response.status_code, 200)
		self.assertIn('id="new_password"', html)
		self.assertNotIn('id="old_password"', html)  # the key stands for the old password
		self.assertNotIn("/assets/frappe/", html)
		html = fetch("update-password", user="Administrator").get_data(as_text=True)
		self.assertIn('id="old_password"', html)

	def test_the_sites_address_opens_the_public_page_and_frappes_homes_are_kept(self):
		from frappe.website.utils import get_home_page

		response = fetch("")
		self.assertEqual(response.status_code, 302)
		self.assertTrue(response.headers["Location"].endswith("/kpu-etik"))
		# Only "/" moves: where Frappe sends a signed-in website user stays Frappe's.
		frappe.set_user("Guest")
		try:
			self.assertNotEqual(get_home_page(), "kpu-etik")
		finally:
			frappe.set_user("Administrator")
