"""Plain text: tags removed (closed or not), NFC, no NUL or lone surrogates, invisible means empty."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpu_etik.core.text import TextRejected, accepted_text, is_blank, plain_text


@pytest.mark.parametrize(
	"value, expected",
	[
		("<img src=x onerror=alert(1)", ""),
		("Andi <img src=x onerror=alert(1)", "Andi "),
		("<script>alert(1)</script>Teradu <b>menerima</b> uang", "alert(1)Teradu menerima uang"),
		("<<b>script>alert(1)", "alert(1)"),
		("umur < 17 tahun, nilai <5", "umur < 17 tahun, nilai <5"),
		("Muhammad Saleh", "Muhammad Saleh"),
	],
)
def test_tags_are_removed_and_text_is_kept(value, expected):
	assert plain_text(value) == expected


def test_the_same_name_is_stored_the_same_way():
	decomposed = "Andi Sa" + "e\u0301" + "h"  # e + combining acute
	assert plain_text(decomposed) == unicodedata.normalize("NFC", decomposed)
	assert plain_text(decomposed) != decomposed


@pytest.mark.parametrize("value", ["Andi\x00Saputra", "Andi \ud800 Saputra"])
def test_nul_and_lone_surrogates_are_refused(value):
	with pytest.raises(TextRejected):
		plain_text(value)


def test_invisible_text_is_blank():
	assert is_blank("\u200b\u200c\u200d\ufeff \u2060")
	assert is_blank(None) and is_blank("")
	assert not is_blank("\u200bAndi")


@given(st.text(max_size=80))
def test_no_tag_survives(value):
	try:
		cleaned = plain_text(value)
	except TextRejected:
		return
	import re

	assert not re.search(r"<[A-Za-z/!?]", cleaned)


@pytest.mark.parametrize(
	"value",
	["<script>", "Andi <b>Saputra</b>", "<img src=x onerror=alert(1)", "Teradu <<b>script>alert(1)"],
)
def test_markup_sent_by_someone_is_refused_naming_the_field(value):
	with pytest.raises(TextRejected) as exc:
		accepted_text(value, "No. KK")
	assert exc.value.args == ("No. KK",) and "markup" in str(exc.value)


def test_plain_text_is_accepted_as_it_was_sent_but_in_nfc():
	assert accepted_text("umur < 17 tahun, nilai <5", "Catatan") == "umur < 17 tahun, nilai <5"
	decomposed = "Andi Sa" + "e\u0301" + "h"
	assert accepted_text(decomposed, "Nama") == unicodedata.normalize("NFC", decomposed)
	with pytest.raises(TextRejected):
		accepted_text("Andi\x00", "Nama")
