"""NIK parsing, region warnings, make_nik and mask_nik."""

import string
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpu_etik.core.errors import RuleError, RuleWarning
from kpu_etik.core.nik import (
	CURRENT_PROVINCE_CODES,
	NikError,
	NikInfo,
	make_nik,
	mask_nik,
	nik_region_warnings,
	parse_nik,
)
from kpu_etik.core.regions import RegionCodeError

WILAYAH = Path(__file__).parents[1] / ".." / "shared" / "data" / "wilayah.csv"
TODAY = date(2025, 6, 30)
PROVINCES = sorted(CURRENT_PROVINCE_CODES)
# Every decimal digit Unicode knows (str.isdigit accepts them all); an explicit alphabet works on
# older hypothesis versions too.
UNICODE_DIGITS = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Nd"]

districts = st.builds(
	lambda p, r, d: f"{p}.{r:02d}.{d:02d}", st.sampled_from(PROVINCES), st.integers(0, 99), st.integers(0, 99)
)
sexes = st.sampled_from(["Male", "Female"])
serials = st.integers(1, 9999)
# Birth dates a NIK can express relative to TODAY: the last 100 years, TODAY included.
birth_dates = st.dates(min_value=date(1925, 7, 1), max_value=TODAY)
leap_days = st.sampled_from([date(y, 2, 29) for y in range(1928, 2025, 4)])


def parse(value, today=TODAY):
	return parse_nik(value, known_provinces=CURRENT_PROVINCE_CODES, today=today)


def nik_with(day="01", month="01", year="90", serial="0001", district="732214"):
	return f"{district}{day}{month}{year}{serial}"


def test_example_woman():
	info = parse("7322144508950001")
	assert info == NikInfo(
		nik="7322144508950001",
		province_code="73",
		regency_code="73.22",
		district_code="73.22.14",
		birth_date=date(1995, 8, 5),
		sex="Female",
		serial=1,
	)


def test_example_man_and_whitespace_stripped():
	info = parse(" \t3578010101900123\n")
	assert info.nik == "3578010101900123"
	assert info.sex == "Male"
	assert info.birth_date == date(1990, 1, 1)
	assert info.serial == 123
	assert info.district_code == "35.78.01"


@given(districts, st.one_of(birth_dates, leap_days), sexes, serials)
def test_round_trip(district, birth, sex, serial):
	nik = make_nik(district, birth, sex, serial)
	assert len(nik) == 16 and nik.isascii() and nik.isdigit()
	info = parse(nik)
	assert info.district_code == district
	assert info.regency_code == district[:5]
	assert info.province_code == district[:2]
	assert info.birth_date == birth
	assert info.sex == sex
	assert info.serial == serial


@st.composite
def today_and_birth(draw):
	today = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
	try:
		century_ago = today.replace(year=today.year - 100)
	except ValueError:  # 29 February of a year whose century-earlier year is not a leap year
		century_ago = date(today.year - 100, 2, 28)
	birth = draw(st.dates(min_value=century_ago + timedelta(days=1), max_value=today))
	return today, birth


@given(today_and_birth(), sexes)
def test_round_trip_any_today(pair, sex):
	today, birth = pair
	info = parse(make_nik("73.22.14", birth, sex, 1), today=today)
	assert info.birth_date == birth
	assert info.birth_date <= today


def test_century_is_the_latest_not_after_today():
	assert parse(nik_with(day="01", month="01", year="25")).birth_date == date(2025, 1, 1)
	assert parse(nik_with(day="30", month="06", year="25")).birth_date == date(2025, 6, 30)  # born today
	assert parse(nik_with(day="01", month="07", year="25")).birth_date == date(1925, 7, 1)
	assert parse(nik_with(day="31", month="12", year="99")).birth_date == date(1999, 12, 31)


def test_default_today_is_real_today():
	info = parse_nik(nik_with(year=f"{date.today().year % 100:02d}"), known_provinces={"73"})
	assert info.birth_date <= date.today()
	assert info.birth_date.year > date.today().year - 100


def test_leap_days():
	assert parse(nik_with(day="29", month="02", year="24")).birth_date == date(2024, 2, 29)
	assert parse(nik_with(day="69", month="02", year="00")).birth_date == date(2000, 2, 29)
	with pytest.raises(NikError, match="does not exist"):
		parse(nik_with(day="29", month="02", year="23"))
	# 29 Feb 2000 would be after "today", and 1900 was not a leap year.
	with pytest.raises(NikError, match="does not exist"):
		parse(nik_with(day="29", month="02", year="00"), today=date(2000, 2, 28))


@pytest.mark.parametrize("day,month", [("31", "02"), ("30", "02"), ("31", "04"), ("71", "06"), ("71", "11")])
def test_impossible_dates(day, month):
	with pytest.raises(NikError, match="does not exist") as exc:
		parse(nik_with(day=day, month=month))
	assert exc.value.template == "NIK has birth date {0:02d}-{1:02d}-{2}, which does not exist"


