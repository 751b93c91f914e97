"""Rakor and supervision schedules: recurrence rules, holidays, visit states and reminders."""

import calendar
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpu_etik.core.errors import RuleError
from kpu_etik.core.schedules import (
	DUE,
	HELD,
	LATE,
	MAX_OCCURRENCES,
	MISSED,
	OVERDUE,
	PLANNED,
	VISIT_STATES,
	ScheduleError,
	occurrences,
	reminder_due,
	rrule_from_legacy,
	validate_rule,
	visit_status,
)

CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def nth_weekday(year, month, weekday, nth):
	"""Independent oracle: the nth (negative: from the end) ``weekday`` of the month, or None."""
	days = [
		d
		for d in range(1, calendar.monthrange(year, month)[1] + 1)
		if date(year, month, d).weekday() == weekday
	]
	try:
		return date(year, month, days[nth - 1 if nth > 0 else nth])
	except IndexError:
		return None


# --- recurrence rules -------------------------------------------------------------------------------


def test_second_wednesday_of_each_month():
	got = occurrences("FREQ=MONTHLY;BYDAY=2WE", date(2026, 1, 1), count=12)
	assert got == [nth_weekday(2026, m, 2, 2) for m in range(1, 13)]
	assert got[:3] == [date(2026, 1, 14), date(2026, 2, 11), date(2026, 3, 11)]
	assert all(d.weekday() == 2 and 8 <= d.day <= 14 for d in got)


def test_second_wednesday_across_a_holiday_skipped():
	holiday = date(2026, 6, 10)  # the second Wednesday of June 2026
	got = occurrences(
		"FREQ=MONTHLY;BYDAY=2WE", date(2026, 1, 1), until=date(2026, 12, 31), holidays={holiday}
	)
	assert holiday not in got
	assert len(got) == 11
	assert got[4:6] == [date(2026, 5, 13), date(2026, 7, 8)]


def test_second_wednesday_across_a_holiday_moved():
	holiday = date(2026, 6, 10)
	got = occurrences(
		"FREQ=MONTHLY;BYDAY=2WE",
		date(2026, 1, 1),
		count=12,
		holidays=[holiday],
		on_holiday="next_working_day",
	)
	assert len(got) == 12
	assert holiday not in got
	assert date(2026, 6, 11) in got  # Thursday
	assert got == sorted(got)


def test_move_skips_consecutive_holidays_and_the_weekend():
	holidays = {date(2026, 6, 10), date(2026, 6, 11), date(2026, 6, 12)}  # Wed, Thu, Fri
	got = occurrences(
		"FREQ=MONTHLY;BYDAY=2WE", date(2026, 6, 1), count=1, holidays=holidays, on_holiday="next_working_day"
	)
	assert got == [date(2026, 6, 15)]  # Monday


def test_move_avoids_another_occurrence():
	# Wednesday is a holiday; Thursday is already a meeting day, so the Wednesday meeting moves to Friday.
	got = occurrences(
		"FREQ=WEEKLY;BYDAY=WE,TH",
		date(2026, 3, 2),
		until=date(2026, 3, 8),
		holidays={date(2026, 3, 4)},
		on_holiday="next_working_day",
	)
	assert got == [date(2026, 3, 5), date(2026, 3, 6)]


def test_move_respects_a_custom_weekend():
	got = occurrences(
		"FREQ=WEEKLY;BYDAY=TH",
		date(2026, 3, 2),
		count=1,
		holidays={date(2026, 3, 5)},
		on_holiday="next_working_day",
		weekend=(4, 5),  # Friday and Saturday
	)
	assert got == [date(2026, 3, 8)]  # Sunday


def test_weekend_rule_dates_that_are_not_holidays_stay():
	got = occurrences("FREQ=WEEKLY;BYDAY=SA", date(2026, 3, 2), count=2, on_holiday="next_working_day")
	assert got == [date(2026, 3, 7), date(2026, 3, 14)]


