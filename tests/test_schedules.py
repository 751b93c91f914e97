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
	got = occurrences("monthly:2WE", date(2026, 1, 1), count=12)
	assert got == [nth_weekday(2026, m, 2, 2) for m in range(1, 13)]
	assert got[:3] == [date(2026, 1, 14), date(2026, 2, 11), date(2026, 3, 11)]
	assert all(d.weekday() == 2 and 8 <= d.day <= 14 for d in got)


def test_second_wednesday_across_a_holiday_skipped():
	holiday = date(2026, 6, 10)  # the second Wednesday of June 2026
	got = occurrences("monthly:2WE", date(2026, 1, 1), until=date(2026, 12, 31), holidays={holiday})
	assert holiday not in got
	assert len(got) == 11
	assert got[4:6] == [date(2026, 5, 13), date(2026, 7, 8)]


def test_second_wednesday_across_a_holiday_moved():
	holiday = date(2026, 6, 10)
	got = occurrences(
		"monthly:2WE", date(2026, 1, 1), count=12, holidays=[holiday], on_holiday="next_working_day"
	)
	assert len(got) == 12
	assert holiday not in got
	assert date(2026, 6, 11) in got  # Thursday
	assert got == sorted(got)


def test_move_skips_consecutive_holidays_and_the_weekend():
	holidays = {date(2026, 6, 10), date(2026, 6, 11), date(2026, 6, 12)}  # Wed, Thu, Fri
	got = occurrences(
		"monthly:2WE", date(2026, 6, 1), count=1, holidays=holidays, on_holiday="next_working_day"
	)
	assert got == [date(2026, 6, 15)]  # Monday


def test_move_avoids_another_occurrence():
	# Wednesday is a holiday; Thursday is already a meeting day, so the Wednesday meeting moves to Friday.
	got = occurrences(
		"weekly:WE,TH",
		date(2026, 3, 2),
		until=date(2026, 3, 8),
		holidays={date(2026, 3, 4)},
		on_holiday="next_working_day",
	)
	assert got == [date(2026, 3, 5), date(2026, 3, 6)]


def test_move_respects_a_custom_weekend():
	got = occurrences(
		"weekly:TH",
		date(2026, 3, 2),
		count=1,
		holidays={date(2026, 3, 5)},
		on_holiday="next_working_day",
		weekend=(4, 5),  # Friday and Saturday
	)
	assert got == [date(2026, 3, 8)]  # Sunday


def test_weekend_rule_dates_that_are_not_holidays_stay():
	got = occurrences("weekly:SA", date(2026, 3, 2), count=2, on_holiday="next_working_day")
	assert got == [date(2026, 3, 7), date(2026, 3, 14)]


def test_weekly_with_days_and_until_inclusive():
	# 2026-03-03 is a Tuesday: the start does not fit the rule and is not an occurrence.
	got = occurrences("weekly:MO,WE", date(2026, 3, 3), until=date(2026, 3, 18))
	assert got == [
		date(2026, 3, 4),
		date(2026, 3, 9),
		date(2026, 3, 11),
		date(2026, 3, 16),
		date(2026, 3, 18),
	]


def test_plain_weekly_uses_the_start_weekday():
	got = occurrences("weekly", date(2026, 3, 3), count=3)
	assert got == [date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 17)]


def test_count_and_until_together_stop_at_the_first():
	assert len(occurrences("weekly", date(2026, 3, 3), count=10, until=date(2026, 3, 17))) == 3
	assert len(occurrences("weekly", date(2026, 3, 3), count=2, until=date(2026, 12, 31))) == 2


def test_last_friday():
	got = occurrences("monthly:-1FR", date(2026, 1, 1), until=date(2026, 12, 31))
	assert got == [nth_weekday(2026, m, 4, -1) for m in range(1, 13)]
	assert date(2026, 1, 30) in got
	assert all(d.weekday() == 4 and (d + timedelta(days=7)).month != d.month for d in got)


