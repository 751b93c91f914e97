"""Benchmark: conflict screening of officials against candidate lists, with planted matches.

	python3 benchmarks/screening_benchmark.py                    # 1,000,000 officials, 300,000 listed
	python3 benchmarks/screening_benchmark.py --officials 200000 --candidates 60000
	python3 benchmarks/screening_benchmark.py --quick            # 50,000 / 20,000

Generates deterministic synthetic data (random.Random(seed)): Indonesian-like names from a few
hundred given and family names, valid-format NIKs (kpu_etik.core.nik.make_nik) over real-looking
district codes, and plants matches among the listed persons: 1% relatives on an official's family
card (half of them declared by the official, some of those by name only), 0.1% the official
himself (same NIK), 0.1% the official under another spelling with the same birth date (NIK missing
or mistyped). Officials are streamed, never held in memory: the generator runs twice with the same
seed, once to pick up the planted officials, once to screen.

Measures (a) the indexed screening of all officials: time, peak Python memory (tracemalloc, on a
separate pass, since it slows what it watches) and the process's maximum RSS; (b) two naive
baselines without name blocking on a sample of officials, extrapolated to all: every pair compared
with the public name_similarity, and every name compared in rapidfuzz's C loop
(process.extract); (c) screening one new official against the index (median of N calls). Prints
the ratios and the recall on the planted matches, and the blocked screening's recall against the
exhaustive baseline on the sample.
"""

import argparse
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
	sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process

from kpu_etik.core.names import name_similarity
from kpu_etik.core.nik import CURRENT_PROVINCE_CODES, make_nik
from kpu_etik.core.regions import ancestor_at
from kpu_etik.core.screening import (
	DEFAULT_WEIGHTS,
	NAME,
	SAME_KK,
	SAME_NIK,
	Candidate,
	CandidateIndex,
	DeclaredRelative,
	Person,
	screen_all_results,
	screen_official,
)

MALE = """
Agus Ahmad Andi Anton Arif Bambang Budi Dedi Dian Eko Fajar Hadi Hendra Hendri Heru Imam Irwan
Joko Junaidi Khairul Slamet Sugeng Sutrisno Suryadi Taufik Wahyu Yusuf Yudi Zainal Rudi Rizki
Ridwan Ramli Rahmat Abdul Amir Anwar Asep Bahtiar Darmawan Dodi Edi Fauzi Firman Gunawan Hamzah
Hasan Herman Ilham Indra Iwan Jaya Kurniawan Lukman Made Mansur Maman Mulyadi Nanang Nasrul Nugroho
Nurdin Rahman Robert Rusli Saiful Samsul Sahrul Sofyan Sudirman Sukarno Supriadi Syamsul Teguh Tono
Umar Usman Wawan Yanto Yohanes Zulkifli Hairul Arief Muhammad Syahrir Iskandar Haris Jamal Kadir
Cahyo Cecep Daud Erwin Faisal Gilang Hidayat Idris Jufri Kamal Latif Marzuki Nasir Opik Parman
Qomar Rasyid Safrudin Tamrin Udin Wahid Yunus Zaenal Harun Ismail Ibrahim Sulaiman Musa Isa
""".split()
FEMALE = """
Siti Nur Aini Ani Dewi Endang Fitri Indah Lestari Lina Maya Nia Nurul Putri Rina Rini Sari Sri
Wati Yanti Yuli Aminah Fatimah Halimah Hasanah Kartini Khadijah Laila Mariam Maryam Nurhayati
Rahmawati Ratna Rosmiati Salmah Sulastri Suryani Susanti Umi Wahyuni Yuliana Zahra Aisyah Ayu
Citra Dian Erna Evi Farida Hartini Ida Intan Juwita Kurnia Lilis Mega Murni Nining Novi Rahma
Rika Rosita Sinta Tuti Uswatun Vina Winda Yayuk Zubaedah Hajar Jamilah Nuraini Saidah Marlina
Cici Dahlia Elis Ernawati Hamidah Irma Juliana Komariah Mulyani Nanik Purwanti Ramlah Sumiati
""".split()
FAMILY = """
Santoso Wibowo Susanto Prasetyo Hidayat Saputra Setiawan Nugroho Kurniawan Gunawan Hartono Purnomo
Wijaya Siswanto Suryadi Hasibuan Siregar Nasution Harahap Lubis Hutapea Sitompul Panjaitan Pasaribu
Sinaga Tambunan Simanjuntak Manurung Sembiring Ginting Tarigan Lumintang Rumengan Sondakh Tuasikal
Latuconsina Pattiasina Rahman Hamid Syarif Hakim Salim Ramli Abdullah Yusuf Yunus Ismail Ibrahim
Hasan Husein Fauzi Ridwan Mappaselle Pawelloi Mattalitti Daeng Makmur Baharuddin Hasanuddin
Muhiddin Tahir Latif Mansyur Junaidi Effendi Hendrawan Firmansyah Maulana Pratama Ramadhan Sari
Utami Wulandari Handayani Lestari Rahayu Kusuma Permana Hermawan Suherman Sudrajat Sukmana Kartika
Anggraini Puspita Amalia Fitriani Sulistyo Sudarmo Sumarno Sutanto Haryanto Cahyadi Junaedi
Chaidir Kholil Jauhari Juwono Cokro Sujono Suyono Mulyono Hariyanto Wahyudi Triyono Joyo
""".split()
PREFIX_MALE = (
	["Muhammad"] * 12 + ["Ahmad"] * 4 + ["Abdul"] * 3 + ["Andi"] * 2 + ["I Made", "I Wayan", "I Ketut"]
)
PREFIX_FEMALE = ["Siti"] * 10 + ["Nur"] * 4 + ["Andi"] * 2 + ["Ni Luh", "Ni Made"]
TITLES_BEFORE = ["H.", "Hj.", "Dr.", "Drs.", "Ir."]
TITLES_AFTER = [", S.Pd.", ", S.H.", ", S.E.", ", S.Sos.", ", M.Si.", ", S.Pd., M.Pd.", ", A.Md."]
ROLES = ["Calon DPR", "Calon DPD", "Calon DPRD Provinsi", "Calon DPRD Kabupaten/Kota", "Tim Kampanye"]
ROLE_WEIGHTS = [8, 1, 15, 56, 20]
PARTIES = [f"Partai {n:02d}" for n in range(1, 19)]

