"""KK (family card) numbers: only length, digits, province; region prefix warnings."""

import string
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpu_etik.core.errors import RuleError
from kpu_etik.core.nik import CURRENT_PROVINCE_CODES, KkError, kk_region_warnings, parse_kk
from kpu_etik.core.regions import RegionCodeError

PROVINCES = sorted(CURRENT_PROVINCE_CODES)
# Every decimal digit Unicode knows (str.isdigit accepts them all); an explicit alphabet works on
# older hypothesis versions too.
UNICODE_DIGITS = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Nd"]
KNOWN = {"73", "73.22", "73.22.14", "73.22.10", "91", "91.71"}


def parse(value):
	return parse_kk(value, known_provinces=CURRENT_PROVINCE_CODES)


def test_example():
	assert parse("7322142001230004") == "73.22.14"
	assert parse("  7322142001230004\r\n") == "73.22.14"


def test_no_date_or_serial_checks():
	# A KK number has no birth date or serial; zeros there are fine.
	assert parse("7322140000000000") == "73.22.14"
	assert parse("7322149999999999") == "73.22.14"


@given(st.sampled_from(PROVINCES), st.text(alphabet=string.digits, min_size=14, max_size=14))
def test_any_16_digits_with_known_province(province, rest):
	value = province + rest
	assert parse(value) == f"{value[:2]}.{value[2:4]}.{value[4:6]}"


@given(st.text())
def test_anything_but_16_ascii_digits_is_refused(value):
	stripped = value.strip()
	if len(stripped) == 16 and all(c in string.digits for c in stripped):
		return
	with pytest.raises(KkError):
		parse(value)


@given(st.text(alphabet=st.sampled_from(UNICODE_DIGITS), min_size=16, max_size=16))
def test_unicode_digits_are_refused(value):
	if all(c in string.digits for c in value):
		return
	with pytest.raises(KkError, match="only the digits 0-9"):
		parse(value)


@pytest.mark.parametrize(
	"value,fragment",
	[
		("732214200123000", "exactly 16 digits, got 15"),
		("7322-14200123000", "found '-' at position 5"),
		("", "required"),
		(None, "required"),
		("5422142001230004", "starts with 54, which is not a province code"),
	],
)
def test_refused(value, fragment):
	with pytest.raises(KkError) as exc:
		parse(value)
	assert isinstance(exc.value, RuleError)
	assert fragment in str(exc.value)


def test_warnings():
	assert kk_region_warnings("7322142001230004", known_region_codes=KNOWN, official_region="73.22.10") == []
	assert kk_region_warnings("7322142001230004", known_region_codes=KNOWN, official_region="73") == []
	assert kk_region_warnings("7322142001230004", known_region_codes=KNOWN, official_region="") == []
	assert kk_region_warnings("7322142001230004", known_region_codes=KNOWN, official_region="ID") == []
	(warning,) = kk_region_warnings("7322152001230004", known_region_codes=KNOWN)
	assert warning.args == ("73.22.15",)
	(warning,) = kk_region_warnings("7399152001230004", known_region_codes=KNOWN)
	assert warning.args == ("73.99",)
	(warning,) = kk_region_warnings("7322142001230004", known_region_codes=KNOWN, official_region="91.71.01")
	assert warning.args == ("73.22", "91.71")
	assert "73.22" in str(warning) and "91.71" in str(warning)
	(warning,) = kk_region_warnings("7322142001230004", known_region_codes=KNOWN, official_region="91")
	assert warning.args == ("73", "91")


def test_warnings_need_a_well_formed_number():
	with pytest.raises(KkError):
		kk_region_warnings("73221420012300", known_region_codes=KNOWN)
	with pytest.raises(RegionCodeError):
		kk_region_warnings("7322142001230004", known_region_codes=KNOWN, official_region="73.22.1")


def test_nik_and_kk_share_one_rule_for_surrounding_whitespace():
	from kpu_etik.core.nik import parse_nik, plain_number

	assert plain_number(" \t7322142001230004\u00a0\n") == "7322142001230004"
	assert plain_number("7322 1420") == "7322 1420"  # inside: left for the parsers to refuse
	assert parse(" 7322142001230004 ") == parse("7322142001230004")
	nik = parse_nik(" 7322144508950001 ", known_provinces=CURRENT_PROVINCE_CODES).nik
	assert nik == "7322144508950001"
	for value in ("7322 142001230004", "<script>"):
		with pytest.raises(KkError):
			parse(value)
