"""Complaints: receipt codes, case numbers, jurisdiction, stages, examination team, summonses."""

import hashlib
import math
import re
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpu_etik.core.bodies import OFFICIAL_LEVELS
from kpu_etik.core.complaints import (
	ABSENT,
	ABSENT_WITH_REASON,
	ATTENDED,
	CASE_NUMBER_PLACEHOLDERS,
	CROCKFORD_ALPHABET,
	DEFAULT_CASE_NUMBER_PATTERN,
	DEFAULT_FILING_DAYS,
	DEFAULT_IGNORED_SUMMONSES,
	DEFAULT_STAGE_DAYS,
	DEFAULT_SUMMONS_DAYS,
	DEFAULT_TEAM_KETUA,
	DEFAULT_TEAM_SIZE,
	FINAL_STAGES,
	HANDLER_ASN,
	HANDLER_DKPP,
	HANDLER_KABKOTA,
	ROMAN_MONTHS,
	ROUTE_FOR_LEVEL,
	SET_ASIDE,
	STAGES,
	SUMMONS_OUTCOMES,
	TRANSITIONS,
	ComplaintError,
	Route,
	check_case_number_pattern,
	check_examination_team,
	check_summons,
	check_transition,
	filing_deadline,
	format_case_number,
	handling_region,
	is_filed_late,
	may_decide_in_absentia,
	new_receipt_code,
	normalize_receipt_code,
	receipt_code_hash,
	route_complaint,
	stage_deadline,
)
from kpu_etik.core.errors import RuleError
from kpu_etik.core.working_days import is_working_day, working_days_between

FRI = date(2024, 5, 10)
MON = date(2024, 5, 13)
TUE = date(2024, 5, 14)
WED = date(2024, 5, 15)
CODE_RE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}")

# Receipt codes


def test_alphabet_is_crockford():
	assert len(CROCKFORD_ALPHABET) == len(set(CROCKFORD_ALPHABET)) == 32
	assert not set("ILOU") & set(CROCKFORD_ALPHABET)


def test_new_code_shape_and_entropy():
	code = new_receipt_code()
	assert CODE_RE.fullmatch(code), code
	# 16 symbols of a 32-letter alphabet: 80 bits.
	assert len(code.replace("-", "")) * math.log2(len(CROCKFORD_ALPHABET)) >= 80


def test_new_codes_are_random():
	codes = [new_receipt_code() for _ in range(2000)]
	assert len(set(codes)) == len(codes)
	# Every symbol shows up in every position group: not a counter, not a fixed prefix.
	for position in (0, 7, 18):
		assert len({c[position] for c in codes}) == 32
	assert all(normalize_receipt_code(c) == c for c in codes)


@pytest.mark.parametrize(
	"typed",
	[
		"7K3M-Q9XD-2B8N-RT4W",
		"7k3m-q9xd-2b8n-rt4w",
		"7K3MQ9XD2B8NRT4W",
		" 7K3M Q9XD 2B8N RT4W ",
		"7K3M–Q9XD—2B8N‐RT4W",  # typographic dashes
		"7K3M\tQ9XD\n2B8N RT4W",
	],
)
def test_normalize_accepts_the_usual_ways_of_typing(typed):
	assert normalize_receipt_code(typed) == "7K3M-Q9XD-2B8N-RT4W"


def test_normalize_maps_look_alikes():
	assert normalize_receipt_code("IL0O-ilo0-AAAA-BBBB") == "1100-1100-AAAA-BBBB"


@pytest.mark.parametrize(
	"text",
	[
		None,
		"",
		"   ",
		"----",
		12345,
		b"7K3M-Q9XD-2B8N-RT4W",
		"7K3M-Q9XD-2B8N-RT4",  # too short
		"7K3M-Q9XD-2B8N-RT4WX",  # too long
		"7K3M-Q9XD-2B8N-RU4W",  # U is not Crockford
		"7K3M-Q9XD-2B8N-RT4*",
		"<script>alert(1)</script>",
		"<scr-ipt>al-ert(1)",
		"'; DROP TABLE x; --AA",
		"7K3M-Q9XD-2B8N-RT4W" + "-" * 10_000,
		"A" * 10_000,
		"7K3M-Q9XD-2B8N-RT4Ｗ",  # fullwidth W
		"7K3M-Q9XD-2B8N-RT4ı",  # dotless i upper-cases to I
		"7K3M.Q9XD.2B8N.RT4W",
	],
)
def test_malformed_codes_give_none(text):
	assert normalize_receipt_code(text) is None


