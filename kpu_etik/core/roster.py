"""The files an office imports: a roster (the officials it appoints by decree) and a TPS list (the
polling stations of its desa/kelurahan, whose KPPS bodies follow). Their columns and how a row is read.

The rules a roster row must pass are those of one official saved in the form
(kpu_etik.core.officials); this module only turns the cells of a row into that record's values, or
into problems by column.
"""

import re
from dataclasses import dataclass
from datetime import date

from kpu_etik.core.bodies import BODY_TYPES, POSITIONS, REGION_LEVEL_FOR_BODY
from kpu_etik.core.dates import parse_indonesian_date
from kpu_etik.core.errors import RuleError
from kpu_etik.core.nik import plain_number
from kpu_etik.core.regions import ROOT_CODE, ancestor_at, is_valid_code, level_of
from kpu_etik.core.text import invalid_character

# The template's columns: (field, Indonesian header, English header). A file may hold them in any
# order, with any other columns beside them.
COLUMNS = (
	("nik", "NIK", "NIK"),
	("no_kk", "No KK", "Family Card Number"),
	("full_name", "Nama", "Full Name"),
	("body_type", "Badan", "Body"),
	("region", "Kode Wilayah", "Region Code"),
	("tps", "TPS", "TPS Number"),
	("position", "Jabatan", "Position"),
	("mobile_no", "Telepon", "Phone"),
	("email", "Email", "Email"),
	("decree_number", "Nomor SK", "Decree Number"),
	("decree_date", "Tanggal SK", "Decree Date"),
	("oath_date", "Tanggal Sumpah", "Oath Date"),
	("address", "Alamat", "Address"),
	("replaces", "Menggantikan NIK", "Replaces NIK"),
)
REQUIRED = ("nik", "full_name", "body_type", "region", "position")
HEADER_OF = {field: indonesian for field, indonesian, _english in COLUMNS}
# Other spellings seen in recruitment exports.
ALIASES = {
	"nomorkk": "no_kk",
	"kk": "no_kk",
	"nokartukeluarga": "no_kk",
	"namalengkap": "full_name",
	"name": "full_name",
	"bodytype": "body_type",
	"regioncode": "region",
	"kodedesa": "region",
	"kodekecamatan": "region",
	"notps": "tps",
	"nomortps": "tps",
	"tpsno": "tps",
	"nohp": "mobile_no",
	"nomorhp": "mobile_no",
	"hp": "mobile_no",
	"mobileno": "mobile_no",
	"nosk": "decree_number",
	"sknumber": "decree_number",
	"tglsk": "decree_date",
	"skdate": "decree_date",
	"tglsumpah": "oath_date",
	"tanggalpelantikan": "oath_date",
	"replaces": "replaces",
	"paw": "replaces",
}
# A TPS list: (field, Indonesian header, English header), as for the roster.
STATION_COLUMNS = (
	("region", "Kode Wilayah", "Region Code"),
	("tps", "TPS", "TPS Number"),
	("address", "Alamat", "Address"),
	("registered_voters", "Jumlah Pemilih", "Registered Voters"),
)
STATION_REQUIRED = ("region", "tps")
STATION_ALIASES = {
	"kodedesa": "region",
	"kodekelurahan": "region",
	"notps": "tps",
	"nomortps": "tps",
	"tpsno": "tps",
	"alamattps": "address",
	"lokasi": "address",
	"dpt": "registered_voters",
	"jumlahdpt": "registered_voters",
	"pemilih": "registered_voters",
}
MAX_TPS = 999
MAX_VOTERS = 100_000
MAX_CELL = 140
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
_PHONE = re.compile(r"\+?[0-9][0-9 .-]{6,18}[0-9]")
_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")


class RosterError(RuleError):
	pass


def header_key(text) -> str:
	"""Case, spaces and punctuation in a header do not matter: 'No. KK' and 'no_kk' are one."""
	return _NOT_ALPHANUMERIC.sub("", str(text or "").lower())


@dataclass(frozen=True)
class Layout:
	"""The columns of one kind of file: each field's headers, the required ones, other spellings."""

	columns: tuple
	required: tuple
	aliases: dict

	@property
	def header_of(self) -> dict[str, str]:
		return {field: indonesian for field, indonesian, _english in self.columns}

	def keys(self) -> dict[str, str]:
		return {
			**{header_key(field): field for field, _i, _e in self.columns},
			**{header_key(indonesian): field for field, indonesian, _e in self.columns},
			**{header_key(english): field for field, _i, english in self.columns},
			**self.aliases,
		}


