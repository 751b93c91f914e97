"""The SQL of a roster import: its temporary tables (the rows checked, the bodies planned), values
escaped as the driver escapes them, the names of the Official series reserved at once, and the
writer that takes the checked rows into the site a range per transaction (tried again after a
deadlock or a lock wait), with the bodies they need and the seat counts."""

import time
from collections import defaultdict
from datetime import date, datetime

import frappe
from frappe import _
from frappe.utils import now_datetime

from kpu_etik.core.bodies import seat_count
from kpu_etik.core.officials import LEFT_STATUSES, SEATED_STATUSES
from kpu_etik.organization.roster.model import ROW_FIELDS, Options, Outcome
from kpu_etik.organization.roster.reading import add_late_refusals, count_late

# core.officials.left_on in SQL, over a scratch row ({status}: its status, {current}: the record's
# own left_on).
LEFT_ON = (
	"case when {status} in ("
	+ ", ".join(f"'{status}'" for status in LEFT_STATUSES)
	+ ") then coalesce({current}, date(%(now)s)) end"
)

SERIES = "OFC-"  # the Official doctype's naming series (autoname OFC-.#######)
SERIES_DIGITS = 7
SCRATCH = "kpu_import_rows"
PLANNED = "kpu_import_bodies"
# Frappe's own columns of every row, in the order the inserts here give them.
STANDARD_COLUMNS = ("name", "creation", "modified", "owner", "modified_by", "docstatus", "idx")
# The columns of the checked rows' table, in the order the check gives them.
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


def reset_scratch():
	"""The import's temporary tables (the rows checked, the bodies planned), emptied.

	CREATE TEMPORARY TABLE does not commit the open transaction in MariaDB, but Frappe's
	``db.sql`` refuses every CREATE after a write (ImplicitCommitError), so it goes through the
	cursor. Re-check on a Frappe upgrade that ``frappe.db._cursor`` still exists."""
	frappe.db.sql("select 1")  # opens the connection and its cursor
	frappe.db._cursor.execute(
		f"""create temporary table if not exists `{SCRATCH}` (
			row_no int primary key, nik varchar(20) not null, action varchar(10) not null,
			official varchar(140), old_status varchar(20), replaces varchar(140), sex varchar(10),
			birth_date date, full_name varchar(140), no_kk varchar(20), level varchar(20),
			position varchar(20), ad_hoc_body varchar(140), region varchar(140), status varchar(20),
			mobile_no varchar(140), email varchar(140), decree_number varchar(140), decree_date date,
			oath_date date, address text, search_name varchar(280), unique key (nik), key (ad_hoc_body)
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


def insert_scratch(rows):
	if not rows:
		return
	frappe.db.sql(f"insert into `{SCRATCH}` ({', '.join(SCRATCH_COLUMNS)}) values " + sql_values(rows))


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
	"""Rows as the VALUES of an INSERT, each value escaped as the driver escapes it; text, NULL, dates
	and numbers, nearly every value of a roster, without a call each."""
	return ", ".join(
		"("
		+ ", ".join(
			[
				"NULL"
				if v is None
				else "'" + v.translate(_ESCAPES) + "'"
				if type(v) is str
				else "'" + v.isoformat() + "'"
				if type(v) is date
				else str(v)
				if type(v) is int
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
	import (kpu_etik.organization.roster.parts) inserts meanwhile into bodies of its own."""
	from kpu_etik import rules

	bodies = sorted({b for b in bodies if b})
	if not bodies:
		return
	# Each body's positions counted by the database: a row per position, not per member.
	positions = defaultdict(list)
	for body, position, members in frappe.db.sql(
		"""select ad_hoc_body, position, count(*) from `tabOfficial`
		where ad_hoc_body in %(b)s and status in %(seated)s group by ad_hoc_body, position""",
		{"b": bodies, "seated": SEATED_STATUSES},
	):
		positions[body].extend([position] * members)
	counted, composition = [], {}
	for name, body_type, status in frappe.db.sql(
		"select name, body_type, status from `tabAd Hoc Body` where name in %(b)s", {"b": bodies}
	):
		if body_type not in composition:
			composition[body_type] = rules.composition_rule(body_type)
		seats = seat_count(composition[body_type], status, positions[name])
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


def write_checked(path: str, header, writer: "Writer", outcome: Outcome):
	"""The checked rows written, a range per transaction; rows the site changed meanwhile refused."""
	late = writer.write_rows(outcome, names_apart=writer.options.commit)
	if late and writer.options.refused_path:
		outcome.refused_file = add_late_refusals(path, header, late, writer.options.refused_path)


class Writer:
	"""Writes the checked rows of a roster from the temporary table, a range per transaction."""

	table = SCRATCH  # the checked rows
	pending = "action != 'unchanged'"  # the checked rows a range writes

	def __init__(self, options: Options, *, started_at):
		self.options = options
		self.started_at = started_at
		self.user = frappe.session.user
		self.reserved: int | None = None  # the first name reserved for the range being written
		self.names_counted = False  # its creates counted when reserved (None reserved: no creates)

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
			# The range's last row and its rows to write, found on the row_no index in one statement:
			# the file's row numbers are never held. The last range runs to ``last``.
			end, count = frappe.db.sql(
				f"""select max(row_no), count(*) from (select row_no from `{self.table}`
				where row_no between %s and %s and {self.pending} order by row_no limit %s) t""",
				(start, last, self.options.batch_size),
			)[0]
			if not count:
				break  # nothing left (rows refused meanwhile): as the count said, all is written
			if count < self.options.batch_size:
				end = last
			written += count
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
				self.reserved, self.names_counted = None, False
				if names_apart and self.options.commit:
					self.reserved = self.reserve_range(first, last)
					self.names_counted = True
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
		if self.names_counted:
			base = self.reserved  # rows refused as late since leave a gap, as a rolled-back range does
		else:
			creates = frappe.db.sql(
				f"select count(*) from `{SCRATCH}` s where {where} and action = 'create'", rows
			)[0][0]
			base = reserve_names(creates) if creates else None
		if base:
			frappe.db.sql(
				f"""insert into `tabOfficial` ({", ".join(STANDARD_COLUMNS)}, official_import, nik, sex,
					birth_date, left_on, {fields})
				select concat(%(series)s, lpad(%(base)s + rank, greatest({SERIES_DIGITS}, length(%(base)s + rank)), '0')),
					%(now)s, %(now)s, %(user)s, %(user)s, 0, 0, %(source)s, nik, sex, birth_date,
					{LEFT_ON.format(status="status", current="null")}, {fields}
				from (select s.*, row_number() over (order by s.row_no) - 1 as rank from `{SCRATCH}` s
					where {where} and s.action = 'create') numbered""",
				{**rows, "series": SERIES, "base": base},
			)
		frappe.db.sql(
			f"""update `tabOfficial` o join `{SCRATCH}` s on s.official = o.name
			set o.left_on = {LEFT_ON.format(status="s.status", current="o.left_on")},
				{", ".join(f"o.`{f}` = s.`{f}`" for f in ROW_FIELDS)}, o.modified = %(now)s,
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
