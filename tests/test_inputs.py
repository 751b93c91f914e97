"""The schema every endpoint and page of the app reads its arguments with (kpu_etik.core.inputs)."""

from datetime import date

import pytest

from kpu_etik.core.inputs import (
	Anything,
	Choice,
	Day,
	Encoded,
	Flag,
	InputRejected,
	Structured,
	Text,
	WholeNumber,
	read_all,
)


def refusal(field, value) -> str:
	with pytest.raises(InputRejected) as caught:
		field.read(value)
	assert caught.value.args[0] == field.label
	return caught.value.template


@pytest.mark.parametrize(
	"value, template",
	[
		(["a", "b"], "{0} must be text."),
		({"a": 1}, "{0} must be text."),
		(True, "{0} must be text."),
		(1.5, "{0} must be text."),
		("x" * 141, "{0} is longer than {1} characters."),
		("a\x00b", "{0} contains a NUL character."),
		("a\ud800", "{0} contains a character that is not valid Unicode."),
	],
)
def test_text_refuses_what_is_not_short_plain_text(value, template):
	assert refusal(Text("Name"), value) == template


def test_text_takes_a_number_as_its_digits_and_keeps_the_text():
	assert Text("NIK").read(7322012345678901) == "7322012345678901"
	assert Text("Name").read("Andi Saputra") == "Andi Saputra"
	assert Text("Chronology", max_length=10000).read("x" * 10000) == "x" * 10000


def test_required_text_of_invisible_characters_only_is_missing():
	assert refusal(Text("Name", required=True), "\u200b\u200d ") == "{0} is required."
	assert refusal(Text("Name", required=True), None) == "{0} is required."
	assert Text("Name").read("\u200b") == ""
	assert Text("Name").read(None) is None


@pytest.mark.parametrize("value", ["1e5", "abc", "1" * 40, 10**30, -1, 2.5, float("nan"), [1], True])
def test_whole_numbers_are_bounded(value):
	assert refusal(WholeNumber("Page", low=0, high=100000), value) in (
		"{0} must be a whole number.",
		"{0} must be between {1} and {2}.",
	)


def test_whole_numbers_read_from_text_and_json():
	assert WholeNumber("Page", low=1).read("12") == 12
	assert WholeNumber("Page", low=1).read(12.0) == 12


def test_flags():
	assert [Flag("Anonymous").read(v) for v in (0, 1, "1", "true", False, None, "")] == [
		1 - 1,
		1,
		1,
		1,
		0,
		0,
		0,
	]
	for value in (2, "yes", [1], -1):
		assert refusal(Flag("Anonymous"), value) == "{0} must be 0 or 1."


@pytest.mark.parametrize(
	"value", ["2024-02-30", "99999-01-01", "01-02-2024", "2024-1-1", 20240101, ["2024-01-01"]]
)
def test_impossible_or_unwritten_dates_are_refused(value):
	assert refusal(Day("Planned On"), value) == "{0} must be a date written YYYY-MM-DD."


def test_dates_out_of_range_are_refused():
	assert refusal(Day("Planned On"), "1899-12-31") == "{0} must be between {1} and {2}."
	assert Day("Planned On").read("2026-12-02") == date(2026, 12, 2)


def test_choices_structures_and_files():
	assert Choice("Format", options=("csv", "json")).read("json") == "json"
	assert refusal(Choice("Format", options=("csv", "json")), "xlsx") == "{0} must be one of: {1}."
	assert Structured("Relatives").read('[{"a": 1}]') == [{"a": 1}]
	assert refusal(Structured("Relatives"), "[[[{") == "{0} could not be read."
	assert refusal(Structured("Relatives"), '{"a": 1}') == "{0} could not be read."
	assert refusal(Structured("Relatives", max_items=2), "[1, 2, 3]") == "{0} has more than {1} entries."
	assert refusal(Structured("Relatives", max_length=10), "[" + "1," * 10 + "1]") == (
		"{0} is longer than {1} characters."
	)
	assert Encoded("Statement").read("data:application/pdf;base64,JVBERi0=") == (
		"data:application/pdf;base64,JVBERi0="
	)
	assert refusal(Encoded("Statement"), "not base64!") == "{0} could not be read."
	assert refusal(Encoded("Statement", max_bytes=3), "QUJDREVGR0g=" * 100) == "{0} is larger than {1} MB."
	assert refusal(Anything("Filters", max_length=5), {"a": "long"}) == "{0} is longer than {1} characters."


def test_read_all_keeps_defaults_for_what_was_left_out_and_needs_what_is_required():
	schema = {
		"region": Text("Region"),
		"page": WholeNumber("Page", low=1),
		"name": Text("Name", required=True),
	}
	assert read_all(schema, {"name": "x", "page": "2"}) == {"name": "x", "page": 2}
	with pytest.raises(InputRejected):
		read_all(schema, {"page": "2"})