ROSTER = Layout(COLUMNS, REQUIRED, ALIASES)
TPS_LIST = Layout(STATION_COLUMNS, STATION_REQUIRED, STATION_ALIASES)


def map_header(cells, layout: Layout = ROSTER) -> dict[str, int]:
	"""The column of each field in a header row; RosterError naming what is missing or doubled."""
	keys, header_of = layout.keys(), layout.header_of
	found: dict[str, int] = {}
	for index, cell in enumerate(cells):
		field = keys.get(header_key(cell))
		if not field:
			continue
		if field in found:
			raise RosterError("The column {0} appears twice in the header row.", header_of[field])
		found[field] = index
	missing = [header_of[f] for f in layout.required if f not in found]
	if missing:
		raise RosterError("The header row lacks the columns: {0}.", ", ".join(missing))
	return found


@dataclass
class RosterRow:
	number: int  # the row number in the file (the header is row 1)
	nik: str
	full_name: str
	body_type: str
	region: str
	position: str
	tps: int | None = None
	no_kk: str | None = None
	mobile_no: str | None = None
	email: str | None = None
	decree_number: str | None = None
	decree_date: date | None = None
	oath_date: date | None = None
	address: str | None = None
	replaces: str | None = None

	@property
	def appointed_on(self) -> date | None:
		return self.decree_date or self.oath_date


def _text(value) -> str:
	if value is None:
		return ""
	if isinstance(value, float) and value.is_integer():
		# A spreadsheet that took a number column as numbers (NIK, TPS) gives 7322140101900001.0.
		value = int(value)
	return " ".join(str(value).split())


def read_cells(cells, columns: dict[str, int], required) -> tuple[dict, list[tuple[str, RuleError]]]:
	"""The cells of a row by field, spaces made single; the problems of characters, length and
	required columns, as (field, error)."""
	problems: list[tuple[str, RuleError]] = []
	values: dict = {}
	for field, index in columns.items():
		raw = cells[index] if index < len(cells) else None
		if type(raw) is str and raw.isprintable() and "  " not in raw and raw[:1] != " " and raw[-1:] != " ":
			# A clean cell (nearly every cell of a national file): nothing to normalise or refuse.
			text, bad = raw, None
		elif isinstance(raw, date):
			values[field] = raw
			continue
		else:
			text = _text(raw)
			bad = invalid_character(text)
		if bad:
			problems.append(
				(field, RosterError("The value holds a character that is not allowed ({0}).", bad))
			)
			continue
		if len(text) > MAX_CELL and field != "address":
			problems.append((field, RosterError("The value is longer than {0} characters.", MAX_CELL)))
			continue
		values[field] = text
	for field in required:
		if field in values and not values[field]:
			problems.append((field, RosterError("This column is required.")))
	return values, problems


class Dealer:
	"""Deals the rows of a roster to ``parts`` parts by kecamatan, so that what the rules count
	together (a body's seats and its one ketua, a replaced member, the PPK above a PPS or KPPS) stays
	in one part: bodies never cross a kecamatan. Each kecamatan, when first met, goes to the part with
	the fewest rows so far, so any file is balanced; every reader of the same file deals it alike."""

	def __init__(self, parts: int, region_column: int):
		self.rows = [0] * parts
		self.part: dict[str, int] = {}
		self.column = region_column
		# The kecamatan of each cell met: every process deals every row of the file, and a file's
		# region codes are few beside its rows (bounded by the regions, not by the file).
		self.keys: dict = {}

	def part_of(self, cells) -> int:
		raw = cells[self.column] if self.column < len(cells) else None
		key = self.keys.get(raw)
		if key is None:
			code = _text(raw)
			# A malformed or higher code is refused by read_row; any steady key will do for it.
			key = (
				ancestor_at(code, "Kecamatan") if code != ROOT_CODE and is_valid_code(code) else None
			) or code
			self.keys[raw] = key
		part = self.part.get(key)
		if part is None:
			part = self.part[key] = self.rows.index(min(self.rows))
		self.rows[part] += 1
		return part


