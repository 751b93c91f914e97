"""Profile: where a roster import's time goes, by phase (the check, the write) and by SQL statement,
in every process of an import in parts, with the database server's CPU over the same run.

  ../env/bin/python /path/to/benchmarks/roster_profile.py --site SITE \
	--kwargs "{'path': '/tmp/p73.csv', 'region': '73', 'parts': 0, 'cprofile': False, 'before': ''}"

Each run starts from a site without the file's officials, bodies and polling stations (period 2032,
as roster_split.py), so it creates them; ``again`` runs the same file a second time (no change);
``before``: a copy of the package made before a change, profiled instead (alternate the two: the
machine is shared). Per process: its CPU, its connection's server CPU (the server thread's, from
/proc: the database on the same machine), and per statement the wall time of its ``frappe.db.sql``
call and the server CPU it took. CPU, unlike wall time, hardly moves with another site's load.
"""

import collections
import cProfile
import glob
import json
import os
import pstats
import re
import resource
import sys
import tempfile
import time

import frappe
from frappe.database.mariadb.database import MariaDBDatabase

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import roster_split

from kpu_etik.organization import roster

PERIOD = roster_split.PERIOD
SOURCE = roster_split.SOURCE
SERVER_AT_START = []
STATS = collections.defaultdict(lambda: [0, 0.0, 0.0])  # statement: [calls, seconds, server CPU]
THREAD = []  # the /proc stat file of this process's connection's server thread
PHASES = collections.defaultdict(float)
FOLDER = os.path.join(tempfile.gettempdir(), "roster-profile")


def _shape(query: str) -> str:
	text = re.sub(r"\s+", " ", str(query)[:400]).strip()
	text = re.sub(r"\(('[^']*'(, )?)+\)", "(...)", text)
	return re.sub(r"values \(.*", "values ...", text)[:150]


def _patch(roster):
	roster_parts = sys.modules[roster.__name__ + ".parts"]
	reading = sys.modules[roster.__name__ + ".reading"]
	original = MariaDBDatabase.sql

	def sql(self, query, *args, **kwargs):
		started, server = time.perf_counter(), _thread_cpu()
		try:
			return original(self, query, *args, **kwargs)
		finally:
			entry = STATS[_shape(query)]
			entry[0] += 1
			entry[1] += time.perf_counter() - started
			entry[2] += _thread_cpu() - server

	MariaDBDatabase.sql = sql

	def timed(module, name, phase):
		function = getattr(module, name)

		def wrapper(*args, **kwargs):
			started = time.perf_counter()
			try:
				return function(*args, **kwargs)
			finally:
				PHASES[phase] += time.perf_counter() - started

		setattr(module, name, wrapper)

	timed(reading, "check_file", "check")
	timed(roster, "check_file", "check")
	timed(roster_parts, "check_file", "check")
	timed(roster, "write_checked", "write")
	timed(roster_parts, "write_checked", "write")
	timed(roster_parts, "_list_niks", "list niks")
	timed(roster_parts, "_refuse_doubles", "refuse doubles")
	timed(roster_parts, "_doubles", "merge niks (parent)")

	run_part, reset = roster_parts._run_part, roster_parts.reset_scratch

	def reset_counted():
		# Just after the part connected: its server thread (reused from the thread cache) so far.
		SERVER_AT_START.append(_connection_cpu())
		return reset()

	roster_parts.reset_scratch = reset_counted

	class Conn:
		"""The part's pipe: its numbers dumped before its last answer (the import then ends it)."""

		def __init__(self, conn, profile, started):
			self.conn, self.profile, self.started = conn, profile, started

		def recv(self):
			return self.conn.recv()

		def send(self, message):
			if message[0] in ("done", "failed"):
				if self.profile:
					self.profile.disable()
					self.profile.dump_stats(os.path.join(FOLDER, f"part-{os.getpid()}.prof"))
				_dump(f"part-{os.getpid()}", time.process_time() - self.started, SERVER_AT_START[0])
			return self.conn.send(message)

	def run_part_dumped(conn, *args, **kwargs):
		profile = cProfile.Profile() if os.environ.get("ROSTER_CPROFILE") else None
		if profile:
			profile.enable()
		return run_part(Conn(conn, profile, time.process_time()), *args, **kwargs)

	roster_parts._run_part = run_part_dumped


def _connection_cpu() -> float:
	"""The database server's CPU for this process's connection (its thread), so far."""
	tid = frappe.db.sql("select tid from information_schema.processlist where id = connection_id()")[0][0]
	pid = os.popen("pidof mariadbd mysqld").read().split()[0]
	THREAD[:] = [f"/proc/{pid}/task/{tid}/stat"]
	return _thread_cpu()


