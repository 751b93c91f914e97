"""Screening officials against candidate and campaign-team lists for undeclared conflicts.

An official and a listed person (a candidate on the DCT, or a campaign-team member; both are
``Candidate`` here) form a *hit* when:

- ``same_nik``: they have the same NIK: the official is the candidate (score ``Weights.same_nik``);
- ``same_kk``: they are on the same family card, one household, and it was not declared
  (``Weights.same_kk``);
- ``name``: their names are alike and birth date, region or NIK support it (scored below).

At most one hit per pair: the first kind that applies in that order; the others' signals go into its
evidence. A hit becomes a review item; ``review_key`` identifies it across runs.

A listed person who matches one of the official's *declared* relatives (same NIK, or a name at
least ``Weights.declared_name_similarity`` alike without a conflicting NIK) is the declared tie: the
``same_kk``/``name`` hit for that pair is suppressed and a ``DeclaredMatch`` returned instead, so the
app can link the declaration to the candidate. A declared NIK is looked up among all listed persons;
a declared name only among the pairs screening found (a namesake elsewhere is not the relative):
declare the NIK to have a relative in another household linked.

The ``name`` score (all weights in ``Weights``, so KPU can tune them)::

	score = name_similarity - name_discount
		+ same_birth_date (or + birth_date_conflict when both dates are known and differ)
		+ same_regency (or + same_province when only the province is shared)
		+ nik_near (NIKs differ in at most nik_near_digits digits, a typo) or + nik_conflict
	clipped to 0-100; a hit when score >= min_score (default 85).

With the defaults a name alone (at most 100 - 25 = 75) never reaches 85: common names such as
"Muhammad Yusuf" are everywhere. A birth date missing on one side is read from that side's NIK
(day, month, two-digit year). Region codes are Kepmendagri codes ("73.22.14.2001"); the first five
characters are the kabupaten/kota, the first two the province.

Blocking (``CandidateIndex``): an official is compared only with listed persons who share their
NIK, their No. KK, their name key (phonetic, order-free) or their birth date (YYMMDD, from the NIK
if need be). With the default weights and min_score >= 85 nothing is lost: a pair sharing none of
these either has two different birth dates (at most 100 - 25 - 30 + 10 + 15 = 70) or a side without
birth date and so without NIK, and a name key of its own (similarity below 100, plus at most 10 for
the region). Lower weights or thresholds can make such pairs count, and they are not seen.

Within the birth-date block the names are compared in rapidfuzz's C loop (``process.extract``), in
three tiers: listed persons of the official's kabupaten/kota, of the province, and all of that birth
date, each with the lowest similarity that could still reach ``min_score`` with the most that birth
date, region and NIK can add in that tier. Only the pairs above it are scored (in Python, by the same
functions as always), so the result is exactly that of scoring every pair of the block.
"""

import hashlib
import json
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.process import extract

from kpu_etik.core.names import prepare_name, prepared_similarity
from kpu_etik.core.nik import mask_nik

SAME_NIK = "same_nik"
SAME_KK = "same_kk"
NAME = "name"
HIT_KINDS = (SAME_NIK, SAME_KK, NAME)
DEFAULT_SPOUSE_RELATIONSHIPS = ("Suami", "Istri", "Spouse", "Suami/Istri")


@dataclass(frozen=True, slots=True)
class Person:
	"""An official (organizer) to screen."""

	ref: str
	full_name: str
	nik: str | None = None
	no_kk: str | None = None
	birth_date: date | None = None
	region: str | None = None  # Kepmendagri code at any level: domicile or area of the body


@dataclass(frozen=True, slots=True)
class Candidate:
	"""A person on a candidate list (DCT) or a campaign-team list."""

	ref: str
	full_name: str
	nik: str | None = None
	no_kk: str | None = None
	birth_date: date | None = None
	region: str | None = None
	role: str | None = None  # "Calon DPR", "Calon DPD", "Calon DPRD Provinsi", "Tim Kampanye", ...
	party: str | None = None
	district: str | None = None  # electoral district (dapil)


