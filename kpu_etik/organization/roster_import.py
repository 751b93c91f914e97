"""The roster import: a file of officials appointed by decree, read as a stream, checked row by row
with the form's own appraisal (kpu_etik.core.officials), then written in set-based statements.

- One pass reads and checks the file. Every accepted row, with the values it writes, goes into a
  temporary table of the import's connection (``kpu_import_rows``), and so do the bodies and
  polling stations it needs (``kpu_import_bodies``). The file is never held in memory; a NIK twice
  in a file and a body's seats are counted over that table and the site.
- Nothing is written unless every row passes, unless the import takes the valid rows only; the
  refused rows then come back as a file in the same layout with a problem column.
- The rows are written from the table a range at a time, one transaction per range (officials,
  their status history, the bodies and stations they need, the seat counts), so a worker killed or
  a database stopped half-way leaves whole ranges only, and running the import again finishes it
  with the same result. Keyed by NIK: the same file again changes nothing.
"""

import csv
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate, now_datetime

from kpu_etik.core.bodies import (
	BODY_TYPES,
	PARENT_BODY_TYPE,
	body_id,
	body_title,
	polling_station_id,
	seat_count,
)
from kpu_etik.core.officials import SEATED_STATUSES, OfficialRecord, Seat, appraise
from kpu_etik.core.regions import ROOT_CODE, is_within, parent_of
from kpu_etik.core.roster import (
	COLUMNS,
	HEADER_OF,
	ROSTER,
	Dealer,
	Layout,
	RosterError,
	RosterRow,
	map_header,
	read_row,
)
from kpu_etik.organization.appraisal import SiteFacts, nik_list
from kpu_etik.spreadsheets import read_table

BATCH = 5000
PROBLEMS_KEPT = 1000
SERIES = "OFC-"  # the Official doctype's naming series (autoname OFC-.#######)
SERIES_DIGITS = 7
PROBLEM_HEADER = "Masalah"
# The fields a row sets, compared with the record to tell an update from an unchanged row.
ROW_FIELDS = (
	"full_name", "no_kk", "level", "position", "ad_hoc_body", "region", "status", "mobile_no", "email",
	"decree_number", "decree_date", "oath_date", "address",
)  # fmt: skip
SCRATCH = "kpu_import_rows"
PLANNED = "kpu_import_bodies"
# Frappe's own columns of every row, in the order the inserts here give them.
STANDARD_COLUMNS = ("name", "creation", "modified", "owner", "modified_by", "docstatus", "idx")


@dataclass
class Problem:
	row: int
	column: str  # the header of the column in the template, or "" for the whole row
	message: str


@dataclass
class Outcome:
	rows: int = 0
	created: int = 0
	updated: int = 0
	unchanged: int = 0
	refused: int = 0
	warnings: int = 0
	bodies_created: int = 0
	written: bool = False
	seconds: float = 0.0
	problems: list[Problem] = field(default_factory=list)
	warnings_kept: list[Problem] = field(default_factory=list)
	refused_file: str | None = None
	noun: str = "officials"  # what the rows are, in the summary line

	def summary(self) -> str:
		return (
			f"{self.noun}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
			f"{self.refused} refused"
		)


@dataclass
class Options:
	office: str = ROOT_CODE  # rows outside this region are refused
	valid_rows_only: bool = False
	dry_run: bool = False
	official_import: str | None = None  # the Official Import record, named in the history
	period_start: str | None = None  # the period of the bodies the import creates
	period_end: str | None = None
	refused_path: str | None = None  # where the refused rows are written
	progress: Callable[[int, int, Outcome], None] | None = None
	commit: bool = True  # False inside a test's transaction
	batch_size: int = BATCH
	parts: int = 0  # processes: 0, one per core for a large file (see roster_parts); 1, this one
	part: int | None = None  # in one of those processes: the part of the file it takes


def import_roster(path: str, options: Options) -> Outcome:
	"""Import the roster file at ``path`` (see the module's docstring): a large file in parts, one
	process each (kpu_etik.organization.roster_parts)."""
	from kpu_etik.organization import roster_parts

	parts = roster_parts.part_count(path, options)
	if parts > 1:
		return roster_parts.import_in_parts(path, options, parts)
	return import_file(path, options, Batch, ROSTER, Outcome())


def import_file(path: str, options: Options, batch_class: type["Batch"], layout: Layout, outcome: Outcome):
	"""Check every row of the file, then write (all of it, or the valid rows only, or nothing)."""
	started, started_at = time.perf_counter(), now_datetime()
	reset_scratch()
	# Valid rows only: each batch is written as soon as it is checked, its rows and bodies locked.
	each_batch = options.valid_rows_only and not options.dry_run
	run = batch_class(options, write=each_batch, started_at=started_at)
	header = _check(path, options, run, layout, outcome)
	if options.commit:
		frappe.db.commit()  # the checked rows (in the temporary table only), kept if a range rolls back
	if not options.dry_run and not each_batch and not outcome.refused:
		write_checked(path, header, run, outcome)
	outcome.written = not options.dry_run and (each_batch or not outcome.refused)
	outcome.seconds = time.perf_counter() - started
	if options.progress:
		options.progress(outcome.rows, outcome.rows, outcome)
	return outcome


