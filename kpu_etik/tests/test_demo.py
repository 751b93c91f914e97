import frappe
from frappe.tests.utils import FrappeTestCase

from kpu_etik import demo
from kpu_etik.tests.factories import ensure_regions


class TestDemoData(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_regions()
		frappe.set_user("Administrator")
		# As on a real site after set-up: Frappe then makes a lone desk user System Manager.
		frappe.db.set_single_value("System Settings", "setup_complete", 1)
		cls.summary = demo.load_demo()

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		super().tearDownClass()

	def test_bodies_are_complete_and_active(self):
		bodies = frappe.get_all(
			"Ad Hoc Body",
			filters={"period_start": demo.PERIOD[0]},
			fields=["body_type", "status", "member_count", "ketua_count", "required_members"],
		)
		self.assertEqual({b.body_type for b in bodies}, {"PPK", "PPS", "KPPS"})
		for body in bodies:
			self.assertEqual(body.status, "Active")
			self.assertEqual((body.member_count, body.ketua_count), (body.required_members, 1))
		# Desa Barae had three polling stations in the seeds.
		self.assertEqual(frappe.db.count("Polling Station", {"region": "73.12.01.2006"}), 3)

	def test_demo_officers_are_scoped_and_none_is_system_manager(self):
		for login, _name, role, region in demo.DEMO_USERS:
			roles = frappe.get_roles(login)
			self.assertIn(role, roles)
			self.assertNotIn("System Manager", roles, login)
			self.assertTrue(
				frappe.db.exists("Region Access", {"user": login, "role": role, "region": region})
			)
		self.assertIn("System Manager", frappe.get_roles(demo.SYSTEM_MANAGER_LOGIN))
		self.assertEqual(frappe.get_roles(demo.PPS_MEMBER_LOGIN).count("PPS Member"), 1)
		frappe.set_user("hukum.luwuutara@kpu-etik.test")
		regions = {r for r in frappe.get_list("Official", pluck="region", limit_page_length=0)}
		frappe.set_user("Administrator")
		self.assertTrue(regions and all(r.startswith("73.22") for r in regions), regions)

	def test_kinship_demo_announces_declarations_and_finds_the_planted_conflict(self):
		announced = frappe.get_all(
			"Kinship Declaration",
			filters={"workflow_state": "Announced", "region": ("like", "73.22%")},
			pluck="name",
		)
		self.assertEqual(len(announced), 10)
		self.assertTrue(frappe.db.exists("Kinship Declaration Round", {"region": "73.12", "is_open": 1}))
		items = frappe.get_all("Conflict Review Item", fields=["kind", "status"])
		self.assertEqual([(i.kind, i.status) for i in items], [("Same KK", "Open")])

	def test_schedule_demo_has_the_seeds_events(self):
		meetings = frappe.get_all("Coordination Meeting", fields=["region", "participant_count", "starts_on"])
		self.assertEqual(len(meetings), 3)
		self.assertIn(("73.12", 57), {(m.region, m.participant_count) for m in meetings})
		self.assertEqual(frappe.db.count("Supervision Visit", {"planned_on": "2023-11-08"}), 3)

	def test_loading_again_adds_nothing(self):
		officials = frappe.db.count("Official")
		summary = demo.load_demo()
		self.assertIn("0 officials added", summary[0])
		self.assertEqual(frappe.db.count("Official"), officials)