@dataclass(frozen=True, slots=True)
class DeclaredRelative:
	"""A family member an official declared (the kinship declaration)."""

	official_ref: str
	full_name: str
	nik: str | None = None
	relationship: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
	official_ref: str
	candidate_ref: str
	kind: str  # one of HIT_KINDS
	score: float
	evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DeclaredMatch:
	"""A listed person who is a declared relative of the official: not a hit, a link to make."""

	official_ref: str
	candidate_ref: str
	relative: DeclaredRelative
	via: str  # "nik" or "name"
	score: float
	evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScreeningResult:
	hits: tuple[Hit, ...] = ()
	declared_matches: tuple[DeclaredMatch, ...] = ()


@dataclass(frozen=True)
class Weights:
	"""Every score and weight of the screening, in one place; the defaults are a starting point."""

	same_nik: float = 100.0  # the official is the listed person
	same_kk: float = 95.0  # same family card (household), not declared
	name_discount: float = 25.0  # subtracted from the name similarity: a name alone is weak evidence
	same_birth_date: float = 15.0
	birth_date_conflict: float = -30.0  # both birth dates known and different
	same_regency: float = 10.0  # same kabupaten/kota (first 5 characters of the region code)
	same_province: float = 5.0  # same province only
	nik_near: float = 15.0  # both NIKs known, different in at most nik_near_digits digits (a typo)
	nik_near_digits: int = 2
	nik_conflict: float = -10.0  # both NIKs known and clearly different
	declared_name_similarity: float = 90.0  # a listed person is a declared relative at this name similarity

	def max_support(self) -> float:
		"""The most a name can gain from the other evidence."""
		return (
			max(self.same_birth_date, 0)
			+ max(self.same_regency, self.same_province, 0)
			+ max(self.nik_near, 0)
		)


DEFAULT_WEIGHTS = Weights()


# --- helpers ---------------------------------------------------------------------------------------


def clean_number(value) -> str | None:
	"""A NIK or KK number fit for matching: 16 ASCII digits, not a placeholder such as all zeros.

	Anything else (blank, "-", a wrong length) is None: it can match nothing.
	"""
	if not isinstance(value, str):
		return None
	value = value.strip().replace(" ", "").replace(".", "")
	if len(value) != 16 or not value.isascii() or not value.isdigit() or len(set(value)) == 1:
		return None
	return value


def _dob_key(birth_date: date | None, nik: str | None) -> int | None:
	"""YYMMDD as an int, from the birth date or else from a clean NIK (women's day - 40)."""
	if birth_date is not None:
		return birth_date.year % 100 * 10000 + birth_date.month * 100 + birth_date.day
	if nik is not None:
		day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
		if day > 40:
			day -= 40
		if 1 <= day <= 31 and 1 <= month <= 12:
			return year * 10000 + month * 100 + day
	return None


def _regency(region: str | None) -> str | None:
	return region[:5] if isinstance(region, str) and len(region) >= 5 and region[2] == "." else None


def _province(region: str | None) -> str | None:
	return region[:2] if isinstance(region, str) and len(region) >= 2 and region[:2].isdigit() else None


def _digits_differing(a: str, b: str) -> int:
	return sum(x != y for x, y in zip(a, b, strict=True))


@dataclass(frozen=True, slots=True)
class _Prepared:
	"""What screening needs of a person, computed once."""

	name: tuple[str, str]  # (sorted canonical tokens, name key)
	nik: str | None
	kk: str | None
	birth_date: date | None
	dob: int | None
	regency: str | None
	province: str | None

	@classmethod
	def of(cls, person) -> "_Prepared":
		nik = clean_number(person.nik)
		birth_date = getattr(person, "birth_date", None)
		region = getattr(person, "region", None)
		return cls(
			prepare_name(person.full_name),
			nik,
			clean_number(getattr(person, "no_kk", None)),
			birth_date,
			_dob_key(birth_date, nik),
			_regency(region),
			_province(region),
		)


