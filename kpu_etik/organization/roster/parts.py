"""The roster import on every core: a large file is imported in parts, one process each with its own
database connection, and each part is checked and written exactly as ``import_file`` checks and
writes a whole file (the same Checker and Writer, the same appraisal, the same ranges).

- Rows are dealt to the parts by kecamatan (``kpu_etik.core.roster.Dealer``). What the rules count
  together (a body's seats and its one ketua, a replaced member, the PPK above a PPS or KPPS) never
  crosses a kecamatan, so each part's check sees all it needs. Every process reads the file and
  takes its own rows: the file is neither split on disk nor held.
- What can cross parts, one NIK on rows of two kecamatan, is found before anything is written: each
  part lists its checked NIKs in order, the lists are merged, and every row after the first of a NIK
  is refused, as one process refuses it.
- Nothing is written unless the rows of every part pass, or with valid rows only (then the valid
  rows are written once every part is checked, rather than batch by batch: the merge comes first).
  The parts write their ranges side by side, each range in a transaction of its own, and a row the
  site changed since its check is refused as in one process. A process killed leaves whole ranges,
  and the same import run again finishes it, as for one process.
- The processes are forked from the import's own (a background job or a bench command): they start
  at once with the code loaded, open their own connection, and die with the import.
"""

import csv
import ctypes
import dataclasses
import heapq
import itertools
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections import defaultdict
from multiprocessing.connection import wait

import frappe
from frappe import _
from frappe.utils import now_datetime

from kpu_etik.core.roster import HEADER_OF, ROSTER, RosterError, map_header
from kpu_etik.organization.roster.checking import Checker, also_on_row
from kpu_etik.organization.roster.model import (
	PROBLEMS_KEPT,
	Options,
	Outcome,
	PartStopped,
	is_database_failure,
)
from kpu_etik.organization.roster.reading import add_late_refusals, check_file, count_late, count_lines
from kpu_etik.organization.roster.writing import SCRATCH, reset_scratch, write_checked
from kpu_etik.spreadsheets import read_table

PART_BYTES = 4 << 20  # about 40,000 rows: a smaller file is imported by one process
MAX_PARTS = 4
NIK_PAGE = 50_000
COUNTS = ("rows", "created", "updated", "unchanged", "refused", "warnings", "bodies_created")


def part_count(path: str, options: Options) -> int:
	"""How many processes import the file: one per core (at most MAX_PARTS) for a large file."""
	if options.part is not None:
		return 1  # this is one of them
	if options.parts:
		return options.parts
	if not options.commit or os.path.getsize(path) < PART_BYTES:
		return 1  # a test's transaction is one connection's; a small file is not worth a process
	# The cores this process may run on (a container's or a taskset's), not the host's.
	cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
	return max(1, min(cores or 1, MAX_PARTS))


@dataclasses.dataclass
class _Part:
	index: int
	process: multiprocessing.Process
	conn: object
	done: int = 0
	counts: tuple = (0,) * len(COUNTS)


