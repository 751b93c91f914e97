import tempfile

import frappe
from frappe.tests.utils import FrappeTestCase

from kpu_etik.core.regions import WilayahFormatError
from kpu_etik.organization.region_loader import load_regions
from kpu_etik.tests.factories import ensure_regions

SAMPLE = """kode,nama,tingkat
99,Provinsi Uji,Provinsi
99.01,Kabupaten Uji,Kabupaten/Kota
99.01.01,Kecamatan Satu,Kecamatan
99.01.01.2001,Desa Satu,Desa/Kelurahan
99.01.01.2002,Desa Dua,Desa/Kelurahan
99.01.02,Kecamatan Dua,Kecamatan
99.01.02.1001,Kelurahan Tiga,Desa/Kelurahan
"""


def write_csv(text: str) -> str:
	handle = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8")
	handle.write(text)
	handle.close()
	return handle.name


class TestRegionLoader(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_regions()

	@classmethod
	def tearDownClass(cls):
		frappe.db.delete("Region", {"name": ("like", "99%")})
		frappe.db.commit()
		super().tearDownClass()

	def test_load_builds_a_consistent_tree_and_is_idempotent(self):
		first = load_regions(write_csv(SAMPLE))
		self.assertEqual(first["rows_in_file"], 7)
		self.assertEqual(first["created"], 7)
		kab = frappe.get_doc("Region", "99.01")
		self.assertEqual(kab.parent_region, "99")
		self.assertEqual(kab.level, "Kabupaten/Kota")
		self.assertEqual(kab.region_name, "Kabupaten Uji")
		# The nested set: every descendant lies inside its ancestor's numbers.
		descendants = frappe.get_all(
			"Region", {"lft": (">", kab.lft), "rgt": ("<", kab.rgt)}, pluck="name", order_by="name"
		)
		self.assertEqual(
			descendants, ["99.01.01", "99.01.01.2001", "99.01.01.2002", "99.01.02", "99.01.02.1001"]
		)
		self.assertEqual(frappe.db.get_value("Region", "99", "parent_region"), "ID")
		root = frappe.db.get_value("Region", "ID", ["lft", "rgt"], as_dict=True)
		self.assertEqual(root.lft, 1)
		self.assertEqual(root.rgt, 2 * frappe.db.count("Region"))

		again = load_regions(write_csv(SAMPLE.replace("Desa Dua", "Desa Dua Baru")))
		self.assertEqual(again["created"], 0)
		self.assertEqual(frappe.db.get_value("Region", "99.01.01.2002", "region_name"), "Desa Dua Baru")
		self.assertEqual(frappe.db.count("Region", {"name": ("like", "99%")}), 7)
		self.assertEqual(again["written"], 1)  # the renamed village; the rest is left as it was

		modified = frappe.db.get_value("Region", "11", "modified")
		self.assertEqual(load_regions(write_csv(SAMPLE.replace("Desa Dua", "Desa Dua Baru")))["written"], 0)
		self.assertEqual(frappe.db.get_value("Region", "11", "modified"), modified)

	def test_a_name_with_a_nul_or_markup_refuses_the_file(self):
		for name in ("Desa\x00Dua", "Desa <img src=x onerror=alert(1)", "Desa\x07Dua"):
			with self.subTest(name=name), self.assertRaises(WilayahFormatError) as caught:
				load_regions(write_csv(SAMPLE.replace("Desa Dua", name)))
			self.assertEqual([line for line, _message in caught.exception.problems], [6])
			self.assertFalse(frappe.db.exists("Region", {"region_name": name}))

	def test_malformed_rows_are_reported_by_line_and_nothing_is_loaded(self):
		before = frappe.db.count("Region")
		bad = SAMPLE.replace("99.01.01.2002,Desa Dua", "99.01.01.20X2,Desa Dua").replace(
			"99.01.02,Kecamatan Dua,Kecamatan", "99.01.02,Kecamatan Dua,Provinsi"
		)
		bad = bad.replace(
			"kode,nama,tingkat\n", "kode,nama,tingkat\n98.01,Kabupaten Tanpa Induk,Kabupaten/Kota\n"
		)
		with self.assertRaises(WilayahFormatError) as caught:
			load_regions(write_csv(bad))
		lines = [line for line, _message in caught.exception.problems]
		self.assertEqual(lines, [2, 7, 8])
		self.assertEqual(frappe.db.count("Region"), before)
		self.assertFalse(frappe.db.exists("Region", "98.01"))

	def test_region_form_derives_level_and_parent_from_the_code(self):
		load_regions(write_csv(SAMPLE))
		doc = frappe.get_doc({"doctype": "Region", "code": "99.01.02.1002", "region_name": "Kelurahan Empat"})
		doc.insert()
		self.assertEqual(doc.level, "Desa/Kelurahan")
		self.assertEqual(doc.parent_region, "99.01.02")
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc({"doctype": "Region", "code": "99.1", "region_name": "Salah"}).insert()
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc({"doctype": "Region", "code": "99.07.01", "region_name": "Yatim"}).insert()
