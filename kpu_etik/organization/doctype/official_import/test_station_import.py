"""The TPS list import on a real site: stations and their KPPS, PPS and PPK bodies created, the same
file twice unchanged, a correction in place, problems by row and column, the office's scope."""

import csv
import os
import tempfile

import frappe

from kpu_etik.organization.roster import Options
from kpu_etik.organization.station_import import import_polling_stations
from kpu_etik.tests import factories
from kpu_etik.tests.factories import PERIOD, KpuEtikTestCase

HEADER = ["Kode Wilayah", "TPS", "Alamat", "Jumlah Pemilih"]
YEAR = PERIOD[0].year


def write(rows, header=HEADER) -> str:
	handle, path = tempfile.mkstemp(suffix=".csv")
	with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
		writer = csv.writer(out)
		writer.writerow(header)
		writer.writerows(rows)
	os.chmod(path, 0o644)
	return path


def run(path, **options):
	options.setdefault("office", factories.SOPPENG)
	return import_polling_stations(
		path, Options(period_start=str(PERIOD[0]), period_end=str(PERIOD[1]), commit=False, **options)
	)


class TestStationImport(KpuEtikTestCase):
	accounts = ("tps.operator@example.invalid",)

	def setUp(self):
		super().setUp()
		factories.ensure_regions()
		self.desa = frappe.get_all(
			"Region",
			{"parent_region": factories.MARIORIWAWO},
			pluck="name",
			order_by="name",
			limit=2,
		)

	def rows(self):
		first, second = self.desa
		return [
			[first, "901", "Jl. Poros Soppeng", "250"],
			[first, "902", "SD Negeri 12", ""],
			[second, "901", "Balai Desa", "1.204"],
		]

	def test_a_tps_list_creates_stations_and_the_bodies_above_them_and_twice_changes_nothing(self):
		first, second = self.desa
		outcome = run(write(self.rows()))
		self.assertEqual((outcome.created, outcome.refused), (3, 0), outcome.problems)
		station = frappe.get_doc("Polling Station", f"{first}-TPS901")
		self.assertEqual((station.address, station.registered_voters), ("Jl. Poros Soppeng", 250))
		self.assertEqual(
			frappe.db.get_value("Polling Station", f"{second}-TPS901", "registered_voters"), 1204
		)
		kpps = frappe.get_doc("Ad Hoc Body", f"KPPS-{first}-TPS901-{YEAR}")
		self.assertEqual((kpps.polling_station, kpps.parent_body), (station.name, f"PPS-{first}-{YEAR}"))
		self.assertEqual(
			frappe.db.get_value("Ad Hoc Body", f"PPS-{second}-{YEAR}", "parent_body"),
			f"PPK-{factories.MARIORIWAWO}-{YEAR}",
		)
		again = run(write(self.rows()))
		self.assertEqual((again.created, again.updated, again.unchanged, again.bodies_created), (0, 0, 3, 0))
		corrected = self.rows()
		corrected[1][2] = "SD Negeri 12 Barae"
		fixed = run(write(corrected))
		self.assertEqual((fixed.created, fixed.updated, fixed.unchanged), (0, 1, 2))
		self.assertEqual(
			frappe.db.get_value("Polling Station", f"{first}-TPS902", "address"), "SD Negeri 12 Barae"
		)
		self.assertEqual(fixed.summary(), "polling stations: 0 created, 1 updated, 2 unchanged, 0 refused")

	def test_every_problem_refuses_the_file_with_its_row_and_column_and_valid_rows_only_writes_the_rest(
		self,
	):
		first, _second = self.desa
		rows = [
			*self.rows(),
			[factories.MARIORIWAWO, "1", "", ""],  # a kecamatan
			[first, "901", "", ""],  # the same TPS again
			[first, "0", "", ""],
			[first, "903", "", "banyak"],
			["73.22.14.2001", "1", "", ""],  # Luwu Utara: outside the office
			["99.99.99.9999", "1", "", ""],  # no such region
		]
		path = write(rows)
		outcome = run(path)
		self.assertFalse(outcome.written)
		self.assertEqual((outcome.refused, frappe.db.exists("Polling Station", f"{first}-TPS901")), (6, None))
		found = {(p.row, p.column) for p in outcome.problems}
		self.assertEqual(
			found,
			{(5, "Kode Wilayah"), (6, "TPS"), (7, "TPS"), (8, "Jumlah Pemilih"), (9, "Kode Wilayah"),
				(10, "Kode Wilayah")},
		)  # fmt: skip
		refused_path = path + ".refused.csv"
		valid = run(path, valid_rows_only=True, refused_path=refused_path)
		self.assertEqual((valid.created, valid.refused, valid.written), (3, 6, True))
		with open(refused_path, encoding="utf-8-sig") as f:
			back = list(csv.reader(f))
		self.assertEqual(back[0], [*HEADER, "Masalah"])
		self.assertEqual([r[:2] for r in back[1:]], [r[:2] for r in rows[3:]])

	def test_english_headers_and_the_desk_record_of_an_operator(self):
		operator = "tps.operator@example.invalid"
		factories.user(operator, ("KPU Kabkota Operator", factories.SOPPENG))
		path = write(self.rows(), ["region code", "TPS Number", "ADDRESS", "Registered voters"])
		file = frappe.get_doc(
			{"doctype": "File", "file_name": "tps.csv", "content": open(path, "rb").read(), "is_private": 1}
		).insert()
		frappe.set_user(operator)
		record = frappe.get_doc(
			{
				"doctype": "Official Import",
				"import_kind": "TPS List",
				"region": factories.SOPPENG,
				"import_file": file.file_url,
				"period_start": str(PERIOD[0]),
				"period_end": str(PERIOD[1]),
			}
		).insert()
		from kpu_etik.organization.doctype.official_import.official_import import run as run_job

		frappe.set_user("Administrator")
		outcome = run_job(record.name)
		self.assertEqual((outcome.created, outcome.refused), (3, 0), outcome.problems)
		record.reload()
		self.assertEqual((record.status, record.rows_created), ("Imported", 3))
		self.assertTrue(frappe.db.exists("Ad Hoc Body", f"KPPS-{self.desa[1]}-TPS901-{YEAR}"))