def _add(mapping: dict, key, i: int) -> None:
	"""Multi-map with little memory: one int for a single entry, a list for more."""
	present = mapping.get(key)
	if present is None:
		mapping[key] = i
	elif type(present) is int:
		mapping[key] = [present, i]
	else:
		present.append(i)


def _get(mapping: dict, key) -> tuple[int, ...] | list[int]:
	if key is None:
		return ()
	found = mapping.get(key)
	if found is None:
		return ()
	return (found,) if type(found) is int else found


class CandidateIndex:
	"""Listed persons with blocking indexes by NIK, No. KK, name key and birth date.

	Per person it keeps two short strings (canonical name and name key, shared between equal names),
	a 4-byte birth-date key and one entry in each index (an int, or a list where several persons share
	a key); the birth-date index has one list per date. Screening one official looks up four keys and
	scores the few listed persons found.
	"""

	__slots__ = (
		"_by_dob",
		"_by_kk",
		"_by_name_key",
		"_by_nik",
		"_canon",
		"_dob",
		"_keys",
		"_tiers",
		"candidates",
	)

	def __init__(self, candidates: Iterable[Candidate]):
		self.candidates: list[Candidate] = list(candidates)
		self._canon: list[str] = []
		self._keys: list[str] = []
		self._dob = array("i")  # YYMMDD, -1 when unknown
		self._by_nik: dict[str, int | list[int]] = {}
		self._by_kk: dict[str, int | list[int]] = {}
		self._by_name_key: dict[str, int | list[int]] = {}
		self._by_dob: dict[int, list[int]] = {}
		shared: dict[str, str] = {}  # one string object per distinct name
		for i, candidate in enumerate(self.candidates):
			canon, key = prepare_name(candidate.full_name)
			canon, key = shared.setdefault(canon, canon), shared.setdefault(key, key)
			nik = clean_number(candidate.nik)
			dob = _dob_key(candidate.birth_date, nik)
			self._canon.append(canon)
			self._keys.append(key)
			self._dob.append(-1 if dob is None else dob)
			if nik:
				_add(self._by_nik, nik, i)
			kk = clean_number(candidate.no_kk)
			if kk:
				_add(self._by_kk, kk, i)
			if key:
				_add(self._by_name_key, key, i)
			if dob is not None:
				self._by_dob.setdefault(dob, []).append(i)
		# The birth-date block by kabupaten/kota and by province too, each with its names side by side
		# for the C loop: (ids, canonical names, name keys).
		self._tiers: dict[tuple, tuple[list[int], list[str], list[str]]] = {}
		for dob, ids in self._by_dob.items():
			for i in ids:
				region = self.candidates[i].region
				keys = [(dob,)]
				if isinstance(region, str):
					keys += [(dob, region[:5]), (dob, region[:2])]
				for key in keys:
					tier = self._tiers.get(key)
					if tier is None:
						tier = self._tiers[key] = ([], [], [])
					tier[0].append(i)
					tier[1].append(self._canon[i])
					tier[2].append(self._keys[i])

	def __len__(self) -> int:
		return len(self.candidates)

	def by_nik(self, nik) -> list[Candidate]:
		"""The listed persons with this NIK."""
		return [self.candidates[i] for i in _get(self._by_nik, clean_number(nik))]

	def by_kk(self, no_kk) -> list[Candidate]:
		"""The listed persons on this family card."""
		return [self.candidates[i] for i in _get(self._by_kk, clean_number(no_kk))]

	def _name(self, i: int) -> tuple[str, str]:
		return self._canon[i], self._keys[i]

	def _blocks(
		self, person: _Prepared, min_score: float | None = None, weights: "Weights | None" = None
	) -> tuple[set[int], set[int], set[int]]:
		"""(same NIK, same KK, every index) of the listed persons to compare with ``person``; given
		``min_score``, the birth-date block only where a name could make a hit."""
		nik = set(_get(self._by_nik, person.nik))
		kk = set(_get(self._by_kk, person.kk))
		every = nik | kk
		same_key = _get(self._by_name_key, person.name[1] or None)
		if min_score is None:
			every.update(same_key)
			every.update(self._by_dob.get(person.dob, ()))
			return nik, kk, every
		weights = weights or DEFAULT_WEIGHTS
		every |= self._worth_scoring(person, min_score, weights)
		# A namesake born on another day loses birth_date_conflict: scored only if that can still hit.
		most = max(weights.same_regency, weights.same_province, 0) + max(weights.nik_near, 0)
		if (
			person.dob is None
			or 100 - weights.name_discount + weights.birth_date_conflict + most >= min_score
		):
			every.update(same_key)
		else:
			dob = self._dob
			every.update(i for i in same_key if dob[i] < 0)
		return nik, kk, every

	def _worth_scoring(self, person: _Prepared, min_score: float, weights: Weights) -> set[int]:
		"""The listed persons of the person's birth-date block whose name could still make a hit: the
		rest of the block is below the similarity that the most support of their tier needs."""
		if person.dob is None or not person.name[0] or person.dob not in self._by_dob:
			return set()
		most = max(weights.same_birth_date, 0) + max(weights.nik_near, 0)
		tiers = [((person.dob,), most)]
		if person.province:
			tiers.append(((person.dob, person.province), most + max(weights.same_province, 0)))
		if person.regency:
			region_most = max(weights.same_regency, weights.same_province, 0)
			tiers.append(((person.dob, person.regency), most + region_most))
		found: set[int] = set()
		for key, support in tiers:
			tier = self._tiers.get(key)
			if tier is None:
				continue
			cutoff = max(0.0, min_score + weights.name_discount - support)
			if cutoff > 100:
				continue
			ids, canon, keys = tier
			for names, own in ((canon, person.name[0]), (keys, person.name[1])):
				for _name, _score, at in extract(
					own, names, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
				):
					found.add(ids[at])
		return found