@given(st.text(max_size=40))
def test_normalize_output_is_canonical_or_none(text):
	result = normalize_receipt_code(text)
	assert result is None or (CODE_RE.fullmatch(result) and normalize_receipt_code(result) == result)


@given(st.text(alphabet=CROCKFORD_ALPHABET, min_size=16, max_size=16), st.data())
def test_normalize_round_trip(compact, data):
	grouped = "-".join(compact[i : i + 4] for i in range(0, 16, 4))
	assert normalize_receipt_code(compact) == grouped
	assert normalize_receipt_code(compact.lower()) == grouped
	spaced = "".join(c + data.draw(st.sampled_from(["", " ", "-"])) for c in compact)
	assert normalize_receipt_code(spaced) == grouped


def test_receipt_code_hash():
	code = "7K3M-Q9XD-2B8N-RT4W"
	expected = hashlib.sha256(b"7K3MQ9XD2B8NRT4W").hexdigest()
	assert receipt_code_hash(code) == expected
	assert receipt_code_hash("7k3m q9xd 2b8n rt4w") == expected
	assert receipt_code_hash("7K3M-Q9XD-2B8N-RT4V") != expected
	assert code not in receipt_code_hash(code) and "7K3M" not in receipt_code_hash(code).upper()
	for bad in (None, "", "<script>"):
		with pytest.raises(ComplaintError):
			receipt_code_hash(bad)


# Case numbers


def test_default_case_number():
	assert DEFAULT_CASE_NUMBER_PATTERN == "{seq:03}/PP.01-LP/{office}/{month_roman}/{year}"
	assert (
		format_case_number(DEFAULT_CASE_NUMBER_PATTERN, sequence=5, office_code="7322", month=5, year=2024)
		== "005/PP.01-LP/7322/V/2024"
	)
	assert (
		format_case_number(
			DEFAULT_CASE_NUMBER_PATTERN, sequence=1234, office_code="Kab-Gowa", month=12, year=2024
		)
		== "1234/PP.01-LP/Kab-Gowa/XII/2024"
	)


def test_roman_months():
	assert ROMAN_MONTHS == ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
	numbers = [
		format_case_number("{seq}-{month_roman}", sequence=1, office_code="X", month=m, year=2024)
		for m in range(1, 13)
	]
	assert [n.split("-")[1] for n in numbers] == list(ROMAN_MONTHS)


def test_other_patterns():
	kwargs = {"sequence": 14, "office_code": "KPU-7322", "month": 1, "year": 2019}
	assert format_case_number("{seq}-PKE-{office}/{month_roman}/{year}", **kwargs) == "14-PKE-KPU-7322/I/2019"
	assert format_case_number("{year}.{month:02}.{seq:04}", **kwargs) == "2019.01.0014"
	assert format_case_number("{{{seq}}}", **kwargs) == "{14}"
	assert format_case_number("LP {seq:>4}", **kwargs) == "LP   14"


@pytest.mark.parametrize(
	"pattern",
	[
		"{seq}/{kantor}",
		"{seq}/{}",
		"{seq}/{0}",
		"{seq}/{office.__class__}",
		"{seq}/{office[0]}",
		"{seq!r}",
		"{seq:{year}}",
		"{seq:,}",
		"{seq:0999999999}",
		"{office}/{year}",  # no running number
		"{seq",
		"seq}",
		"",
		"   ",
		None,
		"{office:d}/{seq}",
	],
)
def test_bad_patterns_are_refused(pattern):
	with pytest.raises(ComplaintError):
		check_case_number_pattern(pattern)
	with pytest.raises(ComplaintError):
		format_case_number(pattern, sequence=1, office_code="7322", month=5, year=2024)


def test_unknown_placeholder_is_named():
	with pytest.raises(ComplaintError) as info:
		check_case_number_pattern("{seq}/{kantor}")
	assert "{kantor}" in str(info.value)
	assert "{month_roman}" in str(info.value)
	assert info.value.template.startswith("Unknown placeholder")


