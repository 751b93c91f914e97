"""Benchmark: the roster import end to end (file to committed rows, every rule checked) against its
ceiling, `frappe.db.bulk_insert` of the same officials with no check at all, and against Frappe's
Data Import of the same rows into the same doctype (a sample: it runs at ~100 rows a second).

  ../env/bin/python /path/to/benchmarks/roster_import.py --site SITE \
	--kwargs "{'rows': 50000, 'region': '73', 'wilayah': '/path/to/wilayah.csv'}"

The site needs the regions (bench --site SITE kpu-load-regions wilayah.csv). The file comes from
benchmarks/roster_file.py (period 2024); what the benchmark writes is removed at the end.
"""

import csv
import os
import resource
import statistics
import sys
import tempfile
import time

import frappe

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import roster_file

from kpu_etik.organization.roster import ROW_FIELDS, Options, import_roster, part_count

PERIOD = ("2024-01-02", "2024-12-31")


def run(
	rows: int = 50000, region: str = "73", wilayah: str = "", data_import_rows: int = 1000, repeat: int = 3
):
	path = os.path.join(tempfile.gettempdir(), f"roster-benchmark-{region}-{rows}.csv")
	with open(path, "w", newline="", encoding="utf-8") as out:
		roster_file.write_roster(roster_file.Wilayah(wilayah), out, region=region, rows=rows)
	frappe.set_user("Administrator")
	before = set_of_bodies()
	parts = part_count(path, Options(office=region))
	try:
		first = timed_import(path, region)
		print(f"roster import ({parts} processes), bodies created too: {first.rows:,} rows in "
			f"{first.seconds:.1f} s = {first.rows / first.seconds:,.0f} rows/s; {first.summary()}; "
			f"{first.bodies_created:,} bodies")  # fmt: skip
		again = timed_import(path, region)
		print(
			f"the same file again: {again.seconds:.1f} s ({again.rows / again.seconds:,.0f} rows/s); {again.summary()}"
		)
		values = frappe.db.sql(
			f"select name, nik, sex, birth_date, {', '.join(ROW_FIELDS)} from `tabOfficial` "
			"where official_import = 'benchmark'",
		)
		# Into the bodies the first import made, in turn: in parts, in one process, the ceiling.
		times = {"parts": [], "one": [], "ceiling": []}
		for _ in range(repeat):
			for kind in times:
				remove_officials()
				settle()
				if kind == "ceiling":
					times[kind].append(timed_bulk_insert(values))
				else:
					times[kind].append(timed_import(path, region, 1 if kind == "one" else 0).seconds)
		seconds = {kind: statistics.median(t) for kind, t in times.items()}
		for kind, label in (("parts", f"roster import, {parts} processes"), ("one", "roster import, one process"),
			("ceiling", "ceiling, frappe.db.bulk_insert without checks")):  # fmt: skip
			print(f"{label}, into existing bodies: median of {repeat} {seconds[kind]:.2f} s = "
				f"{rows / seconds[kind]:,.0f} rows/s (runs: {', '.join(f'{t:.2f}' for t in times[kind])})")  # fmt: skip
		remove_officials()
		data_import = timed_data_import(path, data_import_rows)
		print(f"Frappe Data Import of {data_import_rows:,} of the rows: {data_import:.1f} s = "
			f"{data_import_rows / data_import:,.1f} rows/s")  # fmt: skip
		per_row = seconds["parts"] / rows
		print(f"ratios: the import takes {seconds['parts'] / seconds['ceiling']:.2f}x the ceiling's time and "
			f"{seconds['parts'] / seconds['one']:.2f}x one process's; Data Import takes "
			f"{(data_import / data_import_rows) / per_row:,.0f}x the import's time per row")  # fmt: skip
		print(
			f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
		)
	finally:
		remove_officials()
		remove_bodies(before)
		os.unlink(path)


def settle(limit: float = 60):
	"""Wait for InnoDB to purge the rows the last run deleted: its purge threads would take the CPU
	from the next run (reading the history length needs the PROCESS privilege; else a pause)."""
	deadline = time.perf_counter() + limit
	while time.perf_counter() < deadline:
		try:
			length = frappe.db.sql(
				"select count from information_schema.innodb_metrics where name = 'trx_rseg_history_len'"
			)
		except Exception:
			time.sleep(3)
			return
		if not length or length[0][0] < 1000:
			return
		time.sleep(0.5)