@given(st.text())
def test_anything_but_16_ascii_digits_is_refused(value):
	stripped = value.strip()
	if len(stripped) == 16 and all(c in string.digits for c in stripped):
		return
	with pytest.raises(NikError):
		parse(value)


@given(st.text(alphabet=st.sampled_from(UNICODE_DIGITS), min_size=16, max_size=16))
def test_unicode_digits_are_refused(value):
	if all(c in string.digits for c in value):
		return
	with pytest.raises(NikError, match="only the digits 0-9"):
		parse(value)


def test_arabic_indic_digits_refused():
	value = "٧٣٢٢١٤٤٥٠٨٩٥٠٠٠١"
	assert value.isdigit() and len(value) == 16  # what str.isdigit would have let through
	with pytest.raises(NikError, match="only the digits 0-9") as exc:
		parse(value)
	assert exc.value.args == ("٧", 1)


@pytest.mark.parametrize(
	"value,fragment",
	[
		("732214450895000", "exactly 16 digits, got 15"),
		("73221445089500011", "exactly 16 digits, got 17"),
		("7322 14450895001", "found ' ' at position 5"),
		("73221445089500O1", "found 'O' at position 15"),
		("", "required"),
		("   ", "required"),
	],
)
def test_malformed(value, fragment):
	with pytest.raises(NikError) as exc:
		parse(value)
	assert fragment in str(exc.value)


@pytest.mark.parametrize("value", [None, 7322144508950001, b"7322144508950001"])
def test_not_text(value):
	with pytest.raises(NikError, match="required"):
		parse(value)


@pytest.mark.parametrize("province", ["00", "10", "54", "99"])
def test_unknown_province(province):
	with pytest.raises(NikError, match=f"starts with {province}, which is not a province code"):
		parse(province + "22144508950001")


def test_known_provinces_come_from_the_caller():
	with pytest.raises(NikError, match="province"):
		parse_nik("7322144508950001", known_provinces={"11"}, today=TODAY)
	assert parse_nik("5422144508950001", known_provinces={"54"}, today=TODAY).province_code == "54"


@given(st.one_of(st.integers(0, 0), st.integers(13, 99)))
def test_invalid_month(month):
	with pytest.raises(NikError, match="birth month") as exc:
		parse(nik_with(month=f"{month:02d}"))
	assert exc.value.args == (month,)


@given(st.one_of(st.just(0), st.integers(32, 40), st.integers(72, 99)))
def test_invalid_day(day):
	with pytest.raises(NikError, match="birth day") as exc:
		parse(nik_with(day=f"{day:02d}"))
	assert exc.value.args == (day,)


@given(st.integers(41, 71))
def test_women_days(day):
	info = parse(nik_with(day=f"{day:02d}", month="01"))
	assert info.sex == "Female"
	assert info.birth_date.day == day - 40


@given(st.integers(1, 31))
def test_men_days(day):
	info = parse(nik_with(day=f"{day:02d}", month="01"))
	assert info.sex == "Male"
	assert info.birth_date.day == day


def test_serial_zero_refused():
	with pytest.raises(NikError, match="serial number 0000"):
		parse(nik_with(serial="0000"))
	assert parse(nik_with(serial="0001")).serial == 1
	assert parse(nik_with(serial="9999")).serial == 9999


def test_error_convention():
	with pytest.raises(NikError) as exc:
		parse("123")
	error = exc.value
	assert isinstance(error, RuleError) and isinstance(error, ValueError)
	assert error.template == "NIK must be exactly 16 digits, got {0} characters"
	assert error.args == (3,)
	assert (
		str(error) == error.template.format(*error.args) == "NIK must be exactly 16 digits, got 3 characters"
	)


def test_error_pickles():
	import pickle

	with pytest.raises(NikError) as exc:
		parse("123")
	copy = pickle.loads(pickle.dumps(exc.value))
	assert type(copy) is NikError
	assert (copy.template, copy.args, str(copy)) == (exc.value.template, exc.value.args, str(exc.value))


# Region warnings

KNOWN = {"73", "73.22", "73.22.14", "73.22.10", "91", "91.71", "94", "94.01"}


def warnings_for(nik, official_region=None):
	return nik_region_warnings(parse(nik), known_region_codes=KNOWN, official_region=official_region)


def test_no_warning_for_known_codes():
	assert warnings_for("7322144508950001") == []
	assert warnings_for("7322144508950001", official_region="73.22.14.2001") == []
	assert (
		warnings_for("7322104508950001", official_region="73.22.14") == []
	)  # other kecamatan, same kabupaten
	assert warnings_for("7322144508950001", official_region="73.22") == []
	assert warnings_for("7322144508950001", official_region="73") == []
	assert warnings_for("7322144508950001", official_region="ID") == []
	assert warnings_for("7322144508950001", official_region="") == []


