"""The roster import on a real site: problems by row and column, valid rows only, idempotence, the
office's scope, and a worker killed half-way."""

import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date

import frappe

from kpu_etik.core.nik import make_nik
from kpu_etik.organization.roster import Options, import_roster
from kpu_etik.tests import factories
from kpu_etik.tests.factories import PERIOD, KpuEtikTestCase

HEADER = ["NIK", "No KK", "Nama", "Badan", "Kode Wilayah", "TPS", "Jabatan", "Telepon", "Email",
	"Nomor SK", "Tanggal SK", "Tanggal Sumpah"]  # fmt: skip
KECAMATAN = factories.MARIORIWAWO  # 73.12.01, Kabupaten Soppeng
DESA = factories.BARAE
LILIRIAJA, APPANANG = "73.12.02", "73.12.02.1001"  # another kecamatan of Soppeng, and a desa of it


class Roster:
	"""A roster of one PPK, one PPS and one KPPS (15 members), people invented with valid NIKs."""

	serial = 7000

	def __init__(self):
		self.rows = []

	def nik(self, born=date(1988, 4, 12), sex="Female"):
		Roster.serial += 1
		return make_nik(KECAMATAN, born, sex, Roster.serial)

	def add(self, body, region, position, tps="", nik=None, name=None, **changes):
		row = {
			"NIK": nik or self.nik(),
			"No KK": "",
			"Nama": name or f"Anggota {len(self.rows) + 1}",
			"Badan": body,
			"Kode Wilayah": region,
			"TPS": tps,
			"Jabatan": position,
			"Telepon": "081234567890",
			"Email": "",
			"Nomor SK": f"7/PP.04-Kpt/7312/{PERIOD[0].year}",
			"Tanggal SK": PERIOD[0].strftime("%d/%m/%Y"),
			"Tanggal Sumpah": f"{PERIOD[0].day} Januari {PERIOD[0].year}",
		}
		row.update(changes)
		self.rows.append(row)
		return row

	def full(self, kecamatan=KECAMATAN, desa=DESA):
		for position in ["Ketua"] + ["Anggota"] * 4:
			self.add("PPK", kecamatan, position)
		for position in ["Ketua"] + ["Anggota"] * 2:
			self.add("PPS", desa, position)
		for position in ["Ketua"] + ["Anggota"] * 6:
			self.add("KPPS", desa, position, tps="1")
		return self

	def write(self, header=HEADER) -> str:
		handle, path = tempfile.mkstemp(suffix=".csv")
		with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
			writer = csv.writer(out)
			writer.writerow(header)
			for row in self.rows:
				writer.writerow([row[h] for h in HEADER])
		os.chmod(path, 0o644)
		return path


def run(path, **options):
	options.setdefault("office", factories.SOPPENG)
	return import_roster(
		path, Options(period_start=str(PERIOD[0]), period_end=str(PERIOD[1]), commit=False, **options)
	)


def seated(niks):
	return sorted(
		frappe.db.sql(
			"""select o.nik, o.ad_hoc_body, o.position, o.status,
				(select count(*) from `tabOfficial Status Change` h where h.parent = o.name)
			from `tabOfficial` o where o.nik in %s""",
			[list(niks) or [""]],
		)
	)


