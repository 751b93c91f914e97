"""Ad hoc bodies (PPK, PPS, KPPS), their composition, and where officials may sit.

PKPU 8/2022: a PPK per kecamatan (5 members), a PPS per desa/kelurahan (3), a KPPS per TPS (7);
a TPS lies in a desa/kelurahan, so a KPPS's region is the desa/kelurahan of its PPS.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from kpu_etik.core.errors import RuleError, RuleWarning
from kpu_etik.core.regions import ROOT_LEVEL, is_within, level_of

BODY_TYPES = ("PPK", "PPS", "KPPS")
REGION_LEVEL_FOR_BODY = {"PPK": "Kecamatan", "PPS": "Desa/Kelurahan", "KPPS": "Desa/Kelurahan"}
PARENT_BODY_TYPE = {"PPK": None, "PPS": "PPK", "KPPS": "PPS"}

OFFICIAL_LEVELS = ("KPU RI", "KPU Provinsi", "KPU Kabupaten/Kota", "Sekretariat", "PPK", "PPS", "KPPS")
POSITIONS = ("Ketua", "Anggota", "Sekretaris", "Staf")
# Only these count towards a body's composition; Sekretaris and Staf belong to its secretariat.
COUNTED_POSITIONS = ("Ketua", "Anggota")
OFFICE_LEVEL_FOR_KPU = {
	"KPU RI": ROOT_LEVEL,
	"KPU Provinsi": "Provinsi",
	"KPU Kabupaten/Kota": "Kabupaten/Kota",
}
# The levels of a KPU office (KPU RI, KPU Provinsi, KPU Kabupaten/Kota).
KPU_OFFICE_LEVELS = tuple(OFFICE_LEVEL_FOR_KPU.values())
SECRETARIAT_OFFICE_LEVELS = KPU_OFFICE_LEVELS
SECRETARIAT_BODY_TYPES = ("PPK", "PPS")


class BodyRuleError(RuleError):
	pass


def polling_station_id(region_code: str, tps_number: int) -> str:
	"""73.22.14.2001-TPS003: readable, unique per desa, and sorts with its region."""
	return f"{region_code}-TPS{int(tps_number):03d}"


def body_id(body_type: str, place: str, year: int) -> str:
	"""KPPS-73.22.14.2001-TPS003-2024, PPS-73.22.14.2001-2024: the place is the TPS of a KPPS."""
	return f"{body_type}-{place}-{year}"


def body_title(body_type: str, region_name: str, tps_number: int | None = None) -> str:
	if body_type == "KPPS":
		return f"KPPS TPS {int(tps_number):03d} {region_name}"
	return f"{body_type} {region_name}"


@dataclass(frozen=True)
class CompositionRule:
	body_type: str
	members: int  # Ketua and Anggota together
	ketua: int = 1

	def __post_init__(self):
		if self.body_type not in BODY_TYPES:
			raise BodyRuleError("Unknown body type {0}; expected PPK, PPS or KPPS", self.body_type)
		if not 1 <= self.ketua <= self.members:
			raise BodyRuleError(
				"A {0} composition needs at least one Ketua and no more Ketua ({1}) than members ({2})",
				self.body_type,
				self.ketua,
				self.members,
			)


# PKPU 8/2022; a default, the Frappe layer may override it from settings.
DEFAULT_COMPOSITION = {
	"PPK": CompositionRule("PPK", 5),
	"PPS": CompositionRule("PPS", 3),
	"KPPS": CompositionRule("KPPS", 7),
}


def check_body_placement(
	body_type: str,
	region_code: str,
	region_level: str,
	parent_type: str | None,
	parent_region: str | None,
) -> None:
	"""Raise BodyRuleError unless a body of ``body_type`` may sit on the region under the parent body."""
	if body_type not in BODY_TYPES:
		raise BodyRuleError("Unknown body type {0}; expected PPK, PPS or KPPS", body_type)
	expected_level = REGION_LEVEL_FOR_BODY[body_type]
	if region_level != expected_level:
		raise BodyRuleError("A {0} sits on a {1}, not on a {2}", body_type, expected_level, region_level)
	if level_of(region_code) != region_level:
		raise BodyRuleError(
			"Region {0} is a {1}, not a {2}", region_code, level_of(region_code), region_level
		)

	expected_parent = PARENT_BODY_TYPE[body_type]
	if expected_parent is None:
		if parent_type is not None or parent_region is not None:
			raise BodyRuleError("A {0} has no parent body", body_type)
		return
	if parent_type is None:
		raise BodyRuleError("A {0} must belong to a {1}", body_type, expected_parent)
	if parent_type != expected_parent:
		raise BodyRuleError("A {0} belongs to a {1}, not to a {2}", body_type, expected_parent, parent_type)
	if not parent_region:
		raise BodyRuleError("The parent {0} of this {1} has no region", parent_type, body_type)
	if body_type == "PPS" and not is_within(region_code, parent_region):
		raise BodyRuleError(
			"The PPS of {0} cannot belong to the PPK of {1}: the desa/kelurahan is not in that kecamatan",
			region_code,
			parent_region,
		)
	if body_type == "KPPS" and region_code != parent_region:
		raise BodyRuleError(
			"A KPPS sits in the desa/kelurahan of its PPS ({1}), not in {0}", region_code, parent_region
		)


def check_member_fits(
	rule: CompositionRule, other_member_positions: Iterable[str], new_position: str
) -> None:
	"""Raise BodyRuleError if adding ``new_position`` to the other members breaks the composition."""
	if new_position not in POSITIONS:
		raise BodyRuleError("Unknown position {0}; expected Ketua, Anggota, Sekretaris or Staf", new_position)
	if new_position not in COUNTED_POSITIONS:
		return
	others = list(other_member_positions)
	counted = sum(1 for p in others if p in COUNTED_POSITIONS)
	if counted >= rule.members:
		raise BodyRuleError(
			"A {0} has at most {1} members (Ketua and Anggota); this {0} already has {2}",
			rule.body_type,
			rule.members,
			counted,
		)
	ketua = others.count("Ketua")
	if new_position == "Ketua" and ketua >= rule.ketua:
		raise BodyRuleError(
			"A {0} has {1} Ketua; this {0} already has {2}", rule.body_type, rule.ketua, ketua
		)


# A body's open seats as flags, which the database keeps in a generated column of Ad Hoc Body
# (`seat_gaps`, see kpu_etik.install.ensure_seat_gaps), so that the operator's lists of bodies to fill
# are read on an index, not by reading every body of a province. A dissolved body has none.
SEAT_SHORT = 1  # fewer members than its composition
SEAT_NO_KETUA = 2  # no ketua
SEAT_REPLACEMENT = 4  # active and short: a replacement (PAW) to seat
SEAT_FLAGS = (SEAT_SHORT, SEAT_NO_KETUA, SEAT_REPLACEMENT)


def seat_gaps_with(flag: int) -> list[int]:
	"""The `seat_gaps` values that have ``flag``: a filter Frappe's list and count both read
	(``seat_gaps in [...]``), where a bit test is not a filter Frappe knows."""
	return [value for value in range(1, sum(SEAT_FLAGS) + 1) if value & flag]


@dataclass(frozen=True)
class SeatCount:
	"""A body's seats as its record shows them (member_count, ketua_count, needs_replacement)."""

	members: int
	ketua: int
	required: int
	needs_replacement: bool


