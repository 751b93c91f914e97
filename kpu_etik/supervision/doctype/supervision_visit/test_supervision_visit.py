import frappe
from frappe.utils import add_days, today

from kpu_etik.supervision.meetings import make_temuan
from kpu_etik.tests import factories as f


class TestSupervisionVisit(f.KpuEtikTestCase):
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


class TestPortalVisits(f.KpuEtikTestCase):
	def test_a_ppk_member_records_a_visit_to_a_pps_of_their_kecamatan_from_the_portal(self):
		from frappe.utils import set_request
		from frappe.website.serve import get_response_content

		from kpu_etik.api.portal import record_visit

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
