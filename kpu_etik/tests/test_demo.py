import frappe
from frappe.tests.utils import FrappeTestCase

from kpu_etik import demo
from kpu_etik.core.complaints import SET_ASIDE, STAGES
from kpu_etik.core.today import LEGAL_LISTS
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
			fields=[
				"body_type",
				"status",
				"member_count",
				"ketua_count",
				"required_members",
				"needs_replacement",
			],
		)
		self.assertEqual({b.body_type for b in bodies}, {"PPK", "PPS", "KPPS"})
		# One PPS member of Luwu Utara resigned: the operator's replacement (PAW) to seat.
		self.assertEqual([(b.body_type, b.member_count) for b in bodies if b.needs_replacement], [("PPS", 2)])
		for body in bodies:
			self.assertEqual(body.status, "Active")
			if not body.needs_replacement:
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
		meetings = frappe.get_all(
			"Coordination Meeting",
			filters={"status": "Held"},
			fields=["region", "participant_count", "starts_on"],
		)
		self.assertEqual(len(meetings), 3)
		self.assertIn(("73.12", 57), {(m.region, m.participant_count) for m in meetings})
		self.assertEqual(frappe.db.count("Supervision Visit", {"planned_on": "2023-11-08"}), 3)

	def test_loading_again_adds_nothing(self):
		officials = frappe.db.count("Official")
		summary = demo.load_demo()
		self.assertIn("0 officials added", summary[0])
		self.assertEqual(frappe.db.count("Official"), officials)

	def test_every_demo_officer_lands_on_work_to_do_late_first(self):
		from kpu_etik.desk_home import todays_work

		expected = {
			"hukum.luwuutara@kpu-etik.test": set(LEGAL_LISTS),
			"hukum.soppeng@kpu-etik.test": {"complaints"},
			"hukum.kupang@kpu-etik.test": {"complaints"},
			"operator.luwuutara@kpu-etik.test": {"bodies_short", "replacements", "pact_or_oath_missing"},
			"provinsi.sulsel@kpu-etik.test": {"offices_late", "complaints", "sanctions_to_enforce"},
			"ri@kpu-etik.test": {"offices_late", "complaints"},
		}
		for login, keys in expected.items():
			frappe.set_user(login)
			try:
				lists = todays_work()
			finally:
				frappe.set_user("Administrator")
			busy = {one.key for one in lists if one.count}
			self.assertLessEqual(keys, busy, login)
			if not login.startswith("operator"):  # an operator's lists have no deadlines
				self.assertTrue(lists[0].late, f"{login}: the first list holds late work")
			complaints = (
				next(one for one in lists if one.key == "complaints") if "complaints" in keys else None
			)
			if complaints:
				self.assertEqual(complaints.items[0].urgency, "late", login)
				self.assertTrue(
					all(
						frappe.db.get_value("Complaint", item.name, "region").startswith(region)
						for item in complaints.items
						for region in [next(u[3] for u in demo.DEMO_USERS if u[0] == login)]
						if region != "ID"
					),
					login,
				)
		frappe.set_user("ri@kpu-etik.test")
		try:
			offices = next(one for one in todays_work() if one.key == "offices_late")
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(len(offices.items), 3)  # Luwu Utara, Soppeng, Kota Kupang

	def test_the_demo_shows_every_stage_sanctions_in_force_and_ended_and_letters(self):
		stages = set(
			frappe.get_all("Complaint", filters={"region": ("like", "73.22%")}, pluck="workflow_state")
		)
		# Every stage but a rejection and a set-aside submission.
		self.assertLessEqual(set(STAGES) - {"Rejected", SET_ASIDE}, stages)
		self.assertTrue(frappe.db.exists("Complaint", {"escalated": 1, "region": "73.22"}))
		# Decided in absentia: the respondent ignored two summonses.
		self.assertGreaterEqual(frappe.db.count("Hearing Summons", {"outcome": "Absent"}), 2)
		for state in ("In Force", "Ended", "Approved in Plenary"):
			self.assertTrue(
				frappe.db.exists("Sanction", {"workflow_state": state, "region": ("like", "73.22%")}), state
			)
		self.assertTrue(frappe.db.get_value("Sanction", {"workflow_state": "In Force"}, "letter_file"))
		self.assertTrue(frappe.db.get_value("Rehabilitation", {"region": ("like", "73.22%")}, "letter_file"))
		self.assertTrue(
			frappe.db.exists("Compliance Report", {"region": "73.22", "report_file": ("is", "set")})
		)
		self.assertTrue(frappe.db.exists("Compliance Report", {"region": "73"}))

	def test_every_report_returns_rows_for_the_legal_officer_of_luwu_utara(self):
		from frappe.desk.query_report import run

		reports = frappe.get_all(
			"Report", filters={"module": ("in", frappe.get_module_list("kpu_etik"))}, pluck="name"
		)
		self.assertGreaterEqual(len(reports), 6)
		frappe.set_user("hukum.luwuutara@kpu-etik.test")
		try:
			for report in reports:
				if not frappe.get_doc("Report", report).is_permitted():
					continue
				result = run(report, filters={})
				self.assertTrue(result["result"], report)
		finally:
			frappe.set_user("Administrator")
