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
			"operator.luwuutara@kpu-etik.test": {
				"bodies_short",
				"replacements",
				"oath_missing",
				"pact_missing",
			},
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
		self.assert_letters_signed()

	def assert_letters_signed(self):
		"""The demo's letters carry a certified electronic signature of the demo authority (B-LT), which
		poppler's pdfsig finds valid, trusted and covering the whole file, with nobody's OCSP online."""
		import shutil
		import tempfile

		try:
			from kpu_etik.signing import demo_pki, engine
		except ImportError:
			self.skipTest("the demo certificate authority is not installed")
		letter = frappe.db.get_value(
			"Sanction",
			{"workflow_state": "In Force", "region": ("like", "73.22%")},
			["letter_file", "signed_by"],
			as_dict=True,
		)
		self.assertEqual(letter.signed_by, demo_pki.DEMO_SIGNER_NAME)
		content = frappe.get_doc("File", {"file_url": letter.letter_file}).get_content()
		found = engine.verify_pdf(content, [demo_pki.demo_root()])
		self.assertTrue(found.valid and found.level == "B-LT", found.problems)
		if not (shutil.which("pdfsig") and shutil.which("certutil")):
			return
		with tempfile.TemporaryDirectory() as directory:
			path = f"{directory}/letter.pdf"
			with open(path, "wb") as file:
				file.write(content)
			nss = demo_pki.nss_database(f"{directory}/nss", demo_pki.demo_root(pem=True))
			said = demo_pki.pdfsig(nss, path, online=False)
		self.assertIn("Signature Validation: Signature is Valid.", said)
		self.assertIn("Certificate Validation: Certificate is Trusted.", said)
		self.assertIn("  - Total document signed\n", said)
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

	def test_an_indonesian_user_sees_no_english_value(self):
		"""Reports, form history, letters and the compliance report of the demo, read by the legal
		officer of Luwu Utara in Indonesian: none shows a stored English value of the app's own
		vocabulary (stages, states, choices) where an Indonesian one exists."""
		import io
		import re

		from frappe.desk.form.load import getdoc
		from frappe.desk.query_report import run
		from pypdf import PdfReader

		from kpu_etik.overrides import install
		from kpu_etik.supervision.compliance import SECTIONS

		frappe.db.savepoint("english_values")  # the other tests read the demo as it was loaded
		self.addCleanup(frappe.db.rollback, save_point="english_values")
		self.addCleanup(frappe.db.set_default, "lang", frappe.db.get_default("lang") or "en")
		frappe.db.set_default("lang", "id")  # a KPU site's language (install.complete_site_setup)
		english = english_vocabulary()
		self.assertIn("Closed - Not Proven", english)  # the collector itself could fail
		# A plenary decision, kept in the complaint's history (Frappe keeps none in tests unless asked).
		complaint = frappe.get_doc("Complaint", {"workflow_state": "Plenary", "region": ("like", "73.22%")})
		complaint.update(
			{
				"workflow_state": "Closed - Not Proven",
				"plenary_date": frappe.utils.today(),
				"plenary_attendance": "5 anggota hadir",
				"decision_summary": "Tidak terbukti.",
			}
		)
		complaint.save(ignore_version=False)
		install()  # as every request and job does
		frappe.set_user("hukum.luwuutara@kpu-etik.test")
		frappe.local.lang = "id"
		shown = []
		try:
			for report in frappe.get_all(
				"Report", filters={"module": ("in", frappe.get_module_list("kpu_etik"))}, pluck="name"
			):
				if not frappe.get_doc("Report", report).is_permitted():
					continue
				for row in run(report, filters={})["result"]:
					cells = row.values() if isinstance(row, dict) else row
					shown += [(report, cell) for cell in cells if isinstance(cell, str) and cell in english]

			getdoc("Complaint", complaint.name)
			history = " ".join(v.data for v in frappe.response.docinfo.versions)
			self.assertIn("Selesai - Tidak Terbukti", history)
			shown += [("history", value) for value in english if f'"{value}"' in history]

			for doctype, print_format in (
				("Sanction", "Sanction Decision Letter"),
				("Rehabilitation", "Rehabilitation Letter"),
			):
				name = frappe.get_all(doctype, {"region": ("like", "73.22%")}, pluck="name")[0]
				html = frappe.get_print(doctype, name, print_format)
				text = frappe.utils.strip_html(re.sub(r"(?s)<(style|script)\b.*?</\1>", " ", html))
				shown += [
					(print_format, value) for value in english if re.search(rf"\b{re.escape(value)}\b", text)
				]
		finally:
			frappe.set_user("Administrator")
			frappe.local.lang = "en"
		self.assertEqual(shown, [])

		# The compliance report a scheduled job builds: in the site's language, whatever the worker's.
		report = frappe.get_all("Compliance Report", {"region": "73.22"}, ["name", "period_start"])[0]
		frappe.db.delete("Compliance Report", report.name)
		frappe.local.lang = "en"  # as frappe.init leaves a worker
		for hook in frappe.get_hooks("before_job"):
			frappe.call(hook, method="send_monthly_reports", kwargs={}, transaction_type="job")
		try:
			self.assertEqual(frappe.local.lang, "id")
			from kpu_etik.supervision.compliance import send_compliance_reports

			send_compliance_reports("Monthly", day=frappe.utils.add_months(report.period_start, 1))
		finally:
			frappe.local.lang = "en"
		file_url = frappe.db.get_value("Compliance Report", {"region": "73.22"}, "report_file")
		content = frappe.get_doc("File", {"file_url": file_url}).get_content()
		text = " ".join(
			" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages).split()
		)
		self.assertIn("Laporan Kepatuhan Kode Etik", text)
		for title in SECTIONS:
			self.assertNotIn(title, text)


def english_vocabulary() -> set[str]:
	"""The app's stored values whose Indonesian differs: every Select option of its doctypes and
	every state of its workflows."""
	from frappe.translate import get_translations_from_apps

	from kpu_etik.doctypes import app_doctypes

	indonesian = get_translations_from_apps("id", ["kpu_etik"])
	values = set()
	for doctype in app_doctypes():
		for df in frappe.get_meta(doctype).fields:
			if df.fieldtype == "Select" and df.options:
				values.update(option.strip() for option in df.options.split("\n") if option.strip())
	values.update(
		frappe.get_all(
			"Workflow Document State",
			filters={
				"parent": (
					"in",
					frappe.get_all("Workflow", {"document_type": ("in", list(app_doctypes()))}, pluck="name"),
				)
			},
			pluck="state",
		)
	)
	return {value for value in values if indonesian.get(value, value) != value}