# --- scoring ---------------------------------------------------------------------------------------


def _birth_and_region(official: _Prepared, candidate: Candidate, dob: int, weights: Weights, evidence=None):
	"""Points that birth date and region give a name match; explained in ``evidence`` if a list."""
	points = 0.0
	if candidate.birth_date is not None and official.birth_date is not None:
		if candidate.birth_date == official.birth_date:
			points += weights.same_birth_date
			if evidence is not None:
				evidence.append(f"same birth date {official.birth_date.isoformat()}")
		else:
			points += weights.birth_date_conflict
			if evidence is not None:
				evidence.append(
					f"different birth dates {official.birth_date.isoformat()} and {candidate.birth_date.isoformat()}"
				)
	elif dob >= 0 and official.dob is not None:
		# At least one date read from a NIK: day, month and a two-digit year.
		if dob == official.dob:
			points += weights.same_birth_date
			if evidence is not None:
				evidence.append(f"same birth date {_show_dob(dob)} (from the NIK)")
		else:
			points += weights.birth_date_conflict
			if evidence is not None:
				evidence.append(
					f"different birth dates {_show_dob(official.dob)} and {_show_dob(dob)} (from the NIK)"
				)
	region = candidate.region
	if isinstance(region, str):
		# official.regency/province are well-formed, so equal prefixes are a well-formed match.
		if official.regency and region[:5] == official.regency:
			points += weights.same_regency
			if evidence is not None:
				evidence.append(f"same kabupaten/kota {official.regency}")
		elif official.province and region[:2] == official.province:
			points += weights.same_province
			if evidence is not None:
				evidence.append(f"same province {official.province}")
	return points


def _nik_points(official: _Prepared, candidate: Candidate, weights: Weights, evidence=None) -> float:
	"""Points two different NIKs give a name match: near (a typo) or a conflict."""
	nik = clean_number(candidate.nik)
	if not nik or not official.nik or nik == official.nik:
		return 0.0
	differing = _digits_differing(nik, official.nik)
	if differing <= weights.nik_near_digits:
		if evidence is not None:
			evidence.append(
				f"NIKs differ in {differing} digit(s): {mask_nik(official.nik)} and {mask_nik(nik)}"
			)
		return weights.nik_near
	if evidence is not None:
		evidence.append(f"different NIKs {mask_nik(official.nik)} and {mask_nik(nik)}")
	return weights.nik_conflict


