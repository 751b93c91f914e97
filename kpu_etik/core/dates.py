"""Dates as Indonesian offices write them: parsing imported files and writing dates out."""

import re
from datetime import date, datetime

from babel import dates as babel_dates
from dateutil import parser as date_parser

from kpu_etik.core.errors import RuleError

LOCALE = "id"
# Babel (CLDR) writes the dates; its "id" names match what this app always wrote ("Jumat", not "Jum'at").
LONG_DATE = "d MMMM y"  # 20 September 2023
LONG_DATE_WITH_DAY = "EEEE, d MMMM y"  # Rabu, 20 September 2023

# Old spellings still found in imported files, which CLDR does not list.
_OLD_MONTH_SPELLINGS = {"pebruari": 2, "nopember": 11, "agt": 8, "ags": 8, "nop": 11}


def _indonesian_months() -> dict[str, str]:
	"""Indonesian month names and abbreviations (lower case), mapped to the English dateutil reads."""
	numbers = dict(_OLD_MONTH_SPELLINGS)
	for width in ("wide", "abbreviated"):
		for number, name in babel_dates.get_month_names(width, locale=LOCALE).items():
			numbers[name.lower()] = number
	return {name: date_parser.parserinfo.MONTHS[number - 1][-1] for name, number in numbers.items()}


MONTHS = _indonesian_months()
_MONTH_NUMBERS = {
	**{name.lower(): number for number, name in babel_dates.get_month_names("wide", locale="en").items()},
	**{name.lower(): number for number, name in babel_dates.get_month_names("wide", locale=LOCALE).items()},
	**_OLD_MONTH_SPELLINGS,
}
_COMMON = re.compile(
	r"(\d{4})-(\d{2})-(\d{2})|(\d{1,2})[/-](\d{1,2})[/-](\d{4})|(\d{1,2}) ([A-Za-z]+) (\d{4})"
)
# Senin .. Minggu (babel numbers the days from Monday = 0); stripped off the front of imported dates.
_DAY_NAMES = tuple(name for _, name in sorted(babel_dates.get_day_names("wide", locale=LOCALE).items()))
_WORD = re.compile(r"[A-Za-z]+")


class DateFormatError(RuleError):
	pass


def parse_indonesian_date(value) -> date:
	"""17-08-1980, 17/08/1980, 1980-08-17, 17 Agustus 1980, Rabu, 20 September 2023, 17 Agt 1980.

	Day first, as Indonesian documents write it; ISO dates (year first) are read as such.
	"""
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	text = str(value or "").strip()
	if not text:
		raise DateFormatError("The date is empty")
	# The forms a roster file holds, read without the general parser (a national file has millions).
	common = _COMMON.fullmatch(text)
	if common:
		iso_year, iso_month, iso_day, day, month, year, day_w, month_w, year_w = common.groups()
		try:
			if iso_year:
				return date(int(iso_year), int(iso_month), int(iso_day))
			if year:
				return date(int(year), int(month), int(day))
			number = _MONTH_NUMBERS.get(month_w.lower())
			if number:
				return date(int(year_w), number, int(day_w))
		except ValueError:
			raise DateFormatError(
				"{0} is not a date this app can read (for example 17-08-1980 or 17 Agustus 1980)", text
			)
	for day in _DAY_NAMES:
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
	return babel_dates.format_date(value, format=LONG_DATE_WITH_DAY if with_day else LONG_DATE, locale=LOCALE)