def read_row(
	number: int, cells, columns: dict[str, int]
) -> tuple[RosterRow | None, list[tuple[str, RuleError]]]:
	"""The row's values, or the problems of its cells as (field, error)."""
	values, problems = read_cells(cells, columns, REQUIRED)

	body_type = str(values.get("body_type") or "").upper()
	if body_type and body_type not in BODY_TYPES:
		problems.append(
			("body_type", RosterError("Unknown body {0}; expected PPK, PPS or KPPS.", values["body_type"]))
		)
	position = str(values.get("position") or "").title()
	if position and position not in POSITIONS:
		problems.append(
			(
				"position",
				RosterError(
					"Unknown position {0}; expected Ketua, Anggota, Sekretaris or Staf.", values["position"]
				),
			)
		)
	region = str(values.get("region") or "")
	if region and not is_valid_code(region):
		problems.append(
			("region", RosterError("{0} is not a region code (for example 73.22.14.2001).", region))
		)
	elif region and body_type in BODY_TYPES and level_of(region) != REGION_LEVEL_FOR_BODY[body_type]:
		problems.append(
			(
				"region",
				RosterError(
					"A {0} sits on a {1}; {2} is a {3}.",
					body_type,
					REGION_LEVEL_FOR_BODY[body_type],
					region,
					level_of(region),
				),
			)
		)
	tps = None
	tps_text = str(values.get("tps") or "")
	if body_type == "KPPS":
		if not tps_text:
			problems.append(("tps", RosterError("A KPPS member needs the TPS number.")))
		elif not tps_text.isdigit() or not 1 <= int(tps_text) <= MAX_TPS:
			problems.append(("tps", RosterError("{0} is not a TPS number (1 to {1}).", tps_text, MAX_TPS)))
		else:
			tps = int(tps_text)
	elif tps_text and body_type in BODY_TYPES:
		problems.append(("tps", RosterError("Only a KPPS member has a TPS number.")))
	dates = {}
	for field in ("decree_date", "oath_date"):
		value = values.get(field)
		if not value:
			continue
		try:
			dates[field] = parse_indonesian_date(value)
		except RuleError as exc:
			problems.append((field, exc))
	phone = values.get("mobile_no") or None
	if phone and not _PHONE.fullmatch(phone):
		problems.append(("mobile_no", RosterError("{0} is not a phone number.", phone)))
	email = values.get("email") or None
	if email and not _EMAIL.fullmatch(email):
		problems.append(("email", RosterError("{0} is not an email address.", email)))
	if problems:
		return None, problems
	return (
		RosterRow(
			number=number,
			nik=plain_number(str(values["nik"])),
			full_name=values["full_name"],
			body_type=body_type,
			region=region,
			position=position,
			tps=tps,
			no_kk=(plain_number(str(values.get("no_kk") or "")) or None),
			mobile_no=phone,
			email=email.lower() if email else None,
			decree_number=values.get("decree_number") or None,
			decree_date=dates.get("decree_date"),
			oath_date=dates.get("oath_date"),
			address=values.get("address") or None,
			replaces=(plain_number(str(values.get("replaces") or "")) or None),
		),
		[],
	)


@dataclass
class StationRow:
	number: int
	region: str
	tps: int
	address: str | None = None
	registered_voters: int | None = None


def read_station_row(
	number: int, cells, columns: dict[str, int]
) -> tuple[StationRow | None, list[tuple[str, RuleError]]]:
	"""A TPS list's row (a polling station of a desa/kelurahan), or the problems of its cells."""
	values, problems = read_cells(cells, columns, STATION_REQUIRED)
	region = str(values.get("region") or "")
	if region and not is_valid_code(region):
		problems.append(
			("region", RosterError("{0} is not a region code (for example 73.22.14.2001).", region))
		)
	elif region and level_of(region) != REGION_LEVEL_FOR_BODY["KPPS"]:
		problems.append(
			(
				"region",
				RosterError(
					"A TPS lies in a {0}; {1} is a {2}.",
					REGION_LEVEL_FOR_BODY["KPPS"],
					region,
					level_of(region),
				),
			)
		)
	tps_text = str(values.get("tps") or "")
	if tps_text and (not tps_text.isdigit() or not 1 <= int(tps_text) <= MAX_TPS):
		problems.append(("tps", RosterError("{0} is not a TPS number (1 to {1}).", tps_text, MAX_TPS)))
	voters_text = str(values.get("registered_voters") or "").replace(".", "")
	if voters_text and (not voters_text.isdigit() or int(voters_text) > MAX_VOTERS):
		problems.append(
			(
				"registered_voters",
				RosterError(
					"{0} is not a number of voters (0 to {1}).", values["registered_voters"], MAX_VOTERS
				),
			)
		)
	if problems:
		return None, problems
	return (
		StationRow(
			number=number,
			region=region,
			tps=int(tps_text),
			address=values.get("address") or None,
			registered_voters=int(voters_text) if voters_text else None,
		),
		[],
	)
