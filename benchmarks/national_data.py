"""Fills a site with national-size data, for benchmarks of every screen at the size KPU will run:

	cd frappe-bench/sites
	../env/bin/python /path/to/benchmarks/national_data.py --site SITE \
		--kwargs "{'region': '', 'officials': 6000000, 'candidates': 300000}"

`region` limits the run to a province ('73') or a kabupaten ('73.22'); `officials` caps the officials
(whole bodies, in code order; bodies past the cap stay Forming and empty); `candidates` and the
sprinkle sizes are national totals, of which a region run makes the region's share. `wilayah` is the
region file (default: ../shared/data/wilayah.csv beside the repository), `seed` as in roster_file.py.

How each table is filled:
- Region: the app's own bulk loader (kpu_etik.organization.region_loader), only when regions are
  missing; always the whole file.
- Polling Station, Ad Hoc Body, Official (with Official Status Change rows for the members who left
  or are suspended), Election Candidate and its Candidate List Import: multi-row INSERTs straight
  in SQL, BATCH rows a statement, committed per batch. The people, NIKs and TPS counts come from
  benchmarks/roster_file.py, so the officials of a kecamatan are the rows of its roster file.
  Official names continue the `OFC-` series, which is moved past the last number used.
- The sprinkle, a few thousand documents nationally, through frappe.get_doc(...).insert() and the
  shipped workflows (frappe.model.workflow.apply_workflow), so that the app's own rules, hooks and
  case logs run: Kinship Declaration Rounds (one per kabupaten) and Declarations with Declared
  Relatives, Complaints (with their hash-chained log), Sanctions (one for every suspended official,
  plus written warnings), Coordination Meetings and Supervision Visits. The signed statement of every
  declaration is one shared blank PDF.
Bodies are of the 2024 period (PPK and PPS from 2 January, KPPS from 25 January, to 31 December), as
the roster's decrees. The officials written in SQL are not screened (screening runs on save), and the
candidates are other invented people: expect no Conflict Review Items until a screening runs.

Idempotent and resumable: a kecamatan whose polling stations, bodies and officials are all there
is skipped, one partly there gets only what is missing (by name, and officials by NIK); the sprinkle
counts what each kabupaten already has (its texts carry MARK) and adds only the rest.
"""

import random
import sys
import time
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import frappe

from kpu_etik.core.name_search import search_words

# Scripts run by path have their own folder on sys.path; said once more for a run from elsewhere.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from roster_file import COMPOSITION, PERIOD_YEAR, PersonFactory, Wilayah, decree, kecamatan_seats, seats_in

BATCH = 5000
DEFAULT_WILAYAH = Path(__file__).resolve().parents[2] / "shared" / "data" / "wilayah.csv"
MARK = "(data uji nasional)"  # in the sprinkle's texts: what a re-run counts as already there
ELECTION = "Pemilu 2024 (data uji nasional)"
PERIODS = {
	"PPK": (date(PERIOD_YEAR, 1, 2), date(PERIOD_YEAR, 12, 31)),
	"PPS": (date(PERIOD_YEAR, 1, 2), date(PERIOD_YEAR, 12, 31)),
	"KPPS": (date(PERIOD_YEAR, 1, 25), date(PERIOD_YEAR, 12, 31)),
}
# A realistic few leave or are suspended; most who leave are replaced (PAW), some bodies wait.
STATUS_SHARES = (("Suspended", 0.0004), ("Resigned", 0.004), ("Term Ended", 0.001))
REPLACED_SHARE = 0.85
STATUS_REASONS = {
	"Suspended": "Pemberhentian sementara (sanksi)",
	"Resigned": "Mengundurkan diri",
	"Term Ended": "Diberhentikan dengan hormat: pindah domisili",
}
CANDIDATE_ROLES = (  # share of the 2024 lists, cumulative
	(0.850, "Calon DPRD Kabupaten/Kota"),
	(0.963, "Calon DPRD Provinsi"),
	(0.998, "Calon DPR"),
	(1.000, "Calon DPD"),
)
PARTIES = (
	"Partai Nusantara Maju", "Partai Karya Rakyat", "Partai Bintang Timur", "Partai Padi Emas",
	"Partai Samudra Biru", "Partai Cahaya Bangsa", "Partai Tani Makmur", "Partai Garuda Muda",
	"Partai Rumah Kita", "Partai Pelita Desa", "Partai Merah Putih Baru", "Partai Surya Kencana",
	"Partai Amanah Umat", "Partai Buruh Bersatu", "Partai Hijau Lestari", "Partai Suara Pemuda",
	"Partai Kebangkitan Daerah", "Partai Persatuan Rakyat",
)  # fmt: skip
# National totals of the sprinkle; a region gets its share by its number of desa.
SPRINKLE = {"declarations": 3000, "complaints": 1000, "warnings": 300, "visits": 2000}
# Table -> columns, the standard ones first.
STANDARD = ("name", "creation", "modified", "modified_by", "owner", "docstatus", "idx")
COLUMNS = {
	"Polling Station": (*STANDARD, "region", "tps_number", "address", "registered_voters"),
	"Ad Hoc Body": (
		*STANDARD,
		"body_type",
		"body_name",
		"polling_station",
		"region",
		"parent_body",
		"period_start",
		"period_end",
		"status",
		"member_count",
		"required_members",
		"ketua_count",
		"needs_replacement",
	),
	"Official": (
		*STANDARD,
		"full_name",
		"level",
		"position",
		"ad_hoc_body",
		"region",
		"status",
		"leaves_on",
		"nik",
		"no_kk",
		"sex",
		"birth_date",
		"mobile_no",
		"email",
		"oath_date",
		"search_name",  # the words the name search finds (kpu_etik.core.name_search)
		# Last: the roster's Nomor SK and Tanggal SK, left out on a site whose Official lacks them.
		"decree_number",
		"decree_date",
	),
	"Official Status Change": (
		*STANDARD,
		"from_status",
		"to_status",
		"changed_on",
		"changed_by",
		"reason",
		"parent",
		"parentfield",
		"parenttype",
	),
	"Election Candidate": (
		*STANDARD,
		"full_name",
		"candidate_role",
		"party",
		"electoral_district",
		"region",
		"nik",
		"no_kk",
		"birth_date",
		"name_key",
		"source_import",
	),
}
# Parents before children, so a batch never refers to a row of a later batch.
FLUSH_ORDER = ("Polling Station", "Ad Hoc Body", "Official", "Official Status Change", "Election Candidate")


