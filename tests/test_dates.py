from datetime import date

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