class TestOfficialImport(KpuEtikTestCase):
	accounts = ("roster.operator@example.invalid",)

	def test_a_clean_file_seats_every_body_and_creates_what_is_missing(self):
		roster = Roster().full()
		outcome = run(roster.write())
		self.assertEqual((outcome.created, outcome.refused), (15, 0), outcome.problems)
		self.assertEqual(outcome.bodies_created, 3)
		kpps = frappe.get_doc("Ad Hoc Body", f"KPPS-{DESA}-TPS001-{PERIOD[0].year}")
		self.assertEqual(
			(kpps.member_count, kpps.ketua_count, kpps.parent_body), (7, 1, f"PPS-{DESA}-{PERIOD[0].year}")
		)
		official = frappe.get_doc("Official", {"nik": roster.rows[0]["NIK"]})
		self.assertEqual((official.level, official.region, official.sex), ("PPK", KECAMATAN, "Female"))
		self.assertEqual(str(official.decree_date), str(PERIOD[0]))
		self.assertEqual(official.status_history[0].to_status, "Active")
		# the words the name search finds, as the form writes them (one rule: core.name_search)
		from kpu_etik.core.name_search import search_words

		self.assertEqual(official.search_name, search_words(official.full_name))
		self.assertTrue(official.search_name)

	def test_every_kind_of_problem_refuses_the_whole_file_with_its_row_and_column(self):
		roster = Roster().full()
		nik_twice = roster.rows[1]["NIK"]
		expected = {
			(roster.add("PPK", KECAMATAN, "Anggota")["Nama"], "Jabatan"),  # a sixth PPK member
			(roster.add("PPS", DESA, "Ketua")["Nama"], "Jabatan"),  # a second ketua
			(roster.add("PPS", DESA, "Anggota", nik="12345")["Nama"], "NIK"),
			(roster.add("PPS", DESA, "Anggota", nik=nik_twice)["Nama"], "NIK"),
			(roster.add("PPX", DESA, "Anggota")["Nama"], "Badan"),
			(roster.add("PPS", KECAMATAN, "Anggota")["Nama"], "Kode Wilayah"),
			(roster.add("KPPS", DESA, "Anggota")["Nama"], "TPS"),
			(
				roster.add("KPPS", DESA, "Anggota", tps="2", **{"Tanggal SK": "31/02/2029"})["Nama"],
				"Tanggal SK",
			),
			(roster.add("PPK", "73.22.14", "Anggota")["Nama"], "Kode Wilayah"),  # another kabupaten
			(roster.add("KPPS", DESA, "Bendahara", tps="2")["Nama"], "Jabatan"),
			(
				roster.add("KPPS", DESA, "Anggota", tps="2", nik=roster.nik(born=date(2015, 1, 1)))["Nama"],
				"NIK",
			),
		}
		row_of = {row["Nama"]: number for number, row in enumerate(roster.rows, start=2)}
		before = frappe.db.count("Official")
		outcome = run(roster.write())
		self.assertFalse(outcome.written)
		self.assertEqual(frappe.db.count("Official"), before)
		found = {(p.row, p.column) for p in outcome.problems}
		for name, column in expected:
			self.assertIn((row_of[name], column), found, outcome.problems)
		self.assertEqual(outcome.refused, len(expected))
		self.assertTrue(all(p.message and "{" not in p.message for p in outcome.problems))

	def test_valid_rows_only_writes_exactly_the_valid_rows_and_returns_the_rest(self):
		roster = Roster().full()
		bad = roster.add("PPS", DESA, "Anggota", nik="73120112345")
		refused_path = tempfile.mktemp(suffix=".csv")
		outcome = run(roster.write(), valid_rows_only=True, refused_path=refused_path)
		self.assertEqual((outcome.created, outcome.refused), (15, 1))
		self.assertFalse(frappe.db.exists("Official", {"nik": bad["NIK"]}))
		with open(outcome.refused_file, encoding="utf-8-sig") as f:
			rows = list(csv.reader(f))
		os.unlink(outcome.refused_file)
		self.assertEqual(rows[0], [*HEADER, "Masalah"])
		self.assertEqual(rows[1][:3], [bad["NIK"], "", bad["Nama"]])
		self.assertIn("NIK", rows[1][-1])

	def test_the_same_file_twice_changes_nothing_and_a_correction_updates_in_place(self):
		roster = Roster().full()
		path = roster.write()
		run(path)
		niks = [r["NIK"] for r in roster.rows]
		before = seated(niks)
		modified = frappe.db.sql(
			"select name, modified from `tabOfficial` where nik in %s order by name", [niks]
		)
		again = run(path)
		self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 15))
		self.assertEqual(seated(niks), before)
		self.assertEqual(
			frappe.db.sql("select name, modified from `tabOfficial` where nik in %s order by name", [niks]),
			modified,
		)
		roster.rows[3]["Telepon"] = "081300000000"
		corrected = run(roster.write())
		self.assertEqual((corrected.updated, corrected.unchanged), (1, 14))
		self.assertEqual(
			frappe.db.get_value("Official", {"nik": roster.rows[3]["NIK"]}, "mobile_no"), "081300000000"
		)

	def test_a_record_edited_in_the_desk_while_the_import_runs_is_reported_not_overwritten(self):
		roster = Roster().full()
		run(roster.write())
		edited = frappe.get_doc("Official", {"nik": roster.rows[0]["NIK"]})
		# An officer's save after this import began (its modified lies after the import's start).
		later = frappe.utils.add_to_date(frappe.utils.now_datetime(), hours=1)
		frappe.db.set_value(
			"Official", edited.name, {"mobile_no": "089999999999", "modified": later}, update_modified=False
		)
		roster.rows[0]["Telepon"] = "081111111111"
		outcome = run(roster.write(), valid_rows_only=True)
		self.assertEqual((outcome.updated, outcome.refused), (0, 1))
		self.assertIn("Administrator", outcome.problems[0].message)
		self.assertEqual(frappe.db.get_value("Official", edited.name, "mobile_no"), "089999999999")

	def test_headers_in_any_order_case_and_punctuation_and_english(self):
		roster = Roster().full()
		header = ["nik", "no. kk", "NAMA", "badan", "Kode-Wilayah", "tps", "Jabatan", "telepon", "E-mail",
			"nomor sk", "Tanggal_SK", "Tanggal Sumpah"]  # fmt: skip
		self.assertEqual(run(roster.write(header), dry_run=True).created, 15)
		english = Roster().full()
		english_header = ["NIK", "Family Card Number", "Full Name", "Body", "Region Code", "TPS Number", "Position",
			"Phone", "Email", "Decree Number", "Decree Date", "Oath Date"]  # fmt: skip
		self.assertEqual(run(english.write(english_header), dry_run=True).refused, 0)
		with self.assertRaises(frappe.ValidationError):
			run(english.write(["NIK", "Nama"] + HEADER[2:]))  # Nama twice, Badan missing

	def test_an_operator_imports_only_into_their_own_kabupaten(self):
		operator = "roster.operator@example.invalid"
		factories.user(operator, ("KPU Kabkota Operator", factories.SOPPENG))
		roster = Roster()
		roster.add("PPK", "73.22.14", "Ketua")
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "roster.csv",
				"content": open(roster.write(), "rb").read(),
				"is_private": 1,
			}
		).insert()
		frappe.set_user(operator)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{"doctype": "Official Import", "region": factories.LUWU_UTARA, "import_file": file.file_url}
			).insert()
		record = frappe.get_doc(
			{"doctype": "Official Import", "region": factories.SOPPENG, "import_file": file.file_url}
		).insert()
		from kpu_etik.organization.doctype.official_import.official_import import run as run_job

		frappe.set_user("Administrator")
		outcome = run_job(record.name)
		self.assertEqual((outcome.created, outcome.refused), (0, 1))
		self.assertIn("Kode Wilayah", frappe.db.get_value("Official Import", record.name, "problem_list"))
		self.assertEqual(frappe.db.get_value("Official Import", record.name, "status"), "Refused")


