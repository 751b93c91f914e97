"""What the portal home tells a PPK or PPS member: the action their kinship declaration needs, how
complete a body is, whether their membership still gives them access, and which bodies they reach.

Framework-free: the Frappe layer (`kpu_etik/portal.py`) reads the records and asks these rules.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

# A member keeps the portal while they hold their seat: a suspended member still reads the decision
# that suspended them; a dismissed member, or one whose term ended or who resigned, does not.
PORTAL_STATUSES = ("Active", "Suspended")
# The states of a kinship declaration that count as declared (KPU has it; the member has nothing to do).
DECLARED_STATES = ("Submitted", "Verified", "Announced")


@dataclass(frozen=True)
class DeclarationStep:
	"""What the member sees for one declaration round: the state, the next step, and whether it
	is theirs to take (`urgent`)."""

	state: str
	next_step: str
	urgent: bool


_STEPS = {
	None: ("Not started", "Declare before the deadline", True),
	"Draft": ("Draft", "Attach the signed statement and submit it to KPU", True),
	"Returned": ("Returned", "Correct it and submit it again", True),
	"Submitted": ("Submitted", "Nothing to do: KPU is verifying it", False),
	"Verified": ("Verified", "Nothing to do: KPU will announce it", False),
	"Announced": ("Announced", "Nothing to do: it is published", False),
}


DEADLINE_PASSED = "The deadline has passed: contact your KPU Kabupaten/Kota"
UNKNOWN_STATE = "Contact your KPU Kabupaten/Kota"


def declaration_step(
	state: str | None, deadline: date | None = None, today: date | None = None
) -> DeclarationStep:
	"""The member's next step for a declaration in `state` (None when they have not started)."""
	label, step, urgent = _STEPS.get(state or None, (state, UNKNOWN_STATE, True))
	if urgent and deadline and today and today > deadline:
		step = DEADLINE_PASSED
	return DeclarationStep(label, step, urgent)


# Notes on a body's composition, as message templates the Frappe layer translates.
COMPOSITION_NOTES = ("{0} of {1} seats empty", "No ketua", "More than one ketua", "Complete")


def composition_note(member_count: int, required: int, ketua_count: int) -> tuple[str, tuple, bool]:
	"""A body's seats against the composition rule, as (template, its arguments, complete)."""
	member_count, required, ketua_count = int(member_count or 0), int(required or 0), int(ketua_count or 0)
	if required and member_count < required:
		return COMPOSITION_NOTES[0], (required - member_count, required), False
	if ketua_count == 0:
		return COMPOSITION_NOTES[1], (), False
	if ketua_count > 1:
		return COMPOSITION_NOTES[2], (), False
	return COMPOSITION_NOTES[3], (), True


def has_portal_access(status: str | None, leaves_on: date | None, today: date) -> bool:
	"""A member reaches the portal while seated and until the day their leaving takes effect."""
	if status not in PORTAL_STATUSES:
		return False
	return leaves_on is None or today < leaves_on


def reaches_body(own_bodies, body: str, parent_of: Mapping[str, str | None]) -> bool:
	"""A member reaches their own body and the bodies below it (a PPK member a PPS and its KPPS),
	nothing beside or above. `parent_of` maps a body to its parent body."""
	own = set(own_bodies)
	seen = set()
	current = body
	while current and current not in seen:
		if current in own:
			return True
		seen.add(current)
		current = parent_of.get(current)
	return False


def messages() -> set[str]:
	"""Every text of this module a member reads (the translation test checks each has a row)."""
	texts = {DEADLINE_PASSED, UNKNOWN_STATE, *COMPOSITION_NOTES}
	for label, step, _urgent in _STEPS.values():
		texts |= {label, step}
	return texts
