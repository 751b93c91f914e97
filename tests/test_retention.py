"""Retention and a person's requests under UU 27/2022 (kpu_etik.core.retention), without Frappe."""

from datetime import date, datetime, timedelta

import pytest

from kpu_etik.core import retention
from kpu_etik.core.errors import RuleError
from kpu_etik.core.officials import left_on


def test_a_period_of_months_ends_on_the_same_day_of_the_month():
	assert retention.cutoff(date(2026, 12, 6), 60) == date(2021, 12, 6)
	assert retention.cutoff(date(2026, 3, 31), 1) == date(2026, 2, 28)
	assert retention.cutoff(date(2026, 12, 6), 0) == date(2026, 12, 6)
	with pytest.raises(RuleError):
		retention.cutoff(date(2026, 12, 6), -1)


def test_every_kind_has_a_default_and_a_description_and_the_defaults_are_whole_months():
	assert len(retention.KIND_KEYS) == len(set(retention.KIND_KEYS)) == 6
	for kind in retention.KINDS:
		assert kind.default_months >= 1 and kind.starts and kind.removes and kind.label


def test_values_looked_for_in_text_are_long_enough_and_longest_first():
	values = retention.values_worth_masking(
		["7322011705900001", "", None, "Jl. A", "081234567890", date(1990, 5, 17), "0812345678"]
	)
	assert values == ["7322011705900001", "081234567890", "0812345678", "1990-05-17"]


def test_masking_replaces_each_value_whole_and_leaves_other_text():
	values = retention.values_worth_masking(["081234567890", "0812345678"])
	text = "Hubungi 081234567890 atau 0812345678 (Pak Andi)"
	assert retention.mask(text, values) == "Hubungi [dihapus] atau [dihapus] (Pak Andi)"
	untouched = "tidak ada nomor"
	assert retention.mask(untouched, values) is untouched
	assert retention.mask(None, values) is None


def test_an_official_leaves_on_the_day_of_their_first_left_status_and_comes_back_with_none():
	today = date(2026, 12, 6)
	assert left_on("Term Ended", None, today) == today
	assert left_on("Dismissed", date(2025, 1, 2), today) == date(2025, 1, 2)
	assert left_on("Active", date(2025, 1, 2), today) is None
	assert left_on("Suspended", None, today) is None


def test_answers_and_notices_are_due_three_times_twenty_four_hours_later():
	received = datetime(2026, 12, 4, 16, 30)
	assert retention.answer_due(received) == received + timedelta(days=3)
	assert retention.notify_due(received) == datetime(2026, 12, 7, 16, 30)


@pytest.mark.parametrize(
	"request_type, facts, ground",
	[
		(
			"Access and Copy",
			{"under_hold": True, "seated": True, "public": True, "retention_ended": False},
			None,
		),
		(
			"Erasure",
			{"under_hold": True, "seated": False, "public": False, "retention_ended": True},
			"Open complaint or sanction",
		),
		(
			"Erasure",
			{"under_hold": False, "seated": True, "public": True, "retention_ended": False},
			"Public decision",
		),
		(
			"Restriction",
			{"under_hold": False, "seated": True, "public": False, "retention_ended": False},
			"Election administration",
		),
		(
			"Erasure",
			{"under_hold": False, "seated": False, "public": False, "retention_ended": False},
			"Retention period not ended",
		),
		(
			"Restriction",
			{"under_hold": False, "seated": False, "public": False, "retention_ended": False},
			None,
		),
		("Erasure", {"under_hold": False, "seated": False, "public": False, "retention_ended": True}, None),
	],
)
def test_an_erasure_is_refused_only_on_an_exception_the_app_names(request_type, facts, ground):
	assert retention.refusal_ground_for(request_type, **facts) == ground
	assert ground is None or ground in retention.REFUSAL_GROUNDS


def test_a_window_needs_both_ends_in_order():
	start = datetime(2026, 12, 1, 8)
	assert retention.window_valid(start, start + timedelta(hours=1))
	assert not retention.window_valid(start, start - timedelta(hours=1))
	assert not retention.window_valid(None, start)