def run(
	region: str = "",
	officials: int = 6_100_000,
	candidates: int = 300_000,
	wilayah: str = "",
	seed: int = 2024,
	sprinkle: bool = True,
):
	"""Fill the site with national-size (or one region's) data."""
	started = time.perf_counter()
	frappe.flags.mute_emails = True
	path = wilayah or str(DEFAULT_WILAYAH)
	ensure_regions(path)
	table = Wilayah(path)
	kecamatan = table.kecamatan_in(region)
	writer = Writer()
	fill_organization(writer, table, kecamatan, region, officials, seed)
	fill_candidates(writer, table, kecamatan, candidates, seed)
	writer.flush_all()
	print(f"bulk part done in {time.perf_counter() - started:.0f} s", flush=True)
	if sprinkle:
		fill_sprinkle(table, kecamatan, seed)
	counts = {
		doctype: frappe.db.count(doctype)
		for doctype in (
			"Region",
			"Polling Station",
			"Ad Hoc Body",
			"Official",
			"Official Status Change",
			"Election Candidate",
			"Candidate List Import",
			"Kinship Declaration Round",
			"Kinship Declaration",
			"Declared Relative",
			"Complaint",
			"Complaint Log Entry",
			"Sanction",
			"Coordination Meeting",
			"Meeting Invitee",
			"Supervision Visit",
			"Conflict Review Item",
		)
	}
	for doctype, count in counts.items():
		print(f"{doctype:28} {count:>12,}")
	print(f"elapsed {time.perf_counter() - started:.0f} s")


def ensure_regions(path: str):
	from kpu_etik.organization.region_loader import load_regions

	# The file's rows and the root; fewer means a partial or seed-only table.
	with open(path, encoding="utf-8-sig") as f:
		expected = sum(1 for _ in f) - 1
	if frappe.db.count("Region") <= expected:
		started = time.perf_counter()
		result = load_regions(path)
		print(f"regions loaded: {result} in {time.perf_counter() - started:.0f} s", flush=True)


