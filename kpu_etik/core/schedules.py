"""Schedules of rakor (coordination meetings) and supervision visits, and how well they were kept.

Recurrence rules are small readable specs a Desk form can offer, case and spaces ignored:

=================  =========================================================================
``weekly``         every week on the start date's weekday
``weekly:MO,WE``   every week on the listed weekdays (MO TU WE TH FR SA SU)
``monthly``        every month on the start date's day of the month
``monthly:15``     every month on the 15th; ``monthly:-1`` is the last day of the month
``monthly:2WE``    every month on the second Wednesday; ``monthly:-1FR`` is the last Friday
``monthly:1MO,3MO`` several of either kind (days of the month and weekdays cannot be mixed)
=================  =========================================================================

A month without the asked-for day (the 31st, a fifth Wednesday) simply has no occurrence. The start
date is an occurrence only when it fits the rule. ``until`` is inclusive.

Visit states (``visit_status``), with the deadline = planned date + ``grace_days`` calendar days, by
which the visit must be held and its report filed:

- **Planned**: not held, the planned date is still ahead.
- **Due**: not held, today is between the planned date and the deadline (both included).
- **Missed**: not held, the deadline has passed.
- **Held**: held by the deadline, and reported (or the deadline has not passed yet).
- **Late**: held after the deadline, and reported.
- **Overdue**: held, but the report is still missing after the deadline.

Only Held counts as kept; Late and Overdue are kept with a fault, Missed is not kept at all.
"""

import itertools
import re
from collections.abc import Collection
from datetime import date, datetime, timedelta

from dateutil import rrule as rr

from kpu_etik.core.errors import RuleError
from kpu_etik.core.working_days import DEFAULT_WEEKEND, _as_date, _holiday_set, _weekend_set

MAX_OCCURRENCES = 400
ON_HOLIDAY = ("skip", "next_working_day")

PLANNED = "Planned"
DUE = "Due"
HELD = "Held"
LATE = "Late"
MISSED = "Missed"
OVERDUE = "Overdue"
VISIT_STATES = (PLANNED, DUE, HELD, LATE, MISSED, OVERDUE)

WEEKDAYS = {"MO": rr.MO, "TU": rr.TU, "WE": rr.WE, "TH": rr.TH, "FR": rr.FR, "SA": rr.SA, "SU": rr.SU}
_NTH_WEEKDAY = re.compile(r"(-?\d)(MO|TU|WE|TH|FR|SA|SU)")
_MONTH_DAY = re.compile(r"-?\d{1,2}")
_ONE_DAY = timedelta(days=1)


class ScheduleError(RuleError):
	pass


def _rule_kwargs(rule) -> dict:
	"""rrule keyword arguments for ``rule``; raises ScheduleError for anything outside the grammar."""
	if not isinstance(rule, str) or not rule.strip():
		raise ScheduleError("A schedule needs a recurrence rule such as weekly, weekly:MO,WE or monthly:2WE")
	spec = re.sub(r"\s+", "", rule).upper()
	frequency, _, parts = spec.partition(":")
	items = parts.split(",") if parts else []
	if (parts and not all(items)) or (spec.endswith(":")):
		raise ScheduleError("The recurrence rule {0} has an empty item", rule)
	if frequency == "WEEKLY":
		for item in items:
			if item not in WEEKDAYS:
				raise ScheduleError(
					"The recurrence rule {0} has {1}, which is not a weekday (MO, TU, WE, TH, FR, SA, SU)",
					rule,
					item,
				)
		kwargs = {"freq": rr.WEEKLY}
		if items:
			kwargs["byweekday"] = [WEEKDAYS[item] for item in dict.fromkeys(items)]
		return kwargs
	if frequency == "MONTHLY":
		kwargs = {"freq": rr.MONTHLY}
		days, weekdays = [], []
		for item in items:
			if _MONTH_DAY.fullmatch(item):
				day = int(item)
				if day == 0 or not -31 <= day <= 31:
					raise ScheduleError(
						"The recurrence rule {0} has day {1}; a day of the month is 1 to 31, or -1 for the last",
						rule,
						item,
					)
				days.append(day)
			elif match := _NTH_WEEKDAY.fullmatch(item):
				nth = int(match.group(1))
				if nth == 0 or not -5 <= nth <= 5:
					raise ScheduleError(
						"The recurrence rule {0} has {1}; the week in the month is 1 to 5, or -1 for the last",
						rule,
						item,
					)
				weekdays.append(WEEKDAYS[match.group(2)](nth))
			else:
				raise ScheduleError(
					"The recurrence rule {0} has {1}, which is neither a day of the month (15) nor a weekday "
					"in the month (2WE, -1FR)",
					rule,
					item,
				)
		if days and weekdays:
			raise ScheduleError(
				"The recurrence rule {0} mixes days of the month and weekdays; use one kind only", rule
			)
		if days:
			kwargs["bymonthday"] = sorted(set(days))
		if weekdays:
			kwargs["byweekday"] = list(dict.fromkeys(weekdays))
		return kwargs
	raise ScheduleError(
		"The recurrence rule {0} is not understood; use weekly, weekly:MO,WE, monthly:15, monthly:2WE or "
		"monthly:-1FR",
		rule,
	)


