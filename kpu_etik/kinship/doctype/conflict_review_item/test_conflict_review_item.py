import io
from datetime import date

import frappe

from kpu_etik.core.nik import make_nik
from kpu_etik.kinship.doctype.candidate_list_import.candidate_list_import import start_import
from kpu_etik.kinship.screening import screen_all_officials
from kpu_etik.tests import factories as f


def import_list(content: bytes, file_name: str, list_type="DCT (Candidates)"):
	file_doc = frappe.get_doc(
		{"doctype": "File", "file_name": file_name, "content": content, "is_private": 1}
	).insert(ignore_permissions=True)
	doc = frappe.get_doc(
		{
			"doctype": "Candidate List Import",
			"list_type": list_type,
			"election": "Pemilu 2029",
			"import_file": file_doc.file_url,
		}
	).insert()
	start_import(doc.name)  # runs at once under tests
	return frappe.get_doc("Candidate List Import", doc.name)


class TestConflictScreening(f.KpuEtikTestCase):
	"""List imports run as background jobs, which commit: the fixture is built once, committed, and
	purged at the end. Each scenario has its own official and its own relative on the list."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		f.purge_test_period()
		frappe.set_user("Administrator")
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		cls.ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		cls.pps = f.body("PPS", region=desa, parent_body=cls.ppk.name)
		cls.kpps_region = desa
		cls.members, cls.relatives = {}, {}
		rows = [["nama", "nik", "no_kk", "tanggal_lahir", "peran", "partai", "dapil", "kode_wilayah"]]
		for number, scenario in enumerate(("flagged", "dismissed", "declared"), start=1):
			kk = f"73221401011000{number:02d}"
			cls.members[scenario] = f.official(
				cls.pps.name,
				position="Ketua" if number == 1 else "Anggota",
				full_name=f"Muhammad Yusuf {scenario}",
				no_kk=kk,
				nik=make_nik(f.BAEBUNTA_SELATAN, date(1980, 6, number), "Male", 4000 + number),
			)
			cls.relatives[scenario] = make_nik(
				f.BAEBUNTA_SELATAN, date(1983, 2, number), "Male", 4010 + number
			)
			# Same household as the member, not declared.
			rows.append(
				[
					f"Baso {scenario}",
					cls.relatives[scenario],
					kk,
					f"{number} Februari 1983",
					"DPRD Kab/Kota",
					"Partai Contoh",
					"Luwu Utara 2",
					"73.22",
				]
			)
		# Someone unrelated elsewhere.
		rows.append(
			[
				"Yohanes Manafe",
				make_nik("53.71.02", date(1970, 1, 1), "Male", 4003),
				"5371020101010009",
				"01-01-1970",
				"DPR",
				"Partai Lain",
				"NTT 2",
				"53.71",
			]
		)
		csv_text = "\n".join(";".join(row) for row in rows)  # an Indonesian spreadsheet's CSV
		cls.list_import = import_list(csv_text.encode(), "dct.csv")
		cls.round = frappe.get_doc(
			{
				"doctype": "Kinship Declaration Round",
				"title": "Uji",
				"election": f.ELECTION,
				"region": f.LUWU_UTARA,
				"deadline": "2029-01-31",
			}
		).insert()
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		f.purge_test_period()
		super().tearDownClass()

	def items(self, scenario):
		return frappe.get_all(
			"Conflict Review Item",
			filters={"official": self.members[scenario].name},
			fields=["name", "kind", "status", "candidate"],
		)

	def declare(self, scenario, relative_name, relationship, relative_nik):
		frappe.get_doc(
			{
				"doctype": "Kinship Declaration",
				"official": self.members[scenario].name,
				"round": self.round.name,
				"relatives": [
					{
						"relative_name": relative_name,
						"relationship": relationship,
						"relative_role": "Calon DPRD Kabupaten/Kota",
						"relative_nik": relative_nik,
					}
				],
			}
		).insert()

	def test_an_undeclared_candidate_in_the_same_kk_is_flagged(self):
		self.assertEqual((self.list_import.status, self.list_import.rows_imported), ("Imported", 4))
		self.assertEqual(self.list_import.hits_found, 3)
		items = self.items("flagged")
		self.assertEqual([(i.kind, i.status) for i in items], [("Same KK", "Open")])
		candidate = frappe.db.get_value(
			"Election Candidate", items[0].candidate, ["full_name", "candidate_role"]
		)
		self.assertEqual(candidate, ("Baso flagged", "Calon DPRD Kabupaten/Kota"))
		evidence = frappe.db.get_value("Conflict Review Item", items[0].name, "evidence")
		self.assertIn("same No. KK", evidence)
		self.assertNotIn(self.members["flagged"].no_kk, evidence)  # masked even for officers

	def test_a_dismissed_item_stays_dismissed(self):
		item = frappe.get_doc("Conflict Review Item", self.items("dismissed")[0].name)
		item.status = "Not a Conflict"
		with self.assertRaises(frappe.ValidationError):
			item.save()  # a decision needs its note
		item.reload()
		item.status = "Not a Conflict"
		item.decision_note = "Sudah diklarifikasi: KK lama, sudah pisah rumah tangga sejak 2015"
		item.save()
		screen_all_officials()
		member = frappe.get_doc("Official", self.members["dismissed"].name)
		member.full_name = member.full_name + " "  # a change that screens again on save
		member.mobile_no = "081234567890"
		member.save()
		self.assertEqual(
			[(i.kind, i.status) for i in self.items("dismissed")], [("Same KK", "Not a Conflict")]
		)

	def test_declaring_the_relative_closes_the_item(self):
		self.assertEqual([(i.kind, i.status) for i in self.items("declared")], [("Same KK", "Open")])
		self.declare("declared", "Baso declared", "Saudara Kandung", self.relatives["declared"])
		items = self.items("declared")
		self.assertEqual([(i.kind, i.status) for i in items], [("Same KK", "Not a Conflict")])
		matched = frappe.db.get_value(
			"Declared Relative", {"relative_name": "Baso declared"}, "matched_candidate"
		)
		self.assertEqual(matched, items[0].candidate)

	def test_an_official_who_is_a_candidate_is_flagged(self):
		official = f.official(
			self.ppk.name,
			full_name="Andi Patiung",
			nik=make_nik(f.BAEBUNTA_SELATAN, date(1979, 4, 4), "Male", 4020),
		)
		rows = "nama,nik,peran\nAndi Patiung S.Sos," + official.nik + ",Tim Kampanye\n"
		import_list(rows.encode(), "tim.csv", list_type="Campaign Team")
		kinds = frappe.get_all("Conflict Review Item", filters={"official": official.name}, pluck="kind")
		self.assertEqual(kinds, ["Same NIK"])

	def test_organizers_declaring_each_other_as_spouses_are_flagged(self):
		wife = f.official(
			self.ppk.name,
			full_name="Siti Aminah",
			nik=make_nik(f.BAEBUNTA_SELATAN, date(1985, 7, 7), "Female", 4004),
		)
		self.declare("flagged", "Siti Aminah", "Suami/Istri", wife.nik)
		spouses = frappe.get_all(
			"Conflict Review Item",
			filters={"kind": "Organizer Spouse"},
			fields=["official", "other_official"],
		)
		husband = self.members["flagged"].name
		self.assertEqual(
			{(s.official, s.other_official) for s in spouses}, {(husband, wife.name), (wife.name, husband)}
		)

	def test_a_bad_list_is_refused_whole_with_row_numbers(self):
		before = frappe.db.count("Election Candidate")
		rows = "nama,nik,tanggal_lahir,peran\nA,123,01-01-1980,DPR\nB,,31-02-1980,DPR\nC,,,Bupati\nD,,,DPD\n"
		result = import_list(rows.encode(), "rusak.csv")
		self.assertEqual(result.status, "Failed")
		self.assertEqual(frappe.db.count("Election Candidate"), before)
		for row in ("Row 2", "Row 3", "Row 4"):
			self.assertIn(row, result.import_errors)
		self.assertNotIn("Row 5", result.import_errors)

	def test_a_name_with_markup_in_a_list_is_refused_never_stored_changed(self):
		result = import_list(b"nama,peran\n<img src=x onerror=alert(1)>Andi Polos,DPD\n", "teks.csv")
		self.assertEqual(result.status, "Failed")
		self.assertIn("Row 2", result.import_errors)
		self.assertIn(
			frappe._(frappe.get_meta("Election Candidate").get_label("full_name")), result.import_errors
		)
		self.assertFalse(frappe.db.exists("Election Candidate", {"source_import": result.name}))

	def test_an_xlsx_list_is_read(self):
		from openpyxl import Workbook

		book = Workbook()
		sheet = book.active
		sheet.append(["Nama Lengkap", "NIK", "Tanggal Lahir", "Peran", "Partai"])
		sheet.append(
			["Andi Mappiasse", make_nik("73.22.10", date(1975, 5, 5), "Male", 4005), "5 Mei 1975", "DPD", ""]
		)
		buffer = io.BytesIO()
		book.save(buffer)
		result = import_list(buffer.getvalue(), "dct.xlsx")
		self.assertEqual((result.status, result.rows_imported), ("Imported", 1), result.import_errors)
		self.assertEqual(
			frappe.db.get_value("Election Candidate", {"source_import": result.name}, "birth_date"),
			date(1975, 5, 5),
		)