# Whole-word respellings and old-spelling letter changes, as found on real lists.
WORD_VARIANTS = {
	"Muhammad": ["Moh.", "Muhamad", "Mochammad", "Mohammad", "Muh."],
	"Nur": ["Noor", "Nour"],
	"Ahmad": ["Achmad", "Akhmad"],
	"Abdul": ["Abd.", "Abdoel"],
	"Siti": ["St.", "Sitti"],
}
LETTER_VARIANTS = [("u", "oe"), ("j", "dj"), ("c", "tj"), ("kh", "ch"), ("ai", "ae"), ("s", "ss")]


def districts(rng: random.Random) -> list[str]:
	"""Real-looking kecamatan codes: every current province, 4-20 regencies (kota from 71), 3-15 each."""
	codes = []
	for province in sorted(CURRENT_PROVINCE_CODES):
		kabupaten = rng.randint(3, 16)
		kota = rng.randint(0, 4)
		for regency in [*range(1, kabupaten + 1), *range(71, 71 + kota)]:
			for district in range(1, rng.randint(3, 15) + 1):
				codes.append(f"{province}.{regency:02d}.{district:02d}")
	return codes


def random_name(rng: random.Random, sex: str, family: str | None = None) -> str:
	if sex == "Male":
		parts = [rng.choice(PREFIX_MALE)] if rng.random() < 0.35 else []
		parts.append(rng.choice(MALE))
	else:
		parts = [rng.choice(PREFIX_FEMALE)] if rng.random() < 0.3 else []
		parts.append(rng.choice(FEMALE))
	if family or rng.random() < 0.85:
		parts.append(family or rng.choice(FAMILY))
	if rng.random() < 0.15:
		parts.insert(-1, rng.choice(MALE if sex == "Male" else FEMALE))
	name = " ".join(dict.fromkeys(parts))
	if rng.random() < 0.08:
		name = f"{rng.choice(TITLES_BEFORE)} {name}"
	if rng.random() < 0.12:
		name += rng.choice(TITLES_AFTER)
	return name