@pytest.mark.parametrize(
	"kwargs",
	[
		{"sequence": 0},
		{"sequence": -1},
		{"sequence": "1"},
		{"sequence": True},
		{"month": 0},
		{"month": 13},
		{"year": 24},
		{"year": 10_000},
		{"office_code": ""},
		{"office_code": "  "},
		{"office_code": "73/22"},
		{"office_code": "73\n22"},
		{"office_code": None},
		{"office_code": "X" * 200},
	],
)
def test_bad_values_are_refused(kwargs):
	values = {"sequence": 1, "office_code": "7322", "month": 5, "year": 2024, **kwargs}
	with pytest.raises(ComplaintError):
		format_case_number(DEFAULT_CASE_NUMBER_PATTERN, **values)


def test_placeholders_constant():
	assert CASE_NUMBER_PLACEHOLDERS == ("seq", "office", "month_roman", "month", "year")


@given(st.integers(1, 10**6), st.integers(1, 12), st.integers(2000, 2100))
def test_distinct_sequences_give_distinct_numbers(seq, month, year):
	def number(s):
		return format_case_number(
			DEFAULT_CASE_NUMBER_PATTERN, sequence=s, office_code="7322", month=month, year=year
		)

	assert number(seq) != number(seq + 1)
	assert number(seq).split("/")[0].lstrip("0") == str(seq)


# Jurisdiction


def test_route_table_covers_every_official_level():
	assert set(ROUTE_FOR_LEVEL) == set(OFFICIAL_LEVELS)


@pytest.mark.parametrize(
	"levels,handler",
	[
		(["PPK"], HANDLER_KABKOTA),
		(["PPS", "KPPS", "PPK"], HANDLER_KABKOTA),
		(["KPU RI"], HANDLER_DKPP),
		(["KPU Provinsi", "KPU Kabupaten/Kota"], HANDLER_DKPP),
		(["Sekretariat"], HANDLER_ASN),
	],
)
def test_single_route(levels, handler):
	route = route_complaint(levels)
	assert route.handler == handler
	assert not route.needs_split
	assert route.groups == {handler: list(range(len(levels)))}


def test_mixed_complaint_must_be_split():
	route = route_complaint(["KPPS", "KPU Kabupaten/Kota", "PPS", "Sekretariat", "KPPS"])
	assert route.needs_split
	assert route.handler is None
	assert route.groups == {HANDLER_KABKOTA: [0, 2, 4], HANDLER_DKPP: [1], HANDLER_ASN: [3]}
	assert list(route.groups) == [HANDLER_KABKOTA, HANDLER_DKPP, HANDLER_ASN]


def test_route_accepts_any_iterable_and_its_own_table():
	assert route_complaint(iter(("PPS",))).handler == HANDLER_KABKOTA
	assert route_complaint(["PPS"], {"PPS": "Bawaslu"}).handler == "Bawaslu"


@pytest.mark.parametrize("levels", [[], ["Bawaslu"], ["PPK", "ppk"], [None]])
def test_bad_routes_are_refused(levels):
	with pytest.raises(ComplaintError):
		route_complaint(levels)


@given(st.lists(st.sampled_from(OFFICIAL_LEVELS), min_size=1, max_size=12))
def test_route_groups_partition_the_respondents(levels):
	route = route_complaint(levels)
	indices = sorted(i for group in route.groups.values() for i in group)
	assert indices == list(range(len(levels)))
	for handler, group in route.groups.items():
		assert all(ROUTE_FOR_LEVEL[levels[i]] == handler for i in group)
	assert route.needs_split == (len({ROUTE_FOR_LEVEL[level] for level in levels}) > 1)
	assert isinstance(route, Route)


def test_handling_region():
	assert handling_region(["73.22.14", "73.22.14.2001", "73.22.01.1003"]) == "73.22"
	assert handling_region(["73.22"]) == "73.22"


def test_respondents_in_two_kabkota_are_refused():
	with pytest.raises(ComplaintError) as info:
		handling_region(["73.22.14.2001", "73.22.01", "73.71.02.1001"])
	assert "73.22" in str(info.value) and "73.71" in str(info.value)
	assert "73.71.02.1001" in str(info.value)


@pytest.mark.parametrize("regions", [[], ["73"], ["ID"], ["73.2"], ["73.22.14.201"], [None], ["73.22", "x"]])
def test_bad_regions_are_refused(regions):
	with pytest.raises(ComplaintError):
		handling_region(regions)


# Stages and deadlines


