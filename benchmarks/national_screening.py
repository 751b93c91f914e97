"""Benchmark: the bulk screening job at national size (every official against every listed person),
on a site filled by benchmarks/national_data.py (about 6 million officials, 300,000 candidates).

	cd frappe-bench/sites
	../env/bin/python /path/to/benchmarks/national_screening.py --site SITE --kwargs "{'sample': 100000}"

In one run:
1. the baseline: the screening as it was before the birth-date block was pruned (every listed
   person of the block scored in Python), on the first `sample` officials, reading them from the site;
2. today's screening of the same sample, in the same process (the ratio of the two);
3. the full job as it runs in production: the officials cut into `shards` ranges
   (kpu_etik.kinship.screening.shard_bounds), each screened by its own process, as the shard jobs
   of enqueue_screening run on one worker per core; wall time from start to the last shard's end,
   each shard's time and peak memory, and the hits recorded.
"""

import os
import resource
import subprocess
import sys
import time

import frappe

from kpu_etik.core.screening import CandidateIndex, Person, screen_all_results
from kpu_etik.kinship.screening import every_candidate, relatives_for, shard_bounds


class WholeBlocks(CandidateIndex):
	"""The index as screening used it before: the whole birth-date and name-key blocks scored."""

	__slots__ = ()

	def _blocks(self, person, *_pruning):
		return super()._blocks(person)


def run(sample: int = 100_000, shards: int = 2, full: bool = True, shard: int | None = None):
	if shard is not None:
		return screen_one_shard(shard, shards)
	started = time.perf_counter()
	candidates = list(every_candidate())
	index = CandidateIndex(candidates)
	print(f"{len(index):,} listed persons read and indexed in {time.perf_counter() - started:.1f} s")
	officials = frappe.db.sql(
		"""select name, full_name, nik, no_kk, birth_date, region from `tabOfficial`
		order by name limit %s""",
		(sample,),
	)
	relatives = relatives_for([o[0] for o in officials])
	timings = {}
	for label, used in (("baseline (whole blocks)", WholeBlocks(candidates)), ("today (pruned)", index)):
		started = time.perf_counter()
		found = sum(len(r.hits) for r in screen_all_results(used, (Person(*o) for o in officials), relatives))
		timings[label] = time.perf_counter() - started
		print(
			f"{label}: {len(officials):,} officials in {timings[label]:.1f} s "
			f"({1e6 * timings[label] / len(officials):.0f} µs an official), {found:,} hits"
		)
	base, today = timings.values()
	print(f"ratio: today's screening is {base / today:.1f}x faster than the baseline on the sample")
	if not full:
		return
	total = frappe.db.count("Official")
	frappe.db.commit()
	started = time.perf_counter()
	command = [sys.executable, os.path.abspath(__file__), "--site", frappe.local.site, "--kwargs"]
	workers = [
		subprocess.Popen(
			[*command, repr({"shard": k, "shards": shards})],
			stdout=subprocess.PIPE,
			stderr=subprocess.STDOUT,
			text=True,
		)
		for k in range(shards)
	]
	for worker in workers:
		output, _ = worker.communicate()
		print("  " + output.strip().replace("\n", "\n  "))
	wall = time.perf_counter() - started
	print(
		f"full screening job: {total:,} officials against {len(index):,} listed persons in {wall:.0f} s "
		f"wall ({shards} processes) = {total / wall:,.0f} officials/s; the baseline's rate gives "
		f"{total * base / len(officials):,.0f} s in one process"
	)


def screen_one_shard(shard: int, shards: int):
	from kpu_etik.kinship.screening import screen_all_officials

	first, until = shard_bounds(shards)[shard]
	started = time.perf_counter()
	hits = screen_all_officials(first=first, until=until)
	print(
		f"shard {shard + 1}/{shards} ({first or 'start'} .. {until or 'end'}): {hits:,} hits recorded in "
		f"{time.perf_counter() - started:.0f} s, peak memory "
		f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
	)


if __name__ == "__main__":
	sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
	from in_site import main

	main(run)
