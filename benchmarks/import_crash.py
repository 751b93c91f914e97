"""Reliability: stop MariaDB in the middle of a roster import, start it again, run the same import
again, and compare the tables with an import that ran to the end (nothing lost, nothing doubled).

	sudo python3 benchmarks/import_crash.py --bench /home/frappe/frappe-bench --site SITE \
		--wilayah /path/to/wilayah.csv [--rows 60000] [--region 73]

Run as root (it stops and starts the machine's MariaDB with `service mariadb stop|start`) on a
machine where nothing else uses MariaDB meanwhile. The site needs the regions. The import's rows go
into bodies of the period 2031, which the script removes before and after.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import roster_file

PERIOD = ("2031-01-02", "2031-12-31")


def main():
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--bench", required=True)
	parser.add_argument("--site", required=True)
	parser.add_argument("--wilayah", required=True)
	parser.add_argument("--rows", type=int, default=60000)
	parser.add_argument("--region", default="73")
	parser.add_argument("--user", default="frappe", help="the bench's user")
	args = parser.parse_args()
	database = json.load(open(os.path.join(args.bench, "sites", args.site, "site_config.json")))["db_name"]
	path = os.path.join(tempfile.gettempdir(), "import-crash-roster.csv")
	with open(path, "w", newline="", encoding="utf-8") as out:
		roster_file.write_roster(roster_file.Wilayah(args.wilayah), out, region=args.region, rows=args.rows)
	os.chmod(path, 0o644)
	run = Run(args, database, path)
	try:
		run.clean()
		started = time.perf_counter()
		assert run.import_file().returncode == 0, "the uninterrupted import failed"
		print(f"uninterrupted import: {args.rows:,} rows in {time.perf_counter() - started:.0f} s")
		expected = run.snapshot()
		run.clean()

		worker = run.import_file(wait=False)
		while worker.poll() is None and run.count() < args.rows // 3:
			time.sleep(0.2)
		if worker.poll() is not None:
			sys.exit("the import ended before MariaDB could be stopped: use more --rows")
		seated_before_stop = run.count()
		subprocess.run(["service", "mariadb", "stop"], check=True, capture_output=True)
		print(f"MariaDB stopped with {seated_before_stop:,} officials written; the import ended with "
			f"exit code {worker.wait()}")  # fmt: skip
		subprocess.run(["service", "mariadb", "start"], check=True, capture_output=True)
		after_restart = run.count()
		print(f"MariaDB started again: {after_restart:,} officials in whole batches")
		assert run.import_file().returncode == 0, "the import run again failed"
		found = run.snapshot()

		lost = sorted(set(expected) - set(found))
		extra = sorted(set(found) - set(expected))
		over = run.sql(
			f"""select count(*) from `tabAd Hoc Body` where period_start = {quote(PERIOD[0])}
			and (member_count > required_members or ketua_count > 1)"""
		)
		print(
			f"compared with the uninterrupted import: {len(expected):,} officials expected, "
			f"{len(found):,} found, {len(lost)} lost, {len(extra)} doubled or different, "
			f"{over[0][0]} bodies over their seats"
		)
		sys.exit(1 if lost or extra or int(over[0][0]) else 0)
	finally:
		run.clean()


def quote(value: str) -> str:
	return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Run:
	def __init__(self, args, database, path):
		self.args, self.database, self.path = args, database, path

	def sql(self, query: str) -> list[list[str]]:
		result = subprocess.run(
			["mysql", "--batch", "--skip-column-names", self.database, "-e", query],
			check=True,
			capture_output=True,
			text=True,
		)
		return [line.split("\t") for line in result.stdout.splitlines()]

	def import_file(self, wait: bool = True):
		command = (
			f"cd {self.args.bench} && ./env/bin/python -m frappe.utils.bench_helper frappe --site "
			f"{self.args.site} kpu-import-officials {self.path} --office {self.args.region} "
			f"--period-start {PERIOD[0]} --period-end {PERIOD[1]}"
		)
		process = subprocess.Popen(
			["su", self.args.user, "-c", command],
			cwd="/",
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
		)
		if wait:
			process.wait()
		return process

	def bodies(self) -> str:
		return f"select name from `tabAd Hoc Body` where period_start = {quote(PERIOD[0])}"

	def count(self) -> int:
		try:
			return int(
				self.sql(f"select count(*) from `tabOfficial` where ad_hoc_body in ({self.bodies()})")[0][0]
			)
		except subprocess.CalledProcessError:
			return 0

	def snapshot(self) -> list[tuple]:
		"""Each official of the import: NIK, body, position, status and the number of history rows."""
		rows = self.sql(
			f"""select o.nik, o.ad_hoc_body, o.position, o.status,
				(select count(*) from `tabOfficial Status Change` h where h.parent = o.name)
			from `tabOfficial` o where o.ad_hoc_body in ({self.bodies()})"""
		)
		return [tuple(r) for r in rows]

	def clean(self):
		officials = f"select name from `tabOfficial` where ad_hoc_body in ({self.bodies()})"
		self.sql(
			f"""delete from `tabOfficial Status Change` where parent in ({officials});
			delete from `tabOfficial` where ad_hoc_body in ({self.bodies()});
			delete from `tabPolling Station` where name in
				(select polling_station from `tabAd Hoc Body` where period_start = {quote(PERIOD[0])});
			delete from `tabAd Hoc Body` where period_start = {quote(PERIOD[0])};"""
		)


if __name__ == "__main__":
	main()