class Writer:
	"""Buffers rows per table and writes them BATCH at a time, committing each batch."""

	def __init__(self):
		self.buffers = {doctype: [] for doctype in FLUSH_ORDER}
		self.written = dict.fromkeys(FLUSH_ORDER, 0)
		self.timestamp = frappe.utils.now()
		self.user = frappe.session.user
		self.series = None  # the OFC- series number last used, kept in tabSeries per batch
		self.columns = dict(COLUMNS)
		if not frappe.db.has_column("Official", "decree_number"):
			self.columns["Official"] = COLUMNS["Official"][:-2]

	def add(self, doctype: str, name: str, *values):
		self.buffers[doctype].append(
			(name, self.timestamp, self.timestamp, self.user, self.user, 0, 0, *values)
		)
		if len(self.buffers[doctype]) >= BATCH:
			self.flush_all()

	def add_child(self, doctype: str, name: str, idx: int, *values):
		self.buffers[doctype].append(
			(name, self.timestamp, self.timestamp, self.user, self.user, 0, idx, *values)
		)

	def flush_all(self):
		for doctype in FLUSH_ORDER:
			rows = self.buffers[doctype]
			if not rows:
				continue
			columns = self.columns[doctype]
			placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
			frappe.db.sql(
				f"insert into `tab{doctype}` ({', '.join(f'`{c}`' for c in columns)}) values "
				+ ", ".join([placeholders] * len(rows)),
				[value for row in rows for value in row[: len(columns)]],
			)
			self.written[doctype] += len(rows)
			rows.clear()
		if self.series is not None:
			# Frappe's next OFC- name must come after ours.
			frappe.db.sql(
				"insert into `tabSeries` (name, current) values ('OFC-', %s) "
				"on duplicate key update current = greatest(current, values(current))",
				self.series,
			)
		frappe.db.commit()


def fill_organization(writer: Writer, table: Wilayah, kecamatan: list, region: str, cap: int, seed: int):
	"""Polling stations, bodies and officials, kecamatan by kecamatan."""
	tps_counts = table.tps_counts()
	names = dict(frappe.db.sql("select name, region_name from `tabRegion`"))
	series = frappe.db.sql("select current from `tabSeries` where name = 'OFC-'")
	top = frappe.db.sql("select max(name) from `tabOfficial` where name like 'OFC-%%'")[0][0]
	writer.series = max(series[0][0] if series else 0, int(top[4:]) if top and top[4:].isdigit() else 0)
	pattern = f"{region}%" if region else "%"
	fresh = not frappe.db.sql(
		"select 1 from `tabOfficial` where region like %s limit 1", pattern
	) and not frappe.db.sql("select 1 from `tabPolling Station` where region like %s limit 1", pattern)
	# The cap counts officials in national order, so a region run seats the bodies a national one would.
	seated = 0
	# Seats and replacements (at most REPLACED_SHARE of the leavers) of the nation: a cap above that
	# cannot bind, and the national count before the region's first kecamatan is not needed.
	leavers = sum(share for status, share in STATUS_SHARES if status != "Suspended")
	if cap >= seats_in(table, table.kecamatan, tps_counts) * (1 + leavers):
		cap = 10**12
	elif region:
		first = kecamatan[0] if kecamatan else ""
		for code in table.kecamatan:
			if code >= first:
				break
			seated += expected_officials(table, code, tps_counts, seed)
	started, skipped = time.perf_counter(), 0
	for number, code in enumerate(kecamatan, 1):
		stations, bodies, people = plan_kecamatan(table, code, tps_counts, seed, names, cap - seated)
		seated += sum(len(members) for members in people.values())
		skipped += write_missing(writer, stations, bodies, people, code, fresh)
		if number % 200 == 0 or number == len(kecamatan):
			made = writer.written["Official"] + len(writer.buffers["Official"])
			print(
				f"kecamatan {number:,}/{len(kecamatan):,} ({code}): {made:,} officials added, "
				f"{made / max(time.perf_counter() - started, 0.001):,.0f}/s, "
				f"{skipped:,} kecamatan already complete",
				flush=True,
			)


def expected_officials(table: Wilayah, code: str, tps_counts: dict, seed: int) -> int:
	"""How many officials a kecamatan gets (seats plus replacements), for the cap."""
	_stations, _bodies, people = plan_kecamatan(table, code, tps_counts, seed, {}, 10**12, count_only=True)
	return sum(len(members) for members in people.values())


