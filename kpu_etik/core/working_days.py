"""Working days (hari kerja): deadlines counted in working days, skipping weekends and holidays.

Conventions used throughout the app:

- A working day is a day whose weekday (Monday = 0 ... Sunday = 6) is not in ``weekend`` and which
  is not in ``holidays``. The default weekend is Saturday and Sunday. Holidays (libur nasional and
  cuti bersama, set by decree every year) are data: the Frappe layer passes them from its holiday
  list, nothing here knows them.
- "Within N working days of X" means: by the end of the Nth working day after X, X itself excluded
  (X need not be a working day). ``add_working_days(X, N)`` returns that day; with N = 0 it returns X.
- ``working_days_between(a, b)`` counts the working days ``d`` with ``a < d <= b``; it is negative
  when ``b`` is before ``a``. So ``working_days_between(x, add_working_days(x, n)) == n``.

``datetime`` values are accepted wherever a date is and are reduced to their date.
"""

from collections.abc import Collection
from datetime import date, datetime, timedelta

from kpu_etik.core.errors import RuleError

DEFAULT_WEEKEND = (5, 6)  # Saturday, Sunday
_ONE_DAY = timedelta(days=1)


class WorkingDaysError(RuleError):
	pass


def _as_date(value) -> date:
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	raise TypeError(f"expected a date, got {type(value).__name__}")


def _holiday_set(holidays: Collection[date]) -> frozenset[date]:
	return frozenset(_as_date(h) for h in holidays or ())


def _weekend_set(weekend) -> frozenset[int]:
	days = frozenset(weekend or ())
	for day in days:
		if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
			raise WorkingDaysError(
				"A weekend day is a weekday number from 0 (Monday) to 6 (Sunday), not {0!r}", day
			)
	if len(days) == 7:
		raise WorkingDaysError("The weekend cannot cover all seven days of the week")
	return days


def is_working_day(d: date, holidays: Collection[date] = (), weekend=DEFAULT_WEEKEND) -> bool:
	"""True if ``d`` is neither a weekend day nor a holiday."""
	d = _as_date(d)
	return d.weekday() not in _weekend_set(weekend) and d not in _holiday_set(holidays)


def add_working_days(
	start: date, days: int, holidays: Collection[date] = (), weekend=DEFAULT_WEEKEND
) -> date:
	"""The Nth working day after ``start`` (``start`` excluded): the deadline "within N working days".

	``days`` = 0 returns ``start`` itself. For ``days`` >= 1 the result is always a working day and
	``start`` does not count, even when it is a working day: Friday 2024-05-10 + 1 is Monday
	2024-05-13. Raises WorkingDaysError for a negative ``days``.
	"""
	start = _as_date(start)
	if not isinstance(days, int) or isinstance(days, bool) or days < 0:
		raise WorkingDaysError(
			"The number of working days must be a whole number of at least 0, not {0!r}", days
		)
	weekend_days = _weekend_set(weekend)
	holiday_days = _holiday_set(holidays)
	current = start
	remaining = days
	while remaining:
		current += _ONE_DAY
		if current.weekday() not in weekend_days and current not in holiday_days:
			remaining -= 1
	return current


def working_days_between(a: date, b: date, holidays: Collection[date] = (), weekend=DEFAULT_WEEKEND) -> int:
	"""The number of working days ``d`` with ``a < d <= b``; the negated count of ``b < d <= a`` if b < a."""
	a, b = _as_date(a), _as_date(b)
	if b < a:
		return -working_days_between(b, a, holidays, weekend)
	weekend_days = _weekend_set(weekend)
	span = (b - a).days
	full_weeks, rest = divmod(span, 7)
	count = full_weeks * (7 - len(weekend_days))
	# The last `rest` days of the span are what the full weeks leave over.
	day = b
	for _ in range(rest):
		if day.weekday() not in weekend_days:
			count += 1
		day -= _ONE_DAY
	count -= sum(1 for h in _holiday_set(holidays) if a < h <= b and h.weekday() not in weekend_days)
	return count


def days_left(today: date, deadline: date, holidays: Collection[date] = (), weekend=DEFAULT_WEEKEND) -> int:
	"""Working days left until ``deadline``: 0 when it is due today, negative once it has passed.

	Before or on the deadline this is ``working_days_between(today, deadline)``. After it, it is minus
	the working days since the deadline (``deadline < d <= today``) but at least 1 in size: the Saturday
	after a Friday deadline is already -1 although no working day has passed.
	"""
	today, deadline = _as_date(today), _as_date(deadline)
	if today <= deadline:
		return working_days_between(today, deadline, holidays, weekend)
	return min(-1, working_days_between(today, deadline, holidays, weekend))