def test_weekly_with_days_and_until_inclusive():
	# 2026-03-03 is a Tuesday: the start does not fit the rule and is not an occurrence.
	got = occurrences("FREQ=WEEKLY;BYDAY=MO,WE", date(2026, 3, 3), until=date(2026, 3, 18))
	assert got == [
		date(2026, 3, 4),
		date(2026, 3, 9),
		date(2026, 3, 11),
		date(2026, 3, 16),
		date(2026, 3, 18),
	]


def test_plain_weekly_uses_the_start_weekday():
	got = occurrences("FREQ=WEEKLY", date(2026, 3, 3), count=3)
	assert got == [date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 17)]


def test_count_and_until_together_stop_at_the_first():
	assert len(occurrences("FREQ=WEEKLY", date(2026, 3, 3), count=10, until=date(2026, 3, 17))) == 3
	assert len(occurrences("FREQ=WEEKLY", date(2026, 3, 3), count=2, until=date(2026, 12, 31))) == 2


def test_last_friday():
	got = occurrences("FREQ=MONTHLY;BYDAY=-1FR", date(2026, 1, 1), until=date(2026, 12, 31))
	assert got == [nth_weekday(2026, m, 4, -1) for m in range(1, 13)]
	assert date(2026, 1, 30) in got
	assert all(d.weekday() == 4 and (d + timedelta(days=7)).month != d.month for d in got)


def test_day_of_month_and_last_day():
	assert occurrences("FREQ=MONTHLY;BYMONTHDAY=15", date(2026, 1, 20), count=3) == [
		date(2026, 2, 15),
		date(2026, 3, 15),
		date(2026, 4, 15),
	]
	assert occurrences("FREQ=MONTHLY;BYMONTHDAY=-1", date(2026, 1, 1), count=3) == [
		date(2026, 1, 31),
		date(2026, 2, 28),
		date(2026, 3, 31),
	]
	# Months without a 31st have no occurrence.
	assert occurrences("FREQ=MONTHLY;BYMONTHDAY=31", date(2026, 1, 1), until=date(2026, 4, 30)) == [
		date(2026, 1, 31),
		date(2026, 3, 31),
	]


def test_several_weekdays_in_the_month():
	got = occurrences("FREQ=MONTHLY;BYDAY=1MO,3MO", date(2026, 3, 1), count=4)
	assert got == [date(2026, 3, 2), date(2026, 3, 16), date(2026, 4, 6), date(2026, 4, 20)]


def test_rules_ignore_case_spaces_and_the_rrule_prefix():
	expected = occurrences("FREQ=WEEKLY;BYDAY=MO,WE", date(2026, 3, 3), count=6)
	assert occurrences(" rrule: freq = weekly ; byday = mo, we ", date(2026, 3, 3), count=6) == expected
	assert validate_rule(" rrule:Freq=Monthly; ByDay=-1fr ") == "FREQ=MONTHLY;BYDAY=-1FR"
	assert validate_rule("FREQ=MONTHLY;BYDAY=-1FR") == "FREQ=MONTHLY;BYDAY=-1FR"
	assert validate_rule("RRULE:FREQ=WEEKLY;BYDAY=MO,WE") == "FREQ=WEEKLY;BYDAY=MO,WE"


def test_datetimes_are_reduced_to_dates():
	got = occurrences("FREQ=WEEKLY", datetime(2026, 3, 3, 15, 30), until=datetime(2026, 3, 10, 9, 0))
	assert got == [date(2026, 3, 3), date(2026, 3, 10)]


def test_runaway_until_is_refused():
	with pytest.raises(ScheduleError) as info:
		occurrences("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU", date(2026, 1, 1), until=date(2030, 1, 1))
	assert str(MAX_OCCURRENCES) in str(info.value)


def test_runaway_count_is_refused_but_the_cap_itself_is_allowed():
	with pytest.raises(ScheduleError):
		occurrences("FREQ=WEEKLY", date(2026, 1, 1), count=MAX_OCCURRENCES + 1)
	assert len(occurrences("FREQ=WEEKLY", date(2026, 1, 1), count=MAX_OCCURRENCES)) == MAX_OCCURRENCES
	# Exactly the cap through an end date is fine too.
	until = date(2026, 1, 1) + timedelta(weeks=MAX_OCCURRENCES - 1)
	assert len(occurrences("FREQ=WEEKLY", date(2026, 1, 1), until=until)) == MAX_OCCURRENCES