def write_checked(path: str, header, run: "Batch", outcome: Outcome):
	"""The checked rows written, a range per transaction; rows the site changed meanwhile refused."""
	run.write = True
	late = run.write_rows(outcome, names_apart=run.options.commit)
	if late and run.options.refused_path:
		outcome.refused_file = _add_late_refusals(path, header, late, run.options.refused_path)


def _check(path: str, options: Options, run: "Batch", layout: Layout, outcome: Outcome):
	rows = read_table(path)
	try:
		_number, header = next(rows)
	except StopIteration:
		frappe.throw(_("The file is empty."))
	try:
		columns = map_header(header, layout)
	except RosterError as exc:
		frappe.throw(_(exc.template).format(*exc.args), title=_("Wrong Columns"))
	total = max(_count_lines(path) - 1, 0)
	refused = RefusedRows(options.refused_path, header) if options.refused_path else None
	dealer = Dealer(options.parts, columns["region"]) if options.part is not None else None
	batch = []
	for number, cells in rows:
		if not any(str(c).strip() for c in cells if c is not None):
			continue
		if dealer and dealer.part_of(cells) != options.part:
			continue  # another process's part
		batch.append((number, cells))
		if len(batch) >= options.batch_size:
			run.process(batch, columns, outcome, refused)
			batch = []
			if options.progress:
				options.progress(outcome.rows, total, outcome)
	if batch:
		run.process(batch, columns, outcome, refused)
	if refused:
		outcome.refused_file = refused.close()
	return header


def _add_late_refusals(path, header, late: dict[int, str], refused_path) -> str:
	"""Rows refused while writing (the site changed after the check) join the refused rows' file."""
	exists = os.path.exists(refused_path)
	with open(
		refused_path, "a" if exists else "w", newline="", encoding="utf-8" if exists else "utf-8-sig"
	) as f:
		writer = csv.writer(f)
		if not exists:
			writer.writerow([*(_cell(c) for c in header), PROBLEM_HEADER])
		for number, cells in read_table(path):
			if number in late:
				writer.writerow([*(_cell(c) for c in cells), late[number]])
	return refused_path


def _count_lines(path: str) -> int:
	"""Rows for the progress bar: newlines of a CSV (fast), the sheet's dimension of an XLSX."""
	if path.lower().endswith(".xlsx"):
		return 0
	count = 0
	with open(path, "rb") as f:
		while chunk := f.read(1 << 20):
			count += chunk.count(b"\n")
	return count


def reset_scratch():
	"""The import's temporary tables (the rows checked, the bodies planned), emptied.

	CREATE TEMPORARY TABLE does not commit the open transaction in MariaDB, but Frappe's
	``db.sql`` refuses every CREATE after a write (ImplicitCommitError), so it goes through the
	cursor. Re-check on a Frappe upgrade that ``frappe.db._cursor`` still exists."""
	frappe.db.sql("select 1")  # opens the connection and its cursor
	frappe.db._cursor.execute(
		f"""create temporary table if not exists `{SCRATCH}` (
			nik varchar(20) primary key, row_no int not null, action varchar(10) not null,
			official varchar(140), old_status varchar(20), replaces varchar(140), sex varchar(10),
			birth_date date, full_name varchar(140), no_kk varchar(20), level varchar(20),
			position varchar(20), ad_hoc_body varchar(140), region varchar(140), status varchar(20),
			mobile_no varchar(140), email varchar(140), decree_number varchar(140), decree_date date,
			oath_date date, address text, key (row_no), key (ad_hoc_body), key (official)
		) engine=InnoDB"""
	)
	frappe.db._cursor.execute(
		f"""create temporary table if not exists `{PLANNED}` (
			name varchar(140) primary key, body_type varchar(10), body_name varchar(140),
			polling_station varchar(140), tps_number int, region varchar(140), parent_body varchar(140),
			period_start date, period_end date, created tinyint not null default 0
		) engine=InnoDB"""
	)
	frappe.db.sql(f"delete from `{SCRATCH}`")
	frappe.db.sql(f"delete from `{PLANNED}`")


class RefusedRows:
	"""The refused rows in the file's own layout, with the problems in a last column."""

	def __init__(self, path: str, header):
		self.path = path
		self.file = open(path, "w", newline="", encoding="utf-8-sig")
		self.writer = csv.writer(self.file)
		self.writer.writerow([*(_cell(c) for c in header), PROBLEM_HEADER])
		self.count = 0

	def add(self, cells, problems: list[str]):
		self.writer.writerow([*(_cell(c) for c in cells), "; ".join(problems)])
		self.count += 1

	def close(self) -> str | None:
		self.file.close()
		if not self.count:
			os.unlink(self.path)
			return None
		return self.path