def import_in_parts(path: str, options: Options, parts: int) -> Outcome:
	"""Import the roster at ``path`` in ``parts`` processes (see the module's docstring)."""
	started, started_at = time.perf_counter(), now_datetime()
	_check_header(path)
	total = max(count_lines(path) - 1, 0)
	if options.commit:
		frappe.db.commit()  # the parts read the site as it stands
	folder = tempfile.mkdtemp(prefix="kpu-import-")
	context = multiprocessing.get_context("fork")
	running: list[_Part] = []
	try:
		for index in range(parts):
			ours, theirs = context.Pipe()
			part_options = dataclasses.replace(
				options,
				parts=parts,
				part=index,
				progress=None,
				refused_path=os.path.join(folder, f"refused-{index}.csv") if options.refused_path else None,
			)
			process = context.Process(
				target=_run_part,
				args=(theirs, path, part_options, started_at, frappe.session.user, folder, os.getpid()),
				daemon=True,
			)
			process.start()
			theirs.close()
			running.append(_Part(index, process, ours))
		niks = _gather(running, "checked", options, total)
		doubles = _doubles(niks)
		for part in running:
			part.conn.send(doubles.get(part.index, {}))
		checked = _gather(running, "counted", options, total)
		write = not options.dry_run and (
			options.valid_rows_only or not any(o.refused for o in checked.values())
		)
		for part in running:
			part.conn.send(write)
		outcomes = _gather(running, "done", options, total)
	finally:
		for part in running:
			if part.process.is_alive():
				part.process.kill()
			part.process.join()
	outcome = _merge(outcomes[i] for i in range(parts))
	if options.refused_path:
		outcome.refused_file = _join_refused(
			[outcomes[i].refused_file for i in range(parts)], options.refused_path
		)
	shutil.rmtree(folder, ignore_errors=True)
	outcome.written = not options.dry_run and (options.valid_rows_only or not outcome.refused)
	outcome.seconds = time.perf_counter() - started
	if options.progress:
		options.progress(outcome.rows, outcome.rows, outcome)
	return outcome


def _check_header(path: str):
	"""The header row checked before any process starts (each would refuse it alike)."""
	try:
		_number, header = next(read_table(path))
	except StopIteration:
		frappe.throw(_("The file is empty."))
	try:
		map_header(header, ROSTER)
	except RosterError as exc:
		frappe.throw(_(exc.template).format(*exc.args), title=_("Wrong Columns"))


def _gather(running: list[_Part], stage: str, options: Options, total: int) -> dict:
	"""Each part's answer at ``stage``, passing its progress on; a part that failed stops them all."""
	answers = {}
	while len(answers) < len(running):
		waiting = {part.conn: part for part in running if part.index not in answers}
		for conn in wait(list(waiting)):
			part = waiting[conn]
			try:
				kind, *payload = conn.recv()
			except EOFError:
				part.process.join(5)
				raise PartStopped(
					_("Part {0} of the import stopped (exit code {1}); run the import again.").format(
						part.index + 1, part.process.exitcode
					)
				) from None
			if kind == "progress":
				part.done, part.counts = payload
				if options.progress:
					sums = [sum(p.counts[i] for p in running) for i in range(len(COUNTS))]
					options.progress(
						sum(p.done for p in running), total, Outcome(**dict(zip(COUNTS, sums, strict=True)))
					)
			elif kind == "failed":
				database, message = payload
				if database:
					raise PartStopped(message)
				frappe.throw(message)
			else:
				answers[part.index] = payload[0]
	return answers


def _doubles(niks: dict[int, str]) -> dict[int, dict[int, int]]:
	"""NIKs checked in two parts: for each part, its rows to refuse and the first row of their NIK."""

	def entries(index: int, path: str):
		with open(path, encoding="utf-8") as lines:
			for line in lines:
				nik, row = line.rstrip("\n").split("\t")
				yield nik, int(row), index

	# Each list is in NIK order (a NIK is once in a part), so the merge meets a NIK's rows together.
	found = defaultdict(dict)
	merged = heapq.merge(*(entries(index, path) for index, path in niks.items()))
	for _nik, rows in itertools.groupby(merged, key=lambda entry: entry[0]):
		(_n, first, _i), *later = rows
		for _n, row, index in later:
			found[index][row] = first
	return found


def _merge(outcomes) -> Outcome:
	merged = Outcome()
	for outcome in outcomes:
		for name in COUNTS:
			setattr(merged, name, getattr(merged, name) + getattr(outcome, name))
		merged.problems.extend(outcome.problems)
		merged.warnings_kept.extend(outcome.warnings_kept)
	merged.problems = sorted(merged.problems, key=lambda p: p.row)[:PROBLEMS_KEPT]
	merged.warnings_kept = sorted(merged.warnings_kept, key=lambda p: p.row)[:PROBLEMS_KEPT]
	return merged