def respell(name: str, rng: random.Random) -> str:
	"""The same name as another list writes it: a variant spelling, other titles."""
	bare = name.split(",")[0]
	words = [w for w in bare.split() if w not in TITLES_BEFORE]
	for _ in range(10):
		changed = list(words)
		position = rng.randrange(len(changed))
		word = changed[position]
		if word in WORD_VARIANTS:
			options = WORD_VARIANTS[word] + (["M."] if word == "Muhammad" and position == 0 else [])
			changed[position] = rng.choice(options)
		else:
			old, new = rng.choice(LETTER_VARIANTS)
			lowered = word.lower()
			if old not in lowered:
				continue
			at = lowered.index(old)
			respelt = lowered[:at] + new + lowered[at + len(old) :]
			changed[position] = respelt[0].upper() + respelt[1:]
		if changed != words:
			words = changed
			break
	result = " ".join(words)
	if rng.random() < 0.3:
		result = f"H. {result}"
	if rng.random() < 0.3:
		result += rng.choice(TITLES_AFTER)
	return result


def _birth_date(rng: random.Random, first: date, last: date) -> date:
	return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def _official(i: int, rng: random.Random, district_codes: list[str]) -> Person:
	district = rng.choice(district_codes)
	sex = "Male" if rng.random() < 0.6 else "Female"
	birth_date = _birth_date(rng, date(1964, 1, 1), date(2006, 12, 31))
	# Officials use NIK serials 1-4999, listed persons 5000-9999: no accidental shared NIK.
	nik = make_nik(district, birth_date, sex, 1 + i % 4999)
	no_kk = f"{district.replace('.', '')}{i:010d}"
	return Person(
		f"OFF-{i:07d}",
		random_name(rng, sex),
		nik,
		no_kk,
		birth_date,
		f"{district}.{2001 + rng.randrange(20)}",
	)


@dataclass
class Dataset:
	n_officials: int
	seed: int
	district_codes: list[str]
	candidates: list[Candidate]
	relatives_by_official: dict[str, list[DeclaredRelative]]
	expected: dict[str, set[tuple[str, str]]] = field(default_factory=dict)

	def officials(self) -> Iterator[Person]:
		"""The officials, regenerated on every call (the same ones)."""
		rng = random.Random(self.seed)
		for i in range(self.n_officials):
			yield _official(i, rng, self.district_codes)