def count_late(outcome: Outcome, late: dict[int, str], column: str = ""):
	"""Rows refused after their check (the site changed, or a NIK found twice across parts)."""
	for number, message in late.items():
		outcome.refused += 1
		if len(outcome.problems) < PROBLEMS_KEPT:
			outcome.problems.append(Problem(number, column, message))


def also_on_row(number: int) -> str:
	return _("This NIK is also on row {0} of the file; a person sits in one body at a time.").format(number)


def count_row(outcome: Outcome, cells, problems: list[Problem], refused: "RefusedRows | None"):
	"""A checked row in the outcome; a refused one with its problems, and into the refused rows' file."""
	outcome.rows += 1
	if not problems:
		return
	outcome.refused += 1
	for p in problems:
		if len(outcome.problems) < PROBLEMS_KEPT:
			outcome.problems.append(p)
	if refused:
		refused.add(cells, [f"{p.column}: {p.message}" if p.column else p.message for p in problems])


def _cell(value) -> str:
	if value is None:
		return ""
	if hasattr(value, "isoformat"):
		return value.isoformat()[:10]
	return str(value)


class Batch:
	"""Reads, checks and writes the rows of a roster a batch at a time."""

	table = SCRATCH  # the checked rows
	pending = "action != 'unchanged'"  # the checked rows a range writes

	def __init__(self, options: Options, *, write: bool, started_at):
		self.options = options
		self.write = write
		self.started_at = started_at
		self.user = frappe.session.user
		self.period_start = getdate(options.period_start or f"{getdate().year}-01-01")
		self.period_end = getdate(options.period_end or f"{self.period_start.year}-12-31")
		self.level_of_region: dict[str, tuple[str, str] | None] = {}
		self.reserved: int | None = None  # the first name reserved for the range being written

	# --- regions and bodies -------------------------------------------------------------------

	def regions(self, codes) -> dict:
		wanted = [c for c in set(codes) if c and c not in self.level_of_region]
		if wanted:
			found = {
				r.name: (r.level, r.region_name)
				for r in frappe.db.sql(
					"select name, level, region_name from `tabRegion` where name in %(c)s",
					{"c": wanted},
					as_dict=True,
				)
			}
			for code in wanted:
				self.level_of_region[code] = found.get(code)
		return self.level_of_region

	def region_codes_exist(self, codes):
		known = self.regions(codes)
		return {c for c in codes if known.get(c)}

	def find_bodies(self, keys) -> dict:
		"""The body of the import's period (not dissolved) for each (body type, region, TPS number):
		in the site, or planned by an earlier batch of this import."""
		args = {
			"r": [r for t, r, _n in keys if t != "KPPS"] or [""],
			"s": [polling_station_id(r, n) for t, r, n in keys if t == "KPPS"] or [""],
			"first": f"{self.period_start.year}-01-01",
			"last": f"{self.period_start.year}-12-31",
		}
		found = {}
		for row in frappe.db.sql(
			f"""select name, body_type, region, polling_station, 'Forming' as status, 0 as existing
			from `{PLANNED}` where (body_type != 'KPPS' and region in %(r)s)
				or (body_type = 'KPPS' and polling_station in %(s)s)
			union all
			select name, body_type, region, polling_station, status, 1 from `tabAd Hoc Body`
			where status != 'Dissolved' and period_start between %(first)s and %(last)s
				and ((body_type != 'KPPS' and region in %(r)s) or (body_type = 'KPPS' and polling_station in %(s)s))
			order by existing""",
			args,
			as_dict=True,
		):
			number = int(row.polling_station.rsplit("TPS", 1)[1]) if row.body_type == "KPPS" else None
			found[(row.body_type, row.region, number)] = row
		return found

	def plan_bodies(self, missing, bodies: dict) -> int:
		"""The bodies the rows need and the site lacks (parents too), planned: written with the rows."""
		wanted = set()
		for body_type, region, number in missing:
			wanted.add((body_type, region, number))
			if body_type == "KPPS":
				wanted.add(("PPS", region, None))
			if body_type in ("KPPS", "PPS"):
				wanted.add(("PPK", parent_of(region), None))
		wanted = {k for k in wanted if k not in bodies}
		if not wanted:
			return 0
		year = self.period_start.year
		self.regions([r for _t, r, _n in wanted])
		planned = []
		for body_type in BODY_TYPES:  # PPK, PPS, KPPS: parents first
			for key in sorted(k for k in wanted if k[0] == body_type):
				_t, region, number = key
				station = polling_station_id(region, number) if body_type == "KPPS" else None
				parent_type = PARENT_BODY_TYPE[body_type]
				parent = None
				if parent_type:
					parent_region = region if body_type == "KPPS" else parent_of(region)
					parent = bodies[(parent_type, parent_region, None)].name
				name = body_id(body_type, station or region, year)
				region_name = (self.level_of_region.get(region) or ("", region))[1]
				planned.append((name, body_type, body_title(body_type, region_name, number), station, number,
					region, parent, self.period_start, self.period_end))  # fmt: skip
				bodies[key] = frappe._dict(
					name=name, body_type=body_type, region=region, polling_station=station, status="Forming"
				)
		frappe.db.sql(
			f"""insert ignore into `{PLANNED}` (name, body_type, body_name, polling_station, tps_number,
			region, parent_body, period_start, period_end) values """
			+ sql_values(planned)
		)
		# A parent an earlier batch planned is planned again (only the batch's own bodies are looked
		# up): the insert ignores it, and only the new ones count.
		return frappe.db.sql("select row_count()")[0][0]

	# --- a batch ------------------------------------------------------------------------------

	def process(self, batch, columns, outcome: Outcome, refused: RefusedRows | None):
		rows: list[tuple[int, list, RosterRow | None, list[Problem]]] = []
		for number, cells in batch:
			row, cell_problems = read_row(number, cells, columns)
			rows.append((number, cells, row, [self.problem(number, f, e) for f, e in cell_problems]))
		parsed = [r for _n, _c, r, _p in rows if r]
		# Regions and scope.
		self.regions([r.region for r in parsed] + [parent_of(r.region) for r in parsed])
		for _number, _cells, row, problems in rows:
			if not row:
				continue
			if not self.level_of_region.get(row.region):
				problems.append(
					self.problem(row.number, "region", RosterError("Region {0} does not exist.", row.region))
				)
			elif not is_within(row.region, self.options.office):
				problems.append(
					self.problem(
						row.number,
						"region",
						RosterError(
							"Region {0} is outside the office {1} this import is for.",
							row.region,
							self.options.office,
						),
					)
				)
		keys = {(r.body_type, r.region, r.tps) for _n, _c, r, p in rows if r and not p}
		bodies = self.find_bodies(keys)
		outcome.bodies_created += self.plan_bodies([k for k in keys if k not in bodies], bodies)

		niks = [r.nik for r in parsed] + [r.replaces for r in parsed if r.replaces]
		body_names = [bodies[k].name for k in keys if k in bodies]
		facts = FileFacts(niks, body_names, batch=self, lock=self.write)
		existing = facts.records
		replaced = self.replace_members(rows, facts, bodies)

		seen_in_batch: dict[str, int] = {}
		for _number, cells, row, problems in rows:
			if row and not problems:
				body = bodies[(row.body_type, row.region, row.tps)]
				record, values, old = self.record(row, body, existing.get(row.nik))
				for message in self.before_appraisal(row, old, seen_in_batch):
					problems.append(Problem(row.number, HEADER_OF["nik"], message))
				if not problems:
					result = appraise(record, facts)
					for p in result.problems:
						problems.append(self.problem(row.number, p.field, p.error))
					for f, warning in result.warnings:
						outcome.warnings += 1
						if len(outcome.warnings_kept) < PROBLEMS_KEPT:
							outcome.warnings_kept.append(self.problem(row.number, f, warning))
				if not problems:
					seen_in_batch[row.nik] = row.number
					if old is None:
						action = "create"
						outcome.created += 1
					elif any(_differs(values[f], old[f]) for f in ROW_FIELDS):
						action = "update"
						outcome.updated += 1
					else:
						action = "unchanged"
						outcome.unchanged += 1
					facts.accept(row, body, old, (row.nik, row.number, action, old.name if old else None,
						old.status if old else None, replaced.get(row.number), result.nik.sex,
						result.nik.birth_date, *(values[f] for f in ROW_FIELDS)))  # fmt: skip
			count_row(outcome, cells, problems, refused)
		facts.remember()
		if self.write:
			self.write_rows(outcome, rows[0][0], rows[-1][0])

	def problem(self, number: int, field_name: str, error) -> Problem:
		column = HEADER_OF.get(
			{"ad_hoc_body": "body_type", "level": "body_type"}.get(field_name, field_name), ""
		)
		return Problem(number, column, _(error.template).format(*error.args))

	def record(self, row: RosterRow, body, old):
		"""The record the appraisal reads and the values the row writes."""
		status = "Active"
		if old and old.status == "Suspended" and old.ad_hoc_body == body.name:
			status = "Suspended"  # a suspended member keeps the seat until the decree ends it
		values = {
			"full_name": row.full_name,
			"no_kk": row.no_kk,
			"level": row.body_type,
			"position": row.position,
			"ad_hoc_body": body.name,
			"region": body.region,
			"status": status,
			"mobile_no": row.mobile_no,
			"email": row.email,
			"decree_number": row.decree_number,
			"decree_date": row.decree_date,
			"oath_date": row.oath_date,
			"address": row.address,
			"nik": row.nik,
		}
		changed = () if old is None else [
			f for f, o in (("nik", "nik"), ("no_kk", "no_kk"), ("region", "region"), ("position", "position"),
			("status", "status"), ("body", "ad_hoc_body"), ("appointed_on", "decree_date"))
			if _differs(values[o], old[o])
		]  # fmt: skip
		record = OfficialRecord(
			nik=row.nik,
			full_name=row.full_name,
			level=row.body_type,
			position=row.position,
			status=status,
			no_kk=row.no_kk,
			name=old.name if old else None,
			body=body.name,
			body_type=body.body_type,
			body_status=body.status,
			region=body.region,
			appointed_on=row.appointed_on,
			changed=changed,
		)
		return record, values, old

	def before_appraisal(self, row: RosterRow, old, seen_in_batch) -> list[str]:
		"""What only an import can meet: a record changed in the Desk while it runs, a seat that ended."""
		messages = []
		if row.nik in seen_in_batch:
			messages.append(also_on_row(seen_in_batch[row.nik]))
		if old is None:
			return messages
		if get_datetime(old.modified) > self.started_at:
			messages.append(
				_(
					"This official was changed by {0} at {1} while the import ran; import the row again."
				).format(old.modified_by, old.modified)
			)
		if old.status not in SEATED_STATUSES and old.decree_number and old.decree_number == row.decree_number:
			messages.append(
				_(
					"This member's seat ended ({0}) after decree {1}; a new decree is needed to seat them again."
				).format(_(old.status), old.decree_number)
			)
		return messages

	def replace_members(self, rows, facts, bodies) -> dict:
		"""A row that replaces a member (PAW) ends that member's seat (when written, as the form does)."""
		replaced = {}
		for _number, _cells, row, problems in rows:
			if not row or problems or not row.replaces:
				continue
			old = facts.records.get(row.replaces)
			body = bodies.get((row.body_type, row.region, row.tps))
			if not old or not body or old.ad_hoc_body != body.name or old.status not in SEATED_STATUSES:
				problems.append(
					Problem(
						row.number,
						HEADER_OF["replaces"],
						_("The member to be replaced is not seated in this body."),
					)
				)
				continue
			facts.vacate(old)
			replaced[row.number] = old.name
		return replaced

	# --- writing ------------------------------------------------------------------------------

	def write_rows(
		self, outcome: Outcome, first: int = 0, last: int | None = None, names_apart: bool = False
	) -> dict[int, str]:
		"""Write the checked rows (of rows ``first`` to ``last`` of the file) from the temporary
		table, a range per transaction. Returns the rows refused because the site changed since
		they were checked (row number: problem). ``names_apart``: each range's names are reserved
		in a transaction of their own (see write_range_retrying)."""
		late: dict[int, str] = {}
		last = last if last is not None else 2**31 - 1
		to_write = frappe.db.sql(
			f"select count(*) from `{self.table}` where row_no between %s and %s and {self.pending}",
			(first, last),
		)[0][0]
		written, start = 0, first
		while written < to_write:
			# The range's last row, found on the row_no index: the file's row numbers are never held.
			end = frappe.db.sql(
				f"""select row_no from `{self.table}` where row_no between %s and %s and {self.pending}
				order by row_no limit 1 offset %s""",
				(start, last, self.options.batch_size - 1),
			)
			end = end[0][0] if end else last
			written += frappe.db.sql(
				f"""select count(*) from `{self.table}` where row_no between %s and %s
				and {self.pending}""",
				(start, end),
			)[0][0]
			late.update(self.write_range_retrying(start, end, names_apart=names_apart))
			start = end + 1
			if self.options.progress and last == 2**31 - 1:
				self.options.progress(written, to_write, outcome)
		count_late(outcome, late)
		return late

	def write_range_retrying(
		self, first: int, last: int, attempts: int = 3, names_apart: bool = False
	) -> dict[int, str]:
		"""A range in its own transaction, tried again when the database chose it as a deadlock's
		victim or a lock wait ran out (another import or an officer's save held its rows).

		``names_apart``: the names the range creates are reserved and committed first, so that the
		Series row is not locked for the whole range and the parts of an import (or two imports)
		write side by side. A range rolled back leaves its names unused, a gap in the series, as
		Frappe's own naming does on a failed insert. Not while a check's locks are held (valid rows
		only), which a commit would release."""
		for attempt in range(1, attempts + 1):
			try:
				self.reserved = None
				if names_apart and self.options.commit:
					self.reserved = self.reserve_range(first, last)
					frappe.db.commit()
				late = self.write_range(first, last)
				if self.options.commit:
					frappe.db.commit()
				return late
			except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
				if not self.options.commit or attempt == attempts:
					raise
				frappe.db.rollback()
				time.sleep(attempt)
		return {}

	def write_range(self, first: int, last: int) -> dict[int, str]:
		now, user, source = now_datetime(), self.user, self.options.official_import
		rows = {"first": first, "last": last, "now": now, "user": user, "source": source}
		where = "s.row_no between %(first)s and %(last)s"
		self.create_planned_bodies(first, last)
		# Locked, then refused if the site changed them after this import began.
		late = {}
		for number, action, modified_by, modified in frappe.db.sql(
			f"""select s.row_no, s.action, o.modified_by, o.modified from `{SCRATCH}` s
			join `tabOfficial` o on o.nik = s.nik
			where {where} and s.action != 'unchanged' and (s.action = 'create' or o.modified > %(started)s)
			for update""",
			{**rows, "started": self.started_at},
		):
			if action == "create":
				late[number] = _(
					"This NIK was registered in the site while the import ran; import the row again."
				)
			else:
				late[number] = _(
					"This official was changed by {0} at {1} while the import ran; import the row again."
				).format(modified_by, modified)
		if late:
			frappe.db.sql(f"update `{SCRATCH}` set action = 'late' where row_no in %(n)s", {"n": list(late)})
		for official, decree in frappe.db.sql(
			f"select replaces, decree_number from `{SCRATCH}` s where {where} and replaces is not null", rows
		):
			doc = frappe.get_doc("Official", official)
			if doc.status in SEATED_STATUSES:
				doc.status = "Term Ended"
				doc.status_reason = _("Replaced (PAW) under decree {0}").format(decree or "-")
				doc.flags.ignore_permissions = True
				doc.save()
		fields = ", ".join(f"`{f}`" for f in ROW_FIELDS)
		creates = frappe.db.sql(
			f"select count(*) from `{SCRATCH}` s where {where} and action = 'create'", rows
		)[0][0]
		if creates:
			base = self.reserved or reserve_names(creates)
			frappe.db.sql(
				f"""insert into `tabOfficial` ({", ".join(STANDARD_COLUMNS)}, official_import, nik, sex,
					birth_date, {fields})
				select concat(%(series)s, lpad(%(base)s + rank, greatest({SERIES_DIGITS}, length(%(base)s + rank)), '0')),
					%(now)s, %(now)s, %(user)s, %(user)s, 0, 0, %(source)s, nik, sex, birth_date, {fields}
				from (select s.*, row_number() over (order by s.row_no) - 1 as rank from `{SCRATCH}` s
					where {where} and s.action = 'create') numbered""",
				{**rows, "series": SERIES, "base": base},
			)
		frappe.db.sql(
			f"""update `tabOfficial` o join `{SCRATCH}` s on s.official = o.name
			set {", ".join(f"o.`{f}` = s.`{f}`" for f in ROW_FIELDS)}, o.modified = %(now)s,
				o.modified_by = %(user)s, o.official_import = %(source)s
			where {where} and s.action = 'update'""",
			rows,
		)
		# The status history: a new record's first status, and every change of status.
		for kind, idx in (
			("s.action = 'create'", "1"),
			(
				"s.action = 'update' and s.old_status != s.status",
				"1 + (select ifnull(max(h.idx), 0) from `tabOfficial Status Change` h where h.parent = o.name)",
			),
		):
			frappe.db.sql(
				f"""insert into `tabOfficial Status Change` ({", ".join(STANDARD_COLUMNS)}, parent, parenttype,
					parentfield, from_status, to_status, changed_on, changed_by, official_import)
				select concat(o.name, '-', {idx}), %(now)s, %(now)s, %(user)s, %(user)s, 0, {idx}, o.name, 'Official', 'status_history', ifnull(s.old_status, ''),
					s.status, %(now)s, %(user)s, %(source)s
				from `{SCRATCH}` s join `tabOfficial` o on o.nik = s.nik
				where {where} and {kind}""",
				rows,
			)
		refresh_seat_counts(
			frappe.db.sql_list(
				f"""select distinct ad_hoc_body from `{SCRATCH}` s where {where}
				union select distinct o.ad_hoc_body from `{SCRATCH}` s join `tabOfficial` o on o.name = s.official
				where {where}""",
				rows,
			)
		)
		return late

	def reserve_range(self, first: int, last: int) -> int | None:
		"""The names of the officials rows ``first`` to ``last`` create, reserved: the first."""
		creates = frappe.db.sql(
			f"""select count(*) from `{SCRATCH}` where row_no between %s and %s
			and action = 'create'""",
			(first, last),
		)[0][0]
		return reserve_names(creates) if creates else None

	def create_planned_bodies(self, first: int, last: int):
		"""The planned bodies of these rows (and their parent PPS and PPK) with their polling stations,
		before the members who sit in them: a range's transaction stays the size of the range."""
		self.create_bodies(
			frappe.db.sql_list(
				f"""select distinct p.name from `{PLANNED}` p join `{SCRATCH}` s on s.ad_hoc_body = p.name
				where s.row_no between %(first)s and %(last)s and p.created = 0""",
				{"first": first, "last": last},
			)
		)

	def create_bodies(self, needed: list[str]):
		"""These planned bodies and the planned parents they need, with their polling stations."""
		now, user = now_datetime(), self.user
		wanted = set(needed)
		while needed:  # their parents, then the parents' parents
			needed = frappe.db.sql_list(
				f"""select distinct parent_body from `{PLANNED}` where name in %(n)s and created = 0
				and parent_body in (select name from `{PLANNED}` where created = 0)""",
				{"n": needed},
			)
			needed = [n for n in needed if n and n not in wanted]
			wanted.update(needed)
		if not wanted:
			return
		args = {"now": now, "user": user, "names": list(wanted)}
		frappe.db.sql(
			f"""insert ignore into `tabPolling Station` ({", ".join(STANDARD_COLUMNS)}, region, tps_number)
			select polling_station, %(now)s, %(now)s, %(user)s, %(user)s, 0, 0, region, tps_number
			from `{PLANNED}` where name in %(names)s and body_type = 'KPPS'""",
			args,
		)
		frappe.db.sql(
			f"""insert ignore into `tabAd Hoc Body` ({", ".join(STANDARD_COLUMNS)}, body_type, body_name,
				polling_station, region, parent_body, period_start, period_end, status)
			select name, %(now)s, %(now)s, %(user)s, %(user)s, 0, 0, body_type, body_name, polling_station,
				region, parent_body, period_start, period_end, 'Forming'
			from `{PLANNED}` where name in %(names)s""",
			args,
		)
		frappe.db.sql(f"update `{PLANNED}` set created = 1 where name in %(names)s", args)


