"""Whether an official's record may be saved: one appraisal for the Desk form and the roster import.

The form appraises one official against the database; the import appraises each row of a file
against the database and the rows of the file before it. Both hand ``appraise`` the record and a
``Facts`` object that answers its questions (which regions exist, who else sits in the body, who
was dismissed), so every rule here is applied the same way on both paths.
"""

from collections.abc import Callable, Collection, Container, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from kpu_etik.core.bodies import (
	BODY_TYPES,
	COUNTED_POSITIONS,
	CompositionRule,
	check_member_fits,
	check_official_placement,
)
from kpu_etik.core.errors import RuleError, RuleWarning
from kpu_etik.core.nik import NikInfo, kk_region_warnings, nik_region_warnings, parse_kk, parse_nik

# Members who hold a seat: a suspended member keeps it until the dismissal decree.
SEATED_STATUSES = ("Active", "Suspended")
OFFICIAL_STATUSES = ("Active", "Suspended", "Dismissed", "Term Ended", "Resigned")
# Statuses of an official who no longer holds a seat: the retention of their identity counts from the
# day they took one of them (`left_on`).
LEFT_STATUSES = ("Term Ended", "Resigned", "Dismissed")


def left_on(status: str | None, current, today):
	"""The day an official with `status` left their seat: kept while they stay out, today when they
	leave, none while seated. The roster's bulk update applies the same rule in SQL (LEFT_STATUSES)."""
	if status in LEFT_STATUSES:
		return current or today
	return None


# A body whose members have been appointed by decree; before that (Forming) a seat may still move.
WORKING_BODY_STATUS = "Active"

# The eligibility rules of ad hoc members (PKPU 8/2022 Pasal 35 and 2024 practice).
MINIMUM_AGE = "Minimum Age"
MAXIMUM_AGE = "Maximum Age"
NOT_MARRIED_TO_AN_ORGANIZER = "Not Married to an Organizer"
NOT_ON_A_CANDIDATE_LIST = "Not on a Candidate List"
ELIGIBILITY_CHECKS = (MINIMUM_AGE, MAXIMUM_AGE, NOT_MARRIED_TO_AN_ORGANIZER, NOT_ON_A_CANDIDATE_LIST)
REFUSE, WARN = "Refuse", "Warn"
ELIGIBILITY_SOURCE = "PKPU 8/2022 Pasal 35 and the practice of 2024 (domain brief, to be confirmed by KPU)"


class OfficialRuleError(RuleError):
	pass


@dataclass(frozen=True)
class EligibilityCheck:
	check: str
	effect: str = REFUSE  # Refuse or Warn
	years: int | None = None  # the age limit of an age check
	body_types: tuple[str, ...] = BODY_TYPES  # the ad hoc bodies it applies to
	verified: bool = False  # its source confirmed by KPU's legal division
	enabled: bool = True


# Defaults, overridden by the settings. Only the minimum age is a confirmed rule applied as such; the
# others depend on what declarations and imported lists say, so they warn until KPU confirms them.
DEFAULT_ELIGIBILITY = (
	EligibilityCheck(MINIMUM_AGE, REFUSE, years=17, verified=True),
	EligibilityCheck(MAXIMUM_AGE, WARN, years=55, body_types=("KPPS",)),
	EligibilityCheck(NOT_MARRIED_TO_AN_ORGANIZER, WARN),
	EligibilityCheck(NOT_ON_A_CANDIDATE_LIST, WARN),
)


@dataclass(frozen=True)
class Dismissal:
	letter_number: str
	letter_date: str  # as the site writes dates


@dataclass(frozen=True)
class Seat:
	"""Where a person sits now: their official record, its body and the body's status."""

	official: str | None
	body: str | None
	status: str
	row: int | None = None  # a row earlier in the file being imported


@dataclass
class OfficialRecord:
	"""The fields of an official being saved, with what its body or office is."""

	nik: str
	full_name: str
	level: str
	position: str
	status: str = "Active"
	no_kk: str | None = None
	name: str | None = None  # None for a new record
	body: str | None = None
	body_type: str | None = None
	body_status: str | None = None
	office_level: str | None = None
	region: str | None = None
	appointed_on: date | None = None  # the decree (SK) date, or the oath, for the age checks
	# The fields whose value changes with this save (every field of a new record).
	changed: Collection[str] = ()

	def changes(self, *fields: str) -> bool:
		return self.name is None or any(f in self.changed for f in fields)


class Facts(Protocol):
	"""What the appraisal needs to know beyond the record, read from the site (and the file)."""

	known_provinces: Container[str]

	def region_codes_exist(self, codes: Iterable[str]) -> Container[str]: ...

	def dismissal(self, nik: str) -> Dismissal | None: ...

	def seat_of(self, nik: str) -> Seat | None: ...

	def other_positions(self, body: str, official: str | None) -> list[str]: ...

	def composition_rule(self, body_type: str) -> CompositionRule: ...

	def eligibility(self) -> Iterable[EligibilityCheck]: ...

	def candidate_roles(self, nik: str) -> list[str]: ...

	def organizer_spouses(self, nik: str) -> list[str]: ...


@dataclass
class Problem:
	field: str  # the Official field it is about
	error: RuleError