def test_day_of_month_and_last_day():
	assert occurrences("monthly:15", date(2026, 1, 20), count=3) == [
		date(2026, 2, 15),
		date(2026, 3, 15),
		date(2026, 4, 15),
	]
	assert occurrences("monthly:-1", date(2026, 1, 1), count=3) == [
		date(2026, 1, 31),
		date(2026, 2, 28),
		date(2026, 3, 31),
	]
	# Months without a 31st have no occurrence.
	assert occurrences("monthly:31", date(2026, 1, 1), until=date(2026, 4, 30)) == [
		date(2026, 1, 31),
		date(2026, 3, 31),
	]


def test_several_weekdays_in_the_month():
	got = occurrences("monthly:1MO,3MO", date(2026, 3, 1), count=4)
	assert got == [date(2026, 3, 2), date(2026, 3, 16), date(2026, 4, 6), date(2026, 4, 20)]


def test_rules_ignore_case_and_spaces():
	expected = occurrences("weekly:MO,WE", date(2026, 3, 3), count=6)
	assert occurrences(" Weekly : mo, we ", date(2026, 3, 3), count=6) == expected
	assert validate_rule(" monthly : -1fr ") == "MONTHLY:-1FR"


def test_datetimes_are_reduced_to_dates():
	got = occurrences("weekly", datetime(2026, 3, 3, 15, 30), until=datetime(2026, 3, 10, 9, 0))
	assert got == [date(2026, 3, 3), date(2026, 3, 10)]


def test_runaway_until_is_refused():
	with pytest.raises(ScheduleError) as info:
		occurrences("weekly:MO,TU,WE,TH,FR,SA,SU", date(2026, 1, 1), until=date(2030, 1, 1))
	assert str(MAX_OCCURRENCES) in str(info.value)


def test_runaway_count_is_refused_but_the_cap_itself_is_allowed():
	with pytest.raises(ScheduleError):
		occurrences("weekly", date(2026, 1, 1), count=MAX_OCCURRENCES + 1)
	assert len(occurrences("weekly", date(2026, 1, 1), count=MAX_OCCURRENCES)) == MAX_OCCURRENCES
	# Exactly the cap through an end date is fine too.
	until = date(2026, 1, 1) + timedelta(weeks=MAX_OCCURRENCES - 1)
	assert len(occurrences("weekly", date(2026, 1, 1), until=until)) == MAX_OCCURRENCES


@pytest.mark.parametrize(
	"rule",
	[
		"",
		"   ",
		None,
		42,
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
		"monthly:WE2",
		"monthly:2XX",
		"monthly:2WE,15",
		"monthly:second wednesday",
		"FREQ=MONTHLY;BYDAY=2WE",
		"weekly;MO",
	],
)
def test_malformed_rules_are_refused(rule):
	with pytest.raises(ScheduleError) as info:
		occurrences(rule, date(2026, 1, 1), count=3)
	assert isinstance(info.value, RuleError)
	assert "{" not in str(info.value)  # the template was formatted with its arguments
	with pytest.raises(ScheduleError):
		validate_rule(rule)


def test_end_is_required_and_checked():
	with pytest.raises(ScheduleError):
		occurrences("weekly", date(2026, 1, 1))
	with pytest.raises(ScheduleError):
		occurrences("weekly", date(2026, 1, 1), until=date(2025, 12, 31))
	for count in (0, -1, 2.5, True):
		with pytest.raises(ScheduleError):
			occurrences("weekly", date(2026, 1, 1), count=count)


def test_on_holiday_must_be_known():
	with pytest.raises(ScheduleError):
		occurrences("weekly", date(2026, 1, 1), count=2, on_holiday="previous_working_day")


def test_bad_weekend_is_refused():
	with pytest.raises(RuleError):
		occurrences("weekly", date(2026, 1, 1), count=2, weekend=range(7))


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
	rule = "weekly:" + ",".join(sorted(days))
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
	got = occurrences(f"monthly:{nth}{CODES[weekday]}", start, count=6)
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