def _differs(new, old) -> bool:
	if hasattr(new, "isoformat") or hasattr(old, "isoformat"):
		return (getdate(new) if new else None) != (getdate(old) if old else None)
	return (new or None) != (old or None)


# What the driver escapes in a string (pymysql's escape table), the connection being utf8mb4.
_ESCAPES = str.maketrans(
	{"\\": "\\\\", "'": "\\'", '"': '\\"', "\0": "\\0", "\n": "\\n", "\r": "\\r", "\x1a": "\\Z"}
)


def sql_literal(value) -> str:
	if value is None:
		return "NULL"
	if isinstance(value, str):
		return "'" + value.translate(_ESCAPES) + "'"
	if isinstance(value, bool):
		return "1" if value else "0"
	if isinstance(value, int | float):
		return repr(value)
	if isinstance(value, datetime):
		return "'" + value.isoformat(" ") + "'"
	if isinstance(value, date):
		return "'" + value.isoformat() + "'"
	return "'" + str(value).translate(_ESCAPES) + "'"


def sql_values(rows) -> str:
	"""Rows as the VALUES of an INSERT, each value escaped as the driver escapes it; text and NULL,
	nearly every value of a roster, without a call each."""
	return ", ".join(
		"("
		+ ", ".join(
			[
				"NULL"
				if v is None
				else "'" + v.translate(_ESCAPES) + "'"
				if type(v) is str
				else sql_literal(v)
				for v in row
			]
		)
		+ ")"
		for row in rows
	)