BAD_RULES = [
	"",
	"   ",
	None,
	42,
	"FREQ=DAILY",
	"FREQ=YEARLY",
	"RRULE:FREQ=HOURLY",
	"FREQ=WEEKLY;",
	"FREQ=WEEKLY;BYDAY=",
	"FREQ=WEEKLY;BYDAY=XX",
	"FREQ=WEEKLY;BYDAY=MO,,WE",
	"FREQ=WEEKLY;BYDAY=2WE",
	"FREQ=WEEKLY;BYDAY=15",
	"FREQ=WEEKLY;BYMONTHDAY=15",
	"FREQ=MONTHLY;BYMONTHDAY=",
	"FREQ=MONTHLY;BYMONTHDAY=0",
	"FREQ=MONTHLY;BYMONTHDAY=32",
	"FREQ=MONTHLY;BYMONTHDAY=-32",
	"FREQ=MONTHLY;BYDAY=0WE",
	"FREQ=MONTHLY;BYDAY=6WE",
	"FREQ=MONTHLY;BYDAY=-6FR",
	"FREQ=MONTHLY;BYDAY=WE2",
	"FREQ=MONTHLY;BYDAY=2XX",
	"FREQ=MONTHLY;BYDAY=WE",
	"FREQ=MONTHLY;BYDAY=2WE;BYMONTHDAY=15",
	"FREQ=MONTHLY;BYDAY=second wednesday",
	"FREQ=WEEKLY,BYDAY=MO",
	"FREQ=WEEKLY:BYDAY=MO",
	"BYDAY=MO",
	"FREQ=WEEKLY;FREQ=MONTHLY",
	"FREQ=WEEKLY;BYDAY=MO;BYDAY=TU",
	# The series starts on the meeting's date.
	"DTSTART:20260101T090000\nRRULE:FREQ=WEEKLY",
	"DTSTART=20260101;FREQ=WEEKLY",
	"FREQ=WEEKLY;DTSTART=20260101",
	# One rule, nothing else.
	"RRULE:FREQ=WEEKLY\nEXDATE:20260108",
	"EXRULE:FREQ=WEEKLY",
	"RRULE:RRULE:FREQ=WEEKLY",
	# Valid RRULEs outside what a meeting schedule uses.
	"FREQ=WEEKLY;INTERVAL=2",
	"FREQ=WEEKLY;COUNT=3",
	"FREQ=WEEKLY;UNTIL=20261231",
	"FREQ=WEEKLY;BYHOUR=9,14",
	"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
	"FREQ=WEEKLY;BYEASTER=0",
	"FREQ=WEEKLY;X-NAME=1",
	# The short specs used before are converted by rrule_from_legacy, not read.
	"weekly",
	"monthly:2WE",
	"weekly;MO",
]


@pytest.mark.parametrize("rule", BAD_RULES)
def test_malformed_rules_are_refused(rule):
	with pytest.raises(ScheduleError) as info:
		occurrences(rule, date(2026, 1, 1), count=3)
	assert isinstance(info.value, RuleError)
	assert "{" not in str(info.value)  # the template was formatted with its arguments
	with pytest.raises(ScheduleError):
		validate_rule(rule)


def test_dtstart_and_other_frequencies_are_named_in_the_refusal():
	with pytest.raises(ScheduleError, match="DTSTART"):
		validate_rule("DTSTART:20260101T090000\nRRULE:FREQ=WEEKLY")
	with pytest.raises(ScheduleError, match="repeats DAILY; a meeting repeats WEEKLY or MONTHLY"):
		validate_rule("FREQ=DAILY")
	with pytest.raises(ScheduleError, match="has INTERVAL"):
		validate_rule("FREQ=WEEKLY;INTERVAL=2")


# --- rules stored before RRULEs -----------------------------------------------------------------------