def _show_dob(dob: int) -> str:
	return f"{dob % 100:02d}-{dob // 100 % 100:02d}-..{dob // 10000:02d}"


def _clip(score: float) -> float:
	return round(min(100.0, max(0.0, score)), 1)


def _hit_order(hit: Hit):
	return (-hit.score, HIT_KINDS.index(hit.kind), hit.candidate_ref)


def _screen(
	index: CandidateIndex,
	official: Person,
	declared_relatives: Iterable[DeclaredRelative],
	min_score: float,
	weights: Weights,
) -> ScreeningResult:
	prepared = _Prepared.of(official)
	same_nik, same_kk, every = index._blocks(prepared, min_score, weights)
	# No pair below this name similarity can reach min_score, whatever else supports it.
	name_cutoff = max(0.0, min_score + weights.name_discount - weights.max_support())
	nik_best = max(weights.nik_near, weights.nik_conflict, 0.0)
	candidates = index.candidates
	found: dict[int, Hit] = {}
	for i in sorted(every):
		candidate = candidates[i]
		if i in same_nik or i in same_kk:
			similarity = prepared_similarity(prepared.name, index._name(i))
			kind, score = (SAME_NIK, weights.same_nik) if i in same_nik else (SAME_KK, weights.same_kk)
			shown = (
				f"same NIK {mask_nik(prepared.nik)}"
				if kind == SAME_NIK
				else f"same No. KK {mask_nik(prepared.kk)}"
			)
			found[i] = Hit(
				official.ref, candidate.ref, kind, score, (shown, f"name similarity {similarity:.0f}")
			)
			continue
		similarity = prepared_similarity(
			prepared.name, (index._canon[i], index._keys[i]), score_cutoff=name_cutoff
		)
		if not similarity:
			continue
		dob = index._dob[i]
		partial = similarity - weights.name_discount + _birth_and_region(prepared, candidate, dob, weights)
		if partial + nik_best < min_score:
			continue  # the common case: decided without looking at the NIKs
		score = _clip(partial + _nik_points(prepared, candidate, weights))
		if score >= min_score:
			evidence = [f"name similarity {similarity:.0f}"]
			_birth_and_region(prepared, candidate, dob, weights, evidence)
			_nik_points(prepared, candidate, weights, evidence)
			found[i] = Hit(official.ref, candidate.ref, NAME, score, tuple(evidence))

	matches: list[DeclaredMatch] = []
	declared: set[int] = set()
	nearby = {i for i, hit in found.items() if hit.kind != SAME_NIK}
	for relative in declared_relatives:
		relative_nik = clean_number(relative.nik)
		relative_name = prepare_name(relative.full_name)
		by_nik = set(_get(index._by_nik, relative_nik))
		for i in sorted(by_nik):
			matches.append(
				DeclaredMatch(
					official.ref,
					candidates[i].ref,
					relative,
					"nik",
					100.0,
					(f"NIK {mask_nik(relative_nik)} of the declared {relative.relationship or 'relative'}",),
				)
			)
			declared.add(i)
		if not relative_name[0]:
			continue
		# By name only among the pairs found: a namesake elsewhere in the country is not the relative.
		for i in sorted(nearby - by_nik):
			candidate_nik = clean_number(candidates[i].nik)
			if relative_nik and candidate_nik and relative_nik != candidate_nik:
				continue  # both NIKs known and different: another person of that name
			similarity = prepared_similarity(
				relative_name, index._name(i), score_cutoff=weights.declared_name_similarity
			)
			if similarity:
				matches.append(
					DeclaredMatch(
						official.ref,
						candidates[i].ref,
						relative,
						"name",
						_clip(similarity),
						(
							f"name similarity {similarity:.0f} with the declared "
							f"{relative.relationship or 'relative'} {relative.full_name}",
						),
					)
				)
				declared.add(i)

	hits = [hit for i, hit in found.items() if hit.kind == SAME_NIK or i not in declared]
	hits.sort(key=_hit_order)
	matches.sort(key=lambda m: (m.candidate_ref, m.via, m.relative.full_name, m.relative.nik or ""))
	return ScreeningResult(tuple(hits), tuple(matches))


