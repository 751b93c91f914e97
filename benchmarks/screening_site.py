"""Benchmark: screening one official or one declaration on save, in a site with a national-size
candidate list (300,000 names by default), against screening it with the whole list in memory.

  ../env/bin/python /path/to/benchmarks/screening_site.py --site SITE --kwargs "{'candidates': 300000}"

Synthetic candidates are tagged with their own list import and removed at the end unless keep=True.
"""

import statistics
import time

import frappe

from kpu_etik.core.regions import ancestor_at
from kpu_etik.demo import People
from kpu_etik.kinship.candidate_import import insert_candidates

ELECTION = "Benchmark"


def run(candidates: int = 300_000, samples: int = 30, keep: bool = False):
	list_import = ensure_candidates(candidates)
	officials = frappe.get_all("Official", filters={"status": "Active"}, pluck="name", limit=samples)
	if not officials:
		print("No officials: load the demo data first (bench --site SITE kpu-load-demo).")
		return
	from kpu_etik.kinship.screening import screen_one

	timings = []
	for official in officials:
		started = time.perf_counter()
		screen_one(official)
		timings.append((time.perf_counter() - started) * 1000)
	frappe.db.rollback()
	total = frappe.db.count("Election Candidate")
	print(f"{total:,} candidates in the site")
	print(
		f"screen one official on save: median {statistics.median(timings):.1f} ms, "
		f"max {max(timings):.1f} ms over {len(timings)} officials"
	)

	# Baseline: what a naive design does on every save: read the whole list and compare.
	from kpu_etik.core.screening import CandidateIndex, screen_official
	from kpu_etik.kinship.screening import CANDIDATE_FIELDS, _candidate, _person

	started = time.perf_counter()
	rows = frappe.db.sql(f"select {CANDIDATE_FIELDS} from `tabElection Candidate`", as_dict=True)
	index = CandidateIndex([_candidate(r) for r in rows])
	official = frappe.db.get_value(
		"Official", officials[0], ["name", "full_name", "nik", "no_kk", "birth_date", "region"], as_dict=True
	)
	screen_official(index, _person(official))
	naive_ms = (time.perf_counter() - started) * 1000
	print(f"baseline (load the whole list, index it, screen): {naive_ms:.0f} ms")
	print(f"ratio: on-save screening takes {statistics.median(timings) / naive_ms:.4f}x the baseline")
	if not keep:
		frappe.db.delete("Election Candidate", {"source_import": list_import})
		frappe.db.delete("Candidate List Import", {"name": list_import})
		frappe.db.commit()


def ensure_candidates(count: int) -> str:
	existing = frappe.db.get_value("Candidate List Import", {"election": ELECTION})
	if existing and frappe.db.count("Election Candidate", {"source_import": existing}) >= count:
		return existing
	doc = frappe.get_doc(
		{
			"doctype": "Candidate List Import",
			"list_type": "DCT (Candidates)",
			"election": ELECTION,
			"import_file": "/private/files/benchmark.csv",
			"status": "Imported",
		}
	)
	doc.flags.ignore_validate = True
	doc.insert(ignore_permissions=True)
	people = People(seed=99)
	districts = [r for r in frappe.get_all("Region", {"level": "Kecamatan"}, pluck="name", limit=5000)] or [
		"73.22.14"
	]
	rows = []
	started = time.perf_counter()
	for number in range(count):
		district = districts[number % len(districts)]
		person = people.person(district)
		rows.append(
			{
				"full_name": person["full_name"],
				"candidate_role": "Calon DPRD Kabupaten/Kota",
				"party": "Partai Uji",
				"electoral_district": "Dapil Uji",
				"region": ancestor_at(district, "Kabupaten/Kota"),
				"nik": person["nik"],
				"no_kk": person["no_kk"],
				"birth_date": None,
			}
		)
	insert_candidates(doc.name, rows)
	frappe.db.commit()
	print(f"inserted {count:,} synthetic candidates in {time.perf_counter() - started:.1f} s")
	return doc.name


if __name__ == "__main__":
	from in_site import main

	main(run)
