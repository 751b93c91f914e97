"""Dates as Indonesian offices write them: parsing imported files and writing dates out."""

import re
from datetime import date

from dateutil import parser as date_parser

from kpu_etik.core.errors import RuleError

# Indonesian month names and their usual abbreviations, mapped to English for dateutil.
MONTHS = {
	"januari": "January",
	"februari": "February",
	"pebruari": "February",
	"maret": "March",
	"april": "April",
	"mei": "May",
	"juni": "June",
	"juli": "July",
	"agustus": "August",
	"september": "September",
	"oktober": "October",
	"november": "November",
	"nopember": "November",
	"desember": "December",
	"jan": "Jan",
	"feb": "Feb",
	"mar": "Mar",
	"apr": "Apr",
	"jun": "Jun",
	"jul": "Jul",
	"agu": "Aug",
	"agt": "Aug",
	"ags": "Aug",
	"sep": "Sep",
	"okt": "Oct",
	"nov": "Nov",
	"nop": "Nov",
	"des": "Dec",
}
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTH_NAMES = (
	"Januari", "Februari", "Maret", "April", "Mei", "Juni",
	"Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z]+")


class DateFormatError(RuleError):
	pass


def parse_indonesian_date(value) -> date:
	"""17-08-1980, 17/08/1980, 1980-08-17, 17 Agustus 1980, Rabu, 20 September 2023, 17 Agt 1980.

	Day first, as Indonesian documents write it; ISO dates (year first) are read as such.
	"""
	if isinstance(value, date):
		return value
	text = str(value or "").strip()
	if not text:
		raise DateFormatError("The date is empty")
	for day in DAYS:
		text = re.sub(rf"^{day}\s*,?\s*", "", text, flags=re.IGNORECASE)
	english = _WORD.sub(lambda m: MONTHS.get(m.group(0).lower(), m.group(0)), text)
	try:
		return date_parser.parse(english, dayfirst=not re.match(r"^\d{4}-", english)).date()
	except (ValueError, OverflowError):
		raise DateFormatError(
			"{0} is not a date this app can read (for example 17-08-1980 or 17 Agustus 1980)", text
		)


def format_indonesian_date(value: date, with_day: bool = True) -> str:
	"""Rabu, 20 September 2023."""
	text = f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"
	return f"{DAYS[value.weekday()]}, {text}" if with_day else text