class TestKilledImport(KpuEtikTestCase):
	"""A worker killed (SIGKILL) half-way through, then the same import again, leaves the rows of an
	import that ran to the end. The import commits, so this test cleans up after itself."""

	def tearDown(self):
		super().tearDown()
		factories.purge_test_period()

	def command(self, path, *more):
		sites = os.path.abspath(frappe.get_site_path(".."))
		return subprocess.Popen(
			[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", frappe.local.site,
			"kpu-import-officials", path, "--office", factories.SOPPENG, "--batch-size", "3",
			"--period-start", str(PERIOD[0]), "--period-end", str(PERIOD[1]), *more],
			cwd=sites, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
		)  # fmt: skip

	def test_a_killed_import_run_again_equals_an_uninterrupted_one(self):
		factories.purge_test_period()
		roster = Roster().full()
		path = roster.write()
		niks = [r["NIK"] for r in roster.rows]
		worker = self.command(path)
		while worker.poll() is None:
			frappe.db.rollback()  # a fresh snapshot
			if frappe.db.count("Official", {"nik": ("in", niks)}) >= 3:
				worker.send_signal(signal.SIGKILL)
				break
			time.sleep(0.05)
		worker.wait()
		frappe.db.rollback()
		half = frappe.db.count("Official", {"nik": ("in", niks)})
		self.assertEqual(half % 3, 0)  # whole batches only
		self.assertEqual(self.command(path).wait(), 0)
		frappe.db.rollback()
		after_crash = seated(niks)
		factories.purge_test_period()
		self.assertEqual(self.command(path).wait(), 0)
		frappe.db.rollback()
		self.assertEqual(after_crash, seated(niks))
		self.assertEqual(len(after_crash), 15)


def bodies_of_period():
	return frappe.db.sql(
		"""select name, parent_body, member_count, ketua_count, status from `tabAd Hoc Body`
		where period_start = %s order by name""",
		PERIOD[0],
	)


class CommittedImportCase(KpuEtikTestCase):
	"""For tests whose imports commit (other processes must see them): the test period is purged
	before and after each test."""

	def setUp(self):
		super().setUp()
		factories.purge_test_period()

	def tearDown(self):
		super().tearDown()
		factories.purge_test_period()


