"""Screening officials against candidate and campaign-team lists."""

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.screening_benchmark import evaluate, generate
from kpu_etik.core.nik import make_nik, mask_nik
from kpu_etik.core.screening import (
	DEFAULT_WEIGHTS,
	NAME,
	SAME_KK,
	SAME_NIK,
	Candidate,
	CandidateIndex,
	DeclaredRelative,
	Hit,
	Person,
	ScreeningResult,
	Weights,
	clean_number,
	review_key,
	screen_all,
	screen_all_results,
	screen_official,
	spouse_pairs,
)

BORN = date(1980, 5, 17)
OFFICIAL_NIK = make_nik("73.22.14", BORN, "Male", 1)
OFFICIAL_KK = "7322140101100001"
OFFICIAL = Person("OFF-1", "Dr. H. Muhammad Yusuf, S.H.", OFFICIAL_NIK, OFFICIAL_KK, BORN, "73.22.14.2001")


def wife(**changes):
	born = date(1982, 1, 1)
	values = dict(
		ref="DCT-WIFE",
		full_name="Siti Aminah",
		nik=make_nik("73.22.14", born, "Female", 7),
		no_kk=OFFICIAL_KK,
		birth_date=born,
		region="73.22.14.2001",
		role="Calon DPRD Kabupaten/Kota",
		party="Partai 01",
		district="Luwu Utara 1",
	)
	values.update(changes)
	return Candidate(**values)


def stranger(ref="DCT-X", name="Budi Santoso", born=date(1970, 1, 1), region="31.71.01.1001", serial=9):
	return Candidate(ref, name, make_nik(region[:8], born, "Male", serial), None, born, region, "Calon DPR")


def screen(candidates, official=OFFICIAL, relatives=(), **options) -> ScreeningResult:
	return screen_official(CandidateIndex(candidates), official, relatives, **options)


def kinds(result):
	return {(hit.candidate_ref, hit.kind) for hit in result.hits}


# --- the three kinds of hit --------------------------------------------------------------------------


def test_same_nik_is_the_official_himself():
	me = Candidate("TIM-1", "Muhammad Yusuf", OFFICIAL_NIK, None, None, None, "Tim Kampanye")
	result = screen([me, stranger()])
	assert [(h.candidate_ref, h.kind, h.score) for h in result.hits] == [("TIM-1", SAME_NIK, 100.0)]
	evidence = " ".join(result.hits[0].evidence)
	assert "same NIK" in evidence and OFFICIAL_NIK not in evidence  # masked


def test_same_nik_found_even_when_the_names_differ():
	result = screen([Candidate("TIM-1", "Totally Different", f" {OFFICIAL_NIK} ")])
	assert kinds(result) == {("TIM-1", SAME_NIK)}


def test_same_kk_is_an_undeclared_household():
	result = screen([wife(), stranger()])
	assert [(h.candidate_ref, h.kind, h.score) for h in result.hits] == [("DCT-WIFE", SAME_KK, 95.0)]
	assert OFFICIAL_KK not in " ".join(result.hits[0].evidence)


def test_one_hit_per_pair_strongest_kind():
	both = Candidate("DCT-1", "Muhammad Yusuf", OFFICIAL_NIK, OFFICIAL_KK, BORN, "73.22.14.2001")
	assert kinds(screen([both])) == {("DCT-1", SAME_NIK)}


def test_fuzzy_name_with_birth_date_is_a_hit():
	respelt = Candidate("DCT-2", "Moh. Jusuf", None, None, BORN, "11.01.01.2001", "Calon DPD")
	result = screen([respelt])
	assert len(result.hits) == 1
	hit = result.hits[0]
	assert (hit.kind, hit.candidate_ref) == (NAME, "DCT-2")
	assert hit.score == 90.0  # 100 - 25 + 15
	assert hit.evidence == ("name similarity 100", "same birth date 1980-05-17")


def test_old_spelling_with_birth_date_and_regency():
	official = Person("OFF-2", "Achmad Djunaedi", None, None, date(1975, 3, 2), "73.22.10.2005")
	candidate = Candidate("DCT-3", "H. Ahmad Junaidi, S.Pd.", None, None, date(1975, 3, 2), "73.22.01.2001")
	result = screen([candidate], official)
	assert kinds(result) == {("DCT-3", NAME)}
	assert result.hits[0].score == 100.0
	assert "same kabupaten/kota 73.22" in result.hits[0].evidence