@pytest.mark.parametrize(
	("spec", "rule", "start", "end", "expected"),
	[
		# Plain weekly: the start date's weekday (2026-03-03 is a Tuesday), not written in the RRULE.
		(
			"weekly",
			"FREQ=WEEKLY",
			date(2026, 3, 3),
			3,
			[date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 17)],
		),
		(
			"weekly:MO,WE",
			"FREQ=WEEKLY;BYDAY=MO,WE",
			date(2026, 3, 3),
			date(2026, 3, 18),
			[date(2026, 3, 4), date(2026, 3, 9), date(2026, 3, 11), date(2026, 3, 16), date(2026, 3, 18)],
		),
		# Plain monthly: the start date's day, so months without a 31st have none.
		(
			"monthly",
			"FREQ=MONTHLY",
			date(2026, 1, 31),
			4,
			[date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31), date(2026, 7, 31)],
		),
		(
			"monthly:15",
			"FREQ=MONTHLY;BYMONTHDAY=15",
			date(2026, 1, 20),
			3,
			[date(2026, 2, 15), date(2026, 3, 15), date(2026, 4, 15)],
		),
		(
			"monthly:-1",
			"FREQ=MONTHLY;BYMONTHDAY=-1",
			date(2026, 1, 1),
			3,
			[date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)],
		),
		(
			"monthly:2WE",
			"FREQ=MONTHLY;BYDAY=2WE",
			date(2026, 1, 1),
			3,
			[date(2026, 1, 14), date(2026, 2, 11), date(2026, 3, 11)],
		),
		(
			"monthly:-1FR",
			"FREQ=MONTHLY;BYDAY=-1FR",
			date(2026, 1, 1),
			3,
			[date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27)],
		),
		(
			"monthly:1MO,3MO",
			"FREQ=MONTHLY;BYDAY=1MO,3MO",
			date(2026, 3, 1),
			4,
			[date(2026, 3, 2), date(2026, 3, 16), date(2026, 4, 6), date(2026, 4, 20)],
		),
		# As the Desk form stored it: lower case.
		(
			"monthly:2we",
			"FREQ=MONTHLY;BYDAY=2WE",
			date(2029, 1, 10),
			date(2029, 6, 30),
			[
				date(2029, 1, 10),
				date(2029, 2, 14),
				date(2029, 3, 14),
				date(2029, 4, 11),
				date(2029, 5, 9),
				date(2029, 6, 13),
			],
		),
		(
			" Weekly : mo, we, MO ",
			"FREQ=WEEKLY;BYDAY=MO,WE",
			date(2026, 3, 2),
			date(2026, 3, 8),
			[date(2026, 3, 2), date(2026, 3, 4)],
		),
	],
)
def test_legacy_specs_become_rrules_with_the_same_dates(spec, rule, start, end, expected):
	converted = rrule_from_legacy(spec)
	assert converted == rule
	assert validate_rule(converted) == converted
	limit = {"count": end} if isinstance(end, int) else {"until": end}
	assert occurrences(converted, start, **limit) == expected


def test_legacy_conversion_does_not_depend_on_the_start_date():
	# "weekly" keeps meaning "on the start date's weekday" for every start date.
	for offset in range(7):
		start = date(2026, 3, 2) + timedelta(days=offset)
		got = occurrences(rrule_from_legacy("weekly"), start, count=3)
		assert got == [start, start + timedelta(weeks=1), start + timedelta(weeks=2)]


@pytest.mark.parametrize(
	"rule", ["FREQ=MONTHLY;BYDAY=2WE", "RRULE:FREQ=WEEKLY;BYDAY=MO,WE", "freq=monthly;bymonthday=-1"]
)
def test_rrules_pass_through_the_legacy_conversion_unchanged(rule):
	assert rrule_from_legacy(rule) == rule


