"""Reliability: stop MariaDB in the middle of a roster import, start it again, run the same import
again, and compare the tables with an import that ran to the end (nothing lost, nothing doubled).

	sudo python3 benchmarks/import_crash.py --bench /home/frappe/frappe-bench --site SITE \
		--wilayah /path/to/wilayah.csv [--rows 60000] [--region 73] [--processes N]

Run as root on a machine where nothing else uses MariaDB meanwhile: it kills the machine's MariaDB
server (SIGKILL, so InnoDB recovers from its log) and starts /usr/sbin/mariadbd again. The site needs the regions. The import's rows go
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
	parser.add_argument(
		"--processes", type=int, default=0, help="the import's --processes (0: one a core for a large file)"
	)
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
		assert run.import_file().returncode == 0, "the uninterrupted import failed (see import-crash.log)"
		print(f"uninterrupted import: {args.rows:,} rows in {time.perf_counter() - started:.0f} s")
		expected = run.snapshot()
		run.clean()

		worker = run.import_file(wait=False)
		while worker.poll() is None and run.count() < args.rows // 3:
			time.sleep(0.2)
		if worker.poll() is not None:
			sys.exit("the import ended before MariaDB could be stopped: use more --rows")
		seated_before_stop = run.count()
		stop_mariadb()
		print(f"MariaDB killed (SIGKILL) with {seated_before_stop:,} officials written; the import ended "
			f"with exit code {worker.wait()}")  # fmt: skip
		start_mariadb()
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


def stop_mariadb():
	"""The harshest stop: SIGKILL, so that InnoDB recovers from its log on the next start."""
	pids = subprocess.run(["pidof", "mariadbd"], capture_output=True, text=True).stdout.split()
	if not pids:
		sys.exit("MariaDB (mariadbd) is not running")
	subprocess.run(["kill", "-9", *pids], check=True)
	while subprocess.run(["pidof", "mariadbd"], capture_output=True).returncode == 0:
		time.sleep(0.2)


def start_mariadb():
	"""Start mariadbd as the machine had it (its own configuration, user mysql) and wait for it."""
	subprocess.Popen(
		["/usr/sbin/mariadbd", "--user=mysql"],
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		start_new_session=True,
	)
	for _ in range(300):
		if subprocess.run(["mysqladmin", "ping"], capture_output=True).returncode == 0:
			return
		time.sleep(0.5)
	sys.exit("MariaDB did not start again within 150 s")


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
			f"cd {self.args.bench}/sites && ../env/bin/python -m frappe.utils.bench_helper frappe --site "
			f"{self.args.site} kpu-import-officials {self.path} --office {self.args.region} "
			f"--period-start {PERIOD[0]} --period-end {PERIOD[1]} --processes {self.args.processes}"
		)
		self.log = open(os.path.join(tempfile.gettempdir(), "import-crash.log"), "a")
		process = subprocess.Popen(
			["su", self.args.user, "-c", command], cwd="/", stdout=self.log, stderr=subprocess.STDOUT
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
