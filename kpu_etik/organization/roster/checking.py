"""The check of a roster's rows, a batch at a time, with the form's own appraisal
(kpu_etik.core.officials): the region and scope of each row, the body it sits in (found in the site,
or planned in the temporary table), a member it replaces, what only an import can meet (a NIK twice,
a record changed while the import runs), and the site's facts with the rows read so far."""

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate

from kpu_etik.core.bodies import (
	BODY_TYPES,
	PARENT_BODY_TYPE,
	body_id,
	body_title,
	polling_station_id,
)
from kpu_etik.core.name_search import search_words
from kpu_etik.core.officials import SEATED_STATUSES, OfficialRecord, Seat, appraise
from kpu_etik.core.regions import is_within, parent_of
from kpu_etik.core.roster import HEADER_OF, RosterError, RosterRow, read_row
from kpu_etik.organization.appraisal import SiteFacts, nik_list
from kpu_etik.organization.roster.model import PROBLEMS_KEPT, ROW_FIELDS, Options, Outcome, Problem
from kpu_etik.organization.roster.reading import RefusedRows, count_row
from kpu_etik.organization.roster.writing import PLANNED, SCRATCH, Writer, insert_scratch, sql_values


def also_on_row(number: int) -> str:
	return _("This NIK is also on row {0} of the file; a person sits in one body at a time.").format(number)


class Checker:
	"""Reads and checks the rows of a roster a batch at a time; with ``write`` (valid rows only),
	its writer writes each batch as soon as it is checked, its rows and bodies locked."""

	writer_class = Writer

	def __init__(self, options: Options, *, write: bool, started_at):
		self.options = options
		self.write = write
		self.started_at = started_at
		self.writer = self.writer_class(options, started_at=started_at)
		self.period_start = getdate(options.period_start or f"{getdate().year}-01-01")
		self.period_end = getdate(options.period_end or f"{self.period_start.year}-12-31")
		self.level_of_region: dict[str, tuple[str, str] | None] = {}
		# Per region code met (as few as the regions): its parent, and whether the office holds it.
		self.parents: dict[str, str | None] = {}
		self.within: dict[str, bool] = {}

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

	def parent_of(self, code: str) -> str | None:
		if code not in self.parents:
			self.parents[code] = parent_of(code)
		return self.parents[code]

	def in_office(self, code: str) -> bool:
		if code not in self.within:
			self.within[code] = is_within(code, self.options.office)
		return self.within[code]

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
		self.regions([r.region for r in parsed] + [self.parent_of(r.region) for r in parsed])
		for _number, _cells, row, problems in rows:
			if not row:
				continue
			if not self.level_of_region.get(row.region):
				problems.append(
					self.problem(row.number, "region", RosterError("Region {0} does not exist.", row.region))
				)
			elif not self.in_office(row.region):
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
		facts = FileFacts(niks, body_names, checker=self, lock=self.write)
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
			self.writer.write_rows(outcome, rows[0][0], rows[-1][0])

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
			"search_name": search_words(row.full_name),  # what the name search finds (core.name_search)
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


def _differs(new, old) -> bool:
	if hasattr(new, "isoformat") or hasattr(old, "isoformat"):
		return (getdate(new) if new else None) != (getdate(old) if old else None)
	return (new or None) != (old or None)


class FileFacts(SiteFacts):
	"""The site's facts with the rows of the file read so far: earlier batches are in the scratch
	table, this batch's accepted rows are added as they pass."""

	def __init__(self, niks, bodies, *, checker: Checker, lock: bool):
		super().__init__(
			niks, bodies, region_codes_exist=checker.region_codes_exist, lock_bodies=lock, lock_officials=lock
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
		insert_scratch(self.accepted)
