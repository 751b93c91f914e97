"""Which fields a list query names, and history entries with protected values masked."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpu_etik.core.privacy import (
	MASK,
	QueryShapeError,
	filter_columns,
	identity_fields_read,
	mentioned,
	redact_version_data,
	split_column,
	unqualified_filters,
)


@pytest.mark.parametrize(
	"column, expected",
	[
		("nik", (None, "nik")),
		("`nik`", (None, "nik")),
		("`tabOfficial`.`nik`", ("Official", "nik")),
		("tabOfficial.nik", ("Official", "nik")),
		("`tabDeclared Relative`.`relative_nik`", ("Declared Relative", "relative_nik")),
	],
)
def test_a_column_is_split_into_doctype_and_field(column, expected):
	assert split_column(column) == expected


@pytest.mark.parametrize(
	"filters, expected",
	[
		(None, []),
		({"nik": "7312"}, [(None, "nik")]),
		({"nik": ["like", "7312%"], "status": "Active"}, [(None, "nik"), (None, "status")]),
		([["nik", "like", "7%"]], [(None, "nik")]),
		([["Official", "nik", "like", "7%"]], [("Official", "nik")]),
		(["Declared Relative", "relative_nik", "=", "1"], [("Declared Relative", "relative_nik")]),
		(["nik", "=", "1"], [(None, "nik")]),
		([{"nik": "1"}, ["full_name", "=", "x"]], [(None, "nik"), (None, "full_name")]),
		(["nik like '7%'"], [("", "nik like '7%'")]),
	],
)
def test_every_filter_shape_names_its_fields(filters, expected):
	assert filter_columns(filters) == expected


@pytest.mark.parametrize(
	"filters", [{1: "x"}, [[1, 2, 3]], [["nik"]], 5, [["a", "b", "c", "d", "e", "f"]], [[{"a": 1}]]]
)
def test_a_filter_of_no_known_shape_is_refused(filters):
	with pytest.raises(QueryShapeError):
		filter_columns(filters)


def test_sql_text_is_searched_for_whole_words_only():
	hidden = {"nik", "address"}
	assert mentioned("upper(address)", hidden) == {"address"}
	assert mentioned("`tabOfficial`.`nik` desc", hidden) == {"nik"}
	assert mentioned("concat(nik,'')", hidden) == {"nik"}
	assert mentioned("no_kk_nik_extra desc, full_name", hidden) == set()
	assert mentioned("", hidden) == set()


def test_history_masks_protected_values_and_keeps_the_change():
	data = {
		"changed": [["nik", "7322010101900001", "7322010101900002"], ["full_name", "Andi", "Andi S."]],
		"added": [["relatives", {"relative_name": "Baso", "relative_nik": "7322010101850003"}]],
		"removed": [["relatives", {"relative_name": "Nur", "relative_nik": ""}]],
		"row_changed": [["relatives", 1, "row1", [["relative_nik", "1", "2"], ["party", "A", "B"]]]],
	}
	out = redact_version_data(data, {"nik"}, {"relatives": {"relative_nik"}})
	assert out["changed"] == [["nik", MASK, MASK], ["full_name", "Andi", "Andi S."]]
	assert out["added"] == [["relatives", {"relative_name": "Baso", "relative_nik": MASK}]]
	assert out["removed"] == [["relatives", {"relative_name": "Nur", "relative_nik": ""}]]
	assert out["row_changed"] == [
		["relatives", 1, "row1", [["relative_nik", MASK, MASK], ["party", "A", "B"]]]
	]


def test_a_value_set_for_the_first_time_shows_that_it_was_empty():
	out = redact_version_data(
		{"changed": [["complainant_contact", None, "x@y.id"]]}, {"complainant_contact"}, {}
	)
	assert out == {"changed": [["complainant_contact", None, MASK]]}


values = st.text(min_size=1, max_size=20).filter(lambda v: v != MASK)


@given(st.lists(st.tuples(st.sampled_from(["nik", "no_kk", "full_name"]), values, values), max_size=6))
def test_no_protected_value_survives_redaction(changes):
	data = {"changed": [list(c) for c in changes]}
	out = redact_version_data(data, {"nik", "no_kk"}, {})
	for (field, old, new), (_f, old_out, new_out) in zip(changes, out["changed"], strict=True):
		if field in ("nik", "no_kk"):
			assert old_out == MASK and new_out == MASK
		else:
			assert (old_out, new_out) == (old, new)


def test_identity_read_by_a_list_is_named():
	assert identity_fields_read("Official", ["`tabOfficial`.`name`", "`tabOfficial`.`nik`"]) == ["nik"]
	assert identity_fields_read("Official", ["full_name", None]) == []
	assert identity_fields_read("Complaint", ["complainant_name"]) == ["complainant_name"]
	assert identity_fields_read("Sanction", ["nik"]) == []


@pytest.mark.parametrize(
	"filters, expected",
	[
		# as Frappe's list view sends them: the field named with its table
		([["`tabOfficial`.`nik`", "=", "7322"]], [["Official", "nik", "=", "7322"]]),
		([["tabOfficial.nik", "like", "73%"]], [["Official", "nik", "like", "73%"]]),
		([["Official", "`tabOfficial`.`nik`", "=", "7322"]], [["Official", "nik", "=", "7322"]]),
		(["`tabOfficial`.`nik`", "=", "7322"], [["Official", "nik", "=", "7322"]]),
		({"`tabOfficial`.`nik`": "7322"}, [["Official", "nik", "=", "7322"]]),
		({"`tabOfficial`.`status`": ["in", ["Active"]]}, [["Official", "status", "in", ["Active"]]]),
		(
			[["`tabComplaint Respondent`.`official`", "=", "OFC-1"]],
			[["Complaint Respondent", "official", "=", "OFC-1"]],
		),
		# anything else is left as it came, for Frappe and the guard to judge
		([["nik", "=", "7322"]], [["nik", "=", "7322"]]),
		({"nik": "7322"}, {"nik": "7322"}),
		(["status = 'Active'"], ["status = 'Active'"]),
		(None, None),
		("not a filter", "not a filter"),
	],
)
def test_a_field_named_with_its_table_becomes_a_doctype_and_a_field(filters, expected):
	assert unqualified_filters(filters) == expected
