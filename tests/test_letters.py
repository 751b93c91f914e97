"""The shared parts of a decree letter."""

from urllib.parse import parse_qs, urlparse

import pytest

from kpu_etik.core.errors import RuleError
from kpu_etik.core.letters import check_path, copy_lines, dictum, office_name


def test_dictums_are_counted_in_indonesian_words():
	assert [dictum(n) for n in (1, 2, 3, 4, 10)] == ["KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KESEPULUH"]
	for bad in (0, 11, -1):
		with pytest.raises(RuleError):
			dictum(bad)


def test_the_check_address_carries_a_number_with_slashes_and_spaces_intact():
	path = check_path("12/PP.04-Kpt/7322/ 2024", "0123456789abcdef")
	query = parse_qs(urlparse(path).query)
	assert urlparse(path).path == "/letter-check"
	assert query == {"number": ["12/PP.04-Kpt/7322/ 2024"], "code": ["0123456789abcdef"]}


def test_copy_lines_drop_blank_lines_and_spaces():
	assert copy_lines(" KPU Provinsi Sulawesi Selatan\n\n  Yang bersangkutan ") == [
		"KPU Provinsi Sulawesi Selatan",
		"Yang bersangkutan",
	]
	assert copy_lines(None) == []


def test_an_office_names_itself_by_its_level():
	assert office_name("Nasional", "Indonesia") == "Komisi Pemilihan Umum"
	assert office_name("Provinsi", "Jawa Timur") == "Komisi Pemilihan Umum Provinsi Jawa Timur"
	assert office_name("Kabupaten/Kota", "Kabupaten Soppeng") == "Komisi Pemilihan Umum Kabupaten Soppeng"
	assert office_name("Kabupaten/Kota", "Kota Kupang") == "Komisi Pemilihan Umum Kota Kupang"


def test_a_decree_is_signed_by_the_key_of_the_signer_it_names():
	from kpu_etik.core.letters import signed_by_its_signer

	assert signed_by_its_signer("ANDI PENANDATANGAN", "Dr. H. Andi Penandatangan, S.H., M.H.")
	assert signed_by_its_signer("Ratna Dewi Kusumawati", "ratna  dewi kusumawati")
	assert not signed_by_its_signer("Ratna Dewi Kusumawati", "Dewi Pello")
	assert not signed_by_its_signer(None, "Dewi Pello")
	assert signed_by_its_signer("Ratna Dewi Kusumawati", None)  # the decree names no one