def test_unknown_district_warns():
	(warning,) = warnings_for("7322154508950001")
	assert isinstance(warning, RuleWarning)
	assert warning.args == ("73.22.15",)
	assert "district code 73.22.15" in str(warning)
	assert "first registration" in warning.template


def test_old_papua_code_is_valid_but_warns():
	# Kota Jayapura was 94.71 before the 2022 renumbering; today it is 91.71 and 94 is Papua Tengah.
	info = parse("9471014508950001")
	assert info.regency_code == "94.71"
	(warning,) = nik_region_warnings(info, known_region_codes=KNOWN)
	assert warning.args == ("94.71",)
	assert "regency code 94.71" in str(warning)
	assert "first registration" in warning.template


def test_official_region_elsewhere_warns():
	(warning,) = warnings_for("7322144508950001", official_region="91.71")
	assert warning.args == ("73.22", "91.71")
	assert "first registration" in warning.template
	(warning,) = warnings_for("7322144508950001", official_region="91.71.01.1001")
	assert warning.args == ("73.22", "91.71")
	(warning,) = warnings_for("7322144508950001", official_region="91")
	assert warning.args == ("73", "91")
	assert "province" in warning.template


def test_both_warnings():
	result = warnings_for("9471014508950001", official_region="91.71.01")
	assert [w.args for w in result] == [("94.71",), ("94.71", "91.71")]


def test_malformed_official_region_raises():
	with pytest.raises(RegionCodeError):
		warnings_for("7322144508950001", official_region="73.2")


@pytest.mark.skipif(not WILAYAH.exists(), reason="shared wilayah.csv not available")
def test_warnings_against_real_table():
	import csv

	with open(WILAYAH, encoding="utf-8-sig", newline="") as f:
		codes = {row["kode"] for row in csv.DictReader(f)}
	info = parse("7322144508950001")  # Baebunta Selatan, Luwu Utara
	assert nik_region_warnings(info, known_region_codes=codes, official_region="73.22.10") == []


# make_nik


def test_make_nik_example():
	assert make_nik("73.22.14", date(1995, 8, 5), "Female", 1) == "7322144508950001"
	assert make_nik("35.78.01", date(2001, 12, 31), "Male", 9999) == "3578013112019999"


@pytest.mark.parametrize(
	"args,fragment",
	[
		(("73.22", date(1990, 1, 1), "Male", 1), "district"),
		(("73.22.14.2001", date(1990, 1, 1), "Male", 1), "district"),
		(("732214", date(1990, 1, 1), "Male", 1), "district"),
		((None, date(1990, 1, 1), "Male", 1), "district"),
		(("73.22.14", "1990-01-01", "Male", 1), "Birth date"),
		(("73.22.14", date(1990, 1, 1), "M", 1), "Sex"),
		(("73.22.14", date(1990, 1, 1), "Male", 0), "Serial"),
		(("73.22.14", date(1990, 1, 1), "Male", 10000), "Serial"),
		(("73.22.14", date(1990, 1, 1), "Male", True), "Serial"),
		(("73.22.14", date(1990, 1, 1), "Male", "1"), "Serial"),
	],
)
def test_make_nik_validates(args, fragment):
	with pytest.raises(NikError, match=fragment):
		make_nik(*args)


# mask_nik


def test_mask_nik_examples():
	assert mask_nik("7322144508950001") == "************0001"
	assert mask_nik(None) == ""
	assert mask_nik("") == ""
	assert mask_nik(" 7322144508950001 ") == "************0001"


@given(st.text())
def test_mask_never_reveals_more_than_four(value):
	masked = mask_nik(value)
	revealed = masked[-4:] if len(masked) > 4 else masked
	assert masked[: len(masked) - len(revealed)] == "*" * (len(masked) - len(revealed))
	assert len(revealed) <= 4
	if value.strip():
		assert revealed == value.strip()[-4:]
	else:
		assert masked == ""


# Province codes


def test_current_province_codes():
	assert len(CURRENT_PROVINCE_CODES) == 38
	assert all(len(c) == 2 and c.isascii() and c.isdigit() for c in CURRENT_PROVINCE_CODES)
	assert {"11", "73", "91", "96"} <= CURRENT_PROVINCE_CODES


@pytest.mark.skipif(not WILAYAH.exists(), reason="shared wilayah.csv not available")
def test_current_province_codes_match_table():
	import csv

	with open(WILAYAH, encoding="utf-8-sig", newline="") as f:
		provinces = {row["kode"] for row in csv.DictReader(f) if row["tingkat"] == "Provinsi"}
	assert provinces == CURRENT_PROVINCE_CODES