def generate(n_officials: int, n_candidates: int, seed: int = 2024) -> Dataset:
	setup = random.Random(seed * 7 + 1)
	district_codes = districts(setup)
	n_nik = max(1, n_candidates // 1000)
	n_kk = max(2, n_candidates // 100)
	n_variant = max(1, n_candidates // 1000)
	n_planted = n_nik + n_kk + n_variant
	if n_planted > n_officials:
		raise SystemExit(f"need at least {n_planted} officials for {n_candidates} listed persons")
	positions = setup.sample(range(n_officials), n_planted)
	# Declarations of relatives who are on no list, the usual case: about 2% of officials.
	declaring = set(setup.sample(range(n_officials), n_officials // 50))

	dataset = Dataset(n_officials, seed, district_codes, [], {})
	planted: dict[int, Person] = {}
	wanted = set(positions)
	for i, official in enumerate(dataset.officials()):
		if i in wanted:
			planted[i] = official

	rng = random.Random(seed * 7 + 2)
	candidates: list[Candidate] = []
	serial = iter(range(10**9))
	expected = {"same_nik": set(), "same_kk": set(), "declared": set(), "name": set()}
	relatives = dataset.relatives_by_official

	def listed(name, nik, kk, birth_date, region):
		n = next(serial)
		role = rng.choices(ROLES, ROLE_WEIGHTS)[0]
		ref = f"{'TIM' if role == 'Tim Kampanye' else 'DCT'}-{n:07d}"
		candidates.append(
			Candidate(
				ref,
				name,
				nik,
				kk,
				birth_date,
				region,
				role,
				rng.choice(PARTIES),
				f"Dapil {ancestor_at(region, 'Kabupaten/Kota')}",
			)
		)
		return ref

	def new_nik(district, birth_date, sex):
		return make_nik(district, birth_date, sex, 5000 + next(serial) % 5000)

	for i in positions[:n_nik]:  # the official himself, NIK as on the official's record
		official = planted[i]
		ref = listed(
			rng.choice([official.full_name, respell(official.full_name, rng)]),
			official.nik,
			rng.choice([official.no_kk, None]),
			official.birth_date,
			official.region,
		)
		expected["same_nik"].add((official.ref, ref))

	for k, i in enumerate(positions[n_nik : n_nik + n_kk]):  # a relative on the official's family card
		official = planted[i]
		sex = rng.choice(["Male", "Female"])
		relationship, shift = rng.choice([("Istri", 0), ("Suami", 0), ("Anak", 25), ("Saudara Kandung", 3)])
		offset = timedelta(days=365 * shift + rng.randint(-2000, 2000))
		birth_date = min(max(official.birth_date + offset, date(1940, 1, 1)), date(2006, 12, 31))
		family = official.full_name.split(",")[0].split()[-1] if rng.random() < 0.5 else None
		name = random_name(rng, sex, family)
		district = ancestor_at(official.region, "Kecamatan")
		nik = new_nik(district, birth_date, sex)
		ref = listed(name, nik, official.no_kk, birth_date, official.region)
		if k % 2:
			expected["same_kk"].add((official.ref, ref))
			continue
		expected["declared"].add((official.ref, ref))
		# Half of the declarations give the relative's NIK, the rest only the name (respelt or not).
		if k % 4 == 0:
			declared = DeclaredRelative(official.ref, name, nik, relationship)
		else:
			declared = DeclaredRelative(
				official.ref, rng.choice([name, respell(name, rng)]), None, relationship
			)
		relatives.setdefault(official.ref, []).append(declared)

	for i in positions[n_nik + n_kk :]:  # the official under another spelling, same birth date
		official = planted[i]
		nik = None
		if rng.random() < 0.5:  # a mistyped NIK: one digit of the serial
			at = rng.randrange(12, 16)
			digit = str((int(official.nik[at]) + rng.randint(1, 9)) % 10)
			nik = official.nik[:at] + digit + official.nik[at + 1 :]
			if nik[12:] == "0000":
				nik = None
		region = official.region if rng.random() < 0.5 else rng.choice(district_codes) + ".2001"
		ref = listed(respell(official.full_name, rng), nik, None, official.birth_date, region)
		expected["name"].add((official.ref, ref))

	while len(candidates) < n_candidates:
		district = rng.choice(district_codes)
		sex = "Male" if rng.random() < 0.65 else "Female"
		birth_date = _birth_date(rng, date(1950, 1, 1), date(2005, 12, 31))
		nik = new_nik(district, birth_date, sex)
		kk = f"{district.replace('.', '')}{9_000_000_000 + next(serial):010d}"
		listed(random_name(rng, sex), nik, kk, birth_date, f"{district}.{2001 + rng.randrange(20)}")
	rng.shuffle(candidates)

	for i in sorted(declaring):
		ref = f"OFF-{i:07d}"
		sex = rng.choice(["Male", "Female"])
		birth_date = _birth_date(rng, date(1950, 1, 1), date(2015, 12, 31))
		nik = make_nik(rng.choice(district_codes), birth_date, sex, 1 + i % 4999)
		relatives.setdefault(ref, []).append(DeclaredRelative(ref, random_name(rng, sex), nik, "Anak"))

	dataset.candidates = candidates
	dataset.expected = expected
	return dataset


@dataclass
class Outcome:
	hits: Counter
	recall: dict[str, float]
	unplanted: Counter
	declared_matches: int


def evaluate(dataset: Dataset, results) -> Outcome:
	"""Compare screening results with the planted matches."""
	found: dict[str, set] = {SAME_NIK: set(), SAME_KK: set(), NAME: set()}
	declared_found = set()
	hits = Counter()
	for result in results:
		for hit in result.hits:
			found[hit.kind].add((hit.official_ref, hit.candidate_ref))
			hits[hit.kind] += 1
		for match in result.declared_matches:
			declared_found.add((match.official_ref, match.candidate_ref))
	every_hit = set().union(*found.values())
	expected = dataset.expected
	recall = {
		"same_nik": len(expected["same_nik"] & found[SAME_NIK]) / len(expected["same_nik"]),
		"same_kk": len(expected["same_kk"] & found[SAME_KK]) / len(expected["same_kk"]),
		"name": len(expected["name"] & found[NAME]) / len(expected["name"]),
		# Found as a declared match and not reported as a hit.
		"declared": len((expected["declared"] & declared_found) - every_hit) / len(expected["declared"]),
	}
	planted = set().union(*expected.values())
	unplanted = Counter()
	for kind, pairs in found.items():
		unplanted[kind] = len(pairs - planted)
	return Outcome(hits, recall, unplanted, len(declared_found))


class ExhaustiveIndex(CandidateIndex):
	"""The naive way: every official's name against every listed name (rapidfuzz's C loop); NIK and
	KK still by dictionary. Same scoring as CandidateIndex."""

	def __init__(self, index: CandidateIndex):  # shares the prepared data, no second build
		for name in CandidateIndex.__slots__:
			object.__setattr__(self, name, getattr(index, name))

	def _blocks(self, person, *_pruning):
		nik, kk, _ = super()._blocks(person)
		every = nik | kk
		w = DEFAULT_WEIGHTS
		cutoff = 85 + w.name_discount - w.max_support()
		for query, choices in ((person.name[0], self._canon), (person.name[1], self._keys)):
			if query:
				found = process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
				every.update(i for _, _, i in found)
		return nik, kk, every


def _mib(n_bytes: float) -> str:
	return f"{n_bytes / 2**20:,.0f} MiB"


def _rss() -> float:
	return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def run(n_officials: int, n_candidates: int, seed: int, sample: int, calls: int) -> None:
	print(f"Screening benchmark: {n_officials:,} officials, {n_candidates:,} listed persons, seed {seed}")
	started = time.perf_counter()
	dataset = generate(n_officials, n_candidates, seed)
	n_declared = sum(map(len, dataset.relatives_by_official.values()))
	print(
		f"generated in {time.perf_counter() - started:.1f} s: planted {len(dataset.expected['same_nik']):,} same-NIK, "
		f"{len(dataset.expected['same_kk']):,} undeclared same-KK, {len(dataset.expected['declared']):,} declared "
		f"same-KK, {len(dataset.expected['name']):,} respelt same-person; {n_declared:,} declared relatives"
	)

	started = time.perf_counter()
	index = CandidateIndex(dataset.candidates)
	build_seconds = time.perf_counter() - started
	tracemalloc.start()
	before = tracemalloc.get_traced_memory()[0]
	measured = CandidateIndex(dataset.candidates)  # the same build again, under tracemalloc
	index_bytes, build_peak = tracemalloc.get_traced_memory()
	tracemalloc.stop()
	del measured
	print(f"\n(a) index of {len(index):,} listed persons: built in {build_seconds:.1f} s")
	print(
		f"    index memory {_mib(index_bytes - before)} ({(index_bytes - before) / len(index):,.0f} bytes a person; "
		f"the Candidate records themselves are the caller's), peak while building {_mib(build_peak - before)}"
	)

	started = time.perf_counter()
	results = list(screen_all_results(index, dataset.officials(), dataset.relatives_by_official))
	screen_seconds = time.perf_counter() - started
	# Generating the officials is part of that time: measure it alone and subtract.
	started = time.perf_counter()
	for _ in dataset.officials():
		pass
	generate_seconds = time.perf_counter() - started
	indexed_seconds = screen_seconds - generate_seconds
	outcome = evaluate(dataset, results)
	per_official = indexed_seconds / n_officials
	print(
		f"    screening all officials: {indexed_seconds:.1f} s ({per_official * 1e6:.0f} µs an official; "
		f"{screen_seconds:.1f} s with streaming the synthetic officials)"
	)
	print(
		f"    hits: {dict(outcome.hits)}; declared matches: {outcome.declared_matches:,}; "
		f"hits on unplanted pairs: {dict(outcome.unplanted)}"
	)
	print("    recall on planted matches: " + ", ".join(f"{k} {v:.4f}" for k, v in outcome.recall.items()))

	tracemalloc.start()
	base = tracemalloc.get_traced_memory()[0]
	streamed = 0
	for official in dataset.officials():
		screen_official(index, official, dataset.relatives_by_official.get(official.ref, ()))
		streamed += 1
		if streamed == 20_000:
			break
	peak = tracemalloc.get_traced_memory()[1] - base
	tracemalloc.stop()
	print(
		f"    peak Python memory while streaming {streamed:,} officials through screening: {peak / 1024:,.0f} KiB"
	)
	print(f"    process max RSS so far (data + index + results): {_mib(_rss())}")

	# (b) naive baselines on a sample: half planted officials (so there is something to find), half any.
	planted_refs = sorted({off for pairs in dataset.expected.values() for off, _ in pairs})
	sample_refs = set(planted_refs[: sample // 2])
	sample_officials = []
	for official in dataset.officials():
		if official.ref in sample_refs or len(sample_officials) < sample - len(sample_refs):
			sample_officials.append(official)
		if len(sample_officials) >= sample and sample_refs <= {o.ref for o in sample_officials}:
			break
	exhaustive = ExhaustiveIndex(index)
	started = time.perf_counter()
	naive_results = [
		screen_official(exhaustive, o, dataset.relatives_by_official.get(o.ref, ())) for o in sample_officials
	]
	naive_c_per_official = (time.perf_counter() - started) / len(sample_officials)
	blocked_results = [
		screen_official(index, o, dataset.relatives_by_official.get(o.ref, ())) for o in sample_officials
	]
	naive_pairs = {(h.official_ref, h.candidate_ref, h.kind) for r in naive_results for h in r.hits}
	blocked_pairs = {(h.official_ref, h.candidate_ref, h.kind) for r in blocked_results for h in r.hits}

	pair_sample = 20_000
	pair_rng = random.Random(seed)
	names = [
		c.full_name for c in pair_rng.sample(dataset.candidates, min(pair_sample, len(dataset.candidates)))
	]
	started = time.perf_counter()
	for k, name in enumerate(names):
		name_similarity(sample_officials[k % len(sample_officials)].full_name, name)
	per_pair = (time.perf_counter() - started) / len(names)
	naive_pairs_seconds = per_pair * n_officials * n_candidates
	naive_c_seconds = naive_c_per_official * n_officials
	print(f"\n(b) naive baselines (no name blocking), {len(sample_officials)} officials sampled:")
	print(
		f"    every pair through name_similarity: {per_pair * 1e6:.1f} µs a pair, "
		f"{n_officials * n_candidates:,} pairs = {naive_pairs_seconds:,.0f} s ({naive_pairs_seconds / 86400:.1f} days)"
	)
	print(
		f"    every name in rapidfuzz's C loop (process.extract) + the same scoring: "
		f"{naive_c_per_official * 1e3:.0f} ms an official, {naive_c_seconds:,.0f} s ({naive_c_seconds / 3600:.1f} h) for all"
	)
	print(
		f"    indexed is {naive_pairs_seconds / indexed_seconds:,.0f}x faster than every-pair name_similarity, "
		f"{naive_c_seconds / indexed_seconds:,.0f}x faster than the C-loop baseline"
	)
	agreement = len(naive_pairs & blocked_pairs) / len(naive_pairs) if naive_pairs else 1.0
	print(
		f"    on the sample the exhaustive baseline finds {len(naive_pairs)} hits, the index {len(blocked_pairs)}; "
		f"blocking recall against exhaustive: {agreement:.4f}"
	)

	# (c) one new official (not on the lists' planting) against the index.
	new_rng = random.Random(seed + 99)
	newcomers = [_official(n_officials + k, new_rng, dataset.district_codes) for k in range(calls)]
	timings = []
	for official in newcomers:
		started = time.perf_counter_ns()
		screen_official(index, official)
		timings.append(time.perf_counter_ns() - started)
	timings.sort()
	median_us = statistics.median(timings) / 1000
	print(
		f"\n(c) one new official against the index, {calls} calls: median {median_us:.0f} µs, "
		f"p99 {timings[int(len(timings) * 0.99) - 1] / 1000:.0f} µs, max {timings[-1] / 1000:.0f} µs "
		f"(naive C loop: {naive_c_per_official * 1e6:,.0f} µs, {naive_c_per_official * 1e6 / median_us:,.0f}x)"
	)
	print(f"\nprocess max RSS: {_mib(_rss())}")


def main(argv=None) -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--officials", type=int, default=1_000_000)
	parser.add_argument("--candidates", type=int, default=300_000)
	parser.add_argument("--seed", type=int, default=2024)
	parser.add_argument("--sample", type=int, default=200, help="officials in the naive baselines")
	parser.add_argument("--calls", type=int, default=1000, help="single-official screenings timed")
	parser.add_argument("--quick", action="store_true", help="50,000 officials and 20,000 listed persons")
	args = parser.parse_args(argv)
	if args.quick:
		args.officials, args.candidates = 50_000, 20_000
	run(args.officials, args.candidates, args.seed, args.sample, args.calls)


if __name__ == "__main__":
	main()
