"""Benchmark: the roster import's code against an earlier copy of it, in one site and one run, in
turns over the same file (ABAB): kpu_etik.organization.roster against a copy of the package made
before a change (``cp -r kpu_etik/organization/roster /tmp/roster_before``), or of the modules it
replaced (roster_import.py and roster_parts.py, copied to a folder before the split).

  ../env/bin/python /path/to/benchmarks/roster_split.py --site SITE \
	--kwargs "{'before': '/tmp/roster_before', 'rows': 50000, 'region': '73', 'wilayah': '/path/to/wilayah.csv'}"

Every run starts from a site without the file's officials, bodies and polling stations (period 2032),
so each creates them; what each run wrote is compared with the others' (it must be the same). The site
needs the regions; the benchmark removes what it writes.
"""

import hashlib
import importlib.util
import os
import statistics
import sys
import tempfile
import time

import frappe

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import roster_file
import roster_import as roster_benchmark

import kpu_etik.organization
from kpu_etik.organization import roster

PERIOD = ("2032-01-02", "2032-12-31")  # a year no other benchmark or test writes
SOURCE = "roster-split-benchmark"


def run(
	before: str,
	rows: int = 50000,
	region: str = "73",
	wilayah: str = "",
	repeat: int = 3,
	modes: tuple = ("parts", "one"),
):
	variants = {"before": load_before(before), "after": roster}
	path = os.path.join(tempfile.gettempdir(), f"roster-split-{region}-{rows}.csv")
	with open(path, "w", newline="", encoding="utf-8") as out:
		roster_file.write_roster(roster_file.Wilayah(wilayah), out, region=region, rows=rows)
	frappe.set_user("Administrator")
	if frappe.db.count("Ad Hoc Body", {"period_start": PERIOD[0]}):
		sys.exit(f"the site has bodies of {PERIOD[0]}: this benchmark would remove them")
	stations = set(frappe.db.sql_list("select name from `tabPolling Station`"))
	parts = roster.part_count(path, roster.Options(office=region))
	try:
		for mode in modes:
			processes = 0 if mode == "parts" else 1
			label = f"{parts} processes" if mode == "parts" and parts > 1 else "one process"
			# One run of each first, not timed: the file in the page cache, the code warm.
			for module in variants.values():
				timed_import(module, path, region, processes, stations)
			rates, states = {name: [] for name in variants}, set()
			for _ in range(repeat):
				for name, module in variants.items():  # A B A B ...
					rate, state = timed_import(module, path, region, processes, stations)
					rates[name].append(rate)
					states.add(state)
			print(
				f"\n{rows:,} rows of region {region}, bodies created too, {label}, {repeat} runs each (ABAB):"
			)
			for name, found in rates.items():
				print(f"  {name:6}  median {statistics.median(found):8,.0f} rows/s  (runs: "
					f"{', '.join(f'{r:,.0f}' for r in found)})")  # fmt: skip
			ratio = statistics.median(rates["after"]) / statistics.median(rates["before"])
			# Each run against the one just before it: a machine slowing down or speeding up cancels out.
			pairs = statistics.median(a / b for a, b in zip(rates["after"], rates["before"], strict=True))
			same = "the same in every run" if len(states) == 1 else f"{len(states)} different results"
			print(
				f"  after / before: {ratio:.3f} (medians), {pairs:.3f} (median of the pairs); written: {same}"
			)
	finally:
		clean(stations)
		os.unlink(path)


def load_before(folder: str):
	"""The earlier modules under their own names, so that the one imports the other as it did; an
	earlier copy of the package as a package of another name, its imports of itself renamed."""
	if os.path.exists(os.path.join(folder, "__init__.py")):
		target = tempfile.mkdtemp(prefix="roster-before-")
		os.mkdir(os.path.join(target, "roster_before"))
		for name in os.listdir(folder):
			if name.endswith(".py"):
				with open(os.path.join(folder, name), encoding="utf-8") as source:
					text = source.read().replace("kpu_etik.organization.roster", "roster_before")
				with open(os.path.join(target, "roster_before", name), "w", encoding="utf-8") as out:
					out.write(text)
		sys.path.insert(0, target)
		return importlib.import_module("roster_before")
	modules = []
	for name in ("roster_import", "roster_parts"):
		full = f"kpu_etik.organization.{name}"
		spec = importlib.util.spec_from_file_location(full, os.path.join(folder, f"{name}.py"))
		module = importlib.util.module_from_spec(spec)
		sys.modules[full] = module
		setattr(kpu_etik.organization, name, module)
		modules.append((spec, module))
	for spec, module in modules:
		spec.loader.exec_module(module)
	return modules[0][1]


def timed_import(module, path: str, region: str, processes: int, stations: set):
	"""One import from a clean site: rows a second, and a digest of what it wrote."""
	clean(stations)
	# The temporary tables of this connection (one process): each variant makes its own layout.
	for table in ("kpu_import_rows", "kpu_import_bodies"):
		frappe.db.sql("select 1")
		frappe.db._cursor.execute(f"drop temporary table if exists `{table}`")
	roster_benchmark.settle()
	options = module.Options(
		office=region, official_import=SOURCE, period_start=PERIOD[0], period_end=PERIOD[1], parts=processes
	)
	started = time.perf_counter()
	outcome = module.import_roster(path, options)
	frappe.db.commit()
	seconds = time.perf_counter() - started
	if outcome.refused or not outcome.written:
		sys.exit(f"the import refused rows or wrote nothing: {outcome.summary()}")
	return outcome.rows / seconds, written(outcome)


def written(outcome) -> str:
	"""What a run wrote, without the names and times that differ from run to run."""
	digest = hashlib.sha256(repr((outcome.summary(), outcome.bodies_created)).encode())
	for query in (
		f"""select nik, sex, birth_date, {", ".join(roster.ROW_FIELDS)} from `tabOfficial`
		where official_import = %(source)s order by nik""",
		"""select o.nik, h.idx, h.from_status, h.to_status from `tabOfficial Status Change` h
		join `tabOfficial` o on o.name = h.parent where o.official_import = %(source)s order by o.nik, h.idx""",
		"""select name, body_type, body_name, polling_station, region, parent_body, status, member_count,
		ketua_count, required_members, needs_replacement from `tabAd Hoc Body`
		where period_start = %(start)s order by name""",
	):
		for row in frappe.db.sql(query, {"source": SOURCE, "start": PERIOD[0]}):
			digest.update(repr(row).encode())
	return digest.hexdigest()


def clean(stations: set):
	"""The officials, bodies and polling stations the benchmark wrote, removed."""
	names = frappe.db.sql_list("select name from `tabOfficial` where official_import = %s", SOURCE)
	for start in range(0, len(names), 10000):
		chunk = names[start : start + 10000]
		frappe.db.sql("delete from `tabOfficial Status Change` where parent in %s", [chunk])
		frappe.db.sql("delete from `tabOfficial` where name in %s", [chunk])
	frappe.db.sql("delete from `tabAd Hoc Body` where period_start = %s", PERIOD[0])
	made = [s for s in frappe.db.sql_list("select name from `tabPolling Station`") if s not in stations]
	for start in range(0, len(made), 10000):
		frappe.db.sql("delete from `tabPolling Station` where name in %s", [made[start : start + 10000]])
	frappe.db.commit()


if __name__ == "__main__":
	from in_site import main

	main(run)