@dataclass
class Appraisal:
	problems: list[Problem] = field(default_factory=list)
	warnings: list[tuple[str, RuleWarning]] = field(default_factory=list)
	nik: NikInfo | None = None
	no_kk: str | None = None

	@property
	def ok(self) -> bool:
		return not self.problems


def age_on(birth_date: date, day: date) -> int:
	return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def appraise(record: OfficialRecord, facts: Facts, *, today: date | None = None) -> Appraisal:
	"""Every rule an official's record must pass to be saved, with the warnings for the officer.

	Checks that depend on other records run only when a field they read changes, as the form always
	did: a record saved again unchanged is not refused by a rule added since."""
	result = Appraisal()

	def refuse(field_name: str, error: RuleError):
		result.problems.append(Problem(field_name, error))

	def guard(field_name: str, check: Callable[[], object]):
		try:
			return check()
		except RuleError as exc:
			result.problems.append(Problem(field_name, exc))

	if not record.full_name:
		refuse("full_name", OfficialRuleError("Please enter the official's full name."))
	guard(
		"position",
		lambda: check_official_placement(
			record.level, record.position, record.body_type, record.office_level
		),
	)
	if record.status not in OFFICIAL_STATUSES:
		refuse("status", OfficialRuleError("Unknown status {0}", record.status))

	info = guard("nik", lambda: parse_nik(record.nik, known_provinces=facts.known_provinces, today=today))
	result.nik = info
	if info and record.changes("nik", "region"):
		known = facts.region_codes_exist([info.regency_code, info.district_code])
		for warning in nik_region_warnings(info, known_region_codes=known, official_region=record.region):
			result.warnings.append(("nik", warning))
	if record.no_kk:
		result.no_kk = guard("no_kk", lambda: parse_kk(record.no_kk, known_provinces=facts.known_provinces))
		if result.no_kk and record.changes("no_kk"):
			known = facts.region_codes_exist([result.no_kk.rsplit(".", 1)[0], result.no_kk])
			for warning in kk_region_warnings(
				record.no_kk, known_region_codes=known, official_region=record.region
			):
				result.warnings.append(("no_kk", warning))
	if not info:
		return result

	seated = record.status in SEATED_STATUSES
	moving = record.changes("body", "status")
	if seated and moving and record.status == "Active":
		dismissal = facts.dismissal(record.nik)
		if dismissal:
			refuse(
				"nik",
				OfficialRuleError(
					"This person was dismissed permanently by decision {0} of {1} and cannot be appointed.",
					dismissal.letter_number,
					dismissal.letter_date,
				),
			)
	other = facts.seat_of(record.nik)
	if other and (other.row or other.official != record.name):
		if other.row:
			refuse(
				"nik",
				OfficialRuleError(
					"This NIK is also on row {0} of the file; a person sits in one body at a time.", other.row
				),
			)
		elif other.status in SEATED_STATUSES and other.body and other.body != record.body:
			refuse(
				"nik",
				OfficialRuleError(
					"This person already sits in {0}; a person sits in one body at a time.", other.body
				),
			)
		else:
			refuse(
				"nik",
				OfficialRuleError(
					"This NIK is already registered for another official ({0}).", other.official
				),
			)
	if (
		record.body
		and record.position in COUNTED_POSITIONS
		and seated
		and record.changes("body", "position", "status")
	):
		if record.body_status == "Dissolved":
			refuse(
				"ad_hoc_body", OfficialRuleError("{0} has been dissolved; it takes no members.", record.body)
			)
		else:
			guard(
				"position",
				lambda: check_member_fits(
					facts.composition_rule(record.body_type),
					facts.other_positions(record.body, record.name),
					record.position,
				),
			)
	if record.body_type in BODY_TYPES and seated and record.changes("nik", "body", "status", "appointed_on"):
		_check_eligibility(record, info, facts, result, today)
	return result


def _check_eligibility(record: OfficialRecord, info: NikInfo, facts: Facts, result: Appraisal, today):
	day = record.appointed_on or today or date.today()
	for check in facts.eligibility():
		if not check.enabled or record.body_type not in check.body_types:
			continue
		found: OfficialRuleError | None = None
		age = age_on(info.birth_date, day)
		if check.check == MINIMUM_AGE and check.years and age < check.years:
			found = OfficialRuleError(
				"A member of a {0} must be at least {1} years old on {2}; this person is {3}.",
				record.body_type, check.years, day, age,
			)  # fmt: skip
		elif check.check == MAXIMUM_AGE and check.years and age > check.years:
			found = OfficialRuleError(
				"A member of a {0} should be at most {1} years old on {2}; this person is {3}.",
				record.body_type, check.years, day, age,
			)  # fmt: skip
		elif check.check == NOT_MARRIED_TO_AN_ORGANIZER:
			spouses = facts.organizer_spouses(record.nik)
			if spouses:
				found = OfficialRuleError(
					"This person is declared as the spouse of the organizer {0}; organizers may not be married "
					"to each other.",
					", ".join(spouses),
				)
		elif check.check == NOT_ON_A_CANDIDATE_LIST:
			roles = facts.candidate_roles(record.nik)
			if roles:
				found = OfficialRuleError(
					"This NIK is on an imported list as {0}.", ", ".join(sorted(set(roles)))
				)
		if not found:
			continue
		if check.effect == REFUSE:
			result.problems.append(Problem("nik", found))
		else:
			result.warnings.append(("nik", found))  # read as a warning: template and args
