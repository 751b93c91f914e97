from datetime import date

import frappe
from frappe import _
from frappe.tests.test_api import FrappeAPITestCase

from kpu_etik.core.nik import make_nik
from kpu_etik.tests import factories as f


class TestOfficial(f.KpuEtikTestCase):
	def setUp(self):
		super().setUp()
		frappe.clear_messages()
		self.ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)

	def test_sex_and_birth_date_come_from_the_nik(self):
		woman = f.official(self.ppk.name, nik=make_nik(f.BAEBUNTA_SELATAN, date(1988, 2, 29), "Female", 12))
		self.assertEqual(woman.sex, "Female")
		self.assertEqual(str(woman.birth_date), "1988-02-29")
		self.assertEqual(woman.nik[6:8], "69")  # 29 + 40
		self.assertNotEqual(woman.name, woman.nik)
		self.assertTrue(woman.name.startswith("OFC-"))
		self.assertEqual(woman.region, f.BAEBUNTA_SELATAN)

	def test_wrong_niks_are_refused_with_a_clear_message(self):
		valid = make_nik(f.BAEBUNTA_SELATAN, date(1990, 5, 17), "Male", 1)
		wrong = {
			"short": valid[:15],
			"letters": valid[:15] + "X",
			"unknown province": "00" + valid[2:],
			"month 13": valid[:8] + "13" + valid[10:],
			"day 32": valid[:6] + "32" + valid[8:],
			"day 72 (woman)": valid[:6] + "72" + valid[8:],
			"30 February": valid[:6] + "3002" + valid[10:],
			"serial 0000": valid[:12] + "0000",
		}
		for reason, value in wrong.items():
			with self.subTest(reason), self.assertRaises(frappe.ValidationError):
				f.official(self.ppk.name, nik=value)
		self.assertEqual(frappe.db.count("Official", {"ad_hoc_body": self.ppk.name}), 0)

	def test_a_nik_is_unique(self):
		first = f.official(self.ppk.name)
		with self.assertRaisesRegex(frappe.ValidationError, first.name):
			f.official(self.ppk.name, nik=first.nik)

	def test_an_unknown_district_code_is_a_warning_not_an_error(self):
		# Papua before 2022: a NIK keeps the code of first registration for life.
		old_papua = make_nik("94.71.99", date(1985, 1, 1), "Male", 3)
		official = f.official(self.ppk.name, nik=old_papua)
		self.assertTrue(frappe.db.exists("Official", official.name))
		messages = " ".join(str(m) for m in frappe.get_message_log())
		self.assertIn("94.71", messages)

	def test_kk_is_checked_for_length_and_province(self):
		official = f.official(self.ppk.name, no_kk="7322140101010001")
		self.assertEqual(official.no_kk, "7322140101010001")
		for value in ("73221401010100", "0022140101010001", "73221401010A0001"):
			with self.subTest(value), self.assertRaises(frappe.ValidationError):
				f.official(self.ppk.name, no_kk=value)

	def test_nik_and_kk_are_trimmed_and_refused_by_one_rule(self):
		nik = f.nik()
		official = f.official(self.ppk.name, nik=f" {nik}\t", no_kk=" 7322140101010001 ")
		self.assertEqual((official.nik, official.no_kk), (nik, "7322140101010001"))
		for field in ("nik", "no_kk"):
			for value in ("<script>", "7322 140101010001", "73221401010100O1"):
				with self.subTest(field=field, value=value), self.assertRaises(frappe.ValidationError):
					f.official(self.ppk.name, **{field: value})
		self.assertEqual(frappe.db.count("Official", {"ad_hoc_body": self.ppk.name}), 1)

	def test_markup_is_refused_naming_the_field_never_stored_changed(self):
		official = f.official(self.ppk.name)
		for field, value in (
			("no_kk", "<script>"),
			("full_name", "Andi <b>Saputra</b>"),
			("address", "Jalan <img src=x onerror=alert(1)> 1"),
		):
			doc = frappe.get_doc("Official", official.name)
			doc.set(field, value)
			label = _(doc.meta.get_label(field))
			with self.subTest(field), self.assertRaisesRegex(frappe.ValidationError, label):
				doc.save()
		stored = frappe.db.get_value(
			"Official", official.name, ["no_kk", "full_name", "address"], as_dict=True
		)
		self.assertEqual(stored, {"no_kk": None, "full_name": "Andi Saputra", "address": None})
		# What plain text may hold stays: a "<" that starts no tag, and Unicode in its composed form.
		official.address = "Jalan Poros < 5 km dari Masamba, Desa Pao\u0301"
		official.save()
		self.assertEqual(official.address, "Jalan Poros < 5 km dari Masamba, Desa Pa\u00f3")

	def test_level_and_body_must_agree(self):
		with self.assertRaises(frappe.ValidationError):
			f.official(self.ppk.name, level="PPS")
		with self.assertRaises(frappe.ValidationError):
			f.official(self.ppk.name, position="Staf")
		commissioner = f.official(level="KPU Kabupaten/Kota", position="Ketua", office_region=f.LUWU_UTARA)
		self.assertEqual(commissioner.region, f.LUWU_UTARA)
		with self.assertRaises(frappe.ValidationError):
			f.official(level="KPU Kabupaten/Kota", office_region="73")  # a province office
		national = f.official(level="KPU RI", position="Anggota")
		self.assertEqual(national.region, "ID")

	def test_status_changes_are_kept_as_history(self):
		official = f.official(self.ppk.name)
		official.status = "Suspended"
		official.status_reason = "Putusan pleno 12/2029"
		official.save()
		official.status = "Active"
		official.save()
		history = [(row.from_status, row.to_status, row.reason) for row in official.status_history]
		self.assertEqual(
			history,
			[
				("", "Active", None),
				("Active", "Suspended", "Putusan pleno 12/2029"),
				("Suspended", "Active", None),
			],
		)
		self.assertIsNone(official.status_reason)

	def test_integrity_pact_must_be_a_real_pdf(self):
		official = f.official(self.ppk.name)
		fake = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "pakta-integritas.pdf",
				"content": b"Saya berjanji... (a text file renamed to .pdf)",
				"is_private": 1,
			}
		)
		fake.insert()  # not attached to the field yet: File itself accepts it
		official.integrity_pact = fake.file_url
		with self.assertRaisesRegex(frappe.ValidationError, "PDF"):
			official.save()
		with self.assertRaisesRegex(frappe.ValidationError, "PDF"):
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": "pakta.pdf",
					"content": b"not a pdf",
					"attached_to_doctype": "Official",
					"attached_to_name": official.name,
					"attached_to_field": "integrity_pact",
					"is_private": 1,
				}
			).insert()
		real = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "pakta-asli.pdf",
				"content": f.pdf_bytes(),
				"attached_to_doctype": "Official",
				"attached_to_name": official.name,
				"attached_to_field": "integrity_pact",
				"is_private": 1,
			}
		).insert()
		official.reload()
		official.integrity_pact = real.file_url
		official.save()
		self.assertEqual(frappe.db.get_value("Official", official.name, "integrity_pact"), real.file_url)


