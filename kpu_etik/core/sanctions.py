"""Sanctions on ad hoc election officials: the ladder, the dates of a sanction and the status it imposes.

The ladder follows the practice described in DOMAIN.md ("Handling a violation"): written warnings
(which come with *pembinaan*, guidance by the level above), then suspension, then dismissal. A member
proposed for dismissal is suspended until the dismissal decree (SK) is issued, so a suspension and a
dismissal can both be in force; the dismissal wins once it has started. "Not proven" ends in
*rehabilitasi* (name restored), which is not a sanction and does not appear here.

Dates are ``datetime.date``. A suspension runs from ``effective_from`` to ``until`` *inclusive*
(``until`` is its last day). Only sanctions whose state is ``"In Force"`` affect an official:
``"Draft"`` and ``"Approved in Plenary"`` (decided but not yet in effect), ``"Ended"`` and ``"Cancelled"`` do not.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kpu_etik.core.errors import RuleError

EFFECT_NONE = "none"
EFFECT_SUSPENSION = "suspension"
EFFECT_DISMISSAL = "dismissal"
EFFECTS = (EFFECT_NONE, EFFECT_SUSPENSION, EFFECT_DISMISSAL)

IN_FORCE = "In Force"
APPROVED = "Approved in Plenary"  # decided, not yet in force: its letter is still to be issued
SANCTION_STATES = ("Draft", APPROVED, IN_FORCE, "Ended", "Cancelled")

STATUS_SUSPENDED = "Suspended"
STATUS_DISMISSED = "Dismissed"


class SanctionError(RuleError):
	pass


def _check_effect(effect) -> None:
	if effect not in EFFECTS:
		raise SanctionError("Unknown sanction effect {0}: use none, suspension or dismissal", effect)


@dataclass(frozen=True)
class SanctionStep:
	"""One rung of the ladder: ``effect`` is "none" (a warning), "suspension" or "dismissal"."""

	name: str
	rank: int
	effect: str

	def __post_init__(self):
		if not isinstance(self.name, str) or not self.name.strip():
			raise SanctionError("A sanction step needs a name")
		if isinstance(self.rank, bool) or not isinstance(self.rank, int) or self.rank < 1:
			raise SanctionError("The rank of sanction step {0} must be a whole number from 1", self.name)
		_check_effect(self.effect)


DEFAULT_LADDER: tuple[SanctionStep, ...] = (
	SanctionStep("Peringatan Tertulis", 1, EFFECT_NONE),
	SanctionStep("Peringatan Keras Tertulis", 2, EFFECT_NONE),
	SanctionStep("Pemberhentian Sementara", 3, EFFECT_SUSPENSION),
	SanctionStep("Pemberhentian Tetap", 4, EFFECT_DISMISSAL),
)


def check_ladder(ladder: Iterable[SanctionStep]) -> tuple[SanctionStep, ...]:
	"""Return the ladder sorted by rank; raise SanctionError for an empty ladder or duplicates."""
	steps = tuple(ladder)
	if not steps:
		raise SanctionError("The sanction ladder has no steps")
	for step in steps:
		if not isinstance(step, SanctionStep):
			raise SanctionError("The sanction ladder contains {0}, which is not a sanction step", step)
	steps = tuple(sorted(steps, key=lambda step: step.rank))
	names, ranks = set(), set()
	for step in steps:
		if step.rank in ranks:
			raise SanctionError("Two sanction steps share the rank {0}", step.rank)
		if step.name in names:
			raise SanctionError("The sanction step {0} appears twice in the ladder", step.name)
		ranks.add(step.rank)
		names.add(step.name)
	return steps


def next_step(ladder: Iterable[SanctionStep], current_steps_in_force: Iterable[str]) -> SanctionStep | None:
	"""The step to propose for a new proven violation.

	``current_steps_in_force`` are the names of the warnings and sanctions the official already has in
	force. With none, the first step is proposed; otherwise the step just above the highest one. When
	the highest step in force is already the top of the ladder there is nothing further: None.
	Raise SanctionError for a name that is not on the ladder.
	"""
	steps = check_ladder(ladder)
	by_name = {step.name: step for step in steps}
	highest = None
	for name in current_steps_in_force:
		step = by_name.get(name.strip() if isinstance(name, str) else name)
		if step is None:
			raise SanctionError("{0} is not a step of the sanction ladder", name)
		if highest is None or step.rank > highest.rank:
			highest = step
	if highest is None:
		return steps[0]
	return next((step for step in steps if step.rank > highest.rank), None)


def check_sanction_dates(effect: str, effective_from: date, until: date | None) -> None:
	"""A suspension needs an end date after its start; a warning or a dismissal must not have one."""
	_check_effect(effect)
	if not isinstance(effective_from, date):
		raise SanctionError("A sanction needs the date it takes effect")
	if effect == EFFECT_SUSPENSION:
		if until is None:
			raise SanctionError("A suspension needs an end date")
		if until <= effective_from:
			raise SanctionError(
				"A suspension must end after it starts: it starts on {0} and ends on {1}",
				effective_from.isoformat(),
				until.isoformat(),
			)
	elif until is not None:
		raise SanctionError("Only a suspension has an end date, not a sanction with effect {0}", effect)


def status_on(day: date, sanctions: Iterable[tuple[str, date, date | None, str]]) -> str | None:
	"""The status that sanctions impose on an official on ``day``.

	``sanctions`` are ``(effect, effective_from, until, state)`` tuples. Only state "In Force" counts.
	"Dismissed" when a dismissal has taken effect on or before ``day`` (it overrides any suspension);
	otherwise "Suspended" when a suspension covers ``day`` (``until`` inclusive; a missing ``until`` is
	read as open-ended, as in "suspended until the dismissal decree"); otherwise None. Warnings
	(effect "none") never change the status.
	"""
	suspended = False
	for effect, effective_from, until, state in sanctions:
		_check_effect(effect)
		if state != IN_FORCE or effective_from > day:
			continue
		if effect == EFFECT_DISMISSAL:
			return STATUS_DISMISSED
		if effect == EFFECT_SUSPENSION and (until is None or day <= until):
			suspended = True
	return STATUS_SUSPENDED if suspended else None


def overlapping_suspension(
	new: tuple[date, date | None], existing: Iterable[tuple[date, date | None]]
) -> bool:
	"""Whether the period ``new`` shares at least one day with any of ``existing`` (ends inclusive, None open)."""
	new_from, new_until = new
	for other_from, other_until in existing:
		starts_before_other_ends = other_until is None or new_from <= other_until
		other_starts_before_new_ends = new_until is None or other_from <= new_until
		if starts_before_other_ends and other_starts_before_new_ends:
			return True
	return False
