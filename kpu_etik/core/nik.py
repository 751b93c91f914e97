"""NIK (Nomor Induk Kependudukan) and KK (Kartu Keluarga) numbers.

A NIK is ``PPKKCC DDMMYY SSSS``: the province, regency and district code of the place of *first*
registration, the birth date (women: day + 40) with a two-digit year, and a serial from 0001.
A NIK keeps its region code for life while region codes move (splits, the 2022 Papua renumbering),
so only what cannot be a NIK is refused; region mismatches are warnings.
"""

from collections.abc import Container
from dataclasses import dataclass
from datetime import date

from kpu_etik.core.errors import RuleError, RuleWarning
from kpu_etik.core.regions import is_valid_code, level_of

# The 38 provinces of wilayah.csv (Kepmendagri 2025). A default only: the Frappe layer reads the
# Region table, and callers checking old NIKs should add every code ever used.
CURRENT_PROVINCE_CODES = frozenset(
	{
		"11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
		"31", "32", "33", "34", "35", "36",
		"51", "52", "53",
		"61", "62", "63", "64", "65",
		"71", "72", "73", "74", "75", "76",
		"81", "82",
		"91", "92", "93", "94", "95", "96",
	}
)  # fmt: skip

SEXES = ("Male", "Female")
_ASCII_DIGITS = frozenset("0123456789")


class NikError(RuleError):
	pass


class KkError(RuleError):
	pass


@dataclass(frozen=True)
class NikInfo:
	nik: str
	province_code: str  # "73"
	regency_code: str  # "73.22"
	district_code: str  # "73.22.14"
	birth_date: date
	sex: str  # "Male" or "Female"
	serial: int


def plain_number(value):
	"""A NIK or No. KK as every path (form, REST, roster import) reads it: surrounding whitespace
	trimmed, nothing else; a space or any other character inside is refused by parse_nik/parse_kk."""
	return value.strip() if isinstance(value, str) else value


def _first_non_digit(value: str) -> tuple[str, int]:
	position, char = next((i, c) for i, c in enumerate(value, 1) if c not in _ASCII_DIGITS)
	return char, position


def _codes(digits: str) -> tuple[str, str, str]:
	return digits[:2], f"{digits[:2]}.{digits[2:4]}", f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}"


def parse_nik(value: str, *, known_provinces: Container[str], today: date | None = None) -> NikInfo:
	"""Parse a NIK, refusing what cannot be one (NikError); surrounding whitespace is ignored.

	The two-digit year is placed in the latest century that does not put the birth date after
	``today``, so a person aged 100 or more gets a birth date a century too late: compare with the
	declared birth date if it matters.
	"""
	if not isinstance(value, str) or not value.strip():
		raise NikError("NIK is required")
	nik = plain_number(value)
	if len(nik) != 16:
		raise NikError("NIK must be exactly 16 digits, got {0} characters", len(nik))
	if not _ASCII_DIGITS.issuperset(nik):
		raise NikError(
			"NIK must contain only the digits 0-9, found {0!r} at position {1}", *_first_non_digit(nik)
		)
	province, regency, district = _codes(nik)
	if province not in known_provinces:
		raise NikError("NIK starts with {0}, which is not a province code", province)

	day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
	if not 1 <= month <= 12:
		raise NikError("NIK has birth month {0:02d}; a month must be 01-12", month)
	if 1 <= day <= 31:
		sex = "Male"
	elif 41 <= day <= 71:
		sex, day = "Female", day - 40
	else:
		raise NikError(
			"NIK has birth day {0:02d}; it must be 01-31 for men or 41-71 (day + 40) for women", day
		)

	today = today or date.today()
	year = today.year // 100 * 100 + year2
	# Tuples, not dates: 29 February may exist in one century and not in the other.
	if (year, month, day) > (today.year, today.month, today.day):
		year -= 100
	try:
		birth_date = date(year, month, day)
	except ValueError:
		raise NikError(
			"NIK has birth date {0:02d}-{1:02d}-{2}, which does not exist", day, month, year
		) from None
	# No "birth date in the future" check: the century rule above never yields one.

	serial = int(nik[12:])
	if serial == 0:
		raise NikError("NIK has serial number 0000; serial numbers start at 0001")
	return NikInfo(nik, province, regency, district, birth_date, sex, serial)


