"""The compliance reports and the level workspaces' number cards keep to the user's regions."""

import frappe
from frappe.utils import add_days, today

from kpu_etik.tests import factories as f


class TestComplianceReports(f.KpuEtikTestCase):
	def test_reports_return_only_the_users_region_and_reminders_go_out(self):
		from frappe.desk.query_report import run

		from kpu_etik.supervision.meetings import send_meeting_reminders

		f.ensure_test_email_account()
		ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		member = f.official(ppk.name, position="Ketua", email="ketua.ppk@kpu-etik.test")
		soppeng_ppk = f.body("PPK", region=f.MARIORIWAWO)
		meeting = frappe.get_doc(
			{
				"doctype": "Coordination Meeting",
				"topic": "Rakor kode etik",
				"region": f.LUWU_UTARA,
				"starts_on": f"{add_days(today(), 1)} 09:00:00",
				"invitees": [{"ad_hoc_body": ppk.name}],
			}
		).insert()
		frappe.get_doc(
			{"doctype": "Supervision Visit", "visited_body": ppk.name, "planned_on": add_days(today(), -5)}
		).insert()
		frappe.get_doc(
			{
				"doctype": "Supervision Visit",
				"visited_body": soppeng_ppk.name,
				"planned_on": add_days(today(), -5),
			}
		).insert()
		f.user("report.luwu@kpu-etik.test", ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		frappe.set_user("report.luwu@kpu-etik.test")
		rows = [
			r
			for r in run("Schedule Adherence", filters={})["result"]
			if isinstance(r, dict) and r.get("region")
		]
		frappe.set_user("Administrator")
		self.assertEqual([r["region"] for r in rows], [f.LUWU_UTARA])
		# People read the region's name; the code stays beside it, to open or filter by.
		self.assertEqual(rows[0]["region_name"], frappe.db.get_value("Region", f.LUWU_UTARA, "region_name"))
		columns = run("Schedule Adherence", filters={})["columns"]
		self.assertEqual([c["fieldname"] for c in columns[:2]], ["region_name", "region"])
		self.assertEqual((rows[0]["meetings_planned"], rows[0]["visits_missed"]), (1, 1))
		for report in ("Complaints by Stage", "Sanctions by Type"):
			frappe.set_user("report.luwu@kpu-etik.test")
			self.assertIsInstance(run(report, filters={"region": f.LUWU_UTARA})["result"], list)
			frappe.set_user("Administrator")
		send_meeting_reminders()
		queued = frappe.get_all("Email Queue", {"reference_name": meeting.name}, pluck="name")
		recipients = {
			r
			for q in queued
			for r in frappe.get_all("Email Queue Recipient", {"parent": q}, pluck="recipient")
		}
		self.assertEqual(recipients, {member.email})


class TestLevelWorkspaces(f.KpuEtikTestCase):
	def test_number_cards_count_only_the_users_regions(self):
		from frappe.desk.doctype.number_card.number_card import get_result

		from kpu_etik.supervision.compliance import undeclared_officials_card

		for level in ("KPU RI", "KPU Provinsi", "KPU Kabupaten Kota"):
			self.assertTrue(frappe.db.exists("Workspace", level), level)
		luwu = f.official(f.body("PPK", region=f.BAEBUNTA_SELATAN).name, position="Ketua")
		f.official(
			f.body("PPK", region=f.MARIORIWAWO).name, position="Ketua", nik=f.nik(district=f.MARIORIWAWO)
		)
		for region in (f.BAEBUNTA_SELATAN, f.MARIORIWAWO):
			frappe.get_doc(
				{
					"doctype": "Complaint",
					"source": "Temuan",
					"received_via": "Internal Supervision",
					"respondents": [
						{
							"respondent_name": "x",
							"region": frappe.db.get_value("Region", {"parent_region": region}, "name"),
						}
					],
					"chronology": "Temuan.",
				}
			).insert()
		frappe.get_doc(
			{
				"doctype": "Kinship Declaration Round",
				"title": "Uji",
				"election": f.ELECTION,
				"region": "73",
				"deadline": add_days(today(), 9),
			}
		).insert()
		f.user("card.luwu@kpu-etik.test", ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		card = frappe.get_doc("Number Card", "Open Complaints")
		total = get_result(card, card.filters_json)
		frappe.set_user("card.luwu@kpu-etik.test")
		mine = get_result(card, card.filters_json)
		undeclared = undeclared_officials_card()["value"]
		frappe.set_user("Administrator")
		self.assertEqual(total - mine, 1)  # the Soppeng complaint is not counted for Luwu Utara
		self.assertGreaterEqual(mine, 1)
		self.assertGreaterEqual(undeclared, 1)
		self.assertLess(
			undeclared, undeclared_officials_card()["value"]
		)  # Soppeng's official only for the admin
		self.assertTrue(frappe.db.exists("Official", luwu.name))

	def test_each_kpu_user_lands_on_their_levels_workspace_unless_they_chose_one(self):
		from frappe.boot import get_bootinfo

		users = {
			"home.ri@kpu-etik.test": (("KPU RI User", "ID"), "KPU RI"),
			"home.prov@kpu-etik.test": (("KPU Provinsi User", "73"), "KPU Provinsi"),
			"home.legal@kpu-etik.test": (("KPU Kabkota Legal Officer", f.LUWU_UTARA), "KPU Kabupaten Kota"),
		}
		for login, (grant, workspace) in users.items():
			f.user(login, grant)
			frappe.set_user(login)
			try:
				# The Desk's own boot, as it is built when the user signs in.
				boot = get_bootinfo()
				self.assertEqual(boot.user.default_workspace["name"], workspace, login)
				# With the home's cards, charts and block, each one the user may read, in its docs.
				home = frappe.get_doc("Workspace", workspace)
				expected = {("Number Card", row.number_card_name) for row in home.number_cards}
				expected |= {("Custom HTML Block", row.custom_block_name) for row in home.custom_blocks}
				preloaded = {tuple(pair) for pair in boot.kpu_etik_preloaded}
				self.assertLessEqual(expected, preloaded, login)
				in_docs = {(doc.get("doctype"), doc.get("name")) for doc in boot.docs}
				self.assertLessEqual(preloaded, in_docs)
				self.assertTrue(all(frappe.has_permission(dt, "read", n) for dt, n in preloaded))
			finally:
				frappe.set_user("Administrator")
		login = "home.legal@kpu-etik.test"
		frappe.db.set_value("User", login, "default_workspace", "KPU Etik")
		frappe.clear_cache(user=login)
		frappe.set_user(login)
		try:
			self.assertEqual(get_bootinfo().user.default_workspace["name"], "KPU Etik")
		finally:
			frappe.set_user("Administrator")

	def test_the_stage_chart_speaks_the_users_language(self):
		from frappe.desk.doctype.dashboard_chart.dashboard_chart import get

		from kpu_etik.translated_values import install, shows_translated_values

		install()  # as every request and job does (before_request, before_job)
		member = f.official(f.body("PPK", region=f.BAEBUNTA_SELATAN).name, position="Ketua")
		f.closed_complaint(member.name)
		frappe.local.lang = "id"
		try:
			labels = get(chart_name="Complaints by Stage Chart", refresh=1)["labels"]
		finally:
			frappe.local.lang = "en"
		self.assertIn("Selesai - Terbukti", labels)
		self.assertNotIn("Closed - Proven", labels)
		# The sanction types are names, not a translated vocabulary: they stay as they are.
		self.assertFalse(shows_translated_values("Sanction", "sanction_type"))
