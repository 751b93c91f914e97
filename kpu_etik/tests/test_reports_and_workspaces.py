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

	def chart(self, chart_name, user="Administrator", filters=None, lang="en"):
		"""A chart as a workspace draws it: the widget loads its source's config (the .js), which names
		the whitelisted method, and calls it with the chart's filters or the dialog's."""
		import re

		from frappe.desk.doctype.dashboard_chart_source.dashboard_chart_source import get_config

		chart = frappe.get_doc("Dashboard Chart", chart_name)
		frappe.set_user(user)
		frappe.local.lang = lang
		try:
			config = get_config(chart.source)
			self.assertIn(f'frappe.dashboards.chart_sources["{chart.source}"]', config)
			method = frappe.get_attr(re.search(r'method: "([^"]+)"', config).group(1))
			frappe.is_whitelisted(method)
			data = frappe.call(
				method,
				chart_name=chart.name,
				filters=chart.filters_json if filters is None else frappe.as_json(filters),
				refresh=1,
			)
		finally:
			frappe.set_user("Administrator")
			frappe.local.lang = "en"
		self.assertEqual(len(data["labels"]), len(data["datasets"][0]["values"]))
		return data

	def counts(self, chart_name, user="Administrator", filters=None) -> dict:
		data = self.chart(chart_name, user, filters)
		return dict(zip(data["labels"], data["datasets"][0]["values"], strict=True))

	def test_the_chart_sources_are_the_apps_and_the_workspaces_show_their_figures(self):
		import json

		from frappe.desk.desktop import get_desktop_page

		for chart_name, source in (
			("Complaints by Stage Chart", "Complaints by Stage"),
			("Sanctions by Type Chart", "Sanctions by Type"),
		):
			chart = frappe.get_doc("Dashboard Chart", chart_name)
			self.assertEqual((chart.chart_type, chart.source), ("Custom", source))
			self.assertEqual((chart.is_standard, chart.module), (1, "KPU Etik"))
			self.assertEqual(frappe.db.get_value("Dashboard Chart Source", source, "module"), "KPU Etik")
		# The level workspaces show them as the figures block (tables with each stage's whole name:
		# frappe-charts cuts x-axis labels to about nine letters at 1280 px), not as charts.
		f.user("chart.home@kpu-etik.test", ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		frappe.set_user("chart.home@kpu-etik.test")
		try:
			page = json.dumps({"name": "KPU Kabupaten Kota", "title": "KPU Kabupaten Kota", "public": 1})
			desktop = get_desktop_page(page)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(desktop["charts"]["items"], [])
		blocks = {row.custom_block_name for row in desktop["custom_blocks"]["items"]}
		self.assertEqual(blocks, {"KPU Etik Today's Work", "KPU Etik Figures"})
		script = frappe.db.get_value("Custom HTML Block", "KPU Etik Figures", "script")
		for source in ("complaints_by_stage", "sanctions_by_type"):
			self.assertIn(f"dashboard_chart_source.{source}.{source}.get", script)

	def test_the_stage_chart_speaks_the_users_language(self):
		chart = "Complaints by Stage Chart"
		luwu = f.user("chart.luwu@kpu-etik.test", ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		soppeng = f.user("chart.soppeng@kpu-etik.test", ("KPU Kabkota Legal Officer", f.SOPPENG))
		# Every stage, in the order of the process, in the user's language; none set aside.
		labels = self.chart(chart, luwu, lang="id")["labels"]
		self.assertEqual(
			labels,
			[
				"Diterima",
				"Verifikasi Administrasi",
				"Ditolak",
				"Klarifikasi",
				"Pemeriksaan",
				"Rapat Pleno",
				"Selesai - Terbukti",
				"Selesai - Tidak Terbukti",
				"Diteruskan",
			],
		)
		# {case: (user, filters the dashboard sends, complaints the new ones add)}
		cases = {
			"the Luwu Utara user": (luwu, None, 1),
			"a user of another region": (soppeng, None, 0),
			"the administrator": ("Administrator", None, 1),
			"the dialog's region": ("Administrator", {"region": f.LUWU_UTARA}, 1),
			"another region in the dialog": ("Administrator", {"region": f.SOPPENG}, 0),
			"the dialog's period, before": ("Administrator", {"to_date": add_days(today(), -1)}, 0),
			"a filter list saved for the Group By chart": (
				"Administrator",
				[["Complaint", "workflow_state", "=", "Closed - Proven", False]],
				1,
			),
			"a filter asking for those set aside": (
				"Administrator",
				[["Complaint", "workflow_state", "=", "Set Aside", False]],
				0,
			),
		}
		before = {case: self.counts(chart, user, filters) for case, (user, filters, _n) in cases.items()}
		# a kecamatan of Luwu Utara the other tests of this module leave alone
		ppk = f.body("PPK", region=f.MAPPEDECENG)
		member = f.official(ppk.name, position="Ketua", nik=f.nik(district=f.MAPPEDECENG))
		f.closed_complaint(member.name)
		f.closed_complaint(member.name, stage="Set Aside")
		for case, (user, filters, added) in cases.items():
			after = self.counts(chart, user, filters)
			self.assertEqual(list(after), list(before[case]), case)
			self.assertEqual(after["Closed - Proven"] - before[case]["Closed - Proven"], added, case)
			self.assertEqual(sum(after.values()) - sum(before[case].values()), added, case)
		self.assertNotIn("Set Aside", before["the administrator"])
		for filters in ("not json", ["73", "74"], {"region": "99.99"}, {"from_date": "2029-02-30"}):
			with self.assertRaises(frappe.ValidationError):
				self.chart(chart, luwu, filters)

	def test_the_sanction_chart_climbs_the_ladder_in_the_users_regions(self):
		from kpu_etik.core.sanctions import DEFAULT_LADDER

		chart = "Sanctions by Type Chart"
		luwu = f.user("chart.luwu@kpu-etik.test", ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		soppeng = f.user("chart.soppeng@kpu-etik.test", ("KPU Kabkota Legal Officer", f.SOPPENG))
		ladder = frappe.get_all("Sanction Type", order_by="`rank` asc", pluck="name")
		self.assertEqual(self.chart(chart, luwu, lang="id")["labels"], ladder)
		steps = [step.name for step in DEFAULT_LADDER]  # up the ladder, as installed
		self.assertEqual([name for name in ladder if name in steps], steps)
		before = {user: self.counts(chart, user) for user in (luwu, soppeng)}
		# a kecamatan of Luwu Utara the other tests of this module leave alone
		ppk = f.body("PPK", region=f.MAPPEDECENG)
		member = f.official(ppk.name, position="Ketua", nik=f.nik(district=f.MAPPEDECENG))
		frappe.get_doc(
			{
				"doctype": "Sanction",
				"official": member.name,
				"complaint": f.closed_complaint(member.name).name,
				"sanction_type": "Peringatan Tertulis",
				"letter_number": "001/PP.04-SD/7322/2029",
				"letter_date": today(),
				"effective_from": today(),
			}
		).insert()
		for user, added in ((luwu, 1), (soppeng, 0)):
			after = self.counts(chart, user)
			self.assertEqual(after["Peringatan Tertulis"] - before[user]["Peringatan Tertulis"], added, user)
