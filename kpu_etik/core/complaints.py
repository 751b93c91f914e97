"""Complaints (laporan and temuan) against election organizers: receipt codes, case numbers,
jurisdiction, stages and their deadlines, the examination team, and summonses.

The flow follows KPU's handling of violations by PPK, PPS and KPPS members (Keputusan KPU 337/2020,
known only from KPU's book on the predecessor rules, so partly confirmed [P]). Every figure that is not
confirmed is a default argument the Frappe layer overrides from its settings: the stage days, the
filing window, the size of the examination team, the summons notice and the case number pattern.
"""

import hashlib
import re
import secrets
import string
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from kpu_etik.core.errors import RuleError
from kpu_etik.core.regions import ROOT_CODE, is_valid_code
from kpu_etik.core.working_days import DEFAULT_WEEKEND, _as_date, add_working_days


class ComplaintError(RuleError):
	pass


def _is_count(value, minimum: int = 0) -> bool:
	return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


# Receipt codes ------------------------------------------------------------------------------------

# Crockford's base32: digits and letters without I, L, O and U. 16 characters carry 80 bits.
CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_CODE_LENGTH = 16
RECEIPT_CODE_GROUP = 4
_ALPHABET_SET = frozenset(CROCKFORD_ALPHABET)
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})
# Spaces (any whitespace) and dashes, including the ones phones and word processors substitute.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
_MAX_RECEIPT_INPUT = 64


def _group(compact: str) -> str:
	return "-".join(compact[i : i + RECEIPT_CODE_GROUP] for i in range(0, len(compact), RECEIPT_CODE_GROUP))


def new_receipt_code() -> str:
	"""A random receipt code for the complainant, such as ``7K3M-Q9XD-2B8N-RT4W`` (80 bits, ``secrets``)."""
	return _group("".join(secrets.choice(CROCKFORD_ALPHABET) for _ in range(RECEIPT_CODE_LENGTH)))


def normalize_receipt_code(text) -> str | None:
	"""The canonical ``XXXX-XXXX-XXXX-XXXX`` form of a typed code, or None if it is not one.

	Case does not matter, spaces and dashes are ignored, and I and L read as 1, O as 0 (Crockford).
	Anything else (other characters, another length, non-text) gives None.
	"""
	if not isinstance(text, str) or len(text) > _MAX_RECEIPT_INPUT:
		return None
	compact = _SEPARATORS.sub("", text)
	# ASCII first: str.upper() maps some non-ASCII letters onto ASCII ones (dotless i -> I).
	if len(compact) != RECEIPT_CODE_LENGTH or not compact.isascii():
		return None
	compact = compact.upper().translate(_LOOKALIKES)
	if not _ALPHABET_SET.issuperset(compact):
		return None
	return _group(compact)


def receipt_code_hash(code: str) -> str:
	"""SHA-256 hex of the normalized code (its 16 characters, no dashes): the only form to store.

	An 80-bit random code cannot be found back from its hash, so no salt is needed, and the complainant's
	code can be looked up by hashing what they type. Raises ComplaintError for a malformed code.
	"""
	normalized = normalize_receipt_code(code)
	if normalized is None:
		raise ComplaintError("The receipt code is malformed")
	return hashlib.sha256(normalized.replace("-", "").encode("ascii")).hexdigest()


# Case numbers ---------------------------------------------------------------------------------------

# [U] The register's numbering is not published: a guess in the style of KPU letter numbers.
DEFAULT_CASE_NUMBER_PATTERN = "{seq:03}/PP.01-LP/{office}/{month_roman}/{year}"
CASE_NUMBER_PLACEHOLDERS = ("seq", "office", "month_roman", "month", "year")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
MAX_CASE_NUMBER_LENGTH = 140  # a Frappe document name
# An optional fill and alignment, zero padding, a width below 100, and d or s: enough for a register.
_SPEC_RE = re.compile(r"(?:.?[<>=^])?0?(?:[1-9][0-9]?)?[ds]?", re.DOTALL)


