"""Working days: deadlines that skip weekends and holidays."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpu_etik.core.working_days import (
	DEFAULT_WEEKEND,
	WorkingDaysError,
	add_working_days,
	days_left,
	is_working_day,
	working_days_between,
)

FRI = date(2024, 5, 10)
SAT = date(2024, 5, 11)
SUN = date(2024, 5, 12)
MON = date(2024, 5, 13)
TUE = date(2024, 5, 14)
WED = date(2024, 5, 15)

starts = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
holiday_lists = st.lists(st.dates(min_value=date(2020, 1, 1), max_value=date(2031, 12, 31)), max_size=40)
weekends = st.sets(st.integers(0, 6), max_size=6)


def test_default_weekend_is_saturday_and_sunday():
	assert DEFAULT_WEEKEND == (5, 6)
	assert SAT.weekday() == 5 and SUN.weekday() == 6


def test_is_working_day():
	assert is_working_day(FRI)
	assert not is_working_day(SAT)
	assert not is_working_day(SUN)
	assert not is_working_day(TUE, holidays={TUE})
	assert is_working_day(SAT, weekend=(4,))
	assert not is_working_day(FRI, weekend=(4,))


def test_skips_a_weekend_and_a_holiday():
	# Friday + 2 working days, Tuesday a holiday: Monday is the 1st, Wednesday the 2nd.
	assert add_working_days(FRI, 2, holidays=[TUE]) == WED
	assert add_working_days(FRI, 2) == TUE
	assert add_working_days(FRI, 1, holidays=[TUE]) == MON
	assert add_working_days(FRI, 1, holidays=[MON, TUE]) == WED


def test_the_start_day_is_excluded():
	assert add_working_days(MON, 1) == TUE
	assert add_working_days(SAT, 1) == MON
	assert add_working_days(SUN, 1) == MON
	assert add_working_days(MON, 0) == MON
	assert add_working_days(SAT, 0) == SAT
	assert add_working_days(MON, 5) == date(2024, 5, 20)
	assert add_working_days(MON, 7) == date(2024, 5, 22)


def test_datetimes_count_as_their_date():
	assert add_working_days(datetime(2024, 5, 10, 23, 59), 2, holidays=[datetime(2024, 5, 14, 0, 0)]) == WED
	assert working_days_between(datetime(2024, 5, 10, 8), WED, holidays=[TUE]) == 2


@pytest.mark.parametrize("days", [-1, 1.5, "2", None, True])
def test_bad_day_counts_are_refused(days):
	with pytest.raises(WorkingDaysError):
		add_working_days(FRI, days)


@pytest.mark.parametrize("weekend", [range(7), (7,), (-1,), ("5",)])
def test_bad_weekends_are_refused(weekend):
	with pytest.raises(WorkingDaysError):
		add_working_days(FRI, 1, weekend=weekend)


def test_non_dates_are_refused():
	with pytest.raises(TypeError):
		add_working_days("2024-05-10", 1)


def test_working_days_between():
	assert working_days_between(FRI, WED, holidays=[TUE]) == 2
	assert working_days_between(FRI, WED) == 3
	assert working_days_between(FRI, FRI) == 0
	assert working_days_between(FRI, SUN) == 0
	assert working_days_between(WED, FRI, holidays=[TUE]) == -2
	assert working_days_between(date(2024, 1, 1), date(2024, 12, 31)) == 261
	# A holiday on a weekend day does not count twice.
	assert working_days_between(FRI, WED, holidays=[SAT]) == 3


def test_days_left():
	assert days_left(MON, WED) == 2
	assert days_left(MON, WED, holidays=[TUE]) == 1
	assert days_left(WED, WED) == 0
	assert days_left(SAT, FRI) == -1
	assert days_left(SUN, FRI) == -1
	assert days_left(MON, FRI) == -1
	assert days_left(TUE, FRI) == -2
	assert days_left(WED, FRI, holidays=[TUE]) == -2


def brute_force_add(start, n, holidays, weekend):
	day = start
	while n:
		day += timedelta(days=1)
		if day.weekday() not in weekend and day not in holidays:
			n -= 1
	return day


@given(starts, st.integers(0, 60), holiday_lists, weekends)
def test_add_matches_a_day_by_day_count(start, n, holidays, weekend):
	result = add_working_days(start, n, holidays, weekend)
	assert result == brute_force_add(start, n, set(holidays), set(weekend))
	assert working_days_between(start, result, holidays, weekend) == n
	if n:
		assert result > start
		assert is_working_day(result, holidays, weekend)
		assert result.weekday() not in weekend
		assert result not in holidays
		# No working day was skipped: exactly n - 1 lie strictly between.
		assert working_days_between(start, result - timedelta(days=1), holidays, weekend) == n - 1


@given(starts, st.integers(0, 60), holiday_lists)
def test_add_is_strictly_monotonic_in_days(start, n, holidays):
	assert add_working_days(start, n, holidays) < add_working_days(start, n + 1, holidays)


@given(starts, st.integers(1, 40), st.integers(0, 20), holiday_lists)
def test_add_is_monotonic_in_start(start, n, shift, holidays):
	later = start + timedelta(days=shift)
	assert add_working_days(start, n, holidays) <= add_working_days(later, n, holidays)


@given(starts, starts, holiday_lists, weekends)
def test_between_is_antisymmetric_and_matches_brute_force(a, b, holidays, weekend):
	forward = working_days_between(a, b, holidays, weekend)
	assert working_days_between(b, a, holidays, weekend) == -forward
	low, high = min(a, b), max(a, b)
	hs, ws = set(holidays), set(weekend)
	count = sum(
		1
		for i in range(1, (high - low).days + 1)
		if (low + timedelta(days=i)).weekday() not in ws and low + timedelta(days=i) not in hs
	)
	assert abs(forward) == count


@given(starts, starts, holiday_lists)
def test_days_left_is_negative_exactly_when_overdue(today, deadline, holidays):
	left = days_left(today, deadline, holidays)
	assert (left < 0) == (today > deadline)
	if today <= deadline:
		assert left == working_days_between(today, deadline, holidays)