def test_common_name_alone_is_below_the_threshold():
	namesake = Candidate("DCT-4", "Muhammad Yusuf", None, None, None, None)
	assert screen([namesake]).hits == ()
	# It is seen, and scored 100 - 25 = 75: below the default 85.
	low = screen([namesake], min_score=50)
	assert [(h.kind, h.score) for h in low.hits] == [(NAME, 75.0)]
	# Another province, no birth date: still nothing.
	assert screen([dataclasses.replace(namesake, region="11.01.01.2001")]).hits == ()


def test_region_alone_supports_an_exact_name():
	namesake = Candidate("DCT-4", "Muhammad Yusuf", None, None, None, "73.22.01.2001")
	assert [(h.kind, h.score) for h in screen([namesake]).hits] == [(NAME, 85.0)]
	# Only the province: 80, below.
	assert screen([dataclasses.replace(namesake, region="73.01.01.2001")]).hits == ()


def test_different_birth_date_rules_out_a_namesake():
	namesake = Candidate("DCT-5", "Muhammad Yusuf", None, None, date(1990, 1, 1), "73.22.14.2001")
	assert screen([namesake]).hits == ()
	assert screen([namesake], min_score=0).hits[0].evidence[1].startswith("different birth dates")


def test_birth_date_read_from_the_nik():
	# The list has no birth date, but its NIK (a woman's: day + 40) has one.
	official = Person("OFF-3", "Siti Aminah", None, None, date(1982, 1, 1), "73.22.14.2001")
	listed = Candidate("DCT-6", "Sitti Aminah", make_nik("31.71.01", date(1982, 1, 1), "Female", 5))
	result = screen([listed], official)
	assert kinds(result) == {("DCT-6", NAME)}
	assert "same birth date 01-01-..82 (from the NIK)" in result.hits[0].evidence


def test_mistyped_nik_is_strong_evidence():
	typo = OFFICIAL_NIK[:-1] + ("2" if OFFICIAL_NIK[-1] != "2" else "3")
	listed = Candidate("DCT-7", "Muhammad Yusuf", typo, None, None, None)
	result = screen([listed])
	# 100 - 25 + 15 (the birth date read from the NIK) + 15 (the NIKs differ in one digit), at most 100.
	assert [(h.kind, h.score) for h in result.hits] == [(NAME, 100.0)]
	assert result.hits[0].evidence[1:] == (
		"same birth date 17-05-..80 (from the NIK)",
		"NIKs differ in 1 digit(s): ************0001 and " + mask_nik(typo),
	)
	# Without the NIK typo evidence the same pair scores 90.
	assert screen([listed], weights=Weights(nik_near=0)).hits[0].score == 90.0
	# A clearly different NIK counts against.
	other = make_nik("11.01.01", date(1960, 1, 1), "Male", 4444)
	assert screen([dataclasses.replace(listed, nik=other, region="73.22.14.2001")]).hits == ()


def test_placeholder_numbers_match_nothing():
	official = Person("OFF-4", "Agus", "0000000000000000", "-", None, None)
	listed = Candidate("DCT-8", "Rina", "0000000000000000", "-")
	assert screen([listed], official).hits == ()
	assert clean_number("0000000000000000") is None
	assert clean_number(" 7322 1401 0110 0001 ") == "7322140101100001"
	assert clean_number("73221401011000") is None


def test_hits_are_sorted_strongest_first():
	me = Candidate("TIM-1", "Muhammad Yusuf", OFFICIAL_NIK)
	respelt = Candidate("DCT-2", "Moh. Jusuf", None, None, BORN, "11.01.01.2001")
	result = screen([respelt, wife(), me])
	assert [h.candidate_ref for h in result.hits] == ["TIM-1", "DCT-WIFE", "DCT-2"]


def test_weights_can_be_tuned():
	namesake = Candidate("DCT-4", "Muhammad Yusuf")
	assert screen([namesake]).hits == ()
	assert kinds(screen([namesake], weights=Weights(name_discount=0))) == {("DCT-4", NAME)}
	assert screen([wife()], weights=Weights(same_kk=80)).hits[0].score == 80


@pytest.mark.parametrize("bad", [-1, 101, "85", None, True])
def test_min_score_checked(bad):
	with pytest.raises(ValueError):
		screen([wife()], min_score=bad)


# --- declared relatives ------------------------------------------------------------------------------


def test_declared_relative_by_nik_suppresses_the_hit():
	listed = wife()
	declared = DeclaredRelative("OFF-1", "Siti Aminah", listed.nik, "Istri")
	result = screen([listed, stranger()], relatives=[declared])
	assert result.hits == ()
	assert [(m.candidate_ref, m.via, m.relative) for m in result.declared_matches] == [
		("DCT-WIFE", "nik", declared)
	]