@pytest.mark.parametrize(
	"spec",
	[
		"daily",
		"yearly",
		"weekly:",
		"weekly:XX",
		"weekly:MO,,WE",
		"weekly:2WE",
		"weekly:15",
		"monthly:",
		"monthly:0",
		"monthly:32",
		"monthly:-32",
		"monthly:0WE",
		"monthly:6WE",
		"monthly:-6FR",
		"monthly:WE",
		"monthly:WE2",
		"monthly:2XX",
		"monthly:10WE",
		"monthly:2WE,15",
		"monthly:second wednesday",
		"weekly;MO",
		"every full moon",
		"FREQ=DAILY",
		"FREQ=WEEKLY;INTERVAL=2",
	],
)
def test_legacy_specs_the_old_rules_refused_are_refused(spec):
	with pytest.raises(ScheduleError) as info:
		rrule_from_legacy(spec)
	assert spec in str(info.value)  # the message names the spec, not its RRULE
	assert "{" not in str(info.value)


@pytest.mark.parametrize("spec", ["", "  ", None, 42])
def test_legacy_conversion_needs_a_spec(spec):
	with pytest.raises(ScheduleError):
		rrule_from_legacy(spec)


def test_end_is_required_and_checked():
	with pytest.raises(ScheduleError):
		occurrences("FREQ=WEEKLY", date(2026, 1, 1))
	with pytest.raises(ScheduleError):
		occurrences("FREQ=WEEKLY", date(2026, 1, 1), until=date(2025, 12, 31))
	for count in (0, -1, 2.5, True):
		with pytest.raises(ScheduleError):
			occurrences("FREQ=WEEKLY", date(2026, 1, 1), count=count)


def test_on_holiday_must_be_known():
	with pytest.raises(ScheduleError):
		occurrences("FREQ=WEEKLY", date(2026, 1, 1), count=2, on_holiday="previous_working_day")


def test_bad_weekend_is_refused():
	with pytest.raises(RuleError):
		occurrences("FREQ=WEEKLY", date(2026, 1, 1), count=2, weekend=range(7))


starts = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=150, deadline=None)
@given(
	start=starts,
	days=st.sets(st.sampled_from(CODES), min_size=1),
	weeks=st.integers(0, 20),
	holidays=st.sets(st.dates(min_value=date(2020, 1, 1), max_value=date(2031, 12, 31)), max_size=30),
)
def test_weekly_properties(start, days, weeks, holidays):
	until = start + timedelta(weeks=weeks, days=6)
	rule = "FREQ=WEEKLY;BYDAY=" + ",".join(sorted(days))
	plain = occurrences(rule, start, until=until)
	wanted = {CODES.index(code) for code in days}
	assert plain == sorted(set(plain))
	assert all(start <= d <= until and d.weekday() in wanted for d in plain)
	# Every fitting day in the window is there.
	assert len(plain) == sum(
		1 for i in range((until - start).days + 1) if (start + timedelta(i)).weekday() in wanted
	)

	skipped = occurrences(rule, start, until=until, holidays=holidays)
	assert skipped == [d for d in plain if d not in holidays]

	moved = occurrences(rule, start, until=until, holidays=holidays, on_holiday="next_working_day")
	assert len(moved) == len(set(moved)) == len(plain)
	assert not set(moved) & holidays
	assert set(skipped) <= set(moved)
	for d in set(moved) - set(plain):
		assert d.weekday() < 5


@settings(max_examples=100, deadline=None)
@given(start=starts, nth=st.sampled_from([1, 2, 3, 4, -1, -2]), weekday=st.integers(0, 6))
def test_monthly_nth_weekday_matches_the_calendar(start, nth, weekday):
	got = occurrences(f"FREQ=MONTHLY;BYDAY={nth}{CODES[weekday]}", start, count=6)
	assert len(got) == 6
	for d in got:
		assert d == nth_weekday(d.year, d.month, weekday, nth)
		assert d >= start
	assert len({(d.year, d.month) for d in got}) == 6


# --- visit states -------------------------------------------------------------------------------------

PLANNED_DAY = date(2026, 5, 11)


