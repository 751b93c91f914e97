from datetime import date

import frappe
from frappe.utils import add_days, getdate, today

from kpu_etik.meetings import generate_series, make_temuan
from kpu_etik.tests import factories as f


class TestMeetingsAndVisits(f.KpuEtikTestCase):
	def test_a_monthly_rakor_series_skips_a_holiday(self):
		frappe.get_doc(
			{"doctype": "KPU Holiday", "holiday_date": "2029-03-14", "description": "Libur uji"}
		).insert()
		first = frappe.get_doc(
			{
				"doctype": "Coordination Meeting",
				"topic": "Rakor pengawasan internal dan kode etik PPK/PPS",
				"region": f.LUWU_UTARA,
				"body_level": "PPK and PPS",
				"starts_on": "2029-01-10 09:00:00",
				"ends_on": "2029-01-10 12:00:00",
				"place": "Aula KPU Luwu Utara",
				"recurrence_rule": "Monthly:2we",
				"repeat_until": "2029-06-30",
			}
		).insert()
		self.assertEqual(first.recurrence_rule, "monthly:2we")
		created = generate_series(first.name)
		days = sorted(getdate(frappe.db.get_value("Coordination Meeting", n, "starts_on")) for n in created)
		self.assertEqual(days, [date(2029, 2, 14), date(2029, 4, 11), date(2029, 5, 9), date(2029, 6, 13)])
		self.assertEqual(generate_series(first.name), [])  # twice: nothing doubled
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{
					"doctype": "Coordination Meeting",
					"topic": "x",
					"region": f.LUWU_UTARA,
					"starts_on": "2029-01-10 09:00:00",
					"recurrence_rule": "every full moon",
				}
			).insert()

	def test_a_finding_becomes_a_temuan_complaint_linked_both_ways(self):
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		pps = f.body("PPS", region=desa, parent_body=ppk.name)
		member = f.official(pps.name, position="Ketua")
		outsider = f.official(ppk.name, position="Ketua")
		visit = frappe.get_doc(
			{
				"doctype": "Supervision Visit",
				"visited_body": pps.name,
				"planned_on": add_days(today(), -2),
				"held_on": add_days(today(), -2),
				"reported": 1,
				"findings": "Ketua PPS memasang stiker partai di sekretariat.",
			}
		).insert()
		self.assertEqual(len(visit.checklist), 5)
		self.assertEqual(visit.visit_state, "Held")
		with self.assertRaises(frappe.ValidationError):
			make_temuan(visit.name, outsider.name)
		complaint = make_temuan(visit.name, member.name)
		self.assertEqual(frappe.db.get_value("Supervision Visit", visit.name, "complaint"), complaint)
		linked = frappe.db.get_value(
			"Complaint", complaint, ["supervision_visit", "source", "region"], as_dict=True
		)
		self.assertEqual(
			(linked.supervision_visit, linked.source, linked.region), (visit.name, "Temuan", f.LUWU_UTARA)
		)
		with self.assertRaises(frappe.ValidationError):
			make_temuan(visit.name, member.name)  # once

	def test_visit_adherence(self):
		ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		missed = frappe.get_doc(
			{"doctype": "Supervision Visit", "visited_body": ppk.name, "planned_on": add_days(today(), -3)}
		).insert()
		self.assertEqual(missed.visit_state, "Missed")
		planned = frappe.get_doc(
			{"doctype": "Supervision Visit", "visited_body": ppk.name, "planned_on": add_days(today(), 3)}
		).insert()
		self.assertEqual(planned.visit_state, "Planned")
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{
					"doctype": "Supervision Visit",
					"visited_body": ppk.name,
					"planned_on": today(),
					"reported": 1,
				}
			).insert()  # a report without the visit

	def test_a_pps_member_records_visits_only_in_their_area(self):
		desa, other_desa = frappe.get_all(
			"Region", {"parent_region": f.BAEBUNTA_SELATAN}, pluck="name", order_by="name", limit=2
		)
		ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		pps = f.body("PPS", region=desa, parent_body=ppk.name)
		other_pps = f.body("PPS", region=other_desa, parent_body=ppk.name)
		kpps = f.body("KPPS", polling_station=f.polling_station(desa, 4).name, parent_body=pps.name)
		other_kpps = f.body(
			"KPPS", polling_station=f.polling_station(other_desa, 4).name, parent_body=other_pps.name
		)
		user = f.user("visit.pps@kpu-etik.test")
		f.official(pps.name, position="Ketua", user=user)
		frappe.set_user(user)
		visit = frappe.get_doc(
			{"doctype": "Supervision Visit", "visited_body": kpps.name, "planned_on": today()}
		).insert()
		self.assertEqual(visit.region, desa)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{"doctype": "Supervision Visit", "visited_body": other_kpps.name, "planned_on": today()}
			).insert()
		frappe.set_user("Administrator")


class TestComplianceReports(f.KpuEtikTestCase):
	def test_reports_return_only_the_users_region_and_reminders_go_out(self):
		from frappe.desk.query_report import run

		from kpu_etik.meetings import send_meeting_reminders

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

		from kpu_etik.compliance import undeclared_officials_card

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


class TestPortalVisits(f.KpuEtikTestCase):
	def test_a_ppk_member_records_a_visit_to_a_pps_of_their_kecamatan_from_the_portal(self):
		from frappe.utils import set_request
		from frappe.website.serve import get_response_content

		from kpu_etik.meetings import record_visit

		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		pps = f.body("PPS", region=desa, parent_body=ppk.name)
		soppeng_pps = f.body(
			"PPS", region=f.first_desa(f.MARIORIWAWO), parent_body=f.body("PPK", region=f.MARIORIWAWO).name
		)
		user = f.user("visit.ppk@kpu-etik.test")
		f.official(ppk.name, position="Ketua", user=user)
		frappe.set_user(user)
		name = record_visit(
			pps.name,
			planned_on=add_days(today(), -1),
			held_on=add_days(today(), -1),
			findings="Sekretariat PPS tertib.",
			checklist='{"Administrasi dan SOP tahapan dijalankan tertib": "Compliant"}',
			reported=1,
		)
		visit = frappe.get_doc("Supervision Visit", name)
		self.assertEqual((visit.visit_state, visit.region), ("Held", desa))
		self.assertIn("Compliant", [row.result for row in visit.checklist])
		with self.assertRaises(frappe.PermissionError):
			record_visit(soppeng_pps.name, planned_on=today())
		set_request(path="/supervision-visits")
		html = get_response_content("supervision-visits")
		self.assertIn(pps.body_name, html)
		self.assertNotIn(soppeng_pps.body_name, html)
		frappe.set_user("Administrator")