def test_declared_relative_by_name_suppresses_the_hit():
	declared = DeclaredRelative("OFF-1", "Hj. St. Aminah", None, "Istri")
	result = screen([wife()], relatives=[declared])
	assert result.hits == ()
	assert [(m.candidate_ref, m.via, m.score) for m in result.declared_matches] == [
		("DCT-WIFE", "name", 100.0)
	]


def test_declared_relative_with_another_nik_is_not_that_candidate():
	declared = DeclaredRelative(
		"OFF-1", "Siti Aminah", make_nik("73.22.14", date(2001, 1, 1), "Female", 8), "Anak"
	)
	result = screen([wife()], relatives=[declared])
	assert kinds(result) == {("DCT-WIFE", SAME_KK)}
	assert result.declared_matches == ()


def test_declared_relative_suppresses_only_its_own_pair():
	declared = DeclaredRelative("OFF-1", "Siti Aminah", None, "Istri")
	brother = wife(
		ref="DCT-BRO", full_name="Ahmad Yani", nik=make_nik("73.22.14", date(1978, 2, 2), "Male", 9)
	)
	result = screen([wife(), brother], relatives=[declared])
	assert kinds(result) == {("DCT-BRO", SAME_KK)}
	assert [m.candidate_ref for m in result.declared_matches] == ["DCT-WIFE"]


def test_declaration_does_not_hide_the_official_himself():
	me = Candidate("TIM-1", "Muhammad Yusuf", OFFICIAL_NIK)
	declared = DeclaredRelative("OFF-1", "Muhammad Yusuf", None, "Anak")
	assert kinds(screen([me], relatives=[declared])) == {("TIM-1", SAME_NIK)}


def test_declared_relative_elsewhere_linked_by_nik_not_by_name():
	# The son has his own family card: no hit, so a name alone links nothing (namesakes abound).
	son = Candidate("DCT-SON", "Rahmat Hidayat", make_nik("73.22.03", date(2000, 1, 1), "Male", 5))
	namesake = Candidate("DCT-NS", "Rahmat Hidayat", make_nik("31.71.01", date(1999, 1, 1), "Male", 5))
	by_name = DeclaredRelative("OFF-1", "Rachmat Hidajat", None, "Anak")
	assert screen([son, namesake], relatives=[by_name]) == ScreeningResult((), ())
	by_nik = dataclasses.replace(by_name, nik=son.nik)
	result = screen([son, namesake], relatives=[by_nik])
	assert [(m.candidate_ref, m.via) for m in result.declared_matches] == [("DCT-SON", "nik")]


# --- all officials ------------------------------------------------------------------------------------


def test_screen_all_streams():
	consumed = []

	def officials():
		for k in range(1000):
			consumed.append(k)
			yield Person(f"OFF-{k}", "Muhammad Yusuf", OFFICIAL_NIK if k == 0 else None)

	hits = screen_all(CandidateIndex([Candidate("TIM-1", "Muhammad Yusuf", OFFICIAL_NIK)]), officials())
	first = next(hits)
	assert (first.official_ref, first.kind) == ("OFF-0", SAME_NIK)
	assert len(consumed) == 1  # the rest not read yet
	assert list(hits) == []
	assert len(consumed) == 1000


def test_screen_all_uses_each_officials_relatives():
	listed = wife()
	officials = [OFFICIAL, dataclasses.replace(OFFICIAL, ref="OFF-2", nik=None, full_name="Joko")]
	relatives = {"OFF-1": [DeclaredRelative("OFF-1", "Siti Aminah", listed.nik, "Istri")]}
	hits = list(screen_all(CandidateIndex([listed]), officials, relatives))
	# OFF-1 declared her; OFF-2 shares the card (say, a data error) and did not.
	assert [(h.official_ref, h.kind) for h in hits] == [("OFF-2", SAME_KK)]
	results = list(screen_all_results(CandidateIndex([listed]), officials, relatives))
	assert [len(r.declared_matches) for r in results] == [1, 0]


def test_index_lookups():
	index = CandidateIndex([wife(), wife(ref="DCT-W2", nik=None), stranger()])
	assert len(index) == 3
	assert [c.ref for c in index.by_kk(OFFICIAL_KK)] == ["DCT-WIFE", "DCT-W2"]
	assert [c.ref for c in index.by_nik(wife().nik)] == ["DCT-WIFE"]
	assert index.by_nik(None) == [] and index.by_kk("") == []