def _check_min_score(min_score) -> None:
	if isinstance(min_score, bool) or not isinstance(min_score, int | float) or not 0 <= min_score <= 100:
		raise ValueError(f"min_score must be a number from 0 to 100, got {min_score!r}")


# --- public API ------------------------------------------------------------------------------------


def screen_official(
	index: CandidateIndex,
	official: Person,
	declared_relatives: Iterable[DeclaredRelative] = (),
	*,
	min_score: float = 85,
	weights: Weights = DEFAULT_WEIGHTS,
) -> ScreeningResult:
	"""Hits (strongest first) and declared matches of one official against the index.

	``declared_relatives`` are this official's declared family members; ``min_score`` applies to
	``name`` hits (``same_nik`` and ``same_kk`` always count).
	"""
	_check_min_score(min_score)
	return _screen(index, official, declared_relatives, min_score, weights)


def screen_all_results(
	index: CandidateIndex,
	officials: Iterable[Person],
	relatives_by_official: dict[str, list[DeclaredRelative]] | None = None,
	*,
	min_score: float = 85,
	weights: Weights = DEFAULT_WEIGHTS,
) -> Iterator[ScreeningResult]:
	"""screen_official for each official, streaming; only the results with a hit or a declared match."""
	_check_min_score(min_score)
	relatives_by_official = relatives_by_official or {}
	for official in officials:
		result = _screen(index, official, relatives_by_official.get(official.ref, ()), min_score, weights)
		if result.hits or result.declared_matches:
			yield result


def screen_all(
	index: CandidateIndex,
	officials: Iterable[Person],
	relatives_by_official: dict[str, list[DeclaredRelative]] | None = None,
	*,
	min_score: float = 85,
	weights: Weights = DEFAULT_WEIGHTS,
) -> Iterator[Hit]:
	"""The hits of every official, streaming (officials are read one at a time)."""
	for result in screen_all_results(
		index, officials, relatives_by_official, min_score=min_score, weights=weights
	):
		yield from result.hits


def spouse_pairs(
	officials_by_nik: dict[str, str],
	relatives: Iterable[DeclaredRelative],
	spouse_relationships: Iterable[str] = DEFAULT_SPOUSE_RELATIONSHIPS,
) -> list[tuple[str, str]]:
	"""Pairs of officials married to each other (organizers may not be), sorted, each pair once.

	``officials_by_nik`` maps a NIK (16 digits, no spaces) to an official's ref; ``relatives`` are the
	declared relatives of all officials. A pair is found when either official declares the other, by
	NIK, under one of ``spouse_relationships`` (compared case-insensitively).
	"""
	wanted = {r.strip().casefold() for r in spouse_relationships}
	pairs = set()
	for relative in relatives:
		if (relative.relationship or "").strip().casefold() not in wanted:
			continue
		nik = clean_number(relative.nik)
		other = officials_by_nik.get(nik) if nik else None
		if other is None or other == relative.official_ref:
			continue
		pairs.add(tuple(sorted((relative.official_ref, other))))
	return sorted(pairs)


def review_key(hit: Hit) -> str:
	"""A stable key of (official, candidate, kind), the same on every run: 32 hex characters.

	The app stores it on the review item, so a dismissed hit stays dismissed when screening runs again
	(a new kind of evidence for the same pair gives a new key: a new review).
	"""
	payload = json.dumps([hit.official_ref, hit.candidate_ref, hit.kind], ensure_ascii=False)
	return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