class TestImportInParts(CommittedImportCase):
	"""A file imported by two processes, a part each by kecamatan (what a large file gets), gives what
	one process gives, refusals included. The parts commit, so this test cleans up after itself."""

	def run_in(self, parts, path, **options):
		frappe.db.commit()  # the parts' connections read the site as committed
		outcome = import_roster(
			path,
			Options(office=factories.SOPPENG, period_start=str(PERIOD[0]), period_end=str(PERIOD[1]),
				parts=parts, **options),
		)  # fmt: skip
		frappe.db.rollback()  # a fresh snapshot of what the parts wrote
		return outcome

	def two_kecamatan(self):
		return Roster().full().full(LILIRIAJA, APPANANG)

	def test_two_processes_write_what_one_process_writes(self):
		roster = self.two_kecamatan()
		path, niks = roster.write(), [r["NIK"] for r in roster.rows]
		one = self.run_in(1, path)
		by_one, bodies_by_one = seated(niks), bodies_of_period()
		factories.purge_test_period()
		two = self.run_in(2, path)
		self.assertEqual((two.created, two.refused, two.bodies_created), (30, 0, 6), two.problems)
		self.assertEqual(two.summary(), one.summary())
		self.assertEqual(seated(niks), by_one)
		self.assertEqual(bodies_of_period(), bodies_by_one)
		self.assertEqual(len({body for _n, body, *_r in by_one}), 6)  # both kecamatan's bodies
		again = self.run_in(2, path)
		self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 30))
		self.assertEqual(seated(niks), by_one)

	def test_a_nik_on_rows_of_two_kecamatan_is_refused_as_one_process_refuses_it(self):
		roster = self.two_kecamatan()
		first = roster.rows[2]
		roster.rows[20]["NIK"] = first["NIK"]  # the ketua of the PPS of Appanang, a PPK member too
		path = roster.write()
		niks = [r["NIK"] for r in roster.rows]
		refused = {}
		for parts in (1, 2):
			outcome = self.run_in(parts, path)
			self.assertFalse(outcome.written)
			self.assertEqual(seated(niks), [])
			refused[parts] = [(p.row, p.column, p.message) for p in outcome.problems]
		self.assertEqual(refused[2], refused[1])
		self.assertEqual(refused[2], [(22, "NIK", refused[2][0][2])])
		self.assertIn("4", refused[2][0][2])  # the first row of that NIK (row 4 of the file)

		refused_path = tempfile.mktemp(suffix=".csv")
		outcome = self.run_in(2, path, valid_rows_only=True, refused_path=refused_path)
		self.assertEqual((outcome.created, outcome.refused, outcome.written), (29, 1, True))
		with open(outcome.refused_file, encoding="utf-8-sig") as f:
			rows = list(csv.reader(f))
		os.unlink(outcome.refused_file)
		self.assertEqual(rows[0], [*HEADER, "Masalah"])
		self.assertEqual([r[2] for r in rows[1:]], [roster.rows[20]["Nama"]])
		self.assertEqual(len(seated(niks)), 29)

	def test_an_import_killed_in_parts_run_again_equals_an_uninterrupted_one(self):
		roster = self.two_kecamatan()
		path, niks = roster.write(), [r["NIK"] for r in roster.rows]
		frappe.db.commit()
		worker = TestKilledImport.command(self, path, "--processes", "2")
		while worker.poll() is None:
			frappe.db.rollback()
			if frappe.db.count("Official", {"nik": ("in", niks)}) >= 3:
				worker.send_signal(signal.SIGKILL)  # the import's own process: its parts die with it
				break
			time.sleep(0.02)
		worker.wait()
		time.sleep(0.5)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("Official", {"nik": ("in", niks)}) % 3, 0)  # whole ranges only
		self.assertEqual(TestKilledImport.command(self, path, "--processes", "2").wait(), 0)
		frappe.db.rollback()
		after_crash = seated(niks)
		factories.purge_test_period()
		self.assertEqual(TestKilledImport.command(self, path, "--processes", "2").wait(), 0)
		frappe.db.rollback()
		self.assertEqual(after_crash, seated(niks))
		self.assertEqual(len(after_crash), 30)


def soppeng_import(content: bytes):
	"""An Official Import of Kabupaten Soppeng for the test period, of a roster file's content."""
	file = frappe.get_doc(
		{"doctype": "File", "file_name": "roster.csv", "content": content, "is_private": 1}
	).insert()
	return frappe.get_doc(
		{
			"doctype": "Official Import",
			"region": factories.SOPPENG,
			"import_file": file.file_url,
			"period_start": str(PERIOD[0]),
			"period_end": str(PERIOD[1]),
		}
	).insert()


