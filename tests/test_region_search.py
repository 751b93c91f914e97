"""Finding a region by the name a citizen types (kpu_etik.core.region_search): matching, ranking,
the path in words, hostile text, and the speed at the size of the national table."""

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpu_etik.core.region_search import (
	MAX_RESULTS,
	RegionIndex,
	fold,
	read_query,
	region_path,
	region_title,
)

ROWS = [
	("ID", "Indonesia"),  # the root is no region a person chooses
	("11", "Aceh"),
	("11.01", "Kabupaten Aceh Selatan"),
	("11.01.01", "Bakongan"),
	("11.01.01.2001", "Keude Bakongan"),
	("11.01.01.2002", "Pu'uk Lang-Lang"),
	("72", "Sulawesi Tengah"),
	("72.01", "Kabupaten Banggai"),
	("72.01.21", "Luwuk Utara"),
	("73", "Sulawesi Selatan"),
	("73.12", "Kabupaten Soppeng"),
	("73.12.01", "Marioriwawo"),
	("73.12.01.2006", "Barae"),
	("73.12.01.2013", "Soga"),
	("73.12.02", "Lalabata"),
	("73.12.02.1001", "Lalabata Rilau"),
	("73.17", "Kabupaten Luwu"),
	("73.17.06", "Walenrang"),
	("73.17.06.2008", "Harapan"),
	("73.22", "Kabupaten Luwu Utara"),
	("73.22.05", "Malangke"),
	("73.22.05.2003", "Harapan"),
	("73.22.05.2004", "Malangke"),
	("73.22.06", "Malangke Barat"),
	("73.22.10", "Mappedeceng"),
	("73.22.10.2016", "Harapan"),
	("73.22.10.2020", "Bumi Harapan"),
	("73.22.13", "Sukamaju"),
	("73.22.13.2011", "Sukaharapan"),
	("73.71", "Kota Makassar"),
	("73.71.01", "Makassar"),
	("91", "Papua"),
	("91.03", "Kabupaten Jayapura"),
	("91.03.01", "Sentani"),
	("91.03.01.3007", "Desa Adat Yoboi"),
]
NAMES = dict(ROWS)


@pytest.fixture(scope="module")
def index():
	return RegionIndex(ROWS)


def codes(index, text, limit=MAX_RESULTS):
	return [index.codes[i] for i in index.search(text, limit)]


def brute_force(text) -> set[str]:
	"""The matching rule read literally: every typed word starts a word of the region's name or of
	an ancestor's name."""
	query = read_query(text)
	if query is None:
		return set()
	found = set()
	for code, _name in ROWS[1:]:
		chain = [code]
		while "." in chain[-1]:
			chain.append(chain[-1].rsplit(".", 1)[0])
		words = [word for part in chain for word in fold(NAMES[part])]
		if all(any(word.startswith(typed) for word in words) for typed in query.words):
			found.add(code)
	return found


# --- words and paths ---------------------------------------------------------------------------------
def test_names_are_compared_without_case_accents_or_apostrophes():
	assert fold("Pu'uk Lang-Lang") == ["puuk", "lang", "lang"]
	assert fold("  SÚMBÉR   jaya ") == ["sumber", "jaya"]
	assert fold("Desa Barae, Kec. Marioriwawo") == ["desa", "barae", "kec", "marioriwawo"]
	assert fold("😀 中文") == [] and fold(None) == [] and fold(73) == []


def test_a_region_is_written_with_its_level_and_where_it_lies(index):
	def path(code):
		return index.describe(index.codes.index(code))["path"]

	assert path("73.12.01.2006") == "Desa Barae, Kec. Marioriwawo, Kab. Soppeng, Prov. Sulawesi Selatan"
	assert (
		path("73.12.02.1001")
		== "Kelurahan Lalabata Rilau, Kec. Lalabata, Kab. Soppeng, Prov. Sulawesi Selatan"
	)
	assert path("91.03.01.3007") == "Desa Adat Yoboi, Kec. Sentani, Kab. Jayapura, Prov. Papua"
	assert path("73.71.01") == "Kecamatan Makassar, Kota Makassar, Prov. Sulawesi Selatan"
	assert path("73.22") == "Kabupaten Luwu Utara, Prov. Sulawesi Selatan"
	assert path("73") == "Provinsi Sulawesi Selatan"
	assert region_title("73.12.02.1001", "Lalabata Rilau") == "Kelurahan Lalabata Rilau"
	assert region_path([("73.71", "Kota Makassar"), ("73", "Sulawesi Selatan")]) == (
		"Kota Makassar, Prov. Sulawesi Selatan"
	)


def test_a_match_carries_the_code_the_name_and_the_path(index):
	assert index.find("barae") == [
		{
			"region": "73.12.01.2006",
			"label": "Barae",
			"path": "Desa Barae, Kec. Marioriwawo, Kab. Soppeng, Prov. Sulawesi Selatan",
		}
	]


# --- matching ----------------------------------------------------------------------------------------
def test_every_typed_word_must_start_a_word_of_the_name_or_of_an_ancestors(index):
	assert codes(index, "BARAE") == ["73.12.01.2006"]
	assert codes(index, "barae soppeng") == ["73.12.01.2006"]
	assert codes(index, "barae luwu") == []
	assert codes(index, "rapan") == []  # inside a word: Sukaharapan is not found by it
	assert "73.22.13.2011" not in codes(index, "harapan")
	assert codes(index, "lang lang") == ["11.01.01.2002"]
	assert codes(index, "pu'uk") == codes(index, "puuk") == ["11.01.01.2002"]


