"""Schedules of rakor (coordination meetings) and supervision visits, and how well they were kept.

A recurrence rule is an RFC 5545 ``RRULE`` value, read with python-dateutil's ``rrulestr``; case and
spaces are ignored, and an ``RRULE:`` prefix may be given. A rule is stored in upper case without the
prefix (``validate_rule``). The series starts on the meeting's own date, so a rule must not set
DTSTART, and it ends at the meeting's "repeat until" date, so it has no COUNT or UNTIL of its own:

=========================================  =====================================================
``FREQ=WEEKLY``                            every week on the start date's weekday
``FREQ=WEEKLY;BYDAY=MO,WE``                every week on the listed weekdays (MO TU WE TH FR SA SU)
``FREQ=MONTHLY``                           every month on the start date's day of the month
``FREQ=MONTHLY;BYMONTHDAY=15``             every month on the 15th; ``BYMONTHDAY=-1`` is the last day
``FREQ=MONTHLY;BYDAY=2WE``                 every month on the second Wednesday; ``BYDAY=-1FR`` is the
                                           last Friday
``FREQ=MONTHLY;BYDAY=1MO,3MO``             several of either kind (``BYMONTHDAY=1,15``)
=========================================  =====================================================

Only these parts are accepted, with the same scope as the short specs used before: FREQ is WEEKLY
or MONTHLY; a weekly rule has plain weekdays; a monthly rule has days of the month (1 to 31, or -1
to -31 counted from the end) or weekdays in the month (1 to 5, or -1 to -5 counted from the end,
as in ``2WE``), not both. Other RRULE parts (INTERVAL, COUNT, UNTIL, BYSETPOS, BYHOUR, ...) are
refused.

A month without the asked-for day (the 31st, a fifth Wednesday) simply has no occurrence. The start
date is an occurrence only when it fits the rule. ``until`` is inclusive.

Rules stored before were short specs (``weekly``, ``weekly:MO,WE``, ``monthly``, ``monthly:15``,
``monthly:-1``, ``monthly:2WE``, ``monthly:-1FR``, ``monthly:1MO,3MO``); ``rrule_from_legacy``
turns each into the RRULE above that gives the same dates (``monthly:2WE`` is
``FREQ=MONTHLY;BYDAY=2WE``, ``monthly:15`` is ``FREQ=MONTHLY;BYMONTHDAY=15``), for the patch
``kpu_etik.patches.recurrence_rules_as_rrule``. ``validate_rule`` and ``occurrences`` take RRULEs
only.

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

FREQUENCIES = ("WEEKLY", "MONTHLY")
RULE_PARTS = ("FREQ", "BYDAY", "BYMONTHDAY")
_WEEKDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_MONTH_DAY = re.compile(r"[+-]?\d{1,2}")
_LEGACY_WEEKDAY = re.compile(r"-?\d?(?:MO|TU|WE|TH|FR|SA|SU)")
_LEGACY_MONTH_DAY = re.compile(r"-?\d{1,2}")
_ANY_START = datetime(2000, 1, 1)
_ONE_DAY = timedelta(days=1)


class ScheduleError(RuleError):
	pass


def _not_an_rrule(rule) -> ScheduleError:
	return ScheduleError(
		"The recurrence rule {0} is not a valid RRULE; write it like FREQ=WEEKLY;BYDAY=MO,WE or "
		"FREQ=MONTHLY;BYDAY=2WE",
		rule,
	)


def _check_scope(spec: str, rule) -> None:
	"""Refuse the RRULEs that dateutil reads but a meeting schedule does not use (see the module docstring)."""
	parts = {}
	for part in spec.split(";"):
		name, _, value = part.partition("=")
		if name not in RULE_PARTS:
			raise ScheduleError(
				"The recurrence rule {0} has {1}; a meeting's rule has only FREQ, BYDAY and BYMONTHDAY",
				rule,
				name,
			)
		if name in parts:
			raise ScheduleError("The recurrence rule {0} gives {1} more than once", rule, name)
		parts[name] = value
	frequency = parts.get("FREQ")
	if frequency not in FREQUENCIES:
		raise ScheduleError(
			"The recurrence rule {0} repeats {1}; a meeting repeats WEEKLY or MONTHLY", rule, frequency
		)
	weekdays = parts["BYDAY"].split(",") if "BYDAY" in parts else []
	days = parts["BYMONTHDAY"].split(",") if "BYMONTHDAY" in parts else []
	for item in weekdays:
		match = _WEEKDAY.fullmatch(item)
		if not match:
			raise _not_an_rrule(rule)
		if frequency == "WEEKLY" and match.group(1):
			raise ScheduleError(
				"The recurrence rule {0} has {1}, which is not a weekday (MO, TU, WE, TH, FR, SA, SU)",
				rule,
				item,
			)
		if frequency == "MONTHLY" and not match.group(1):
			raise ScheduleError(
				"The recurrence rule {0} has {1}, which is neither a day of the month (15) nor a weekday "
				"in the month (2WE, -1FR)",
				rule,
				item,
			)
		if frequency == "MONTHLY" and not (1 <= abs(int(match.group(1))) <= 5):
			raise ScheduleError(
				"The recurrence rule {0} has {1}; the week in the month is 1 to 5, or -1 for the last",
				rule,
				item,
			)
	if days and frequency == "WEEKLY":
		raise ScheduleError(
			"The recurrence rule {0} repeats weekly, so it cannot have days of the month (BYMONTHDAY)", rule
		)
	for item in days:
		if not _MONTH_DAY.fullmatch(item):
			raise _not_an_rrule(rule)
		if not 1 <= abs(int(item)) <= 31:
			raise ScheduleError(
				"The recurrence rule {0} has day {1}; a day of the month is 1 to 31, or -1 for the last",
				rule,
				item,
			)
	if days and weekdays:
		raise ScheduleError(
			"The recurrence rule {0} mixes days of the month and weekdays; use one kind only", rule
		)


def validate_rule(rule: str) -> str:
	"""``rule`` normalised (upper case, no spaces, no ``RRULE:`` prefix) if it is accepted.

	Raises ScheduleError for what rrulestr cannot read, a DTSTART, and what a meeting schedule does not
	use (see the module docstring).
	"""
	return _normalised(rule, rule)


def _normalised(rule, shown) -> str:
	"""validate_rule, with ``shown`` as the rule the messages name."""
	if not isinstance(rule, str) or not rule.strip():
		raise ScheduleError(
			"A schedule needs a recurrence rule such as FREQ=WEEKLY;BYDAY=MO,WE or FREQ=MONTHLY;BYDAY=2WE"
		)
	spec = re.sub(r"\s+", "", rule).upper().removeprefix("RRULE:")
	if "DTSTART" in spec:
		raise ScheduleError(
			"The recurrence rule {0} sets DTSTART; a series starts on the date of its first meeting", shown
		)
	try:
		rr.rrulestr(spec, dtstart=_ANY_START)
	except (ValueError, TypeError, OverflowError):
		raise _not_an_rrule(shown)
	_check_scope(spec, shown)
	return spec


def rrule_from_legacy(spec: str) -> str:
	"""The RRULE giving the same dates as a short spec stored before rules were RRULEs.

	``weekly:MO,WE`` is ``FREQ=WEEKLY;BYDAY=MO,WE``, ``monthly:15`` is ``FREQ=MONTHLY;BYMONTHDAY=15``,
	``monthly:2WE`` is ``FREQ=MONTHLY;BYDAY=2WE``, and so on (see the module docstring). A valid RRULE
	is returned unchanged. Raises ScheduleError for an invalid RRULE and for a spec the old rules
	refused; the message names ``spec``.
	"""
	if not isinstance(spec, str) or not spec.strip():
		raise ScheduleError(
			"A schedule needs a recurrence rule such as FREQ=WEEKLY;BYDAY=MO,WE or FREQ=MONTHLY;BYDAY=2WE"
		)
	if "=" in spec:  # no short spec has one
		validate_rule(spec)
		return spec
	frequency, colon, listed = re.sub(r"\s+", "", spec).upper().partition(":")
	if frequency not in FREQUENCIES:
		raise ScheduleError(
			"The recurrence rule {0} is not understood; use weekly, weekly:MO,WE, monthly:15, monthly:2WE or "
			"monthly:-1FR",
			spec,
		)
	items = listed.split(",") if colon else []
	if not all(items):
		raise ScheduleError("The recurrence rule {0} has an empty item", spec)
	weekdays = [item for item in items if _LEGACY_WEEKDAY.fullmatch(item)]
	days = [item for item in items if _LEGACY_MONTH_DAY.fullmatch(item)]
	for item in items:
		if item in weekdays or item in days:
			continue
		if frequency == "WEEKLY":
			raise ScheduleError(
				"The recurrence rule {0} has {1}, which is not a weekday (MO, TU, WE, TH, FR, SA, SU)",
				spec,
				item,
			)
		raise ScheduleError(
			"The recurrence rule {0} has {1}, which is neither a day of the month (15) nor a weekday "
			"in the month (2WE, -1FR)",
			spec,
			item,
		)
	parts = [f"FREQ={frequency}"]
	if weekdays:
		parts.append("BYDAY=" + ",".join(dict.fromkeys(weekdays)))
	if days:
		parts.append("BYMONTHDAY=" + ",".join(dict.fromkeys(days)))
	# The RRULE's own checks (ranges, no 2WE in a week, no mixing), naming the old spec.
	return _normalised(";".join(parts), spec)


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
	spec = validate_rule(rule)
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
	weekend_days = _weekend_set(weekend)
	holiday_days = _holiday_set(holidays)

	schedule = rr.rrulestr(spec, dtstart=datetime.combine(start, datetime.min.time()))
	if until is not None:
		schedule = schedule.replace(until=datetime.combine(until, datetime.min.time()))
	limit = count if count is not None else MAX_OCCURRENCES + 1
	dates = [moment.date() for moment in itertools.islice(schedule, limit)]
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
