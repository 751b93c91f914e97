"""The TPS list import: the polling stations of a kabupaten, a province or the nation (desa/kelurahan
code, TPS number, address, registered voters), with the KPPS body of each station and the PPS and
PPK above it, created for the import's period where the site lacks them.

It is the roster import's pipeline (kpu_etik.organization.roster): one streaming pass checks
every row into a temporary table, nothing is written while a row is refused (unless valid rows
only), then ranges are written one transaction each, so a crash leaves whole ranges and the same
import run again finishes it. Keyed by (desa/kelurahan, TPS number): the same file twice changes
nothing; a corrected address or voter count updates the station in place.
"""

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from kpu_etik.core.bodies import polling_station_id
from kpu_etik.core.regions import is_within
from kpu_etik.core.roster import TPS_LIST, RosterError, read_station_row
from kpu_etik.organization.roster import (
	PLANNED,
	PROBLEMS_KEPT,
	STANDARD_COLUMNS,
	Checker,
	Options,
	Outcome,
	Problem,
	RefusedRows,
	Writer,
	count_row,
	import_file,
	sql_values,
)

STATIONS = "kpu_import_stations"
STATION_FIELDS = ("address", "registered_voters")


def import_polling_stations(path: str, options: Options) -> Outcome:
	"""Import the TPS list at ``path`` (see the module's docstring)."""
	return import_file(path, options, StationChecker, TPS_LIST, Outcome(noun="polling stations"))


def reset_stations():
	"""The checked stations, in a temporary table of the import's connection (see reset_scratch)."""
	frappe.db._cursor.execute(
		f"""create temporary table if not exists `{STATIONS}` (
			name varchar(140) primary key, row_no int not null, action varchar(10) not null,
			region varchar(140), tps_number int, address text, registered_voters int, key (row_no)
		) engine=InnoDB"""
	)
	frappe.db.sql(f"delete from `{STATIONS}`")


class StationWriter(Writer):
	"""Writes the checked stations of a TPS list, a range per transaction."""

	table = STATIONS
	pending = "1"  # an unchanged station may still lack its KPPS body for the period

	def reserve_range(self, first: int, last: int):
		return None  # stations and bodies are named by their codes, not from a series

	def write_range(self, first: int, last: int) -> dict[int, str]:
		args = {"first": first, "last": last, "user": self.user, "started": self.started_at}
		args["now"] = now_datetime()
		where = "s.row_no between %(first)s and %(last)s"
		# Changed in the Desk since the check: refused, never overwritten.
		late = {
			number: _(
				"This polling station was changed by {0} at {1} while the import ran; import the row again."
			).format(modified_by, modified)
			for number, modified_by, modified in frappe.db.sql(
				f"""select s.row_no, p.modified_by, p.modified from `{STATIONS}` s
				join `tabPolling Station` p on p.name = s.name
				where {where} and s.action != 'unchanged' and p.modified > %(started)s for update""",
				args,
			)
		}
		if late:
			frappe.db.sql(f"update `{STATIONS}` set action = 'late' where row_no in %(n)s", {"n": list(late)})
		frappe.db.sql(
			f"""insert ignore into `tabPolling Station` ({", ".join(STANDARD_COLUMNS)}, region, tps_number,
				address, registered_voters)
			select name, %(now)s, %(now)s, %(user)s, %(user)s, 0, 0, region, tps_number, address,
				ifnull(registered_voters, 0)
			from `{STATIONS}` s where {where} and s.action = 'create'""",
			args,
		)
		frappe.db.sql(
			f"""update `tabPolling Station` p join `{STATIONS}` s on s.name = p.name
			set p.address = s.address, p.registered_voters = ifnull(s.registered_voters, 0),
				p.modified = %(now)s, p.modified_by = %(user)s
			where {where} and s.action = 'update'""",
			args,
		)
		self.create_bodies(
			frappe.db.sql_list(
				f"""select p.name from `{PLANNED}` p join `{STATIONS}` s on s.name = p.polling_station
				where {where} and p.created = 0""",
				args,
			)
		)
		return late