def check_case_number_pattern(pattern: str) -> None:
	"""Raise ComplaintError unless ``pattern`` is a usable case number pattern (for the settings form)."""
	if not isinstance(pattern, str) or not pattern.strip():
		raise ComplaintError("The case number pattern is empty")
	try:
		fields = list(string.Formatter().parse(pattern))
	except ValueError:
		raise ComplaintError(
			"The case number pattern {0} has an unmatched brace; write a literal brace as {{{{ or }}}}",
			pattern,
		)
	names = set()
	for _literal, name, spec, conversion in fields:
		if name is None:
			continue
		if name not in CASE_NUMBER_PLACEHOLDERS:
			raise ComplaintError(
				"Unknown placeholder {{{0}}} in the case number pattern; use {1}",
				name,
				", ".join(f"{{{p}}}" for p in CASE_NUMBER_PLACEHOLDERS),
			)
		if conversion is not None or not _SPEC_RE.fullmatch(spec or ""):
			raise ComplaintError(
				"The placeholder {{{0}}} of the case number pattern has an unsupported format {1!r}",
				name,
				(f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""),
			)
		names.add(name)
	if "seq" not in names:
		raise ComplaintError("The case number pattern needs the running number {{seq}}")
	try:
		pattern.format(seq=1, office="X", month_roman="I", month=1, year=2024)
	except ValueError:
		raise ComplaintError(
			"The case number pattern {0} formats a number as text or text as a number", pattern
		)


def format_case_number(pattern: str, *, sequence: int, office_code: str, month: int, year: int) -> str:
	"""The case number for the ``sequence``-th case of ``office_code`` in ``month`` of ``year``.

	Placeholders: ``{seq}`` (the running number; ``{seq:03}`` pads it to 001), ``{office}``,
	``{month_roman}`` (I to XII, as KPU registers write months), ``{month}`` (``{month:02}`` gives 05)
	and ``{year}``. The default pattern ``DEFAULT_CASE_NUMBER_PATTERN`` is a configurable guess [U].
	"""
	check_case_number_pattern(pattern)
	if not _is_count(sequence, 1):
		raise ComplaintError(
			"The case sequence number must be a whole number of at least 1, not {0!r}", sequence
		)
	if not _is_count(month, 1) or month > 12:
		raise ComplaintError("The month must be a number from 1 to 12, not {0!r}", month)
	if not _is_count(year, 1000) or year > 9999:
		raise ComplaintError("The year must have four digits, not {0!r}", year)
	office = office_code.strip() if isinstance(office_code, str) else ""
	if not office or "/" in office or any(not c.isprintable() for c in office):
		raise ComplaintError(
			"The office code {0!r} must be non-empty printable text without a slash", office_code
		)
	number = pattern.format(
		seq=sequence, office=office, month_roman=ROMAN_MONTHS[month - 1], month=month, year=year
	)
	if len(number) > MAX_CASE_NUMBER_LENGTH:
		raise ComplaintError(
			"The case number {0} is longer than {1} characters", number, MAX_CASE_NUMBER_LENGTH
		)
	return number


# Jurisdiction ---------------------------------------------------------------------------------------

HANDLER_KABKOTA = "KPU Kabupaten/Kota"  # handled here, by the KPU Kabupaten/Kota of the area
HANDLER_DKPP = "DKPP"  # recorded and forwarded to DKPP
HANDLER_ASN = "ASN"  # civil-service discipline of the secretariat
HANDLERS = (HANDLER_KABKOTA, HANDLER_DKPP, HANDLER_ASN)

# [C] Peraturan DKPP 2/2019 (ad hoc bodies to KPU Kabupaten/Kota), 2/2017 Pasal 5(3) (secretariat).
# Keys are kpu_etik.core.bodies.OFFICIAL_LEVELS.
ROUTE_FOR_LEVEL = {
	"KPU RI": HANDLER_DKPP,
	"KPU Provinsi": HANDLER_DKPP,
	"KPU Kabupaten/Kota": HANDLER_DKPP,
	"Sekretariat": HANDLER_ASN,
	"PPK": HANDLER_KABKOTA,
	"PPS": HANDLER_KABKOTA,
	"KPPS": HANDLER_KABKOTA,
}