def plan_kecamatan(
	table: Wilayah, code: str, tps_counts: dict, seed: int, names: dict, room: int, count_only: bool = False
):
	"""The kecamatan's polling stations, bodies and officials as rows (bodies past `room` left empty).

	`count_only` skips making the people (the statuses and replacements do not depend on them)."""
	factory = NoPeople() if count_only else PersonFactory(seed, code)
	replacements = NoPeople() if count_only else PersonFactory(seed, code, "replacement")
	fate = random.Random(f"{seed}:status:{code}").random
	stations, bodies, people = [], [], {}
	members, body_key = [], None

	def close_body():
		nonlocal room
		if body_key is None:
			return
		body_type, place, tps, body_name, parent = body_key
		# Whole bodies only: a body gets all its members or none.
		if len(members) > room:
			members.clear()
		room -= len(members)
		seated = [m for m in members if m["status"] in ("Active", "Suspended")]
		required = COMPOSITION[body_type]
		ketua = sum(1 for m in seated if m["position"] == "Ketua")
		status = "Active" if members else "Forming"
		start, end = PERIODS[body_type]
		bodies.append(
			(
				body_name,
				body_type,
				label(body_type, place, tps, names),
				f"{place}-TPS{tps:03d}" if tps else None,
				place,
				parent,
				start,
				end,
				status,
				len(seated),
				required,
				ketua,
				int(status == "Active" and (len(seated) < required or ketua != 1)),
			)
		)
		people[body_name] = list(members)
		members.clear()

	for body_type, place, tps, position, person in kecamatan_seats(table, code, tps_counts, factory):
		body_name = body_name_of(body_type, place, tps)
		if body_key is None or body_key[3] != body_name:
			close_body()
			parent = None
			if body_type == "PPS":
				parent = body_name_of("PPK", code, 0)
			elif body_type == "KPPS":
				parent = body_name_of("PPS", place, 0)
				voters = 150 + int(fate() * 151)  # at most 300 voters a TPS in 2024
				stations.append(
					(f"{place}-TPS{tps:03d}", place, tps, f"TPS {tps:03d}, {names.get(place, place)}", voters)
				)
			body_key = (body_type, place, tps, body_name, parent)
		sk, sk_date, oath = decree(body_type, code)
		draw, status = fate(), "Active"
		for candidate_status, share in STATUS_SHARES:
			if draw < share:
				status = candidate_status
				break
			draw -= share
		member = {
			"person": person,
			"level": body_type,
			"position": position,
			"body": body_name,
			"region": place,
			"status": status,
			"oath": oath,
			"decree": (sk, sk_date),
			"left_on": None,
		}
		members.append(member)
		if status in ("Resigned", "Term Ended"):
			member["left_on"] = oath + timedelta(days=7 + int(fate() * 60))
			if fate() < REPLACED_SHARE:
				members.append(
					{
						**member,
						"person": replacements.person(),
						"status": "Active",
						"oath": member["left_on"] + timedelta(days=7),
						# The replacement's own decree (PAW), a few days before the oath.
						"decree": (
							f"{300 + int(code[-2:])}/PP.04-Kpt/{code[:5].replace('.', '')}/{PERIOD_YEAR}",
							member["left_on"] + timedelta(days=5),
						),
						"left_on": None,
					}
				)
	close_body()
	return stations, bodies, people


class NoPeople:
	"""Stands in for a PersonFactory when only the number of officials matters."""

	def person(self):
		return None


def body_name_of(body_type: str, place: str, tps: int) -> str:
	# As AdHocBody.autoname: a KPPS is named after its polling station, the others after their region.
	if body_type == "KPPS":
		return f"KPPS-{place}-TPS{tps:03d}-{PERIOD_YEAR}"
	return f"{body_type}-{place}-{PERIOD_YEAR}"


def label(body_type: str, place: str, tps: int, names: dict) -> str:
	# As AdHocBody.set_body_name.
	region_name = names.get(place, place)
	if body_type == "KPPS":
		return f"KPPS TPS {tps:03d} {region_name}"
	return f"{body_type} {region_name}"


def add_official(writer: Writer, member: dict):
	writer.series += 1
	name = f"OFC-{writer.series:07d}"
	nik, no_kk, full_name, sex, born, phone, email = member["person"]
	status = member["status"]
	leaves_on = member["left_on"] if status == "Resigned" else None
	writer.add(
		"Official",
		name,
		full_name,
		member["level"],
		member["position"],
		member["body"],
		member["region"],
		status,
		leaves_on,
		nik,
		no_kk,
		sex,
		born,
		phone,
		email or None,
		member["oath"],
		search_words(full_name),
		*member["decree"],
	)
	if status != "Active":
		# What Official.record_status_change keeps: appointed, then the change.
		changed = member["left_on"] or member["oath"] + timedelta(days=30)
		for idx, (before, after, on, reason) in enumerate(
			(("", "Active", member["oath"], None), ("Active", status, changed, STATUS_REASONS[status])), 1
		):
			writer.add_child(
				"Official Status Change",
				f"{name}-s{idx}",
				idx,
				before,
				after,
				datetime.combine(on, datetime.min.time()) + timedelta(hours=9),
				"Administrator",
				reason,
				name,
				"status_history",
				"Official",
			)


