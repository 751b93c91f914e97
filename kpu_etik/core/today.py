"""What needs action today: the lists a KPU user's home workspace opens with, in order of urgency.

Each list is one kind of work (complaints by stage deadline, declarations to verify, bodies short of
members, ...). Which lists a role sees, what each holds and how its items are ordered are defined here;
the Frappe side (``kpu_etik.desk_home``) only fetches the rows, within the user's regions.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from kpu_etik.core.access import (
	COMPLAINT_INTAKE,
	DATA_PROTECTION,
	KABKOTA_LEGAL,
	KABKOTA_OPERATOR,
	KPU_PROVINSI,
	KPU_RI,
)

# How far ahead "due" reaches: hearings, visits and meetings of the coming week.
DAYS_AHEAD = 7
# Items shown per list; the rest are counted and opened from the list's link.
ITEMS_SHOWN = 5

# Urgency, most urgent first.
LATE = "late"
TODAY = "today"
SOON = "soon"
WAITING = "waiting"  # no date: waits for someone's action
URGENCY = (LATE, TODAY, SOON, WAITING)

# The lists, by key: (title, what the role does with an item)
LISTS = {
	"complaints": (
		"Complaints by stage deadline",
		"Move each complaint to its next stage before its deadline",
	),
	"declarations_to_verify": ("Declarations to verify", "Verify or return"),
	"declarations_to_announce": ("Declarations to announce", "Announce after the plenary"),
	"conflicts": ("Possible conflicts to review", "Confirm or dismiss"),
	"hearings": ("Hearings this week", "Summon the parties five days before"),
	"sanctions_to_enforce": ("Sanctions to put in force", "Issue the letter and put in force"),
	"visits": ("Supervision visits due", "Hold the visit and write its report"),
	"meetings": ("Meetings this week", "Confirm the invitees and the place"),
	"bodies_short": ("Bodies short of members", "Seat the missing members"),
	"bodies_without_ketua": ("Bodies without a ketua", "Name a ketua"),
	"replacements": ("Replacement (PAW) needed", "Seat a replacement"),
	"without_account": ("Members without a portal account", "Invite them to the portal"),
	"oath_missing": ("Oath not recorded", "Record the date of the oath"),
	"pact_missing": ("Integrity pact missing", "Upload the signed integrity pact"),
	"offices_late": ("Offices with late work", "Follow up with the office"),
	"data_requests": ("Personal data requests", "Answer within 3 x 24 hours"),
	"breaches": ("Personal data breaches", "Notify within 3 x 24 hours, then close"),
}

LEGAL_LISTS = (
	"data_requests",
	"complaints",
	"hearings",
	"sanctions_to_enforce",
	"declarations_to_verify",
	"declarations_to_announce",
	"conflicts",
	"visits",
	"meetings",
)
OPERATOR_LISTS = (
	"bodies_without_ketua",
	"bodies_short",
	"replacements",
	"without_account",
	"oath_missing",
	"pact_missing",
	"meetings",
)
INTAKE_LISTS = ("complaints", "hearings")
# A province and KPU RI see the offices below them that are late first, then the same work summed.
OVERSIGHT_LISTS = (
	"breaches",
	"data_requests",
	"offices_late",
	"complaints",
	"sanctions_to_enforce",
	"declarations_to_verify",
	"conflicts",
	"bodies_without_ketua",
	"bodies_short",
	"replacements",
)
LISTS_OF_ROLE = {
	KPU_RI: OVERSIGHT_LISTS,
	KPU_PROVINSI: OVERSIGHT_LISTS,
	KABKOTA_LEGAL: LEGAL_LISTS,
	KABKOTA_OPERATOR: OPERATOR_LISTS,
	COMPLAINT_INTAKE: INTAKE_LISTS,
	DATA_PROTECTION: ("breaches", "data_requests"),
}


def lists_for(roles) -> tuple[str, ...]:
	"""The lists a user with ``roles`` sees, each once, in the order of their widest role first."""
	seen = []
	for role in (KPU_RI, KPU_PROVINSI, DATA_PROTECTION, KABKOTA_LEGAL, KABKOTA_OPERATOR, COMPLAINT_INTAKE):
		if role in roles:
			seen.extend(key for key in LISTS_OF_ROLE[role] if key not in seen)
	return tuple(seen)


def urgency(due: date | None, today: date, days_ahead: int = DAYS_AHEAD) -> str:
	"""How urgent an item due on ``due`` is: late, today, soon (within ``days_ahead``) or waiting."""
	if due is None:
		return WAITING
	if due < today:
		return LATE
	if due == today:
		return TODAY
	return SOON if due <= today + timedelta(days=days_ahead) else WAITING


@dataclass
class Item:
	"""One row of a list: a document to open, what it is, and when it is due."""

	doctype: str
	name: str
	title: str
	detail: str = ""
	due: date | None = None
	urgency: str = WAITING


@dataclass
class ActionList:
	key: str
	count: int
	items: list[Item] = field(default_factory=list)
	late: int = 0
	# What "open all" opens: the doctype's list with these filters ([field, operator, value]).
	doctype: str = ""
	filters: list = field(default_factory=list)

	@property
	def title(self) -> str:
		return LISTS[self.key][0]

	@property
	def action(self) -> str:
		return LISTS[self.key][1]


def ordered(items: list[Item], today: date) -> list[Item]:
	"""Items with their urgency set, late first, then by due date (undated last), then by name."""
	for item in items:
		item.urgency = urgency(item.due, today)
	return sorted(items, key=lambda i: (URGENCY.index(i.urgency), i.due or date.max, i.name))


def home_order(lists: list[ActionList]) -> list[ActionList]:
	"""The lists as the home shows them: those with late items first (most late first), then those
	with anything to do, then the empty ones; within each group, in the role's order."""
	return sorted(
		lists,
		key=lambda one: (0 if one.late else 1 if one.count else 2, -one.late),
	)


@dataclass
class OfficeRow:
	"""A KPU office below a province or KPU RI user, with its counts of open and late work."""

	region: str
	open: int = 0
	late: int = 0


def offices_late(rows: list[OfficeRow]) -> list[OfficeRow]:
	"""The offices with late work, most late first, then most open; ties by region code."""
	return sorted((row for row in rows if row.late), key=lambda row: (-row.late, -row.open, row.region))