def test_a_pasted_path_finds_its_region(index):
	assert (
		codes(index, "Desa Barae, Kec. Marioriwawo, Kab. Soppeng, Prov. Sulawesi Selatan")[0]
		== "73.12.01.2006"
	)


@pytest.mark.parametrize(
	"text",
	[
		"harapan",
		"harapan luwu",
		"luwu utara",
		"malangke",
		"sulawesi",
		"kab",
		"kota mak",
		"sela",
		"bakongan aceh",
	],
)
def test_the_index_finds_what_the_rule_says(index, text):
	assert set(codes(index, text, limit=1000)) == brute_force(text)


PREFIXES = sorted({word[:n] for _code, name in ROWS[1:] for word in fold(name) for n in (2, 3, 5, 20)})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PREFIXES), min_size=1, max_size=3))
def test_any_words_find_what_the_rule_says(words):
	index = RegionIndex(ROWS)
	text = " ".join(words)
	assert set(codes(index, text, limit=1000)) == brute_force(text)


# --- ranking -----------------------------------------------------------------------------------------
def test_the_name_typed_in_full_comes_first_then_names_starting_with_it(index):
	# Kabupaten Luwu Utara is "Luwu Utara" as people say it; Luwuk Utara starts with what was typed;
	# then the kecamatan of Luwu Utara, found through their kabupaten.
	assert codes(index, "luwu utara")[:4] == ["73.22", "72.01.21", "73.22.05", "73.22.06"]
	assert codes(index, "kab soppeng")[0] == "73.12"
	assert codes(index, "makassar")[:2] == ["73.71", "73.71.01"]


def test_higher_levels_come_before_villages_of_the_same_name(index):
	assert codes(index, "malangke")[:3] == ["73.22.05", "73.22.05.2004", "73.22.06"]


def test_a_level_word_alone_is_read_as_the_start_of_a_name():
	index = RegionIndex([*ROWS, ("73.12.01.2099", "Kelapa Dua"), ("73.12.01.2098", "Desa Baru")])
	assert codes(index, "kel") == ["73.12.01.2099"]
	assert codes(index, "desa") == ["91.03.01.3007", "73.12.01.2098"]  # Desa Adat Yoboi, Desa Baru


def test_a_typed_level_lifts_regions_of_that_level(index):
	assert codes(index, "desa malangke")[0] == "73.22.05.2004"
	assert codes(index, "kec malangke")[0] == "73.22.05"
	assert codes(index, "prov sulawesi")[:2] == ["73", "72"]  # Selatan before Tengah


def test_through_an_ancestor_the_exact_name_comes_first(index):
	found = codes(index, "harapan luwu")
	assert found[:3] == ["73.17.06.2008", "73.22.05.2003", "73.22.10.2016"]
	assert found[3] == "73.22.10.2020"  # Bumi Harapan


def test_at_most_the_limit(index):
	assert len(codes(index, "sulawesi")) == MAX_RESULTS
	assert codes(index, "sulawesi", limit=2) == ["73", "72"]
	assert codes(index, "sulawesi", limit=0) == []


# --- hostile text ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
	"text",
	[
		None,
		"",
		"   ",
		"ba",
		"a b c d e f",
		"x" * 10_000,
		"' OR 1=1 --",
		"%_%",
		"\x00\x00\x00",
		"😀😀😀",
		"\ud800abc",
		73,
		["barae"],
	],
)
def test_hostile_text_finds_nothing_and_raises_nothing(index, text):
	assert index.find(text) == []


def test_rows_that_are_no_region_are_left_out():
	index = RegionIndex(
		[("73", "Sulawesi Selatan"), ("7x.1", "Rusak"), ("73.12", ""), ("73.13", None), ("ID", "Indonesia")]
	)
	assert index.codes == ["73"]
	assert RegionIndex([]).find("barae") == []


# --- at the size of the national table ---------------------------------------------------------------
def national_table():
	"""38 provinces down to about 84,000 villages (91,599 regions, as Kepmendagri's list), named from
	Indonesian-sounding syllables so that words repeat as real names do (Sumber, Harapan, Jaya...)."""
	rng = random.Random(26)
	syllables = "ba bu ka ko ma mu sa su ta tu la li ra ri ja jo na ni pa pe sum ber har apan mak mur".split()
	common = ["Jaya", "Baru", "Makmur", "Harapan", "Sari", "Indah", "Utara", "Selatan", "Timur", "Barat"]

	def name():
		word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).title()
		return f"{word} {rng.choice(common)}" if rng.random() < 0.4 else word

	rows, count = [], 0
	for p in range(11, 49):
		rows.append((f"{p}", f"Provinsi {name()}"))
		for k in range(1, 15):
			rows.append((f"{p}.{k:02}", f"Kabupaten {name()}"))
			for c in range(1, 15):
				rows.append((f"{p}.{k:02}.{c:02}", name()))
				for d in range(1, 13):
					if count < 91_599 - (38 + 38 * 14 + 38 * 14 * 14):
						rows.append((f"{p}.{k:02}.{c:02}.{2000 + d}", name()))
						count += 1
	return rows


def test_a_search_of_the_national_table_takes_milliseconds():
	rows = national_table()
	start = time.perf_counter()
	index = RegionIndex(rows)
	built = time.perf_counter() - start
	assert len(index) == 91_599
	assert built < 15  # once per worker; about a second on the development machine
	queries = [
		"harapan",
		"sumber jaya",
		"kabupaten ba",
		"mak",
		"jaya baru utara",
		"sa",
		"ba ka ma",
		"harapan sel",
	]
	start = time.perf_counter()
	for text in queries * 5:
		index.search(text)
	per_query = (time.perf_counter() - start) / (len(queries) * 5)
	assert per_query < 0.05, f"{per_query * 1000:.1f} ms a search"
