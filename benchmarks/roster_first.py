"""Benchmark: the roster import as an office runs it, a file that creates its bodies, then the same
file again (which must change nothing), `times` over; what each run wrote is removed after it.

	cd frappe-bench/sites
	../env/bin/python /path/to/benchmarks/roster_first.py --site SITE \
		--kwargs "{'rows': 182049, 'region': '73', 'wilayah': '/path/to/wilayah.csv', 'times': 1}"
	../env/bin/python /path/to/benchmarks/roster_first.py --site SITE \
		--kwargs "{'path': '/tmp/nation.csv', 'region': 'ID', 'times': 1}"

benchmarks/roster_before_after.sh runs it in turns against the code and schema before issue 27.
"""

import os
import resource
import sys
import tempfile

import frappe

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import roster_file
import roster_import as benchmark


def run(
	rows: int = 182049,
	region: str = "73",
	wilayah: str = "",
	times: int = 2,
	path: str = "",
	truncate: bool = False,
	again: bool = True,
):
	"""``path``: a roster file already made (the nation: roster_file.py without --region), imported by
	the office of ``region`` ("ID" for KPU RI). ``truncate``: empty the officials, their history, the
	bodies and the polling stations after each run instead of deleting what it wrote (minutes for the
	nation); only on a site made for the benchmark. ``again``: import the same file a second time."""
	path = path or os.path.join(tempfile.gettempdir(), f"roster-first-{region}-{rows}.csv")
	if not os.path.exists(path):
		with open(path, "w", newline="", encoding="utf-8") as out:
			roster_file.write_roster(roster_file.Wilayah(wilayah), out, region=region, rows=rows)
	frappe.set_user("Administrator")
	before = benchmark.set_of_bodies()
	for number in range(times):
		first = benchmark.timed_import(path, region)
		second = benchmark.timed_import(path, region) if again else None
		print(
			f"run {number}: first {first.seconds:.1f} s = {first.rows / first.seconds:,.0f} rows/s "
			f"({first.bodies_created:,} bodies); {first.summary()}"
			+ (f"; again {second.seconds:.1f} s; {second.summary()}" if second else ""),
			flush=True,
		)
		if truncate:
			for table in ("Official", "Official Status Change", "Ad Hoc Body", "Polling Station"):
				frappe.db.sql_ddl(f"truncate table `tab{table}`")
		else:
			benchmark.remove_officials()
			benchmark.remove_bodies(before)
		benchmark.settle()
	print(
		f"peak memory: this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
		f"its largest part {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB"
	)


if __name__ == "__main__":
	from in_site import main

	main(run)
