import frappe

from kpu_etik.tests import factories as f


class TestAdHocBody(f.KpuEtikTestCase):
	def test_region_must_match_the_body_type(self):
		with self.assertRaisesRegex(frappe.ValidationError, "Kecamatan"):
			f.body(
				"PPS", region=f.BAEBUNTA_SELATAN, parent_body=f.body("PPK", region=f.BAEBUNTA_SELATAN).name
			)
		with self.assertRaises(frappe.ValidationError):
			f.body("PPK", region=f.first_desa(f.BAEBUNTA_SELATAN))

	def test_parents_nest_by_region(self):
		ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		other_ppk = f.body("PPK", region=f.MAPPEDECENG)
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		with self.assertRaises(frappe.ValidationError):
			f.body("PPS", region=desa, parent_body=other_ppk.name)
		with self.assertRaises(frappe.ValidationError):
			f.body("PPS", region=desa)  # a PPS needs its PPK
		pps = f.body("PPS", region=desa, parent_body=ppk.name)
		self.assertEqual(pps.body_name, "PPS " + frappe.db.get_value("Region", desa, "region_name"))
		tps = f.polling_station(desa, 7)
		kpps = f.body("KPPS", polling_station=tps.name, parent_body=pps.name)
		self.assertEqual(kpps.region, desa)
		with self.assertRaises(frappe.ValidationError):
			f.body("KPPS", polling_station=tps.name, parent_body=ppk.name)

	def test_a_sixth_ppk_member_is_refused(self):
		ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		f.official(ppk.name, position="Ketua")
		for _ in range(4):
			f.official(ppk.name)
		with self.assertRaisesRegex(frappe.ValidationError, "5"):
			f.official(ppk.name)
		self.assertEqual(frappe.db.get_value("Ad Hoc Body", ppk.name, "member_count"), 5)

	def test_a_second_ketua_is_refused(self):
		ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		f.official(ppk.name, position="Ketua")
		with self.assertRaisesRegex(frappe.ValidationError, "Ketua"):
			f.official(ppk.name, position="Ketua")
		anggota = f.official(ppk.name)
		anggota.position = "Ketua"
		with self.assertRaises(frappe.ValidationError):
			anggota.save()

	def test_activation_needs_the_full_composition(self):
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		pps = f.body("PPS", region=desa, parent_body=f.body("PPK", region=f.BAEBUNTA_SELATAN).name)
		f.official(pps.name, position="Ketua")
		f.official(pps.name)
		pps.reload()
		pps.status = "Active"
		with self.assertRaises(frappe.ValidationError):
			pps.save()
		f.official(pps.name)
		pps.reload()
		pps.status = "Active"
		pps.save()
		self.assertEqual((pps.member_count, pps.ketua_count, pps.needs_replacement), (3, 1, 0))

	def test_a_suspension_leaves_the_seat_and_a_dismissal_flags_replacement(self):
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		pps = f.body("PPS", region=desa, parent_body=f.body("PPK", region=f.BAEBUNTA_SELATAN).name)
		members = [f.official(pps.name, position="Ketua"), f.official(pps.name), f.official(pps.name)]
		pps.reload()
		pps.status = "Active"
		pps.save()
		members[1].status = "Suspended"
		members[1].save()
		self.assertEqual(frappe.db.get_value("Ad Hoc Body", pps.name, "needs_replacement"), 0)
		members[1].status = "Dismissed"
		members[1].save()
		self.assertEqual(
			frappe.db.get_value("Ad Hoc Body", pps.name, ["member_count", "needs_replacement"]), (2, 1)
		)

	def test_composition_comes_from_settings(self):
		settings = frappe.get_single("KPU Etik Settings")
		self.assertEqual(
			{row.body_type: row.members for row in settings.composition_rules},
			{"PPK": 5, "PPS": 3, "KPPS": 7},
		)
		for row in settings.composition_rules:
			if row.body_type == "PPS":
				row.members = 4
		settings.save()
		# The settings live in the document cache too, which a rollback does not reset.
		self.addCleanup(frappe.clear_document_cache, "KPU Etik Settings", "KPU Etik Settings")
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		pps = f.body("PPS", region=desa, parent_body=f.body("PPK", region=f.BAEBUNTA_SELATAN).name)
		for position in ("Ketua", "Anggota", "Anggota", "Anggota"):
			f.official(pps.name, position=position)
		with self.assertRaises(frappe.ValidationError):
			f.official(pps.name)

	def test_a_polling_station_needs_a_number_and_a_desa(self):
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		for number in (0, None, -3):
			with self.subTest(number), self.assertRaises(frappe.ValidationError):
				frappe.get_doc({"doctype": "Polling Station", "region": desa, "tps_number": number}).insert()
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{"doctype": "Polling Station", "region": f.BAEBUNTA_SELATAN, "tps_number": 1}
			).insert()
		self.assertEqual(f.polling_station(desa, 12).name, f"{desa}-TPS012")

	def test_a_dissolved_body_takes_no_members(self):
		ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		ppk.status = "Dissolved"
		ppk.save()
		with self.assertRaisesRegex(frappe.ValidationError, "dissolved"):
			f.official(ppk.name)