def validate_rule(rule: str) -> str:
	"""``rule`` normalised (upper case, no spaces) if it is understood; raises ScheduleError if not."""
	_rule_kwargs(rule)
	return re.sub(r"\s+", "", rule).upper()


def occurrences(
	rule: str,
	start: date,
	*,
	until: date | None = None,
	count: int | None = None,
	holidays: Collection[date] = (),
	on_holiday: str = "skip",
	weekend=DEFAULT_WEEKEND,
) -> list[date]:
	"""The dates of ``rule`` from ``start`` on, sorted, ending at ``until`` (included) or after ``count``.

	At least one of ``until`` and ``count`` is needed; with both, whichever ends the series first wins.
	``count`` counts the rule's dates before holidays are dealt with, so ``on_holiday="skip"`` may return
	fewer. A rule that would give more than MAX_OCCURRENCES dates is refused.

	A rule date that is a holiday is dropped (``on_holiday="skip"``) or moved to the next day after it
	that is neither a weekend day nor a holiday nor already one of the series' dates
	(``"next_working_day"``); a moved date may fall after ``until``. Rule dates on a weekend that are
	not holidays stay: the rule asked for them.
	"""
	kwargs = _rule_kwargs(rule)
	start = _as_date(start)
	if on_holiday not in ON_HOLIDAY:
		raise ScheduleError(
			"On a holiday a meeting is either skipped or moved to the next working day, not {0}", on_holiday
		)
	if until is None and count is None:
		raise ScheduleError("A schedule needs an end date or a number of occurrences")
	if count is not None:
		if not isinstance(count, int) or isinstance(count, bool) or count < 1:
			raise ScheduleError(
				"The number of occurrences must be a whole number of at least 1, not {0!r}", count
			)
		if count > MAX_OCCURRENCES:
			raise ScheduleError(
				"A schedule can have at most {0} occurrences, not {1}", MAX_OCCURRENCES, count
			)
	if until is not None:
		until = _as_date(until)
		if until < start:
			raise ScheduleError("The end date {0} is before the start date {1}", until, start)
		kwargs["until"] = datetime.combine(until, datetime.min.time())
	weekend_days = _weekend_set(weekend)
	holiday_days = _holiday_set(holidays)

	limit = count if count is not None else MAX_OCCURRENCES + 1
	dates = [
		moment.date()
		for moment in itertools.islice(
			rr.rrule(dtstart=datetime.combine(start, datetime.min.time()), **kwargs), limit
		)
	]
	if len(dates) > MAX_OCCURRENCES:
		raise ScheduleError(
			"The rule {0} gives more than {1} dates before {2}; choose an earlier end date",
			rule,
			MAX_OCCURRENCES,
			until,
		)

	taken = set(dates)
	result = []
	for day in dates:
		if day not in holiday_days:
			result.append(day)
		elif on_holiday == "next_working_day":
			# The series is finite and some weekday is not weekend, so a free working day exists.
			moved = day + _ONE_DAY
			while moved.weekday() in weekend_days or moved in holiday_days or moved in taken:
				moved += _ONE_DAY
			taken.add(moved)
			result.append(moved)
	return sorted(result)


def visit_status(planned: date, actual: date | None, reported: bool, today: date, grace_days: int = 0) -> str:
	"""Planned, Due, Held, Late, Missed or Overdue (see the module docstring) as of ``today``."""
	planned, today = _as_date(planned), _as_date(today)
	if not isinstance(grace_days, int) or isinstance(grace_days, bool) or grace_days < 0:
		raise ScheduleError(
			"The grace period must be a whole number of days of at least 0, not {0!r}", grace_days
		)
	deadline = planned + timedelta(days=grace_days)
	if actual is None:
		if reported:
			raise ScheduleError("A visit cannot be reported before it is held")
		if today < planned:
			return PLANNED
		return DUE if today <= deadline else MISSED
	actual = _as_date(actual)
	if actual > today:
		raise ScheduleError("The visit date {0} is after today ({1})", actual, today)
	if not reported:
		return HELD if today <= deadline else OVERDUE
	return HELD if actual <= deadline else LATE


def reminder_due(event_day: date, today: date, days_before: int) -> bool:
	"""True from ``days_before`` days before ``event_day`` up to the day itself, both included.

	A window rather than a single day, so that a scheduler run that did not happen on the exact day
	does not lose the reminder; the app records that a reminder was sent and sends it once.
	"""
	event_day, today = _as_date(event_day), _as_date(today)
	if not isinstance(days_before, int) or isinstance(days_before, bool) or days_before < 0:
		raise ScheduleError(
			"A reminder is sent a whole number of days of at least 0 before, not {0!r}", days_before
		)
	return event_day - timedelta(days=days_before) <= today <= event_day