@dataclass(frozen=True)
class Route:
	"""Where a complaint goes: ``groups`` maps each handler to the indices of its respondents.

	Handlers appear in the order of their first respondent. A complaint whose respondents go to more
	than one handler must be split, one complaint per group.
	"""

	groups: dict[str, list[int]] = field(default_factory=dict)

	@property
	def handler(self) -> str | None:
		"""The one handler of all respondents, or None when the complaint must be split."""
		return next(iter(self.groups)) if len(self.groups) == 1 else None

	@property
	def needs_split(self) -> bool:
		return len(self.groups) > 1


def route_complaint(
	respondent_levels: Iterable[str], route_for_level: Mapping[str, str] = ROUTE_FOR_LEVEL
) -> Route:
	"""Route a complaint by the official levels of its respondents (in the order they are listed)."""
	groups: dict[str, list[int]] = {}
	for index, level in enumerate(respondent_levels):
		handler = route_for_level.get(level)
		if handler is None:
			raise ComplaintError(
				"Respondent {0} has the unknown level {1!r}; expected one of {2}",
				index + 1,
				level,
				", ".join(route_for_level),
			)
		groups.setdefault(handler, []).append(index)
	if not groups:
		raise ComplaintError("A complaint needs at least one respondent")
	return Route(groups)


def handling_region(respondent_regions: Sequence[str]) -> str:
	"""The kabupaten/kota code (such as ``73.22``) shared by the regions of all ad hoc respondents.

	Each region is that of the respondent's body: a kecamatan for PPK, a desa/kelurahan for PPS and
	KPPS. Raises ComplaintError if a region is malformed, above the kabupaten/kota level, or if the
	respondents sit in different kabupaten/kota (the complaint must then be split).
	"""
	found: dict[str, str] = {}
	for code in respondent_regions:
		if not is_valid_code(code) or code == ROOT_CODE:
			raise ComplaintError("The respondent's region {0!r} is not a region code", code)
		if "." not in code:
			raise ComplaintError(
				"The respondent's region {0} is a province; ad hoc bodies sit in a kecamatan or desa/kelurahan",
				code,
			)
		found.setdefault(".".join(code.split(".")[:2]), code)
	if not found:
		raise ComplaintError("A complaint needs at least one respondent with a region")
	if len(found) > 1:
		(first, first_region), (second, second_region) = list(found.items())[:2]
		raise ComplaintError(
			"The respondents are in different kabupaten/kota ({0} for {1}, {2} for {3}); "
			"split the complaint so each KPU Kabupaten/Kota handles its own",
			first,
			first_region,
			second,
			second_region,
		)
	return next(iter(found))


# Stages and deadlines -----------------------------------------------------------------------------

STAGES = (
	"Received",
	"Administrative Verification",
	"Rejected",
	"Clarification",
	"Examination",
	"Plenary",
	"Closed - Proven",
	"Closed - Not Proven",
	"Forwarded",
	"Set Aside",
)
# A submission the intake officer sets aside (spam, or a duplicate of a complaint on file): kept with
# its evidence and its case log, out of the reports and the deadlines, and reopened if set aside wrongly.
SET_ASIDE = "Set Aside"
SET_ASIDE_REASONS = ("Spam", "Duplicate")
# [P] The flow from KPU's book on the predecessor rules; the Frappe layer may pass its own.
TRANSITIONS: dict[str, tuple[str, ...]] = {
	"Received": ("Administrative Verification", SET_ASIDE),
	"Administrative Verification": ("Clarification", "Rejected", "Forwarded", SET_ASIDE),
	"Rejected": (),
	"Clarification": ("Examination", "Rejected", "Forwarded"),
	"Examination": ("Plenary",),
	"Plenary": ("Closed - Proven", "Closed - Not Proven"),
	"Closed - Proven": (),
	"Closed - Not Proven": (),
	"Forwarded": (),
	SET_ASIDE: ("Received",),
}
FINAL_STAGES = tuple(stage for stage in STAGES if not TRANSITIONS[stage])
# The stages whose deadline runs: a complaint still being handled (not final, not set aside).
RUNNING_STAGES = tuple(stage for stage in STAGES if stage not in FINAL_STAGES and stage != SET_ASIDE)