def _join_refused(files, target: str) -> str | None:
	"""The parts' refused rows in one file (part by part), with the header once."""
	files = [f for f in files if f and os.path.exists(f)]
	if not files:
		return None
	with open(target, "w", newline="", encoding="utf-8-sig") as out:
		writer = csv.writer(out)
		for number, path in enumerate(files):
			with open(path, newline="", encoding="utf-8-sig") as part:
				rows = csv.reader(part)
				header = next(rows)
				if not number:
					writer.writerow(header)
				writer.writerows(rows)
	return target


# --- in a part's process -----------------------------------------------------------------------


def _run_part(conn, path: str, options: Options, started_at, user: str, folder: str, parent: int):
	"""One part: check its rows, list their NIKs, refuse those found in another part, then write
	when every part passed. Answers the import's process at each step."""
	_die_with(parent)

	def progress(done, _total, outcome):
		conn.send(("progress", done, tuple(getattr(outcome, name) for name in COUNTS)))

	try:
		# A connection of its own: the parent's, copied by the fork, is never used (nor closed) here.
		frappe.local.db = None
		frappe.connect(set_admin_as_user=False)
		frappe.set_user(user)
		# No gap locks: the parts insert side by side into the same indexes (NIK, names).
		frappe.db.sql("set session transaction isolation level read committed")
		options.progress = progress
		outcome = Outcome()
		reset_scratch()
		run = Checker(options, write=False, started_at=started_at)
		header = check_file(path, options, run, ROSTER, outcome)
		frappe.db.commit()
		conn.send(("checked", _list_niks(folder, options.part)))
		_refuse_doubles(path, header, conn.recv(), outcome, options)
		conn.send(("counted", outcome))
		if conn.recv():
			write_checked(path, header, run.writer, outcome)
		conn.send(("done", outcome))
	except Exception as exc:
		conn.send(("failed", is_database_failure(exc), frappe.utils.strip_html(str(exc)) or repr(exc)))
	finally:
		try:
			frappe.db.rollback()
			frappe.db.close()
		except Exception:
			pass  # a connection the database dropped: nothing to close


def _die_with(parent: int):
	"""A part outlives no import: killed (SIGKILL) when the process that started it dies."""
	try:
		ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
	except (OSError, AttributeError):
		pass
	if os.getppid() != parent:
		os._exit(1)


def _list_niks(folder: str, part: int) -> str:
	"""The NIKs this part checked, in order, with their rows: a file for the merge."""
	path = os.path.join(folder, f"niks-{part}.txt")
	last = ""
	# A page comes as one text (its lines joined by the database), not as a row per NIK to decode.
	frappe.db.sql(f"set session group_concat_max_len = {NIK_PAGE * 64}")
	with open(path, "w", encoding="utf-8") as out:
		while True:
			lines, last = frappe.db.sql(
				f"""select group_concat(nik, '\\t', row_no order by nik separator '\\n'), max(nik)
				from (select nik, row_no from `{SCRATCH}` where nik > %s order by nik limit {NIK_PAGE}) page""",
				last,
			)[0]
			if not lines:
				break
			out.write(lines + "\n")
	return path


def _refuse_doubles(path: str, header, doubles: dict[int, int], outcome: Outcome, options: Options):
	"""Rows whose NIK is on an earlier row of another part: refused, as one process refuses them."""
	if not doubles:
		return
	rows = sorted(doubles)
	for start in range(0, len(rows), NIK_PAGE):
		chunk = {"r": rows[start : start + NIK_PAGE]}
		for action, count in frappe.db.sql(
			f"select action, count(*) from `{SCRATCH}` where row_no in %(r)s group by action", chunk
		):
			counter = {"create": "created", "update": "updated"}.get(action, "unchanged")
			setattr(outcome, counter, getattr(outcome, counter) - count)
		frappe.db.sql(f"delete from `{SCRATCH}` where row_no in %(r)s", chunk)
	frappe.db.commit()
	late = {row: also_on_row(doubles[row]) for row in rows}
	count_late(outcome, late, HEADER_OF["nik"])
	if options.refused_path:
		outcome.refused_file = add_late_refusals(path, header, late, options.refused_path)