def timed_import(path, region, parts=0):
	outcome = import_roster(
		path,
		Options(
			office=region,
			official_import="benchmark",
			period_start=PERIOD[0],
			period_end=PERIOD[1],
			parts=parts,
		),
	)
	frappe.db.commit()
	return outcome


def timed_bulk_insert(values):
	now = frappe.utils.now_datetime()
	fields = ["name", "nik", "sex", "birth_date", *ROW_FIELDS, "official_import", "creation", "modified",
		"owner", "modified_by"]  # fmt: skip
	started = time.perf_counter()
	rows = [(*row, "benchmark", now, now, "Administrator", "Administrator") for row in values]
	frappe.db.bulk_insert("Official", fields, rows, chunk_size=5000)
	frappe.db.commit()
	return time.perf_counter() - started


def timed_data_import(path, count):
	"""Frappe's Data Import (Insert New Records) of the first rows, in the doctype's own columns."""
	from frappe.core.doctype.data_import.importer import Importer

	bodies = dict(
		frappe.db.sql(
			"""select concat(body_type, '|', region, '|', ifnull(polling_station, '')), name
			from `tabAd Hoc Body` where period_start = %s""",
			PERIOD[0],
		)
	)
	with open(path, encoding="utf-8") as f:
		reader = csv.reader(f)
		next(reader)
		rows = [r for _, r in zip(range(count), reader, strict=False)]
	target = os.path.join(tempfile.gettempdir(), "data-import-benchmark.csv")
	with open(target, "w", newline="", encoding="utf-8") as out:
		writer = csv.writer(out)
		writer.writerow(
			["Full Name", "Level", "Position", "Ad Hoc Body", "Status", "NIK", "No. KK", "Mobile No"]
		)
		for nik, kk, name, body_type, code, tps, position, phone, *_rest in rows:
			station = f"{code}-TPS{int(tps):03d}" if tps else ""
			body = bodies[f"{body_type}|{code}|{station}"]
			writer.writerow([name, body_type, position, body, "Active", nik, kk, phone])
	with open(target, "rb") as f:
		file = frappe.get_doc({"doctype": "File", "file_name": "data-import-benchmark.csv", "content": f.read(),
			"is_private": 1}).insert(ignore_permissions=True)  # fmt: skip
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": "Official",
			"import_type": "Insert New Records",
			"import_file": file.file_url,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	started = time.perf_counter()
	Importer("Official", data_import=data_import).import_data()
	frappe.db.commit()
	seconds = time.perf_counter() - started
	imported = frappe.db.count("Official", {"nik": ("in", [r[0] for r in rows])})
	print(f"  (Data Import wrote {imported:,} of {count:,} rows)")
	frappe.db.sql(
		"update `tabOfficial` set official_import = 'benchmark' where nik in %s", [[r[0] for r in rows]]
	)
	frappe.delete_doc("Data Import", data_import.name, force=True, ignore_permissions=True)
	frappe.db.commit()
	return seconds


def set_of_bodies():
	return set(frappe.get_all("Ad Hoc Body", filters={"period_start": PERIOD[0]}, pluck="name"))


def remove_officials():
	names = frappe.db.sql_list("select name from `tabOfficial` where official_import = 'benchmark'")
	for start in range(0, len(names), 10000):
		chunk = names[start : start + 10000]
		frappe.db.sql("delete from `tabOfficial Status Change` where parent in %s", [chunk])
		frappe.db.sql("delete from `tabConflict Review Item` where official in %s", [chunk])
		frappe.db.sql("delete from `tabVersion` where ref_doctype = 'Official' and docname in %s", [chunk])
		frappe.db.sql("delete from `tabOfficial` where name in %s", [chunk])
	frappe.db.commit()


def remove_bodies(before):
	made = set_of_bodies() - before
	stations = frappe.get_all(
		"Ad Hoc Body", filters={"name": ("in", list(made) or [""])}, pluck="polling_station"
	)
	frappe.db.sql("delete from `tabAd Hoc Body` where name in %s", [list(made) or [""]])
	frappe.db.sql("delete from `tabPolling Station` where name in %s", [[s for s in stations if s] or [""]])
	frappe.db.commit()


if __name__ == "__main__":
	from in_site import main

	main(run)