def reserve_names(count: int) -> int:
	"""``count`` numbers of the Official series at once (what Frappe's naming gives one at a time);
	returns the first. The row is moved on and read in one statement, so the parts of an import (or
	two imports) reserving at once wait for each other and never deadlock; it is made when missing."""
	for _attempt in range(2):
		frappe.db.sql(
			"update `tabSeries` set current = last_insert_id(current + %s) where name = %s", (count, SERIES)
		)
		if frappe.db.sql("select row_count()")[0][0]:
			return int(frappe.db.sql("select last_insert_id()")[0][0]) - count + 1
		frappe.db.sql("insert ignore into `tabSeries` (name, current) values (%s, 0)", SERIES)
	frappe.throw(_("The naming series {0} could not be reserved.").format(SERIES))


def refresh_seat_counts(bodies):
	"""The seat counts of these bodies, as the form's refresh_composition sets them (the same
	core.bodies.seat_count), for a range of rows at once.

	The members are counted with a plain read, then the bodies set in one statement: an UPDATE that
	joins the officials would lock the rows it reads, and deadlock with the rows another part of the
	import (kpu_etik.organization.roster_parts) inserts meanwhile into bodies of its own."""
	from kpu_etik import rules

	bodies = sorted({b for b in bodies if b})
	if not bodies:
		return
	positions = defaultdict(list)
	for body, position in frappe.db.sql(
		"""select ad_hoc_body, position from `tabOfficial`
		where ad_hoc_body in %(b)s and status in %(seated)s""",
		{"b": bodies, "seated": SEATED_STATUSES},
	):
		positions[body].append(position)
	counted = []
	for name, body_type, status in frappe.db.sql(
		"select name, body_type, status from `tabAd Hoc Body` where name in %(b)s", {"b": bodies}
	):
		seats = seat_count(rules.composition_rule(body_type), status, positions[name])
		counted.append(
			f"select {sql_literal(name)} as name, {seats.members} as members, {seats.ketua} as ketua, "
			f"{seats.required} as required, {int(seats.needs_replacement)} as short"
		)
	if counted:
		frappe.db.sql(
			f"""update `tabAd Hoc Body` b join ({" union all ".join(counted)}) c on c.name = b.name
			set b.member_count = c.members, b.ketua_count = c.ketua, b.required_members = c.required,
				b.needs_replacement = c.short"""
		)