def write_missing(writer: Writer, stations: list, bodies: list, people: dict, code: str, fresh: bool) -> bool:
	"""Queue what the kecamatan misses (all of it on a fresh site); True if it missed nothing."""
	have_stations = have_bodies = ()
	if not fresh:
		pattern = f"{code}%"
		have_stations = set(
			frappe.db.sql_list("select name from `tabPolling Station` where region like %s", pattern)
		)
		have_bodies = set(
			frappe.db.sql_list("select name from `tabAd Hoc Body` where region like %s", pattern)
		)
	# By NIK prefix (one range of the unique index), wherever the person sits: a NIK already taken by
	# an official of other data (the demo, a KPU office) would refuse the whole batch.
	have_niks = set(
		frappe.db.sql_list("select nik from `tabOfficial` where nik like %s", code.replace(".", "") + "%")
	)
	missing_stations = [row for row in stations if row[0] not in have_stations]
	missing_bodies = [row for row in bodies if row[0] not in have_bodies]
	missing_people = [m for members in people.values() for m in members if m["person"][0] not in have_niks]
	if not (missing_stations or missing_bodies or missing_people):
		return True
	for row in missing_stations:
		writer.add("Polling Station", *row)
	for row in missing_bodies:
		writer.add("Ad Hoc Body", *row)
	for member in missing_people:
		add_official(writer, member)
	return False


@lru_cache(maxsize=200_000)
def cached_name_key(full_name: str) -> str:
	from kpu_etik.core.names import name_key

	return name_key(full_name)


def candidate_name(index: int) -> str:
	"""A unique 10-character name per national candidate number (a bijection modulo 36**10)."""
	value = (index * 2_654_435_761 + 12_345_678_901) % 36**10
	digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	text = ""
	for _ in range(10):
		value, rest = divmod(value, 36)
		text = digits[rest] + text
	return text


def fill_candidates(writer: Writer, table: Wilayah, kecamatan: list, total: int, seed: int):
	"""The candidates of the national list standing in these kecamatan's regions: each kecamatan has
	its share of `total` (so a region run makes the region's part of the national list)."""
	if not total or not kecamatan:
		return
	list_import = frappe.db.get_value("Candidate List Import", {"election": ELECTION})
	if not list_import:
		# A real (header-only) file: Frappe attaches the import_file to the record and logs an error
		# for a URL without a File.
		upload = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "dct-nasional-data-uji.csv",
				"content": "Nama,NIK,No KK,Peran,Partai,Dapil,Kode Wilayah\n",
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
		doc = frappe.get_doc(
			{
				"doctype": "Candidate List Import",
				"list_type": "DCT (Candidates)",
				"election": ELECTION,
				"region": "ID",
				"import_file": upload.file_url,
				"status": "Imported",
			}
		)
		doc.flags.ignore_validate = True  # the list goes in by SQL below, not from the file
		doc.insert(ignore_permissions=True)
		list_import = doc.name
	have = set(
		frappe.db.sql_list(
			"select name from `tabElection Candidate` where source_import = %s and region like %s",
			(list_import, f"{kecamatan[0][:2]}%" if len(set(k[:2] for k in kecamatan)) == 1 else "%"),
		)
	)
	position = {code: number for number, code in enumerate(table.kecamatan)}
	count = len(table.kecamatan)
	started, before = time.perf_counter(), writer.written["Election Candidate"]
	for code in kecamatan:
		k = position[code]
		first, last = total * k // count, total * (k + 1) // count
		factory = PersonFactory(seed, code, "candidate")
		draw = random.Random(f"{seed}:candidate:{code}").random
		province, regency, district = code.split(".")
		for index in range(first, last):
			person = factory.person()
			pick, role = draw(), CANDIDATE_ROLES[-1][1]
			for bound, name in CANDIDATE_ROLES:
				if pick < bound:
					role = name
					break
			party = None if role == "Calon DPD" else PARTIES[int(draw() * len(PARTIES))]
			if role == "Calon DPRD Kabupaten/Kota":
				area = f"{province}.{regency}"
				dapil = f"{table.names.get(area, area).removeprefix('Kabupaten ')} {1 + int(district) % 6}"
			else:
				area, dapil = province, f"{table.names.get(province, province)} {1 + int(regency) % 8}"
			name = candidate_name(index)
			if name in have:
				continue
			writer.add(
				"Election Candidate",
				name,
				person[2],
				role,
				party,
				dapil,
				area,
				person[0],
				person[1],
				person[4],
				cached_name_key(person[2]),
				list_import,
			)
	writer.flush_all()
	rows = frappe.db.count("Election Candidate", {"source_import": list_import})
	frappe.db.set_value("Candidate List Import", list_import, "rows_imported", rows, update_modified=False)
	frappe.db.commit()
	made = writer.written["Election Candidate"] - before
	print(
		f"{made:,} candidates written in {time.perf_counter() - started:.0f} s ({rows:,} in the list)",
		flush=True,
	)


