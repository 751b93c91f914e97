from datetime import date

import frappe
from frappe.utils import getdate

from kpu_etik.supervision.meetings import generate_series
from kpu_etik.tests import factories as f


class TestCoordinationMeeting(f.KpuEtikTestCase):
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
				"recurrence_rule": "rrule:freq=monthly;byday=2we",
				"repeat_until": "2029-06-30",
			}
		).insert()
		self.assertEqual(first.recurrence_rule, "FREQ=MONTHLY;BYDAY=2WE")
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
