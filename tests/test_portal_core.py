"""The portal home's rules: declaration steps, composition notes, access by membership, body reach."""

import csv
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kpu_etik.core.portal import (
	DEADLINE_PASSED,
	composition_note,
	declaration_step,
	has_portal_access,
	messages,
	reaches_body,
)
from kpu_etik.core.schedules import VISIT_STATES

TODAY = date(2026, 11, 22)


def test_a_member_who_has_not_started_must_declare():
	step = declaration_step(None)
	assert step.state == "Not started"
	assert step.urgent


def test_a_returned_declaration_asks_for_a_correction():
	step = declaration_step("Returned")
	assert step.urgent
	assert "Correct" in step.next_step


def test_submitted_verified_and_announced_need_nothing_from_the_member():
	for state in ("Submitted", "Verified", "Announced"):
		assert not declaration_step(state).urgent


def test_a_missed_deadline_is_said_only_when_the_member_still_owes_the_declaration():
	assert declaration_step("Draft", date(2026, 11, 20), TODAY).next_step == DEADLINE_PASSED
	assert declaration_step("Draft", date(2026, 11, 22), TODAY).next_step != DEADLINE_PASSED
	assert declaration_step("Submitted", date(2026, 11, 20), TODAY).next_step != DEADLINE_PASSED


def test_an_unknown_state_is_shown_as_it_is():
	assert declaration_step("Archived").state == "Archived"


def test_composition_notes():
	assert composition_note(7, 7, 1) == ("Complete", (), True)
	assert composition_note(5, 7, 1) == ("{0} of {1} seats empty", (2, 7), False)
	assert composition_note(3, 3, 0) == ("No ketua", (), False)
	assert composition_note(3, 3, 2) == ("More than one ketua", (), False)
	assert composition_note(None, None, None)[2] is False


@given(st.integers(0, 10), st.integers(1, 10), st.integers(0, 3))
def test_a_body_is_complete_only_with_every_seat_and_one_ketua(members, required, ketua):
	_template, _args, complete = composition_note(members, required, ketua)
	assert complete == (members >= required and ketua == 1)


def test_access_ends_the_day_the_leaving_takes_effect():
	assert has_portal_access("Active", None, TODAY)
	assert has_portal_access("Active", date(2026, 11, 23), TODAY)
	assert not has_portal_access("Active", TODAY, TODAY)
	assert not has_portal_access("Active", date(2026, 11, 1), TODAY)


def test_a_suspended_member_keeps_reading_but_a_dismissed_one_does_not():
	assert has_portal_access("Suspended", None, TODAY)
	assert not has_portal_access("Dismissed", None, TODAY)
	assert not has_portal_access("Term Ended", None, TODAY)
	assert not has_portal_access("Resigned", None, TODAY)
	assert not has_portal_access(None, None, TODAY)


PARENTS = {
	"PPK-A": None,
	"PPS-A1": "PPK-A",
	"PPS-A2": "PPK-A",
	"KPPS-A1-1": "PPS-A1",
	"KPPS-A2-1": "PPS-A2",
	"PPK-B": None,
	"PPS-B1": "PPK-B",
}


def test_a_pps_member_reaches_their_body_and_its_kpps_only():
	assert reaches_body(["PPS-A1"], "PPS-A1", PARENTS)
	assert reaches_body(["PPS-A1"], "KPPS-A1-1", PARENTS)
	assert not reaches_body(["PPS-A1"], "PPS-A2", PARENTS)  # the other PPS of the same kecamatan
	assert not reaches_body(["PPS-A1"], "KPPS-A2-1", PARENTS)
	assert not reaches_body(["PPS-A1"], "PPK-A", PARENTS)  # not the body above
	assert not reaches_body(["PPS-A1"], "PPS-B1", PARENTS)


def test_a_ppk_member_reaches_every_body_of_their_kecamatan():
	for body in ("PPK-A", "PPS-A1", "PPS-A2", "KPPS-A1-1", "KPPS-A2-1"):
		assert reaches_body(["PPK-A"], body, PARENTS)
	assert not reaches_body(["PPK-A"], "PPS-B1", PARENTS)


def test_reach_survives_a_cycle_and_an_unknown_body():
	assert not reaches_body(["X"], "LOOP-1", {"LOOP-1": "LOOP-2", "LOOP-2": "LOOP-1"})
	assert not reaches_body(["PPS-A1"], "NOWHERE", PARENTS)
	assert not reaches_body([], "PPS-A1", PARENTS)


def test_every_text_a_member_reads_has_an_indonesian_row():
	path = Path(__file__).resolve().parents[1] / "kpu_etik" / "translations" / "id.csv"
	with path.open(encoding="utf-8") as handle:
		translated = {row[0] for row in csv.reader(handle) if row}
	# The visit states are stored as text and shown on the portal home as they are.
	missing = sorted((messages() | set(VISIT_STATES)) - translated)
	assert not missing, missing