class TestTwoWorkers(CommittedImportCase):
	"""Two RQ workers (real ones, on the site's Redis) take three jobs at once over the same office:
	the same import queued twice, and a second import of the same file. What they leave equals one
	run. The jobs commit, so this test cleans up after itself."""

	def tearDown(self):
		super().tearDown()
		frappe.db.delete("Official Import", {"name": ("in", getattr(self, "imports", []) or [""])})
		frappe.db.commit()

	def new_import(self, content: bytes) -> str:
		record = soppeng_import(content)
		self.imports.append(record.name)
		return record.name

	def workers(self, count: int) -> list[subprocess.Popen]:
		sites = os.path.abspath(frappe.get_site_path(".."))
		command = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", frappe.local.site,
			"worker", "--queue", "long", "--burst"]  # fmt: skip
		return [
			subprocess.Popen(command, cwd=sites, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
			for _ in range(count)
		]

	def test_two_workers_over_the_same_office_leave_what_one_run_leaves(self):
		from kpu_etik.organization.doctype.official_import.official_import import run as run_job
		from kpu_etik.organization.doctype.official_import.official_import import start

		self.imports = []
		roster = Roster().full()
		content, niks = open(roster.write(), "rb").read(), [r["NIK"] for r in roster.rows]
		one = self.new_import(content)
		frappe.db.commit()
		self.assertEqual(run_job(one).created, 15)  # the baseline: one run, in this process
		frappe.db.commit()
		by_one, bodies_by_one = seated(niks), bodies_of_period()
		factories.purge_test_period()

		first, second = self.new_import(content), self.new_import(content)
		frappe.db.commit()
		frappe.flags.in_test = False  # queue for real (after the commit), as the Desk does
		try:
			start(first)
			frappe.db.commit()
			frappe.enqueue(  # the same request queued a second time (Frappe's dedup sidestepped)
				"kpu_etik.jobs.run_alone",
				queue="long",
				job_method="kpu_etik.organization.doctype.official_import.official_import.run",
				job_lock=f"official-import-office::{factories.SOPPENG}",
				name=first,
				queued=True,
			)
			start(second)
			frappe.db.commit()
		finally:
			frappe.flags.in_test = True
		for worker in self.workers(2):
			self.assertEqual(worker.wait(timeout=300), 0)
		frappe.db.rollback()  # a fresh snapshot of what the workers wrote
		self.assertEqual(seated(niks), by_one)
		self.assertEqual(bodies_of_period(), bodies_by_one)
		outcomes = frappe.get_all(
			"Official Import",
			filters={"name": ("in", [first, second])},
			fields=["status", "rows_created", "rows_unchanged"],
			order_by="rows_created desc",
			as_list=True,
		)
		# one import wrote the rows, the other waited its turn and found them all in place
		self.assertEqual([tuple(row) for row in outcomes], [("Imported", 15, 0), ("Imported", 0, 15)])


class TestRestartAfterAWorkerDied(KpuEtikTestCase):
	"""An import left "Importing" by a worker that died can be started again; one whose job is queued,
	or started by a worker that is alive (it holds the office's lock on its own connection), cannot."""

	def test_a_dead_workers_import_starts_again_and_a_live_ones_does_not(self):
		import pymysql
		from rq.job import JobStatus

		from kpu_etik.jobs import lock_name
		from kpu_etik.organization.doctype.official_import.official_import import office_lock, start

		record = soppeng_import(open(Roster().full().write(), "rb").read())
		record.db_set("status", "Importing")  # what a worker killed half-way leaves
		job_id = f"official-import::{record.name}"
		job = frappe.enqueue("frappe.ping", queue="long", job_id=job_id)  # RQ's record of the job
		self.addCleanup(job.delete)
		with self.assertRaises(frappe.ValidationError):
			start(record.name, dry_run=1)  # queued
		job.set_status(JobStatus.STARTED)
		conf = frappe.conf
		worker = pymysql.connect(  # a live worker's connection, holding the office's lock
			host=conf.db_host or "127.0.0.1",
			port=int(conf.db_port or 3306),
			user=conf.db_name,
			password=conf.db_password,
			database=conf.db_name,
		)
		try:
			worker.cursor().execute("select get_lock(%s, 0)", (lock_name(office_lock(factories.SOPPENG)),))
			with self.assertRaises(frappe.ValidationError):
				start(record.name, dry_run=1)  # started, and its worker is alive
		finally:
			worker.close()  # the worker dies: the server frees its lock; RQ still says "started"
		start(record.name, dry_run=1)  # accepted (and checked at once, in tests)
		self.assertEqual(frappe.db.get_value("Official Import", record.name, "status"), "Checked")