def _thread_cpu() -> float:
	if not THREAD:
		return 0.0
	with open(THREAD[0]) as f:
		fields = f.read().rsplit(")", 1)[1].split()
	return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _dump(name, cpu, server=None):
	with open(os.path.join(FOLDER, f"{name}.json"), "w") as out:
		json.dump(
			{
				"cpu": cpu,
				"server": _connection_cpu() - (server or 0),
				"maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
				"phases": dict(PHASES),
				"sql": {k: v for k, v in STATS.items()},
			},
			out,
		)


def _server_cpu() -> float:
	seconds = 0.0
	for pid in os.popen("pidof mariadbd mysqld").read().split():
		with open(f"/proc/{pid}/stat") as f:
			fields = f.read().rsplit(")", 1)[1].split()
		seconds += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
	return seconds


def run(
	path: str,
	region: str = "73",
	parts: int = 0,
	cprofile: bool = False,
	again: bool = True,
	before: str = "",
):
	"""``before``: a copy of the package made before a change, profiled instead (see roster_split.py)."""
	package = roster_split.load_before(before) if before else roster
	os.makedirs(FOLDER, exist_ok=True)
	for old in glob.glob(os.path.join(FOLDER, "*")):
		os.unlink(old)
	if cprofile:
		os.environ["ROSTER_CPROFILE"] = "1"
	_patch(package)
	frappe.set_user("Administrator")
	stations = set(frappe.db.sql_list("select name from `tabPolling Station`"))
	try:
		roster_split.clean(stations)
		for label in ("first run", "second run")[: 2 if again else 1]:
			STATS.clear()
			PHASES.clear()
			roster_split.roster_benchmark.settle()
			for old in glob.glob(os.path.join(FOLDER, "*")):
				os.unlink(old)
			for table in ("kpu_import_rows", "kpu_import_bodies"):
				frappe.db.sql("select 1")
				frappe.db._cursor.execute(f"drop temporary table if exists `{table}`")
			options = package.Options(
				office=region,
				official_import=SOURCE,
				period_start=PERIOD[0],
				period_end=PERIOD[1],
				parts=parts,
			)
			connection = _connection_cpu()
			server, cpu, started = _server_cpu(), time.process_time(), time.perf_counter()
			profile = cProfile.Profile() if cprofile and parts == 1 else None
			if profile:
				profile.enable()
			outcome = package.import_roster(path, options)
			frappe.db.commit()
			if profile:
				profile.disable()
			seconds = time.perf_counter() - started
			server = _server_cpu() - server
			_dump("main", time.process_time() - cpu, connection)
			report(label, outcome, seconds, server)
			if profile:
				pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
				pstats.Stats(profile).sort_stats("tottime").print_stats(30)
			for prof in glob.glob(os.path.join(FOLDER, "*.prof"))[:1]:
				pstats.Stats(prof).sort_stats("tottime").print_stats(30)
	finally:
		roster_split.clean(stations)


def report(label, outcome, seconds, server):
	print(f"\n== {label}: {outcome.rows:,} rows in {seconds:.1f} s = {outcome.rows / seconds:,.0f} rows/s; "
		f"{outcome.summary()}; {outcome.bodies_created:,} bodies; database server CPU {server:.1f} s (all sites)")  # fmt: skip
	dumps = {os.path.basename(p)[:-5]: json.load(open(p)) for p in glob.glob(os.path.join(FOLDER, "*.json"))}
	for name, dump in sorted(dumps.items()):
		sql = sum(s for _c, s, _cpu in dump["sql"].values())
		print(f"  {name}: CPU {dump['cpu']:.1f} s, its connection's server CPU {dump['server']:.1f} s, SQL wall {sql:.1f} s, maxrss {dump['maxrss'] / 1024:.0f} MB, "
			f"phases {', '.join(f'{k} {v:.1f} s' for k, v in dump['phases'].items())}")  # fmt: skip
	total = collections.defaultdict(lambda: [0, 0.0, 0.0])
	for name, dump in dumps.items():
		if name == "main" and len(dumps) > 1:
			continue
		for query, (calls, secs, cpu) in dump["sql"].items():
			total[query][0] += calls
			total[query][1] += secs
			total[query][2] += cpu
	print("  server CPU, wall, calls, statement (all parts):")
	for query, (calls, secs, cpu) in sorted(total.items(), key=lambda kv: -kv[1][2])[:25]:
		print(f"  {cpu:6.2f} s {secs:6.2f} s {calls:5} x  {query}")


if __name__ == "__main__":
	from in_site import main

	main(run)