def seat_count(rule: CompositionRule, body_status: str, member_positions: Iterable[str]) -> SeatCount:
	"""The seats of a body from the positions of its seated members: an active body short of members
	or without exactly its ketua needs a replacement (PAW)."""
	positions = list(member_positions)
	members = sum(1 for p in positions if p in COUNTED_POSITIONS)
	ketua = positions.count("Ketua")
	short = members < rule.members or ketua != rule.ketua
	return SeatCount(members, ketua, rule.members, body_status == "Active" and short)


def composition_problems(rule: CompositionRule, member_positions: Iterable[str]) -> list[RuleWarning]:
	"""What keeps a complete body from matching its composition (checked when it is activated)."""
	positions = list(member_positions)
	problems = []
	unknown = sorted({p for p in positions if p not in POSITIONS})
	if unknown:
		problems.append(RuleWarning("Unknown positions: {0}", (", ".join(map(str, unknown)),)))
	counted = sum(1 for p in positions if p in COUNTED_POSITIONS)
	if counted != rule.members:
		problems.append(
			RuleWarning(
				"A {0} needs {1} members (Ketua and Anggota), but has {2}",
				(rule.body_type, rule.members, counted),
			)
		)
	ketua = positions.count("Ketua")
	if ketua != rule.ketua:
		problems.append(
			RuleWarning("A {0} needs {1} Ketua, but has {2}", (rule.body_type, rule.ketua, ketua))
		)
	return problems


