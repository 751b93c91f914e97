"""The sanction ladder, the dates of a sanction and the status it imposes on an official."""

from datetime import date

import pytest

from kpu_etik.core.errors import RuleError
from kpu_etik.core.sanctions import (
	DEFAULT_LADDER,
	SanctionError,
	SanctionStep,
	check_ladder,
	check_sanction_dates,
	next_step,
	overlapping_suspension,
	status_on,
)

WARNING, STRONG_WARNING, SUSPENSION, DISMISSAL = (step.name for step in DEFAULT_LADDER)


# -- the ladder ---------------------------------------------------------------------------------------


def test_default_ladder():
	assert [(s.name, s.rank, s.effect) for s in DEFAULT_LADDER] == [
		("Peringatan Tertulis", 1, "none"),
		("Peringatan Keras Tertulis", 2, "none"),
		("Pemberhentian Sementara", 3, "suspension"),
		("Pemberhentian Tetap", 4, "dismissal"),
	]


def test_nothing_in_force_proposes_the_first_step():
	assert next_step(DEFAULT_LADDER, []).name == WARNING


@pytest.mark.parametrize(
	"in_force, expected",
	[
		([WARNING], STRONG_WARNING),
		([STRONG_WARNING], SUSPENSION),
		([WARNING, STRONG_WARNING], SUSPENSION),
		([SUSPENSION, WARNING], DISMISSAL),  # the highest counts, whatever the order
		([f"  {WARNING} "], STRONG_WARNING),
	],
)
def test_progression(in_force, expected):
	assert next_step(DEFAULT_LADDER, in_force).name == expected


def test_never_beyond_the_top():
	assert next_step(DEFAULT_LADDER, [DISMISSAL]) is None
	assert next_step(DEFAULT_LADDER, [WARNING, DISMISSAL, SUSPENSION]) is None


def test_accepts_a_generator_of_names():
	assert next_step(DEFAULT_LADDER, (n for n in [WARNING])).name == STRONG_WARNING


def test_unknown_step_is_refused():
	with pytest.raises(SanctionError) as exc:
		next_step(DEFAULT_LADDER, ["Teguran Lisan"])
	assert "Teguran Lisan" in str(exc.value)
	assert isinstance(exc.value, RuleError)


def test_configured_ladder_is_sorted_by_rank_and_may_skip_ranks():
	ladder = [
		SanctionStep("Pemberhentian", 30, "dismissal"),
		SanctionStep("Teguran", 10, "none"),
		SanctionStep("Skorsing", 20, "suspension"),
	]
	assert next_step(ladder, []).name == "Teguran"
	assert next_step(ladder, ["Teguran"]).name == "Skorsing"
	assert next_step(ladder, ["Skorsing"]).name == "Pemberhentian"
	assert [s.rank for s in check_ladder(ladder)] == [10, 20, 30]


@pytest.mark.parametrize(
	"ladder",
	[
		[],
		[SanctionStep("A", 1, "none"), SanctionStep("B", 1, "dismissal")],
		[SanctionStep("A", 1, "none"), SanctionStep("A", 2, "dismissal")],
		[("A", 1, "none")],
	],
)
def test_bad_ladders(ladder):
	with pytest.raises(SanctionError):
		next_step(ladder, [])


@pytest.mark.parametrize("args", [("", 1, "none"), ("A", 0, "none"), ("A", True, "none"), ("A", 1, "fine")])
def test_bad_steps(args):
	with pytest.raises(SanctionError):
		SanctionStep(*args)


# -- dates --------------------------------------------------------------------------------------------


def test_suspension_dates():
	check_sanction_dates("suspension", date(2026, 3, 1), date(2026, 3, 31))  # fine
	with pytest.raises(SanctionError, match="needs an end date"):
		check_sanction_dates("suspension", date(2026, 3, 1), None)
	with pytest.raises(SanctionError, match="end after it starts") as exc:
		check_sanction_dates("suspension", date(2026, 3, 1), date(2026, 3, 1))
	assert exc.value.args == ("2026-03-01", "2026-03-01")
	with pytest.raises(SanctionError, match="end after it starts"):
		check_sanction_dates("suspension", date(2026, 3, 1), date(2026, 2, 28))