def test_stages_and_transitions():
	assert STAGES == (
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
	assert set(TRANSITIONS) == set(STAGES)
	assert all(set(targets) <= set(STAGES) for targets in TRANSITIONS.values())
	assert set(FINAL_STAGES) == {"Rejected", "Closed - Proven", "Closed - Not Proven", "Forwarded"}


def test_every_stage_is_reachable_and_every_path_ends():
	reached, frontier = {"Received"}, ["Received"]
	while frontier:
		for target in TRANSITIONS[frontier.pop()]:
			if target not in reached:
				reached.add(target)
				frontier.append(target)
	assert reached == set(STAGES)
	# No cycles but the one way back: a submission set aside by mistake is reopened as received.
	assert TRANSITIONS[SET_ASIDE] == ("Received",)
	remaining = {stage: set(targets) - {"Received"} for stage, targets in TRANSITIONS.items()}
	while remaining:
		sinks = {stage for stage, targets in remaining.items() if not targets & set(remaining)}
		assert sinks, f"cycle among {sorted(remaining)}"
		for stage in sinks:
			del remaining[stage]


@pytest.mark.parametrize(
	"current,target",
	[
		("Received", "Administrative Verification"),
		("Administrative Verification", "Clarification"),
		("Administrative Verification", "Rejected"),
		("Administrative Verification", "Forwarded"),
		("Clarification", "Examination"),
		("Examination", "Plenary"),
		("Plenary", "Closed - Proven"),
		("Plenary", "Closed - Not Proven"),
	],
)
def test_allowed_transitions(current, target):
	assert check_transition(current, target) is None


@pytest.mark.parametrize(
	"current,target",
	[
		("Received", "Examination"),
		("Received", "Closed - Proven"),
		("Clarification", "Closed - Proven"),
		("Examination", "Closed - Not Proven"),
		("Plenary", "Received"),
		("Examination", "Examination"),
		("Closed - Proven", "Plenary"),
		("Rejected", "Received"),
		("Forwarded", "Clarification"),
	],
)
def test_forbidden_transitions(current, target):
	with pytest.raises(ComplaintError):
		check_transition(current, target)


def test_transition_messages():
	with pytest.raises(ComplaintError) as info:
		check_transition("Examination", "Closed - Proven")
	assert str(info.value) == "A complaint cannot move from Examination to Closed - Proven; allowed: Plenary"
	with pytest.raises(ComplaintError) as info:
		check_transition("Rejected", "Received")
	assert "final" in str(info.value)
	with pytest.raises(ComplaintError):
		check_transition("Received", "Archived")
	with pytest.raises(ComplaintError):
		check_transition("Archived", "Received")


def test_transitions_are_configurable():
	custom = {**TRANSITIONS, "Plenary": (*TRANSITIONS["Plenary"], "Examination")}
	check_transition("Plenary", "Examination", custom)
	with pytest.raises(ComplaintError):
		check_transition("Plenary", "Examination")


def test_default_stage_days():
	assert DEFAULT_STAGE_DAYS["Clarification"] == 1
	assert DEFAULT_STAGE_DAYS["Examination"] == 7
	assert DEFAULT_STAGE_DAYS["Plenary"] == 1
	assert set(DEFAULT_STAGE_DAYS) <= set(STAGES)


def test_stage_deadlines():
	# Examination entered on Friday 2024-05-10, Tuesday 2024-05-14 a holiday: 7 working days.
	assert stage_deadline("Examination", FRI, holidays=[TUE]) == date(2024, 5, 22)
	assert stage_deadline("Examination", FRI) == date(2024, 5, 21)
	assert stage_deadline("Plenary", FRI) == MON
	assert stage_deadline("Clarification", FRI, holidays=[MON]) == TUE
	assert stage_deadline("Plenary", datetime(2024, 5, 10, 16, 0)) == MON
	assert stage_deadline("Received", FRI) is None
	assert stage_deadline("Closed - Proven", FRI) is None
	assert stage_deadline("Examination", FRI, stage_days={"Examination": 14}) == date(2024, 5, 30)
	assert stage_deadline("Examination", FRI, stage_days={"Examination": None}) is None
	# A Friday-Saturday weekend: Sun 12 is the 1st working day, Mon 20 the 7th.
	assert stage_deadline("Examination", FRI, weekend=(4, 5)) == date(2024, 5, 20)


def test_bad_stage_deadlines():
	with pytest.raises(ComplaintError):
		stage_deadline("Archived", FRI)
	for bad in (-1, 1.5, "7"):
		with pytest.raises(ComplaintError):
			stage_deadline("Examination", FRI, stage_days={"Examination": bad})


@given(st.sampled_from(sorted(DEFAULT_STAGE_DAYS)), st.dates(date(2023, 1, 1), date(2026, 12, 31)))
def test_stage_deadlines_are_working_days_at_the_right_distance(stage, entered_on):
	holidays = [date(2024, 5, 14), date(2024, 12, 25), date(2025, 1, 1)]
	deadline = stage_deadline(stage, entered_on, holidays)
	assert is_working_day(deadline, holidays)
	assert working_days_between(entered_on, deadline, holidays) == DEFAULT_STAGE_DAYS[stage]


def test_filing_deadline():
	assert DEFAULT_FILING_DAYS == 7
	# Aware on Friday, Tuesday a holiday: Mon, Wed, Thu, Fri, Mon, Tue, Wed.
	assert filing_deadline(FRI, holidays=[TUE]) == date(2024, 5, 22)
	assert filing_deadline(FRI, days=3) == WED
	assert not is_filed_late(FRI, date(2024, 5, 22), holidays=[TUE])
	assert is_filed_late(FRI, date(2024, 5, 22))
	assert is_filed_late(FRI, date(2024, 5, 23), holidays=[TUE])
	assert not is_filed_late(FRI, FRI)
	# Filed on the Saturday after a Friday deadline: late, though no working day has passed since.
	assert filing_deadline(date(2024, 5, 3), days=5) == FRI
	assert is_filed_late(date(2024, 5, 3), date(2024, 5, 11), days=5)
	assert not is_filed_late(FRI, WED, days=3)
	assert is_filed_late(FRI, date(2024, 5, 16), days=3)


def test_filing_before_becoming_aware_is_refused():
	with pytest.raises(ComplaintError):
		is_filed_late(WED, FRI)
	with pytest.raises(ComplaintError):
		filing_deadline(FRI, days=-1)


@given(st.dates(date(2023, 1, 1), date(2026, 12, 31)), st.integers(0, 40))
def test_late_exactly_after_the_deadline(aware_on, offset):
	filed_on = aware_on + timedelta(days=offset)
	late = is_filed_late(aware_on, filed_on)
	assert late == (filed_on > filing_deadline(aware_on))
	count = working_days_between(aware_on, filed_on)
	if count > 7:
		assert late
	if late:
		assert count >= 7
	else:
		assert count <= 7


# Examination team


GOOD_TEAM = [("OFF-1", "Ketua"), ("OFF-2", "Anggota"), ("OFF-3", "Anggota")]
PARTIES = {"PEL-1", "OFF-9"}


def test_defaults():
	assert (DEFAULT_TEAM_SIZE, DEFAULT_TEAM_KETUA) == (3, 1)


def test_good_team():
	assert check_examination_team(GOOD_TEAM, PARTIES, {"OFF-1": {"OFF-5"}}) is None
	assert check_examination_team(GOOD_TEAM, PARTIES) is None


def raises(members, parties=PARTIES, kin_of=None, **kwargs) -> str:
	with pytest.raises(ComplaintError) as info:
		check_examination_team(members, parties, kin_of, **kwargs)
	return str(info.value)


def test_team_size():
	assert "needs 3 members, but this one has 2" in raises(GOOD_TEAM[:2])
	assert "needs 3 members, but this one has 4" in raises([*GOOD_TEAM, ("OFF-4", "Anggota")])
	assert "needs 3 members, but this one has 0" in raises([])


def test_exactly_one_ketua():
	assert "needs 1 Ketua, but this one has 0" in raises([("OFF-1", "Anggota"), *GOOD_TEAM[1:]])
	assert "needs 1 Ketua, but this one has 2" in raises([*GOOD_TEAM[:2], ("OFF-3", "Ketua")])


def test_roles_and_references():
	assert "OFF-3" in raises([*GOOD_TEAM[:2], ("OFF-3", "Sekretaris")])
	assert "reference" in raises([*GOOD_TEAM[:2], ("", "Anggota")])
	assert "reference" in raises([*GOOD_TEAM[:2], (None, "Anggota")])


def test_no_duplicates():
	message = raises([*GOOD_TEAM[:2], ("OFF-2", "Anggota")])
	assert message == "OFF-2 is listed twice in the examination team"


def test_a_party_cannot_examine():
	message = raises([*GOOD_TEAM[:2], ("OFF-9", "Anggota")])
	assert message == "OFF-9 cannot examine this case: they are a party to it"


def test_kin_of_a_party_cannot_examine():
	message = raises(GOOD_TEAM, kin_of={"OFF-2": {"OFF-9", "OFF-77"}})
	assert (
		message == "OFF-2 cannot examine this case: they have a declared family tie with OFF-9, a party to it"
	)
	# The tie declared by the party counts too.
	message = raises(GOOD_TEAM, kin_of={"PEL-1": {"OFF-3"}})
	assert message.startswith("OFF-3 cannot examine") and "PEL-1" in message
	# Ties with several parties are all named.
	assert "OFF-9, PEL-1" in raises(GOOD_TEAM, kin_of={"OFF-1": ["PEL-1", "OFF-9"]})


def test_team_size_is_configurable():
	five = [*GOOD_TEAM, ("OFF-4", "Anggota"), ("OFF-5", "Anggota")]
	assert check_examination_team(five, PARTIES, size=5) is None
	assert "needs 3 members" in raises(five)


# Summonses


def test_summons_notice():
	assert DEFAULT_SUMMONS_DAYS == 5
	hearing = date(2024, 5, 20)
	assert check_summons(hearing, date(2024, 5, 15)) is None
	assert check_summons(hearing, date(2024, 5, 1)) is None
	assert check_summons(datetime(2024, 5, 20, 9), datetime(2024, 5, 15, 23, 59)) is None
	with pytest.raises(ComplaintError) as info:
		check_summons(hearing, date(2024, 5, 16))
	assert str(info.value) == (
		"The summons for the hearing on 2024-05-20 was sent on 2024-05-16, 4 day(s) before; "
		"it must be sent at least 5 days before"
	)
	with pytest.raises(ComplaintError):
		check_summons(hearing, date(2024, 5, 21))
	assert check_summons(hearing, date(2024, 5, 17), min_days=3) is None
	with pytest.raises(ComplaintError):
		check_summons(hearing, date(2024, 5, 17), min_days=-1)


def test_outcomes():
	assert (
		SUMMONS_OUTCOMES
		== (ATTENDED, ABSENT, ABSENT_WITH_REASON)
		== ("Attended", "Absent", "Absent with Reason")
	)
	assert DEFAULT_IGNORED_SUMMONSES == 2


@pytest.mark.parametrize(
	"outcomes,expected",
	[
		([], False),
		([ABSENT], False),
		([ABSENT, ABSENT], True),
		([ABSENT, ABSENT_WITH_REASON, ABSENT], True),
		([ABSENT_WITH_REASON, ABSENT_WITH_REASON, ABSENT_WITH_REASON], False),
		([ABSENT_WITH_REASON, ABSENT], False),
		([ABSENT, ATTENDED, ABSENT], False),
		([ATTENDED, ABSENT, ABSENT], True),
		([ABSENT, ABSENT, ATTENDED], False),
	],
)
def test_in_absentia(outcomes, expected):
	assert may_decide_in_absentia(outcomes) is expected


def test_in_absentia_threshold_is_configurable():
	assert may_decide_in_absentia([ABSENT], ignored=1)
	assert not may_decide_in_absentia([ABSENT, ABSENT], ignored=3)
	with pytest.raises(ComplaintError):
		may_decide_in_absentia([ABSENT], ignored=0)


@pytest.mark.parametrize("outcome", ["absent", "Hadir", "", None])
def test_unknown_outcomes_are_refused(outcome):
	with pytest.raises(ComplaintError):
		may_decide_in_absentia([ABSENT, outcome])


def test_errors_are_rule_errors():
	assert issubclass(ComplaintError, RuleError)


def test_a_complaint_set_aside_says_why_and_a_duplicate_names_the_other():
	from kpu_etik.core.complaints import check_set_aside

	check_set_aside("Spam", None, "KPU-1")
	check_set_aside("Duplicate", "KPU-0", "KPU-1")
	for reason, other in ((None, None), ("Bored", None), ("Duplicate", None), ("Duplicate", "KPU-1")):
		with pytest.raises(ComplaintError):
			check_set_aside(reason, other, "KPU-1")
	assert (
		"Set Aside" in TRANSITIONS["Received"] and "Set Aside" in TRANSITIONS["Administrative Verification"]
	)