@pytest.mark.parametrize(
	("actual", "reported", "today", "grace", "expected"),
	[
		# Not held.
		(None, False, date(2026, 5, 10), 0, PLANNED),
		(None, False, date(2026, 5, 11), 0, DUE),
		(None, False, date(2026, 5, 12), 0, MISSED),
		(None, False, date(2026, 5, 14), 3, DUE),
		(None, False, date(2026, 5, 15), 3, MISSED),
		# Held and reported.
		(date(2026, 5, 11), True, date(2026, 5, 11), 0, HELD),
		(date(2026, 5, 8), True, date(2026, 5, 9), 0, HELD),  # held early
		(date(2026, 5, 12), True, date(2026, 5, 12), 0, LATE),
		(date(2026, 5, 14), True, date(2026, 6, 1), 3, HELD),
		(date(2026, 5, 15), True, date(2026, 6, 1), 3, LATE),
		# Held, report missing.
		(date(2026, 5, 11), False, date(2026, 5, 11), 0, HELD),
		(date(2026, 5, 11), False, date(2026, 5, 12), 0, OVERDUE),
		(date(2026, 5, 11), False, date(2026, 5, 14), 3, HELD),
		(date(2026, 5, 11), False, date(2026, 5, 15), 3, OVERDUE),
		(date(2026, 5, 20), False, date(2026, 5, 20), 3, OVERDUE),  # late and unreported
	],
)
def test_visit_status_boundaries(actual, reported, today, grace, expected):
	assert visit_status(PLANNED_DAY, actual, reported, today, grace) == expected


def test_visit_states_are_the_documented_ones():
	assert set(VISIT_STATES) == {"Planned", "Due", "Held", "Late", "Missed", "Overdue"}


def test_visit_status_refuses_inconsistent_input():
	with pytest.raises(ScheduleError):
		visit_status(PLANNED_DAY, None, True, date(2026, 5, 20))
	with pytest.raises(ScheduleError):
		visit_status(PLANNED_DAY, date(2026, 5, 21), True, date(2026, 5, 20))
	with pytest.raises(ScheduleError):
		visit_status(PLANNED_DAY, None, False, date(2026, 5, 20), grace_days=-1)


@given(
	planned=starts,
	held_after=st.one_of(st.none(), st.integers(-5, 30)),
	reported=st.booleans(),
	today_after=st.integers(-10, 40),
	grace=st.integers(0, 10),
)
def test_visit_status_is_always_a_state(planned, held_after, reported, today_after, grace):
	today = planned + timedelta(days=today_after)
	actual = None if held_after is None else planned + timedelta(days=held_after)
	if (actual is None and reported) or (actual is not None and actual > today):
		with pytest.raises(ScheduleError):
			visit_status(planned, actual, reported, today, grace)
		return
	status = visit_status(planned, actual, reported, today, grace)
	assert status in VISIT_STATES
	assert (status in {PLANNED, DUE, MISSED}) == (actual is None)
	if status == LATE:
		assert actual > planned + timedelta(days=grace)


# --- reminders ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	("today", "days_before", "expected"),
	[
		(date(2026, 5, 7), 3, False),
		(date(2026, 5, 8), 3, True),
		(date(2026, 5, 10), 3, True),
		(date(2026, 5, 11), 3, True),
		(date(2026, 5, 12), 3, False),
		(date(2026, 5, 11), 0, True),
		(date(2026, 5, 10), 0, False),
	],
)
def test_reminder_due_window(today, days_before, expected):
	assert reminder_due(date(2026, 5, 11), today, days_before) is expected


def test_reminder_refuses_negative_notice():
	with pytest.raises(ScheduleError):
		reminder_due(date(2026, 5, 11), date(2026, 5, 11), -1)


def test_the_visit_form_offers_exactly_the_core_visit_states():
	# A Select, so the Desk shows each state in the user's language; its options are the core's.
	import json
	from pathlib import Path

	meta = json.loads(
		(
			Path(__file__).parent.parent
			/ "kpu_etik/supervision/doctype/supervision_visit/supervision_visit.json"
		).read_text()
	)
	field = next(f for f in meta["fields"] if f["fieldname"] == "visit_state")
	assert field["fieldtype"] == "Select"
	assert tuple(o for o in field["options"].split("\n") if o) == VISIT_STATES