@pytest.mark.parametrize("effect", ["none", "dismissal"])
def test_other_effects_have_no_end_date(effect):
	check_sanction_dates(effect, date(2026, 3, 1), None)
	with pytest.raises(SanctionError, match="Only a suspension has an end date") as exc:
		check_sanction_dates(effect, date(2026, 3, 1), date(2026, 4, 1))
	assert exc.value.args == (effect,)


def test_dates_need_a_known_effect_and_a_start():
	with pytest.raises(SanctionError, match="Unknown sanction effect"):
		check_sanction_dates("teguran", date(2026, 3, 1), None)
	with pytest.raises(SanctionError, match="takes effect"):
		check_sanction_dates("none", None, None)


# -- status -------------------------------------------------------------------------------------------

SUSPENDED_MARCH = ("suspension", date(2026, 3, 1), date(2026, 3, 31), "In Force")


@pytest.mark.parametrize(
	"day, expected",
	[
		(date(2026, 2, 28), None),  # before the start
		(date(2026, 3, 1), "Suspended"),  # first day
		(date(2026, 3, 15), "Suspended"),
		(date(2026, 3, 31), "Suspended"),  # last day, inclusive
		(date(2026, 4, 1), None),  # after the end
	],
)
def test_suspension_across_dates(day, expected):
	assert status_on(day, [SUSPENDED_MARCH]) == expected


def test_dismissal_overrides_a_suspension_once_started():
	# Suspended until the dismissal decree, which takes effect on 20 March.
	sanctions = [SUSPENDED_MARCH, ("dismissal", date(2026, 3, 20), None, "In Force")]
	assert status_on(date(2026, 3, 19), sanctions) == "Suspended"
	assert status_on(date(2026, 3, 20), sanctions) == "Dismissed"
	assert status_on(date(2026, 5, 1), sanctions) == "Dismissed"  # permanent
	assert status_on(date(2026, 3, 20), list(reversed(sanctions))) == "Dismissed"


def test_open_ended_suspension_covers_every_later_day():
	assert status_on(date(2030, 1, 1), [("suspension", date(2026, 3, 1), None, "In Force")]) == "Suspended"


def test_warnings_do_not_change_the_status():
	assert status_on(date(2026, 3, 15), [("none", date(2026, 3, 1), None, "In Force")]) is None


@pytest.mark.parametrize("state", ["Draft", "Approved", "Ended", "Cancelled", "in force"])
def test_only_in_force_sanctions_count(state):
	day = date(2026, 3, 15)
	assert status_on(day, [("suspension", date(2026, 3, 1), date(2026, 3, 31), state)]) is None
	assert status_on(day, [("dismissal", date(2026, 3, 1), None, state)]) is None
	# ...while an in-force one next to it still does
	assert status_on(day, [("dismissal", date(2026, 3, 1), None, state), SUSPENDED_MARCH]) == "Suspended"


def test_no_sanctions_no_status():
	assert status_on(date(2026, 3, 15), []) is None


def test_status_refuses_an_unknown_effect():
	with pytest.raises(SanctionError):
		status_on(date(2026, 3, 15), [("teguran", date(2026, 3, 1), None, "In Force")])


# -- overlap ------------------------------------------------------------------------------------------

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.mark.parametrize(
	"new, expected",
	[
		((date(2026, 2, 1), date(2026, 2, 28)), False),  # just before
		((date(2026, 4, 1), date(2026, 4, 30)), False),  # just after
		((date(2026, 2, 1), date(2026, 3, 1)), True),  # shares the first day
		((date(2026, 3, 31), date(2026, 4, 30)), True),  # shares the last day
		((date(2026, 3, 10), date(2026, 3, 12)), True),  # inside
		((date(2026, 2, 1), date(2026, 5, 1)), True),  # around
		((date(2026, 4, 1), None), False),  # open-ended, after
		((date(2026, 1, 1), None), True),  # open-ended, before
	],
)
def test_overlap(new, expected):
	assert overlapping_suspension(new, [MARCH]) is expected


def test_overlap_with_several_and_open_existing():
	existing = [MARCH, (date(2026, 6, 1), None)]
	assert overlapping_suspension((date(2026, 4, 1), date(2026, 5, 31)), existing) is False
	assert overlapping_suspension((date(2027, 1, 1), date(2027, 1, 31)), existing) is True
	assert overlapping_suspension((date(2026, 4, 1), date(2026, 5, 31)), []) is False
