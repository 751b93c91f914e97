"""The roster import: a file of officials appointed by decree, read as a stream, checked row by row
with the form's own appraisal (kpu_etik.core.officials), and written a batch per transaction.

- Nothing is written unless every row passes, unless the import takes the valid rows only; the
  refused rows then come back as a file in the same layout with a problem column.
- Keyed by NIK: the same file imported again changes nothing; a corrected file updates in place.
- A batch is one transaction (its officials, their status history, the bodies and polling stations
  it creates, the bodies' seat counts), so a worker killed or a database stopped half-way leaves
  whole batches only, and running the import again finishes it with the same result.
- The rows of the file already read are kept in a temporary table of the import's connection (a
  NIK twice in one file is refused; a body's seats are counted over the file and the database),
  so the file is never held in memory.
"""

import csv
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate, now_datetime

from kpu_etik.core.bodies import BODY_TYPES, PARENT_BODY_TYPE, body_id, body_title, polling_station_id
from kpu_etik.core.errors import RuleError
from kpu_etik.core.officials import SEATED_STATUSES, OfficialRecord, Seat, appraise
from kpu_etik.core.regions import ROOT_CODE, is_within, parent_of
from kpu_etik.core.roster import COLUMNS, HEADER_OF, RosterError, RosterRow, map_header, read_row
from kpu_etik.organization.appraisal import SiteFacts
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

	def summary(self) -> str:
		return (
			f"officials: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
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


def import_roster(path: str, options: Options) -> Outcome:
	"""Import the roster file at ``path``. Without valid_rows_only a first pass checks every row and
	nothing is written when any is refused."""
	started, started_at = time.perf_counter(), now_datetime()
	if not options.dry_run and not options.valid_rows_only:
		check = _run(path, options, write=False, started_at=started_at)
		if check.refused:
			check.seconds = time.perf_counter() - started
			return check
	outcome = _run(path, options, write=not options.dry_run, started_at=started_at)
	outcome.seconds = time.perf_counter() - started
	return outcome


def _run(path: str, options: Options, *, write: bool, started_at) -> Outcome:
	outcome = Outcome()
	reset_scratch()
	rows = read_table(path)
	try:
		_number, header = next(rows)
	except StopIteration:
		frappe.throw(_("The file is empty."))
	try:
		columns = map_header(header)
	except RosterError as exc:
		frappe.throw(_(exc.template).format(*exc.args), title=_("Wrong Columns"))
	total = max(_count_lines(path) - 1, 0)
	refused = RefusedRows(options.refused_path, header) if options.refused_path else None
	run = Batch(options, write=write, started_at=started_at)
	batch = []
	for number, cells in rows:
		if not any(str(c).strip() for c in cells if c is not None):
			continue
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
	outcome.written = write
	if options.progress:
		options.progress(outcome.rows, total, outcome)
	return outcome


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
	"""The temporary table of the rows read so far, emptied for a new pass.

	CREATE TEMPORARY TABLE does not commit the open transaction in MariaDB, but Frappe's
	``db.sql`` refuses every CREATE after a write (ImplicitCommitError), so it goes through the
	cursor. Re-check on a Frappe upgrade that ``frappe.db._cursor`` still exists."""
	frappe.db.sql("select 1")  # opens the connection and its cursor
	frappe.db._cursor.execute(
		f"""create temporary table if not exists `{SCRATCH}` (
			nik varchar(20) primary key, row_no int, body varchar(140), position varchar(20)
		) engine=InnoDB"""
	)
	frappe.db.sql(f"delete from `{SCRATCH}`")


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


def _cell(value) -> str:
	if value is None:
		return ""
	if hasattr(value, "isoformat"):
		return value.isoformat()[:10]
	return str(value)


class Batch:
	"""Reads, checks and writes the rows of a file a batch at a time."""

	def __init__(self, options: Options, *, write: bool, started_at):
		self.options = options
		self.write = write
		self.started_at = started_at
		self.user = frappe.session.user
		self.period_start = getdate(options.period_start or f"{getdate().year}-01-01")
		self.period_end = getdate(options.period_end or f"{self.period_start.year}-12-31")
		self.level_of_region: dict[str, tuple[str, str] | None] = {}

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
		"""The body of the import's period (not dissolved) for each (body type, region, TPS number)."""
		regions = [r for t, r, _n in keys if t != "KPPS"] or [""]
		stations = [polling_station_id(r, n) for t, r, n in keys if t == "KPPS"] or [""]
		found = {}
		for row in frappe.db.sql(
			"""select name, body_type, region, polling_station, status from `tabAd Hoc Body`
			where status != 'Dissolved' and period_start between %(first)s and %(last)s
				and ((body_type != 'KPPS' and region in %(r)s) or (body_type = 'KPPS' and polling_station in %(s)s))
			order by period_start""",
			{
				"r": regions,
				"s": stations,
				"first": f"{self.period_start.year}-01-01",
				"last": f"{self.period_start.year}-12-31",
			},
			as_dict=True,
		):
			number = int(row.polling_station.rsplit("TPS", 1)[1]) if row.body_type == "KPPS" else None
			found[(row.body_type, row.region, number)] = row
		return found

	def create_bodies(self, missing, bodies: dict) -> int:
		"""The bodies the rows need and the site lacks, parents first, with their polling stations."""
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
		now = now_datetime()
		self.regions([r for _t, r, _n in wanted])
		station_rows, body_rows = [], []
		for body_type in BODY_TYPES:  # PPK, PPS, KPPS: parents first
			for key in sorted(k for k in wanted if k[0] == body_type):
				_t, region, number = key
				station = None
				if body_type == "KPPS":
					station = polling_station_id(region, number)
					station_rows.append((station, now, now, self.user, self.user, 0, 0, region, number))
				parent_type = PARENT_BODY_TYPE[body_type]
				parent = None
				if parent_type:
					parent_region = region if body_type == "KPPS" else parent_of(region)
					parent = bodies[(parent_type, parent_region, None)].name
				name = body_id(body_type, station or region, year)
				region_name = (self.level_of_region.get(region) or ("", region))[1]
				body_rows.append(
					(
						name,
						now,
						now,
						self.user,
						self.user,
						0,
						0,
						body_type,
						body_title(body_type, region_name, number),
						station,
						region,
						parent,
						self.period_start,
						self.period_end,
						"Forming",
					)
				)
				bodies[key] = frappe._dict(
					name=name, body_type=body_type, region=region, polling_station=station, status="Forming"
				)
		if not self.write:
			return len(body_rows)
		if station_rows:
			_insert(
				"Polling Station",
				(
					*STANDARD_COLUMNS,
					"region",
					"tps_number",
				),
				station_rows,
				ignore=True,
			)
		_insert(
			"Ad Hoc Body",
			(*STANDARD_COLUMNS, "body_type",
			"body_name", "polling_station", "region", "parent_body", "period_start", "period_end", "status"),
			body_rows,
			ignore=True,
		)  # fmt: skip
		return len(body_rows)

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
		outcome.bodies_created += self.create_bodies([k for k in keys if k not in bodies], bodies)

		niks = [r.nik for r in parsed] + [r.replaces for r in parsed if r.replaces]
		body_names = [bodies[k].name for k in keys if k in bodies]
		facts = FileFacts(niks, body_names, batch=self, lock=self.write)
		existing = facts.records
		replaced = self.replace_members(rows, facts, bodies)

		new_rows, updates, history = [], [], []
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
					facts.accept(row, record, body, old)
					values.update(sex=result.nik.sex, birth_date=result.nik.birth_date)
					if old is None:
						new_rows.append(values)
						history.append((values, "", "Active"))
						outcome.created += 1
					elif any(_differs(values[f], old[f]) for f in ROW_FIELDS):
						updates.append((old, values))
						if old.status != values["status"]:
							history.append((dict(values, name=old.name), old.status, values["status"]))
						outcome.updated += 1
					else:
						outcome.unchanged += 1
			outcome.rows += 1
			if problems:
				outcome.refused += 1
				for p in problems:
					if len(outcome.problems) < PROBLEMS_KEPT:
						outcome.problems.append(p)
				if refused:
					refused.add(
						cells, [f"{p.column}: {p.message}" if p.column else p.message for p in problems]
					)
		facts.remember()
		if self.write:
			self.save(new_rows, updates, history, replaced, {b.name for b in bodies.values()})
			if self.options.commit:
				frappe.db.commit()

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
			messages.append(
				_("This NIK is also on row {0} of the file; a person sits in one body at a time.").format(
					seen_in_batch[row.nik]
				)
			)
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

	def replace_members(self, rows, facts, bodies) -> list:
		"""A row that replaces a member (PAW) ends that member's seat first, as the form does."""
		replaced = []
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
			replaced.append((old.name, row))
		return replaced

	# --- writing ------------------------------------------------------------------------------

	def save(self, new_rows, updates, history, replaced, bodies):
		now = now_datetime()
		for official, row in replaced:
			doc = frappe.get_doc("Official", official)
			doc.status = "Term Ended"
			doc.status_reason = _("Replaced (PAW) under decree {0}").format(row.decree_number or "-")
			doc.flags.ignore_permissions = True
			doc.save()
		if new_rows:
			names = reserve_names(len(new_rows))
			for values, name in zip(new_rows, names, strict=True):
				values["name"] = name
			fields = (*STANDARD_COLUMNS,
				"official_import", "nik", "sex", "birth_date", *ROW_FIELDS)  # fmt: skip
			_insert(
				"Official",
				fields,
				[
					(
						v["name"],
						now,
						now,
						self.user,
						self.user,
						0,
						0,
						self.options.official_import,
						v["nik"],
						v["sex"],
						v["birth_date"],
						*(v[f] for f in ROW_FIELDS),
					)
					for v in new_rows
				],
			)
		for old, values in updates:
			assignments = ", ".join(f"`{f}` = %({f})s" for f in ROW_FIELDS)
			frappe.db.sql(
				f"""update `tabOfficial` set {assignments}, modified = %(now)s, modified_by = %(user)s,
				official_import = %(official_import)s where name = %(name)s""",
				{
					**values,
					"now": now,
					"user": self.user,
					"official_import": self.options.official_import,
					"name": old.name,
				},
			)
		if history:
			counts = dict(
				frappe.db.sql(
					"""select parent, count(*) from `tabOfficial Status Change`
					where parenttype = 'Official' and parent in %(p)s group by parent""",
					{"p": [v["name"] for v, _f, _t in history]},
				)
			)
			_insert(
				"Official Status Change",
				(*STANDARD_COLUMNS, "parent",
				"parenttype", "parentfield", "from_status", "to_status", "changed_on", "changed_by",
				"official_import"),
				[
					(frappe.generate_hash(length=10), now, now, self.user, self.user, 0, counts.get(v["name"], 0) + 1,
					v["name"], "Official", "status_history", before, after, now, self.user, self.options.official_import)
					for v, before, after in history
				],
			)  # fmt: skip
		refresh_seat_counts(bodies)


def _differs(new, old) -> bool:
	if hasattr(new, "isoformat") or hasattr(old, "isoformat"):
		return (getdate(new) if new else None) != (getdate(old) if old else None)
	return (new or None) != (old or None)


def _insert(doctype: str, fields, rows, ignore: bool = False):
	"""Many rows in one statement. The values are written as literals here: the driver's escaping,
	value by value in Python, took longer than the database's insert of a national file."""
	if not rows:
		return
	columns = ", ".join(f"`{f}`" for f in fields)
	for start in range(0, len(rows), BATCH):
		chunk = rows[start : start + BATCH]
		frappe.db.sql(
			f"insert {'ignore' if ignore else ''} into `tab{doctype}` ({columns}) values "
			+ ", ".join("(" + ", ".join(map(sql_literal, row)) + ")" for row in chunk)
		)


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


def reserve_names(count: int) -> list[str]:
	"""``count`` names of the Official series at once (what Frappe's naming gives one at a time)."""
	current = frappe.db.sql("select current from `tabSeries` where name = %s for update", SERIES)
	if current:
		first = int(current[0][0] or 0) + 1
		frappe.db.sql("update `tabSeries` set current = current + %s where name = %s", (count, SERIES))
	else:
		first = 1
		frappe.db.sql("insert into `tabSeries` (name, current) values (%s, %s)", (SERIES, count))
	return [f"{SERIES}{number:0{SERIES_DIGITS}d}" for number in range(first, first + count)]


def refresh_seat_counts(bodies):
	"""The seat counts of these bodies, as refresh_body_composition sets them, in one statement."""
	from kpu_etik import rules

	bodies = [b for b in bodies if b]
	if not bodies:
		return
	for body_type in BODY_TYPES:
		rule = rules.composition_rule(body_type)
		frappe.db.sql(
			"""update `tabAd Hoc Body` b
			left join (select ad_hoc_body, sum(position in ('Ketua', 'Anggota')) members,
					sum(position = 'Ketua') ketua
				from `tabOfficial` where ad_hoc_body in %(b)s and status in %(seated)s group by ad_hoc_body) c
				on c.ad_hoc_body = b.name
			set b.member_count = ifnull(c.members, 0), b.ketua_count = ifnull(c.ketua, 0),
				b.required_members = %(members)s,
				b.needs_replacement = (b.status = 'Active'
					and (ifnull(c.members, 0) < %(members)s or ifnull(c.ketua, 0) != %(ketua)s))
			where b.name in %(b)s and b.body_type = %(type)s""",
			{
				"b": bodies,
				"seated": SEATED_STATUSES,
				"members": rule.members,
				"ketua": rule.ketua,
				"type": body_type,
			},
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
				f"select nik, row_no, body from `{SCRATCH}` where nik in %(n)s", {"n": list(niks) or [""]}
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
			f"select body, nik, position from `{SCRATCH}` where body in %(b)s", {"b": list(bodies) or [""]}
		):
			self.positions[body].append(frappe._dict(name=f"row:{nik}", nik=nik, position=position))

	def seat_of(self, nik):
		if nik in self.earlier:
			row_no, body = self.earlier[nik]
			return Seat(None, body, "Active", row=row_no)
		return super().seat_of(nik)

	def accept(self, row: RosterRow, record: OfficialRecord, body, old):
		# The person's seat in the database no longer counts: the row's seat replaces it.
		if old and old.ad_hoc_body in self.positions:
			self.positions[old.ad_hoc_body] = [
				r for r in self.positions[old.ad_hoc_body] if r.name != old.name
			]
		self.positions[body.name].append(
			frappe._dict(name=f"row:{row.nik}", nik=row.nik, position=row.position)
		)
		self.accepted.append((row.nik, row.number, body.name, row.position))

	def vacate(self, old):
		rows = self.positions.get(old.ad_hoc_body, [])
		self.positions[old.ad_hoc_body] = [r for r in rows if r.name != old.name]

	def remember(self):
		_insert_scratch(self.accepted)


def _insert_scratch(rows):
	if not rows:
		return
	frappe.db.sql(
		f"insert into `{SCRATCH}` (nik, row_no, body, position) values "
		+ ", ".join("(" + ", ".join(map(sql_literal, row)) + ")" for row in rows)
		+ " on duplicate key update row_no = values(row_no)"
	)


def template_rows(language: str = "id") -> list[list[str]]:
	"""The template: the header row (Indonesian, or English) and one example row."""
	header = [indonesian if language == "id" else english for _f, indonesian, english in COLUMNS]
	example = ["7322145708990001", "7322140101100001", "Siti Rahmawati", "KPPS", "73.22.14.2001", "3",
		"Anggota", "081234567890", "", "12/PP.04-Kpt/7322/2024", "2024-01-22", "27 Januari 2024", "", ""]  # fmt: skip
	return [header, example]


def check_columns(header) -> list[str]:
	"""The header's problems, for the preview of a file before it is read."""
	try:
		map_header(header)
	except RuleError as exc:
		return [_(exc.template).format(*exc.args)]
	return []