class FileFacts(SiteFacts):
	"""The site's facts with the rows of the file read so far: earlier batches are in the scratch
	table, this batch's accepted rows are added as they pass."""

	def __init__(self, niks, bodies, *, batch: Batch, lock: bool):
		super().__init__(
			niks, bodies, region_codes_exist=batch.region_codes_exist, lock_bodies=lock, lock_officials=lock
		)
		self.accepted = []
		self.earlier = {
			nik: (row_no, body)
			for nik, row_no, body in frappe.db.sql(
				f"select nik, row_no, ad_hoc_body from `{SCRATCH}` where nik in ({nik_list(niks)})"
			)
		}
		# A body's seats: the database's members not restated by the file, and the file's.
		restated = set()
		for nik, _body in frappe.db.sql(
			f"""select o.nik, o.ad_hoc_body from `tabOfficial` o join `{SCRATCH}` s on s.nik = o.nik
			where o.ad_hoc_body in %(b)s""",
			{"b": list(bodies) or [""]},
		):
			restated.add(nik)
		for body in list(self.positions):
			self.positions[body] = [r for r in self.positions[body] if r.nik not in restated]
		for body, nik, position in frappe.db.sql(
			f"""select ad_hoc_body, nik, position from `{SCRATCH}` where ad_hoc_body in %(b)s
			and status in %(seated)s""",
			{"b": list(bodies) or [""], "seated": SEATED_STATUSES},
		):
			self.positions[body].append(frappe._dict(name=f"row:{nik}", nik=nik, position=position))

	def seat_of(self, nik):
		if nik in self.earlier:
			row_no, body = self.earlier[nik]
			return Seat(None, body, "Active", row=row_no)
		return super().seat_of(nik)

	def accept(self, row: RosterRow, body, old, values: tuple):
		# The person's seat in the database no longer counts: the row's seat replaces it.
		if old and old.ad_hoc_body in self.positions:
			self.positions[old.ad_hoc_body] = [
				r for r in self.positions[old.ad_hoc_body] if r.name != old.name
			]
		self.positions[body.name].append(
			frappe._dict(name=f"row:{row.nik}", nik=row.nik, position=row.position)
		)
		self.accepted.append(values)

	def vacate(self, old):
		rows = self.positions.get(old.ad_hoc_body, [])
		self.positions[old.ad_hoc_body] = [r for r in rows if r.name != old.name]

	def remember(self):
		_insert_scratch(self.accepted)