# --- the sprinkle: a few thousand documents through the app's own code --------------------------


def shares(table: Wilayah, total: int) -> dict:
	"""`total` shared over the kabupaten by their number of desa (cumulative rounding: exact sum)."""
	weight = {}
	for code in table.kecamatan:
		kabupaten = code.rsplit(".", 1)[0]
		weight[kabupaten] = weight.get(kabupaten, 0) + len(table.desa_of.get(code, ()))
	whole = sum(weight.values()) or 1
	result, running, given = {}, 0, 0
	for kabupaten in sorted(weight):
		running += weight[kabupaten]
		share = total * running // whole - given
		given += share
		result[kabupaten] = share
	return result


def fill_sprinkle(table: Wilayah, kecamatan: list, seed: int):
	from frappe.model.workflow import apply_workflow

	from kpu_etik.core.pdf import blank_pdf

	started = time.perf_counter()
	statement = frappe.db.get_value("File", {"file_name": "surat-pernyataan-data-uji.pdf"}, "file_url")
	if not statement:
		statement = (
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": "surat-pernyataan-data-uji.pdf",
					"content": blank_pdf(),
					"is_private": 1,
				}
			)
			.insert(ignore_permissions=True)
			.file_url
		)
	targets = {kind: shares(table, total) for kind, total in SPRINKLE.items()}
	articles = frappe.get_all("Code Article", pluck="name") or []
	relationships = frappe.get_all("Kinship Relationship", pluck="name")
	regencies = sorted({code.rsplit(".", 1)[0] for code in kecamatan})
	made = dict.fromkeys(("declarations", "complaints", "sanctions", "meetings", "visits"), 0)
	for number, kabupaten in enumerate(regencies, 1):
		rnd = random.Random(f"{seed}:sprinkle:{kabupaten}")
		context = Sprinkle(kabupaten, table, rnd, seed, apply_workflow)
		made["declarations"] += context.declarations(
			targets["declarations"].get(kabupaten, 0), statement, relationships
		)
		made["complaints"] += context.complaints(targets["complaints"].get(kabupaten, 0), articles)
		made["sanctions"] += context.sanctions(targets["warnings"].get(kabupaten, 0))
		made["meetings"] += context.meetings()
		made["visits"] += context.visits(targets["visits"].get(kabupaten, 0))
		frappe.db.commit()
		frappe.local.message_log = []
		if number % 20 == 0 or number == len(regencies):
			print(f"sprinkle: kabupaten {number}/{len(regencies)} ({kabupaten}): {made}", flush=True)
	print(f"sprinkle done in {time.perf_counter() - started:.0f} s", flush=True)