def nik_region_warnings(
	info: NikInfo, *, known_region_codes: Container[str], official_region: str | None = None
) -> list[RuleWarning]:
	"""Warnings about the NIK's region prefix, never errors (codes of first registration move).

	``known_region_codes`` holds today's dotted codes ("73.22", "73.22.14"; pass a set).
	``official_region`` is the official's current region at any level; the NIK must fall in the same
	kabupaten/kota, or the same province if ``official_region`` is a province; None, "" and ROOT_CODE
	are not compared. RegionCodeError if it is malformed.
	"""
	warnings = []
	if info.regency_code not in known_region_codes:
		warnings.append(
			RuleWarning(
				"The NIK's regency code {0} is not in the region table. A NIK keeps the code of its first "
				"registration, and codes change when regions are split or renumbered, so it may still be valid.",
				(info.regency_code,),
			)
		)
	elif info.district_code not in known_region_codes:
		warnings.append(
			RuleWarning(
				"The NIK's district code {0} is not in the region table. A NIK keeps the code of its first "
				"registration, and codes change when regions are split or renumbered, so it may still be valid.",
				(info.district_code,),
			)
		)
	# Empty (a blank Link field) or the national root: nothing to compare with.
	if official_region and level_of(official_region) != "Nasional":
		if "." not in official_region:
			if info.province_code != official_region:
				warnings.append(
					RuleWarning(
						"The NIK was first registered in province {0}, not in province {1} of the official. "
						"A NIK keeps the code of its first registration, so check the address on the KTP.",
						(info.province_code, official_region),
					)
				)
		else:
			official_regency = ".".join(official_region.split(".")[:2])
			if info.regency_code != official_regency:
				warnings.append(
					RuleWarning(
						"The NIK was first registered in kabupaten/kota {0}, not in kabupaten/kota {1} of the "
						"official. A NIK keeps the code of its first registration, so check the address on the KTP.",
						(info.regency_code, official_regency),
					)
				)
	return warnings


def _kk_digits(value: str) -> str:
	if not isinstance(value, str) or not value.strip():
		raise KkError("KK number is required")
	kk = plain_number(value)
	if len(kk) != 16:
		raise KkError("KK number must be exactly 16 digits, got {0} characters", len(kk))
	if not _ASCII_DIGITS.issuperset(kk):
		raise KkError(
			"KK number must contain only the digits 0-9, found {0!r} at position {1}", *_first_non_digit(kk)
		)
	return kk


def parse_kk(value: str, *, known_provinces: Container[str]) -> str:
	"""Check a KK (family card) number; return its region prefix as a district code ("73.22.14").

	Only length, digits and province are checked: the number changes when a family moves or splits.
	"""
	kk = _kk_digits(value)
	province, _regency, district = _codes(kk)
	if province not in known_provinces:
		raise KkError("KK number starts with {0}, which is not a province code", province)
	return district


def kk_region_warnings(
	kk: str, *, known_region_codes: Container[str], official_region: str | None = None
) -> list[RuleWarning]:
	"""Warnings about a KK number's region prefix, like nik_region_warnings (KkError if malformed)."""
	province, regency, district = _codes(_kk_digits(kk))
	warnings = []
	if regency not in known_region_codes:
		warnings.append(
			RuleWarning(
				"The KK number's regency code {0} is not in the region table; the card may predate a change "
				"of region codes.",
				(regency,),
			)
		)
	elif district not in known_region_codes:
		warnings.append(
			RuleWarning(
				"The KK number's district code {0} is not in the region table; the card may predate a change "
				"of region codes.",
				(district,),
			)
		)
	# Empty (a blank Link field) or the national root: nothing to compare with.
	if official_region and level_of(official_region) != "Nasional":
		if "." not in official_region:
			if province != official_region:
				warnings.append(
					RuleWarning(
						"The KK number was issued in province {0}, not in province {1} of the official; "
						"check the official's domicile.",
						(province, official_region),
					)
				)
		else:
			official_regency = ".".join(official_region.split(".")[:2])
			if regency != official_regency:
				warnings.append(
					RuleWarning(
						"The KK number was issued in kabupaten/kota {0}, not in kabupaten/kota {1} of the "
						"official; check the official's domicile.",
						(regency, official_regency),
					)
				)
	return warnings


def make_nik(district_code: str, birth_date: date, sex: str, serial: int) -> str:
	"""Build a NIK (demo data, benchmarks): the inverse of parse_nik."""
	if not is_valid_code(district_code) or district_code.count(".") != 2:
		raise NikError("A NIK needs a district (kecamatan) code such as 73.22.14, got {0!r}", district_code)
	if not isinstance(birth_date, date):
		raise NikError("Birth date must be a date, got {0!r}", birth_date)
	if sex not in SEXES:
		raise NikError("Sex must be Male or Female, got {0!r}", sex)
	if isinstance(serial, bool) or not isinstance(serial, int) or not 1 <= serial <= 9999:
		raise NikError("Serial number must be 1-9999, got {0!r}", serial)
	day = birth_date.day + (40 if sex == "Female" else 0)
	return f"{district_code.replace('.', '')}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def mask_nik(nik: str | None) -> str:
	"""Show only the last 4 characters: "************0001"."""
	if not nik:
		return ""
	nik = str(nik).strip()
	return "*" * max(len(nik) - 4, 0) + nik[-4:]
