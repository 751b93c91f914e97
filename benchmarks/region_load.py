"""Benchmark: the bulk region loader against row-by-row inserts, in one run.

  ../env/bin/python /path/to/benchmarks/region_load.py --site SITE --kwargs "{'path': '/path/to/wilayah.csv'}"

Measures the loader on the given file (a fresh load on an empty site, a refresh otherwise), its
peak Python memory, then the naive way (one Region document insert per row, as Data Import does,
each rewriting the nested set) on `sample` rows of a synthetic province, rolled back, and
extrapolates that to the file's size.
"""

import resource
import time
import tracemalloc

import frappe

from kpu_etik.core.regions import read_wilayah
from kpu_etik.organization.region_loader import load_regions


def run(path: str, sample: int = 1000):
	rows = len(read_wilayah(path, existing_codes=set(frappe.get_all("Region", pluck="name"))))
	before = frappe.db.count("Region")
	started = time.perf_counter()
	result = load_regions(path)
	bulk_seconds = time.perf_counter() - started
	kind = "fresh load" if before <= 1 else "refresh of an existing tree"
	print(f"bulk loader ({kind}): {rows:,} rows in {bulk_seconds:.2f} s; {result}")
	print(f"  process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
	# Memory on a second (refresh) pass: tracemalloc slows the code it watches, so not timed.
	tracemalloc.start()
	load_regions(path)
	peak = tracemalloc.get_traced_memory()[1]
	tracemalloc.stop()
	print(f"  peak Python memory of a load {peak / 2**20:.0f} MiB")

	# Baseline: document inserts, one per row, under a synthetic province (rolled back). Placed
	# last in the tree, each insert shifts few nested-set numbers: the baseline is a flattering one.
	frappe.db.commit()
	started = time.perf_counter()
	province = frappe.get_doc({"doctype": "Region", "code": "99", "region_name": "Benchmark"}).insert()
	kab = frappe.get_doc({"doctype": "Region", "code": "99.01", "region_name": "Benchmark"}).insert()
	inserted = 2
	for k in range(1, 100):
		if inserted >= sample:
			break
		kec = frappe.get_doc({"doctype": "Region", "code": f"99.01.{k:02d}", "region_name": "K"}).insert()
		inserted += 1
		for d in range(1, 20):
			frappe.get_doc(
				{"doctype": "Region", "code": f"{kec.code}.{2000 + d}", "region_name": "D"}
			).insert()
			inserted += 1
	naive_seconds = time.perf_counter() - started
	frappe.db.rollback()
	assert province and kab
	per_row = naive_seconds / inserted
	print(
		f"row-by-row baseline: {inserted:,} inserts in {naive_seconds:.2f} s ({per_row * 1000:.1f} ms a row), "
		f"about {per_row * rows:.0f} s for the file"
	)
	print(
		f"ratio: bulk loader takes {bulk_seconds / (per_row * rows):.4f}x the baseline's time "
		f"({per_row * rows / bulk_seconds:.0f} times faster)"
	)
	return {
		"rows": rows,
		"bulk_seconds": bulk_seconds,
		"peak_mib": peak / 2**20,
		"naive_seconds_per_row": per_row,
	}


if __name__ == "__main__":
	from in_site import main

	main(run)