def check_official_placement(
	level: str, position: str, body_type: str | None = None, office_region_level: str | None = None
) -> None:
	"""Raise BodyRuleError unless an official of ``level`` may hold ``position`` in the body or office.

	An official belongs either to an ad hoc body (``body_type``) or to an office at a region
	(``office_region_level``: Nasional, Provinsi or Kabupaten/Kota), never both.
	"""
	if level not in OFFICIAL_LEVELS:
		raise BodyRuleError(
			"Unknown official level {0}; expected one of {1}", level, ", ".join(OFFICIAL_LEVELS)
		)
	if position not in POSITIONS:
		raise BodyRuleError("Unknown position {0}; expected Ketua, Anggota, Sekretaris or Staf", position)
	if body_type is not None and office_region_level is not None:
		raise BodyRuleError("An official belongs either to a body or to an office region, not to both")
	if body_type is not None and body_type not in BODY_TYPES:
		raise BodyRuleError("Unknown body type {0}; expected PPK, PPS or KPPS", body_type)

	if level in BODY_TYPES:
		if position not in COUNTED_POSITIONS:
			raise BodyRuleError(
				"A {0} member is Ketua or Anggota, not {1}; secretariat staff have the level Sekretariat",
				level,
				position,
			)
		if body_type is None:
			raise BodyRuleError("A {0} member must belong to a {0}", level)
		if body_type != level:
			raise BodyRuleError("A {0} member must belong to a {0}, not to a {1}", level, body_type)
		return

	if level in OFFICE_LEVEL_FOR_KPU:
		if position not in COUNTED_POSITIONS:
			raise BodyRuleError(
				"A {0} commissioner is Ketua or Anggota, not {1}; secretariat staff have the level Sekretariat",
				level,
				position,
			)
		if body_type is not None:
			raise BodyRuleError(
				"A {0} commissioner belongs to no ad hoc body, not to a {1}", level, body_type
			)
		expected = OFFICE_LEVEL_FOR_KPU[level]
		if level == "KPU RI":
			if office_region_level not in (None, ROOT_LEVEL):
				raise BodyRuleError(
					"A KPU RI commissioner has no office region below Indonesia, not a {0}",
					office_region_level,
				)
		elif office_region_level is None:
			raise BodyRuleError("A {0} commissioner needs an office region of level {1}", level, expected)
		elif office_region_level != expected:
			raise BodyRuleError(
				"A {0} commissioner sits in a {1}, not in a {2}", level, expected, office_region_level
			)
		return

	# Sekretariat: civil servants of a KPU office or of a PPK/PPS secretariat.
	if position not in ("Sekretaris", "Staf"):
		raise BodyRuleError("Secretariat staff are Sekretaris or Staf, not {0}", position)
	if body_type is None and office_region_level is None:
		raise BodyRuleError("Secretariat staff need either a body (PPK or PPS) or an office region")
	if body_type is not None and body_type not in SECRETARIAT_BODY_TYPES:
		raise BodyRuleError("A {0} has no secretariat; secretariat staff belong to a PPK or a PPS", body_type)
	if office_region_level is not None and office_region_level not in SECRETARIAT_OFFICE_LEVELS:
		raise BodyRuleError(
			"A KPU secretariat sits at the Nasional, Provinsi or Kabupaten/Kota level, not at the {0} level",
			office_region_level,
		)


TERM_ENDED = "Term Ended"


def shown_status(status: str, period_end, today) -> str:
	"""A body's status as the Desk shows it: a body whose period ended before ``today`` reads "Term
	Ended" (its stored status is unchanged; ad_hoc_body_list.js shows the same)."""
	if status != "Dissolved" and period_end and period_end < today:
		return TERM_ENDED
	return status