# Working days a stage may take, counted from the day it is entered (see stage_deadline).
DEFAULT_STAGE_DAYS: dict[str, int] = {
	"Administrative Verification": 3,  # [U] no published figure; a placeholder for the settings
	"Clarification": 1,  # [P] a temuan: within 1 day after the pleno that registers it
	"Examination": 7,  # [P] the Tim Pemeriksa examines within 7 working days
	"Plenary": 1,  # [P] the pleno decides within 1 day after the examination
}
DEFAULT_FILING_DAYS = 7  # [C analogue] UU 7/2017 Pasal 454: within 7 working days of becoming aware


def check_transition(
	current: str, next_stage: str, transitions: Mapping[str, Sequence[str]] = TRANSITIONS
) -> None:
	"""Raise ComplaintError unless a complaint may move from ``current`` to ``next_stage``."""
	for stage in (current, next_stage):
		if stage not in transitions:
			raise ComplaintError("Unknown complaint stage {0!r}", stage)
	allowed = tuple(transitions[current])
	if next_stage in allowed:
		return
	if not allowed:
		raise ComplaintError(
			"A complaint in the stage {0} is final and cannot move to {1}", current, next_stage
		)
	raise ComplaintError(
		"A complaint cannot move from {0} to {1}; allowed: {2}", current, next_stage, ", ".join(allowed)
	)


def check_set_aside(reason: str | None, duplicate_of: str | None, own_name: str | None) -> None:
	"""Raise ComplaintError unless a complaint set aside says why, and a duplicate names the other."""
	if reason not in SET_ASIDE_REASONS:
		raise ComplaintError("Say whether the complaint is set aside as spam or as a duplicate")
	if reason == "Duplicate" and (not duplicate_of or duplicate_of == own_name):
		raise ComplaintError("Name the complaint this one duplicates")


def stage_deadline(
	stage: str,
	entered_on: date,
	holidays: Collection[date] = (),
	stage_days: Mapping[str, int | None] = DEFAULT_STAGE_DAYS,
	weekend=DEFAULT_WEEKEND,
) -> date | None:
	"""The last day of ``stage`` entered on ``entered_on``, or None for a stage without a time limit.

	A stage of N days must end within N working days of the day it was entered (that day excluded),
	see kpu_etik.core.working_days.
	"""
	if stage not in STAGES and stage not in stage_days:
		raise ComplaintError("Unknown complaint stage {0!r}", stage)
	days = stage_days.get(stage)
	if days is None:
		return None
	if not _is_count(days):
		raise ComplaintError(
			"The time limit of the stage {0} must be a whole number of working days, not {1!r}", stage, days
		)
	return add_working_days(_as_date(entered_on), days, holidays, weekend)


def reachable_from(stage: str, transitions: Mapping[str, Sequence[str]] = TRANSITIONS) -> tuple[str, ...]:
	"""``stage`` and every stage a complaint can reach from it, in the order of STAGES."""
	found, todo = {stage}, [stage]
	while todo:
		for following in transitions.get(todo.pop(), ()):
			if following not in found and following != "Received":  # reopening is not moving on
				found.add(following)
				todo.append(following)
	return tuple(one for one in STAGES if one in found)


def leading_to(stage: str, transitions: Mapping[str, Sequence[str]] = TRANSITIONS) -> tuple[str, ...]:
	"""The stages from which a complaint moves straight to ``stage``, in the order of STAGES."""
	return tuple(one for one in STAGES if stage in transitions.get(one, ()))


