from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpu_etik.core.dates import DateFormatError, format_indonesian_date, parse_indonesian_date


@pytest.mark.parametrize(
	"text",
	[
		"17-08-1980",
		"17/08/1980",
		"1980-08-17",
		"17 Agustus 1980",
		"17 agustus 1980",
		"17 Agt 1980",
		"Minggu, 17 Agustus 1980",
	],
)
def test_indonesian_formats(text):
	assert parse_indonesian_date(text) == date(1980, 8, 17)


def test_day_comes_first():
	assert parse_indonesian_date("03-04-2023") == date(2023, 4, 3)
	assert parse_indonesian_date("20 September 2023") == date(2023, 9, 20)
	assert parse_indonesian_date("7 Okt 2023") == date(2023, 10, 7)
	assert parse_indonesian_date("27 Nopember 2022") == date(2022, 11, 27)


@pytest.mark.parametrize("text", ["", "   ", "bukan tanggal", "31-02-2023", "17 Agustusan"])
def test_unreadable_dates_are_refused(text):
	with pytest.raises(DateFormatError):
		parse_indonesian_date(text)


def test_format_the_indonesian_way():
	assert format_indonesian_date(date(2023, 9, 20)) == "Rabu, 20 September 2023"
	assert format_indonesian_date(date(2024, 1, 27), with_day=False) == "27 Januari 2024"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_round_trip(value):
	assert parse_indonesian_date(format_indonesian_date(value)) == value
	assert parse_indonesian_date(value.strftime("%d-%m-%Y")) == value


def test_every_month_and_day_is_written_in_indonesian():
	months = [format_indonesian_date(date(2026, month, 1), with_day=False) for month in range(1, 13)]
	assert months == [
		"1 Januari 2026", "1 Februari 2026", "1 Maret 2026", "1 April 2026", "1 Mei 2026", "1 Juni 2026",
		"1 Juli 2026", "1 Agustus 2026", "1 September 2026", "1 Oktober 2026", "1 November 2026",
		"1 Desember 2026",
	]  # fmt: skip
	week = [format_indonesian_date(date(2026, 11, 30) + timedelta(days=n)) for n in range(7)]
	assert week == [
		"Senin, 30 November 2026", "Selasa, 1 Desember 2026", "Rabu, 2 Desember 2026",
		"Kamis, 3 Desember 2026", "Jumat, 4 Desember 2026", "Sabtu, 5 Desember 2026",
		"Minggu, 6 Desember 2026",
	]  # fmt: skip


def test_friday_and_a_short_year():
	# The app writes "Jumat" (no apostrophe) and the year as it is, without padding.
	assert format_indonesian_date(date(1945, 8, 17)) == "Jumat, 17 Agustus 1945"
	assert format_indonesian_date(date(999, 1, 5), with_day=False) == "5 Januari 999"


@pytest.mark.parametrize(
	("spelling", "month"),
	[
		*[(name, n) for n, name in enumerate(["januari", "februari", "maret", "april", "mei", "juni"], 1)],
		*[(name, n) for n, name in enumerate(["juli", "agustus", "september", "oktober"], 7)],
		("november", 11), ("desember", 12), ("pebruari", 2), ("nopember", 11),
		("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("agu", 8),
		("agt", 8), ("ags", 8), ("sep", 9), ("okt", 10), ("nov", 11), ("nop", 11), ("des", 12),
	],
)  # fmt: skip
def test_every_accepted_month_spelling(spelling, month):
	for text in (spelling, spelling.upper(), spelling.capitalize()):
		assert parse_indonesian_date(f"Jumat, 3 {text} 2023") == date(2023, month, 3)