# --- spouses and review keys ------------------------------------------------------------------------

NIK_A = make_nik("73.22.14", date(1980, 1, 1), "Male", 1)
NIK_B = make_nik("73.22.14", date(1982, 1, 1), "Female", 2)
NIK_C = make_nik("73.22.14", date(1985, 1, 1), "Female", 3)
BY_NIK = {NIK_A: "OFF-A", NIK_B: "OFF-B", NIK_C: "OFF-C"}


def test_spouse_pairs_both_directions_once():
	relatives = [
		DeclaredRelative("OFF-A", "Istri A", NIK_B, "Istri"),
		DeclaredRelative("OFF-B", "Suami B", NIK_A, "Suami"),
	]
	assert spouse_pairs(BY_NIK, relatives) == [("OFF-A", "OFF-B")]


def test_spouse_pairs_one_direction_is_enough():
	assert spouse_pairs(BY_NIK, [DeclaredRelative("OFF-C", "x", f" {NIK_A}", "suami/istri")]) == [
		("OFF-A", "OFF-C")
	]
	assert spouse_pairs(BY_NIK, [DeclaredRelative("OFF-B", "x", NIK_A, "Suami")]) == [("OFF-A", "OFF-B")]


def test_spouse_pairs_ignore_other_relationships_and_outsiders():
	relatives = [
		DeclaredRelative("OFF-A", "child", NIK_C, "Anak"),  # an official, but a child
		DeclaredRelative("OFF-A", "wife", make_nik("11.01.01", date(1990, 1, 1), "Female", 1), "Istri"),
		DeclaredRelative("OFF-A", "self", NIK_A, "Istri"),  # a data error: not a pair
		DeclaredRelative("OFF-A", "none", None, "Istri"),
	]
	assert spouse_pairs(BY_NIK, relatives) == []
	# The relationship names are a parameter.
	assert spouse_pairs(BY_NIK, relatives[:1], spouse_relationships=("Anak",)) == [("OFF-A", "OFF-C")]


def test_review_key_is_stable():
	hit = Hit("OFF-1", "DCT-1", SAME_KK, 95.0, ("a",))
	# The same on every run and machine (stored by the app): a fixed value.
	assert review_key(hit) == review_key(Hit("OFF-1", "DCT-1", SAME_KK, 60.0, ("other evidence",)))
	assert review_key(hit) == "633eb2dae2f869a70747ac591d2cd899"
	assert review_key(hit) != review_key(dataclasses.replace(hit, kind=NAME))
	assert review_key(hit) != review_key(dataclasses.replace(hit, candidate_ref="DCT-2"))
	# No ambiguity when refs contain separators.
	assert review_key(Hit("a|b", "c", NAME, 0, ())) != review_key(Hit("a", "b|c", NAME, 0, ()))


# --- properties -----------------------------------------------------------------------------------------

DISTRICTS = ["73.22.14", "73.22.10", "11.01.01", "31.71.01"]
NAMES = ["Muhammad Yusuf", "Moh. Jusuf", "Siti Aminah", "Nur Aini", "Budi Santoso", "Ahmad Junaidi", "Rina"]


@st.composite
def populations(draw):
	size = draw(st.integers(1, 40))
	people = []
	for _ in range(size):
		born = draw(st.dates(date(1960, 1, 1), date(1964, 12, 31)))
		district = draw(st.sampled_from(DISTRICTS))
		nik = make_nik(district, born, draw(st.sampled_from(["Male", "Female"])), draw(st.integers(1, 3)))
		people.append(
			(
				draw(st.sampled_from(NAMES)),
				draw(st.sampled_from([nik, None, f" {nik} "])),
				draw(st.sampled_from([None, "7322140101100001", "7322140101100002"])),
				draw(st.sampled_from([born, None])),
				draw(st.sampled_from([f"{district}.2001", None])),
			)
		)
	return people


@settings(max_examples=60, deadline=None)
@given(populations(), populations(), st.randoms(use_true_random=False))
def test_index_finds_every_exact_nik_match_and_is_deterministic(listed, officials, rng):
	candidates = [Candidate(f"C{k}", *p) for k, p in enumerate(listed)]
	people = [Person(f"O{k}", *p) for k, p in enumerate(officials)]
	index = CandidateIndex(candidates)
	results = [screen_official(index, o) for o in people]
	for official, result in zip(people, results, strict=True):
		nik = clean_number(official.nik)
		expected = {c.ref for c in candidates if nik and clean_number(c.nik) == nik}
		assert {h.candidate_ref for h in result.hits if h.kind == SAME_NIK} == expected
		kk = clean_number(official.no_kk)
		expected_kk = {c.ref for c in candidates if kk and clean_number(c.no_kk) == kk} - expected
		assert {h.candidate_ref for h in result.hits if h.kind == SAME_KK} == expected_kk
	# Deterministic: again, and with the list in another order.
	assert [screen_official(index, o) for o in people] == results
	shuffled = list(candidates)
	rng.shuffle(shuffled)
	again = [screen_official(CandidateIndex(shuffled), o) for o in people]
	assert again == results