def _stages(*groups) -> tuple[str, ...]:
	found = {stage for group in groups for stage in group}
	return tuple(stage for stage in STAGES if stage in found)


# What the Desk's complaint form shows in which stage (complaint.json `depends_on`, kept equal to
# these by a test): a field from the step that must fill it before moving on, and in the stages after;
# a section with any of its fields. Whatever holds a value is shown in any stage.
SHOWN_IN_STAGES = {
	"rejection_reason": _stages(leading_to("Rejected"), ("Rejected",)),
	"forwarding_reference": _stages(leading_to("Forwarded"), ("Forwarded",)),
	"forwarding_outcome": ("Forwarded",),
	"examiners": _stages(leading_to("Examination"), reachable_from("Examination")),
	"section_plenary": reachable_from("Plenary"),
}
SHOWN_IN_STAGES["section_handling"] = _stages(
	(SET_ASIDE,),
	*(SHOWN_IN_STAGES[field] for field in ("rejection_reason", "forwarding_reference", "examiners")),
)
# The fields whose value shows them (and their section) in any stage.
SECTION_FIELDS = {
	"section_handling": (
		"set_aside_as",
		"rejection_reason",
		"forwarding_reference",
		"forwarding_outcome",
		"examiners",
	),
	"section_plenary": ("plenary_date", "plenary_attendance", "decision_summary"),
}


def shown_when(field: str) -> str:
	"""The `depends_on` of a field or section of SHOWN_IN_STAGES (a JavaScript expression)."""
	stages = ", ".join(f'"{stage}"' for stage in SHOWN_IN_STAGES[field])
	filled = " || ".join(
		f"(doc.{one} && doc.{one}.length)" if one == "examiners" else f"doc.{one}"
		for one in SECTION_FIELDS.get(field, (field,))
	)
	return f"eval:[{stages}].includes(doc.workflow_state) || {filled}"


def days_late(stage: str | None, deadline, today) -> int:
	"""Days a complaint in ``stage`` is past its stage ``deadline`` on ``today`` (0: not late).

	Only a running stage is late; its last day itself is not (the home's late lists count the same:
	``stage_deadline < today`` within RUNNING_STAGES)."""
	if stage not in RUNNING_STAGES or not deadline:
		return 0
	return max((_as_date(today) - _as_date(deadline)).days, 0)


def filing_deadline(
	aware_on: date, holidays: Collection[date] = (), days: int = DEFAULT_FILING_DAYS, weekend=DEFAULT_WEEKEND
) -> date:
	"""The last day to file a report about a violation the reporter became aware of on ``aware_on``."""
	if not _is_count(days):
		raise ComplaintError("The filing window must be a whole number of working days, not {0!r}", days)
	return add_working_days(_as_date(aware_on), days, holidays, weekend)


def is_filed_late(
	aware_on: date,
	filed_on: date,
	holidays: Collection[date] = (),
	days: int = DEFAULT_FILING_DAYS,
	weekend=DEFAULT_WEEKEND,
) -> bool:
	"""True if a report filed on ``filed_on`` missed the filing window; ComplaintError if filed before aware."""
	aware_on, filed_on = _as_date(aware_on), _as_date(filed_on)
	if filed_on < aware_on:
		raise ComplaintError(
			"The report was filed on {0}, before the reporter became aware of the violation on {1}",
			filed_on,
			aware_on,
		)
	return filed_on > filing_deadline(aware_on, holidays, days, weekend)


# Examination team (Tim Pemeriksa) -----------------------------------------------------------------

TEAM_ROLES = ("Ketua", "Anggota")
DEFAULT_TEAM_SIZE = 3  # [P] 1 ketua + 2 anggota
DEFAULT_TEAM_KETUA = 1  # [P]