SCRATCH_COLUMNS = (
	"nik",
	"row_no",
	"action",
	"official",
	"old_status",
	"replaces",
	"sex",
	"birth_date",
	*ROW_FIELDS,
)


def _insert_scratch(rows):
	if not rows:
		return
	frappe.db.sql(f"insert into `{SCRATCH}` ({', '.join(SCRATCH_COLUMNS)}) values " + sql_values(rows))


def is_database_failure(exc: BaseException) -> bool:
	"""The database went away, deadlocked or timed out: the import is safe to run again."""
	import pymysql

	return isinstance(
		exc,
		frappe.QueryDeadlockError
		| frappe.QueryTimeoutError
		| pymysql.err.OperationalError
		| pymysql.err.InterfaceError
		| PartStopped,
	)


class PartStopped(Exception):
	"""A process of an import in parts stopped (killed, out of memory, its connection lost): the
	rows written are whole ranges, and the import is safe to run again."""


def template_rows(language: str = "id") -> list[list[str]]:
	"""The template: the header row (Indonesian, or English) and one example row."""
	header = [indonesian if language == "id" else english for _f, indonesian, english in COLUMNS]
	example = ["7322145708990001", "7322140101100001", "Siti Rahmawati", "KPPS", "73.22.14.2001", "3",
		"Anggota", "081234567890", "", "12/PP.04-Kpt/7322/2024", "2024-01-22", "27 Januari 2024", "", ""]  # fmt: skip
	return [header, example]