class TestOfficialNumbersOverRest(FrappeAPITestCase):
	"""The REST API takes NIK and No. KK by the same rule as the form."""

	def test_the_api_trims_and_refuses_as_the_form_does(self):
		f.ensure_regions()
		ppk = frappe.db.get_value("Ad Hoc Body", {"region": "73.22.06", "period_start": f.PERIOD[0]})
		ppk = ppk or f.body("PPK", region="73.22.06").name
		frappe.db.commit()
		self.addCleanup(self.remove, ppk)
		nik = make_nik("73.22.06", date(1991, 3, 4), "Male", 4321)
		base = {"full_name": "Anggota Rest", "level": "PPK", "position": "Anggota", "ad_hoc_body": ppk}
		for name, value in (("no_kk", "<script>"), ("no_kk", "7322 140101010001"), ("nik", f"<b>{nik}</b>")):
			with self.subTest(name=name, value=value):
				response = self.post(
					self.resource("Official"), {"sid": self.sid, **base, "nik": nik, name: value}
				)
				self.assertEqual(response.status_code, 417, response.get_data(as_text=True)[:300])
		self.assertFalse(frappe.db.exists("Official", {"ad_hoc_body": ppk}))
		response = self.post(
			self.resource("Official"),
			{"sid": self.sid, **base, "nik": f" {nik} ", "no_kk": " 7322140101010001 "},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual(
			(response.json["data"]["nik"], response.json["data"]["no_kk"]), (nik, "7322140101010001")
		)

	def remove(self, ppk):
		frappe.db.rollback()
		for name in frappe.get_all("Official", {"ad_hoc_body": ppk}, pluck="name"):
			frappe.delete_doc("Official", name, force=True, ignore_permissions=True)
		frappe.delete_doc("Ad Hoc Body", ppk, force=True, ignore_permissions=True)
		frappe.db.commit()