def check_examination_team(
	members: Sequence[tuple[str, str]],
	parties: Collection[str],
	kin_of: Mapping[str, Collection[str]] | None = None,
	*,
	size: int = DEFAULT_TEAM_SIZE,
	ketua: int = DEFAULT_TEAM_KETUA,
) -> None:
	"""Raise ComplaintError unless ``members`` may form the examination team of a case.

	``members`` are ``(ref, role)`` pairs with the role Ketua or Anggota; ``parties`` the refs of the
	complainants and respondents. ``kin_of`` maps a ref to the refs it has a declared family tie with;
	it is read in both directions (a member's declaration naming a party, or a party's naming a member),
	so the app may pass every declared tie or only those with the case's parties. The team needs exactly
	``size`` distinct members, ``ketua`` of them Ketua, none a party nor related to one.
	"""
	kin_of = kin_of or {}
	parties = set(parties)
	seen = set()
	for ref, role in members:
		if not isinstance(ref, str) or not ref.strip():
			raise ComplaintError("Every member of the examination team needs a reference")
		if role not in TEAM_ROLES:
			raise ComplaintError(
				"{0} has the role {1!r} in the examination team; expected Ketua or Anggota", ref, role
			)
		if ref in seen:
			raise ComplaintError("{0} is listed twice in the examination team", ref)
		seen.add(ref)
		if ref in parties:
			raise ComplaintError("{0} cannot examine this case: they are a party to it", ref)
		related = set(kin_of.get(ref, ())) & parties
		related |= {party for party in parties if ref in kin_of.get(party, ())}
		if related:
			raise ComplaintError(
				"{0} cannot examine this case: they have a declared family tie with {1}, a party to it",
				ref,
				", ".join(sorted(related)),
			)
	if len(seen) != size:
		raise ComplaintError("An examination team needs {0} members, but this one has {1}", size, len(seen))
	ketua_count = sum(1 for _ref, role in members if role == "Ketua")
	if ketua_count != ketua:
		raise ComplaintError("An examination team needs {0} Ketua, but this one has {1}", ketua, ketua_count)


# Summonses ------------------------------------------------------------------------------------------

DEFAULT_SUMMONS_DAYS = 5  # [C for DKPP] a summons is sent 5 days before the hearing
DEFAULT_IGNORED_SUMMONSES = 2  # [C for DKPP] after two ignored summonses it may decide in absentia
ATTENDED = "Attended"
ABSENT = "Absent"
ABSENT_WITH_REASON = "Absent with Reason"
SUMMONS_OUTCOMES = (ATTENDED, ABSENT, ABSENT_WITH_REASON)


def check_summons(hearing_date: date, sent_on: date, min_days: int = DEFAULT_SUMMONS_DAYS) -> None:
	"""Raise ComplaintError unless the summons was sent at least ``min_days`` calendar days before."""
	if not _is_count(min_days):
		raise ComplaintError("The summons notice must be a whole number of days, not {0!r}", min_days)
	hearing_date, sent_on = _as_date(hearing_date), _as_date(sent_on)
	notice = (hearing_date - sent_on).days
	if notice < min_days:
		raise ComplaintError(
			"The summons for the hearing on {0} was sent on {1}, {2} day(s) before; "
			"it must be sent at least {3} days before",
			hearing_date,
			sent_on,
			notice,
			min_days,
		)


def may_decide_in_absentia(summons_outcomes: Sequence[str], ignored: int = DEFAULT_IGNORED_SUMMONSES) -> bool:
	"""True once ``ignored`` summonses in a row were ignored (outcome Absent) since the last attendance.

	Pass the outcomes of properly served summonses (see check_summons) in the order they were held.
	An absence with a reason neither counts nor interrupts the run; attending starts it over.
	"""
	if not _is_count(ignored, 1):
		raise ComplaintError("The number of ignored summonses must be at least 1, not {0!r}", ignored)
	count = 0
	for outcome in summons_outcomes:
		if outcome == ABSENT:
			count += 1
		elif outcome == ATTENDED:
			count = 0
		elif outcome != ABSENT_WITH_REASON:
			raise ComplaintError(
				"Unknown summons outcome {0!r}; expected Attended, Absent or Absent with Reason", outcome
			)
	return count >= ignored