class Sprinkle:
	"""The sprinkle of one kabupaten."""

	def __init__(self, kabupaten, table, rnd, seed, apply_workflow):
		self.kabupaten, self.table, self.rnd, self.seed = kabupaten, table, rnd, seed
		self.apply = apply_workflow
		self.name = table.names.get(kabupaten, kabupaten)
		# The kabupaten and everything under it: codes have fixed-width segments.
		self.pattern = f"{kabupaten}%"
		self.others = PersonFactory(seed, table.kecamatan_in(kabupaten)[0], "relative")

	def members(self, levels, limit=3000, status="Active"):
		# Callers sample the whole kabupaten (some 60,000 KPPS members in a large one).
		return frappe.db.sql(
			"""select name, full_name, level, ad_hoc_body, region from `tabOfficial`
			where region like %s and level in %s and status = %s order by name limit %s""",
			(self.pattern, levels, status, limit),
			as_dict=True,
		)

	def declarations(self, target: int, statement: str, relationships: list) -> int:
		title = f"Deklarasi Hubungan Kekerabatan Badan Ad Hoc Pemilu 2024 - {self.name} {MARK}"
		round_name = frappe.db.get_value("Kinship Declaration Round", {"title": title})
		if not round_name:
			round_name = (
				frappe.get_doc(
					{
						"doctype": "Kinship Declaration Round",
						"title": title,
						"election": "Pemilu 2024",
						"region": self.kabupaten,
						"deadline": date(2024, 2, 10),
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
		have = set(frappe.get_all("Kinship Declaration", {"round": round_name}, pluck="official"))
		pool = [m for m in self.members(("PPK", "PPS")) if m.name not in have]
		wanted = min(max(target - len(have), 0), len(pool))
		candidates = frappe.db.sql(
			"""select name, full_name, candidate_role, party, electoral_district, nik from `tabElection Candidate`
			where region in (%s, %s) limit 200""",
			(self.kabupaten, self.kabupaten[:2]),
			as_dict=True,
		)
		for member in self.rnd.sample(pool, wanted):
			relatives = []
			if self.rnd.random() < 0.3:
				for _ in range(1 + (self.rnd.random() < 0.3)):
					if candidates and self.rnd.random() < 0.6:  # a real candidate of the list
						c = self.rnd.choice(candidates)
						row = {
							"relative_name": c.full_name,
							"relative_role": c.candidate_role,
							"party": c.party,
							"electoral_district": c.electoral_district,
							"relative_nik": c.nik if self.rnd.random() < 0.5 else None,
						}
					else:  # a campaign-team member, not on any list
						row = {
							"relative_name": self.others.person()[2],
							"relative_role": "Tim Kampanye",
							"party": self.rnd.choice(PARTIES),
						}
					row["relationship"] = self.rnd.choice(relationships)
					relatives.append(row)
			doc = frappe.get_doc(
				{
					"doctype": "Kinship Declaration",
					"official": member.name,
					"round": round_name,
					"no_family_tie": 0 if relatives else 1,
					"relatives": relatives,
					"statement": statement,
				}
			).insert(ignore_permissions=True)
			step = self.rnd.random()
			if step < 0.75:
				doc = self.apply(doc, "Submit")
			if step < 0.55:
				doc = self.apply(doc, "Verify")
			if step < 0.35:
				doc.update(
					{
						"pleno_date": date(2024, 2, 1),
						"publication_date": date(2024, 2, 2),
						"channel_website": 1,
						"channel_notice_board": int(self.rnd.random() < 0.5),
					}
				)
				doc.save(ignore_permissions=True)
				self.apply(doc, "Announce")
			elif 0.55 <= step < 0.6:
				doc.return_reason = f"Surat pernyataan belum ditandatangani {MARK}"
				doc.save(ignore_permissions=True)
				self.apply(doc, "Return")
		return wanted

	def complaints(self, target: int, articles: list) -> int:
		have = frappe.db.count(
			"Complaint", {"region": ("like", self.pattern), "chronology": ("like", f"%{MARK}")}
		)
		wanted = max(target - have, 0)
		pool = self.members(("KPPS", "PPS", "PPK"), limit=100_000)
		for _ in range(min(wanted, len(pool))):
			respondent = self.rnd.choice(pool)
			source = "Laporan" if self.rnd.random() < 0.8 else "Temuan"
			incident = date(2024, 2, 14) - timedelta(days=int(self.rnd.random() * 40))
			aware = incident + timedelta(days=int(self.rnd.random() * 3))
			filed = aware + timedelta(days=1 + int(self.rnd.random() * 9))  # some after the 7 days
			complainant = self.others.person()
			doc = frappe.get_doc(
				{
					"doctype": "Complaint",
					"source": source,
					"received_via": self.rnd.choice(("Paper", "Public Portal", "In Person"))
					if source == "Laporan"
					else "Internal Supervision",
					"anonymous": int(source == "Laporan" and self.rnd.random() < 0.2),
					"complainant_name": complainant[2] if source == "Laporan" else None,
					"complainant_contact": complainant[5] if source == "Laporan" else None,
					"respondents": [{"official": respondent.name, "respondent_name": respondent.full_name}],
					"articles": [{"article": self.rnd.choice(articles)}] if articles else [],
					"incident_date": incident,
					"incident_place": respondent.ad_hoc_body,
					"aware_on": aware,
					"filed_on": filed,
					"chronology": (
						f"Teradu {respondent.full_name} ({respondent.level}) diduga tidak netral pada "
						f"{incident.isoformat()} di {respondent.ad_hoc_body}. {MARK}"
					),
				}
			).insert(ignore_permissions=True)
			step = self.rnd.random()
			if step < 0.6:
				doc = self.apply(doc, "Start Verification")
				if step < 0.15:
					doc.rejection_reason = f"Tidak memenuhi syarat formil {MARK}"
					doc.save(ignore_permissions=True)
					self.apply(doc, "Reject")
				elif step < 0.45:
					self.apply(doc, "Clarify")
		return min(wanted, len(pool))

	def sanctions(self, warnings: int) -> int:
		"""A suspension in force for every suspended official of the kabupaten, and written warnings."""
		decided_by = f"Rapat Pleno KPU {self.name} {MARK}"
		sanctioned = set(frappe.get_all("Sanction", {"region": ("like", self.pattern)}, pluck="official"))
		made = 0
		today = date.today()
		for member in self.members(("KPPS", "PPS", "PPK"), limit=10_000, status="Suspended"):
			if member.name in sanctioned:
				continue
			made += self.sanction(
				member,
				"Pemberhentian Sementara",
				decided_by,
				today - timedelta(days=30),
				today + timedelta(days=60),
			)
		have = frappe.db.count("Sanction", {"decided_by_body": decided_by, "effect": "Warning"})
		pool = [m for m in self.members(("KPPS", "PPS"), limit=100_000) if m.name not in sanctioned]
		for member in self.rnd.sample(pool, min(max(warnings - have, 0), len(pool))):
			made += self.sanction(member, "Peringatan Tertulis", decided_by, date(2024, 3, 1), None)
		return made

	def sanction(self, member, sanction_type, decided_by, effective_from, until) -> int:
		number = frappe.db.count("Sanction") + 1
		office = self.kabupaten.replace(".", "")
		doc = frappe.get_doc(
			{
				"doctype": "Sanction",
				"official": member.name,
				"decided_by_body": decided_by,
				"sanction_type": sanction_type,
				"letter_number": f"{number}/PY.02.1-Kpt/{office}/{effective_from.year}",
				"letter_date": effective_from - timedelta(days=2),
				"effective_from": effective_from,
				"until": until,
				"guidance_by": f"Divisi Hukum KPU {self.name}" if until is None else None,
			}
		).insert(ignore_permissions=True)
		doc = self.apply(doc, "Approve in Plenary")
		self.apply(doc, "Put in Force")
		return 1

	def meetings(self) -> int:
		have = frappe.db.count(
			"Coordination Meeting", {"region": self.kabupaten, "topic": ("like", f"%{MARK}")}
		)
		plans = (
			("Rakor pengawasan internal dan kode etik PPK", "Rakor", "PPK", "2023-12-20 09:00:00"),
			("Bimtek KPPS", "Bimtek", "KPPS", "2024-01-27 08:00:00"),
			("Rakor evaluasi badan ad hoc", "Rakor", "PPK and PPS", "2024-03-06 09:00:00"),
		)
		for topic, kind, level, starts_on in plans[have:]:
			types = ("PPK", "PPS") if level == "PPK and PPS" else (level,)
			bodies = frappe.get_all(
				"Ad Hoc Body",
				filters={"region": ("like", self.pattern), "body_type": ("in", types)},
				pluck="name",
				order_by="name",
				limit=30,
			)
			frappe.get_doc(
				{
					"doctype": "Coordination Meeting",
					"topic": f"{topic} {self.name} {MARK}",
					"meeting_type": kind,
					"region": self.kabupaten,
					"body_level": level,
					"starts_on": starts_on,
					"place": f"Kantor KPU {self.name}",
					"status": "Held" if starts_on < "2024-03" else "Planned",
					"participant_count": len(bodies) * 2,
					"invitees": [
						{"ad_hoc_body": body, "confirmed": 1, "attended": int(self.rnd.random() < 0.9)}
						for body in bodies
					],
				}
			).insert(ignore_permissions=True)
		return max(len(plans) - have, 0)

	def visits(self, target: int) -> int:
		have = frappe.db.count(
			"Supervision Visit", {"region": ("like", self.pattern), "findings": ("like", f"%{MARK}")}
		)
		wanted = max(target - have, 0)
		visitors = {}
		for m in self.members(("PPK", "PPS"), limit=5000):
			visitors.setdefault(m.ad_hoc_body, []).append(m.name)
		bodies = frappe.db.sql(
			"""select name, parent_body from `tabAd Hoc Body`
			where region like %s and body_type in ('PPS', 'KPPS') and status = 'Active' order by name limit 100000""",
			self.pattern,
			as_dict=True,
		)
		bodies = [b for b in bodies if visitors.get(b.parent_body)]
		for body in self.rnd.sample(bodies, min(wanted, len(bodies))):
			planned = date(2024, 1, 29) + timedelta(days=int(self.rnd.random() * 14))
			step = self.rnd.random()
			held = None if step < 0.1 else planned + timedelta(days=0 if step < 0.8 else 3)
			frappe.get_doc(
				{
					"doctype": "Supervision Visit",
					"visited_body": body.name,
					"visit_kind": self.rnd.choice(("Monitoring", "Supervisi", "Evaluasi")),
					"visitor": self.rnd.choice(visitors[body.parent_body]),
					"planned_on": planned,
					"held_on": held,
					"reported": int(held is not None),
					"findings": ("Tidak ada temuan. " if held else "Belum dilaksanakan. ") + MARK,
				}
			).insert(ignore_permissions=True)
		return min(wanted, len(bodies))


if __name__ == "__main__":
	from in_site import main

	main(run)