class StationChecker(Checker):
	"""Reads and checks the rows of a TPS list a batch at a time."""

	writer_class = StationWriter

	def __init__(self, options: Options, *, write: bool, started_at):
		super().__init__(options, write=write, started_at=started_at)
		reset_stations()

	def process(self, batch, columns, outcome: Outcome, refused: RefusedRows | None):
		header_of = TPS_LIST.header_of
		rows = []
		for number, cells in batch:
			row, cell_problems = read_station_row(number, cells, columns)
			problems = [self.station_problem(number, f, e) for f, e in cell_problems]
			rows.append((number, cells, row, problems))
		parsed = [r for _n, _c, r, _p in rows if r]
		self.regions([r.region for r in parsed])
		ids = [polling_station_id(r.region, r.tps) for r in parsed] or [""]
		earlier = dict(
			frappe.db.sql(f"select name, row_no from `{STATIONS}` where name in %(n)s", {"n": ids})
		)
		existing = {
			r.name: r
			for r in frappe.db.sql(
				"""select name, address, registered_voters, modified, modified_by from `tabPolling Station`
				where name in %(n)s""",
				{"n": ids},
				as_dict=True,
			)
		}
		accepted, keys = [], set()
		for _number, cells, row, problems in rows:
			if row:
				station = polling_station_id(row.region, row.tps)
				if not self.level_of_region.get(row.region):
					problems.append(
						self.station_problem(
							row.number, "region", RosterError("Region {0} does not exist.", row.region)
						)
					)
				elif not is_within(row.region, self.options.office):
					problems.append(
						self.station_problem(
							row.number,
							"region",
							RosterError(
								"Region {0} is outside the office {1} this import is for.",
								row.region,
								self.options.office,
							),
						)
					)
				elif station in earlier:
					problems.append(
						Problem(
							row.number,
							header_of["tps"],
							_("This TPS is also on row {0} of the file.").format(earlier[station]),
						)
					)
				old = existing.get(station)
				if old and get_datetime(old.modified) > self.started_at:
					problems.append(
						Problem(
							row.number,
							"",
							_(
								"This polling station was changed by {0} at {1} while the import ran; import the row again."
							).format(old.modified_by, old.modified),
						)
					)
				if not problems:
					values = (row.address, row.registered_voters or None)
					if old is None:
						action = "create"
						outcome.created += 1
					elif values != (old.address or None, old.registered_voters or None):
						action = "update"
						outcome.updated += 1
					else:
						action = "unchanged"
						outcome.unchanged += 1
					earlier[station] = row.number
					accepted.append((station, row.number, action, row.region, row.tps, *values))
					keys.add(("KPPS", row.region, row.tps))
			count_row(outcome, cells, problems, refused)
		bodies = self.find_bodies(keys)
		outcome.bodies_created += self.plan_bodies([k for k in keys if k not in bodies], bodies)
		if accepted:
			frappe.db.sql(
				f"""insert into `{STATIONS}` (name, row_no, action, region, tps_number, address,
				registered_voters) values """
				+ sql_values(accepted)
			)
		if self.write:
			self.writer.write_rows(outcome, rows[0][0], rows[-1][0])

	def station_problem(self, number: int, field_name: str, error) -> Problem:
		return Problem(number, TPS_LIST.header_of.get(field_name, ""), _(error.template).format(*error.args))


def template_rows(language: str = "id") -> list[list[str]]:
	"""The TPS list's template: the header row (Indonesian, or English) and one example row."""
	header = [indonesian if language == "id" else english for _f, indonesian, english in TPS_LIST.columns]
	return [header, ["73.22.14.2001", "3", "Dusun Salassa, Desa Baebunta", "248"]]