class AllPairs(CandidateIndex):
	"""No blocking: every listed person is compared."""

	__slots__ = ()

	def _blocks(self, person, *_pruning):
		nik, kk, _ = super()._blocks(person)
		return nik, kk, set(range(len(self.candidates)))


VARIANT_NAMES = [
	"Muhammad Yusuf",
	"Moh. Jusuf",
	"Muhammad Yunus",
	"Andi Muhammad Yusuf",
	"Yusuf",
	"Achmad Djunaedi",
	"Ahmad Junaidi",
	"Ahmad Junaidi Hasan",
	"Siti Aminah",
	"St. Aminah",
	"Siti Aminah Rahman",
	"Nur Aini",
	"Noor Aini",
	"Nuraini",
]


@st.composite
def look_alikes(draw, prefix):
	people = []
	for k in range(draw(st.integers(1, 30))):
		born = draw(st.sampled_from([date(1980, 5, 17), date(1980, 5, 18), date(1880, 5, 17)]))
		district = draw(st.sampled_from(["73.22.14", "73.22.10", "73.01.01", "11.01.01"]))
		nik = make_nik(
			district, born if born.year > 1900 else date(1980, 5, 17), "Male", draw(st.integers(1, 2))
		)
		people.append(
			(
				f"{prefix}{k}",
				draw(st.sampled_from(VARIANT_NAMES)),
				draw(st.sampled_from([nik, None, nik[:-1] + "9"])),
				None,
				draw(st.sampled_from([born, None])),
				draw(st.sampled_from([f"{district}.2001", None])),
			)
		)
	return people


@settings(max_examples=100, deadline=None)
@given(look_alikes("C"), look_alikes("O"))
def test_blocking_loses_nothing_at_the_default_threshold(listed, officials):
	candidates = [Candidate(*p) for p in listed]
	blocked, exhaustive = CandidateIndex(candidates), AllPairs(candidates)
	for person in (Person(*p) for p in officials):
		assert screen_official(blocked, person) == screen_official(exhaustive, person)


# --- the benchmark's generator, small --------------------------------------------------------------------


def test_benchmark_generator_recall():
	dataset = generate(20_000, 8_000, seed=7)
	assert len(dataset.candidates) == 8_000
	assert len(dataset.expected["same_nik"]) == 8 and len(dataset.expected["same_kk"]) == 40
	index = CandidateIndex(dataset.candidates)
	outcome = evaluate(dataset, screen_all_results(index, dataset.officials(), dataset.relatives_by_official))
	assert outcome.recall["same_nik"] == 1.0
	assert outcome.recall["same_kk"] == 1.0
	assert outcome.recall["declared"] == 1.0
	assert outcome.recall["name"] == 1.0
	# Generation is deterministic.
	assert generate(20_000, 8_000, seed=7).candidates == dataset.candidates
	first = next(iter(dataset.officials()))
	assert first == next(iter(generate(20_000, 8_000, seed=7).officials()))


class WholeBlocks(CandidateIndex):
	"""The blocks without pruning: every listed person of the birth-date and name-key blocks scored."""

	__slots__ = ()

	def _blocks(self, person, *_pruning):
		return super()._blocks(person)


@settings(max_examples=60, deadline=None)
@given(
	look_alikes("C"),
	look_alikes("O"),
	st.sampled_from([50, 70, 85, 95]),
	st.sampled_from(
		[DEFAULT_WEIGHTS, Weights(same_province=12, same_regency=4), Weights(birth_date_conflict=0)]
	),
)
def test_pruning_the_blocks_changes_no_result_at_any_threshold_or_weights(
	listed, officials, min_score, weights
):
	candidates = [Candidate(*p) for p in listed]
	pruned, whole = CandidateIndex(candidates), WholeBlocks(candidates)
	for person in (Person(*p) for p in officials):
		assert screen_official(pruned, person, min_score=min_score, weights=weights) == screen_official(
			whole, person, min_score=min_score, weights=weights
		)
