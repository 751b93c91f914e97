"""Indonesian name normalisation, canonical spelling, phonetic keys and similarity."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpu_etik.core.names import (
	NAME_VARIANTS,
	canonical_token,
	name_key,
	name_similarity,
	name_tokens,
	normalize_name,
	phonetic_key,
	prepare_name,
	prepared_similarity,
)

SPELLING_VARIANTS = [
	("Muhammad Yusuf", "Moh. Jusuf"),
	("Nur Aini", "Noor Aini"),
	("Soekarno", "Sukarno"),
	("Achmad Djunaedi", "Ahmad Junaidi"),
	("Chaerul", "Khairul"),
	("Mochammad Tjahjono", "Muhamad Cahyono"),
	("M. Yusuf", "Muhammad Yusuf"),
	("Abdoel Rachman", "Abd. Rahman"),
	("Sjahrir", "Syahrir"),
	("Haryanto", "Hariyanto"),
	("Effendy", "Efendi"),
	("Siti Fatimah", "Sitti Fatima"),
	("Rofiq Dzulkifli", "Rofik Zulkifli"),
	("Hasanuddin", "Hasanudin"),
	("Yusuf Muhammad", "Muhammad Yusuf"),  # word order
]

UNRELATED = [
	("Muhammad Yusuf", "Siti Aminah"),
	("Budi Santoso", "Joko Widodo"),
	("Ani", "Ana"),
	("Agus Salim", "Agung Saleh"),
	("Dewi Lestari", "Dedi Lesmana"),
	("Andi Mappaselle", "Andi Mattalitti"),
]


@pytest.mark.parametrize(("a", "b"), SPELLING_VARIANTS)
def test_spelling_variants_share_key_and_score_100(a, b):
	assert name_key(a) == name_key(b)
	assert name_similarity(a, b) == 100


@pytest.mark.parametrize(("a", "b"), UNRELATED)
def test_unrelated_names_differ(a, b):
	assert name_key(a) != name_key(b)
	assert name_similarity(a, b) < 85


def test_the_brief_pairs_are_not_trivially_equal():
	# The variant pairs differ as written: it is the mapping that makes them equal.
	assert normalize_name("Muhammad Yusuf") != normalize_name("Moh. Jusuf")
	assert normalize_name("Achmad Djunaedi") != normalize_name("Ahmad Junaidi")


@pytest.mark.parametrize(
	("raw", "normalised"),
	[
		("Dr. H. Muhammad Yusuf, S.H., M.H.", "muhammad yusuf"),
		("Prof. Dr. Ir. Hj. Siti Nur'aini, M.Si.", "siti nuraini"),
		("Drs. Ahmad Junaidi, M.Pd.", "ahmad junaidi"),
		("dr. Dewi Lestari", "dewi lestari"),
		("K.H. Abdul Rahman, Lc.", "abdul rahman"),
		("Ust. Hasan, S.Ag., M.M.", "hasan"),
		("Tgk. Ismail, S.IP.", "ismail"),
		("Hj. Rina, A.Md.", "rina"),
		("Budi Santoso S.Kom. M.Si.", "budi santoso"),  # degrees without commas
		("Budi Santoso SE MM", "budi santoso"),  # and without dots
		("Yusuf,SH,MH", "yusuf"),
		("Joko, S.Sos., MBA", "joko"),
		("Rini, Amd.", "rini"),
		("Ratna, S.Pd.I., M.Kes.", "ratna"),  # degrees not in the table, by their shape
		("Asep, S. Pd", "asep"),
		("Dr.H.Muhammad", "muhammad"),
		("H.M. Yusuf", "m yusuf"),  # Haji Muhammad
		("  JOSÉ   Ramírez-Ñúñez ", "jose ramirez nunez"),
		("Ma'ruf Amin", "maruf amin"),
		("Andi Mappaselle", "andi mappaselle"),  # Andi is also a given name: kept
		("Andi St. Aminah, S.T.", "andi st aminah"),  # St. before a name is Siti, S.T. a degree
		("Muhammad Yusuf ST", "muhammad yusuf"),
		("", ""),
		("H.", ""),
	],
)
def test_normalize_name(raw, normalised):
	assert normalize_name(raw) == normalised


def test_titles_stripped_compare_equal():
	assert name_similarity("Dr. H. Muhammad Yusuf, S.H., M.H.", "Muhammad Yusuf") == 100
	assert name_tokens("Dr. H. Muhammad Yusuf, S.H., M.H.") == ["muhammad", "yusuf"]


def test_none_and_non_strings():
	assert normalize_name(None) == ""
	assert name_tokens(None) == []
	assert name_key("") == ""
	assert name_similarity("", "Muhammad Yusuf") == 0
	assert name_similarity(None, None) == 0


def test_name_tokens_canonical():
	assert name_tokens("Moh. Noor Abdoel Achmad") == ["muhammad", "nur", "abdul", "ahmad"]
	assert name_tokens("Soekarno Djojohadikoesoemo") == ["sukarno", "jojohadikusumo"]
	assert name_tokens("Tjokroaminoto Chairul") == ["cokroaminoto", "khairul"]
	assert name_tokens("Hasanuddin Sitti") == ["hasanudin", "siti"]
	assert name_tokens("St. Aminah") == ["siti", "aminah"]


def test_lone_m_is_muhammad_only_first():
	assert name_tokens("M. Yusuf") == ["muhammad", "yusuf"]
	assert name_tokens("Yusuf M.") == ["yusuf", "m"]


def test_variant_table_is_data():
	# Every spelling in the table maps to a canonical form that maps to itself.
	for variant, canonical in NAME_VARIANTS.items():
		assert canonical_token(variant) == canonical
		assert NAME_VARIANTS[canonical] == canonical


@pytest.mark.parametrize(
	("a", "b"),
	[
		("Jusuf", "Yusuf"),
		("Djunaedi", "Junaidi"),
		("Chaerul", "Khairul"),
		("Hairul", "Khairul"),
		("Rachman", "Rahman"),
		("Fatimah", "Fatima"),
		("Thamrin", "Tamrin"),
		("Syamsul", "Samsul"),
		("Suryadi", "Surjadi"),
	],
)
def test_phonetic_key_equal(a, b):
	assert phonetic_key(a) == phonetic_key(b)


@pytest.mark.parametrize(("a", "b"), [("Ani", "Ana"), ("Udin", "Odin"), ("Budi", "Bude"), ("Hasan", "Husin")])
def test_phonetic_key_keeps_vowels_apart(a, b):
	assert phonetic_key(a) != phonetic_key(b)


def test_phonetic_key_keeps_an_initial():
	assert phonetic_key("h") == "h"
	assert name_key("Yusuf B Santoso") == "b santoso yusuf"


def test_name_key_is_sorted_and_order_free():
	assert name_key("Yusuf Muhammad") == name_key("Muhammad Yusuf") == "muhamad yusuf"


def test_token_sort_not_token_set():
	# A subset of tokens is not a match: "Muhammad" alone is not every Muhammad.
	assert name_similarity("Muhammad", "Muhammad Yusuf") < 85
	assert name_similarity("Siti", "Siti Aminah") < 85


def test_prepared_similarity_cutoff():
	a, b = prepare_name("Muhammad Yusuf"), prepare_name("Siti Aminah")
	assert prepared_similarity(a, b) > 0
	assert prepared_similarity(a, b, score_cutoff=90) == 0
	assert prepared_similarity(a, prepare_name("Moh. Jusuf"), score_cutoff=90) == 100


names = st.text(
	alphabet=st.sampled_from(list("abcdehijkmnorstuyABDHMS.,' -é")) | st.characters(), max_size=40
)


@given(names)
def test_normalize_is_idempotent(name):
	once = normalize_name(name)
	assert normalize_name(once) == once
	assert name_tokens(once) == name_tokens(name)
	assert once == once.strip() and "  " not in once


@given(names, names)
def test_similarity_symmetric_and_bounded(a, b):
	score = name_similarity(a, b)
	assert score == name_similarity(b, a)
	assert 0 <= score <= 100
	if name_tokens(a):
		assert name_similarity(a, a) == 100
