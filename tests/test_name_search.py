"""The words a name is found by, and what a typed text asks of the full-text index (core.name_search)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from kpu_etik.core.name_search import (
	MAX_LENGTH,
	full_text_query,
	rank,
	search_words,
	typed_words,
	words_of_like,
)


def found(typed: str, full_name: str) -> bool:
	"""What MariaDB answers for the boolean query over search_words (every term: a word starts with
	one of its spellings; every short word: starts a word), written out in Python."""
	words = search_words(full_name).split()
	query = full_text_query(typed_words(typed))
	if query is None:
		return False
	boolean, short = query
	for term in boolean.split(" +"):
		spellings = [s.rstrip("*") for s in re.findall(r"[^\s+()]+\*", term)]
		if not any(w.startswith(s) for w in words for s in spellings):
			return False
	return all(any(w.startswith(s) for w in words) for s in short)


def test_search_words_keep_the_written_and_the_canonical_spelling():
	assert search_words("Moh. Yusuf") == "moh muhammad yusuf"
	assert search_words("Mochammad Noor") == "mochammad muhammad noor nur"
	assert search_words("Djoko Soesilo") == "djoko joko soesilo susilo"
	assert search_words("Dr. H. Andi Amir, S.H., M.H.") == "andi amir"
	assert search_words("") == ""
	assert search_words(None) == ""


def test_search_words_fit_the_column():
	long_name = " ".join(["Mochammad Djoko Soedarsono"] * 20)
	words = search_words(long_name)
	assert len(words) <= MAX_LENGTH
	assert not words.endswith(" ")


def test_spelling_variants_find_each_other():
	for typed in ("muhammad yusuf", "moh yusuf", "mochammad yus", "yusuf muhammad", "muh. yusuf"):
		assert found(typed, "Moh. Yusuf"), typed
		assert found(typed, "Muhammad Yusuf"), typed
	assert found("noor aini", "Nur Aini")
	assert found("nur aini", "Noor Aini")
	assert found("djoko", "Joko Widodo")
	assert found("joko", "Djoko Widodo")


def test_every_typed_word_must_start_a_word_of_the_name():
	assert found("andi amir", "Andi Amiruddin")
	assert found("amir andi", "Andi Amir")
	assert not found("andi amir", "Andi Basri")
	assert not found("ndi", "Andi Amir")  # inside a word: not a match
	assert found("andi a", "Andi Amir")  # a short word is asked with LIKE
	assert not found("andi b", "Andi Amir")


def test_a_text_without_a_long_word_is_not_a_name_search():
	assert full_text_query(typed_words("an")) is None
	assert full_text_query([]) is None


def test_boolean_operators_never_reach_the_query():
	boolean, short = full_text_query(typed_words('andi" +amir* -(x) @3 ~y <z'))
	assert boolean == "+andi* +amir*"
	assert short == ["x", "y", "z"]


def test_like_patterns_that_are_typed_names():
	assert words_of_like("%andi amir%") == ["andi", "amir"]
	assert words_of_like("andi%") == ["andi"]
	assert words_of_like("%Moh. Yusuf%") == ["moh", "yusuf"]
	# Not a name: wildcards inside, digits (an ID, a code), no letter, not text.
	assert words_of_like("%an_i%") is None
	assert words_of_like("%an%di%") is None
	assert words_of_like("%OFC-0000123%") is None
	assert words_of_like("%%") is None
	assert words_of_like(["andi"]) is None
	assert words_of_like("x" * 500) is None


def test_rank_puts_the_whole_name_first_then_words_in_order():
	names = ["Amir Andi", "Andi Amiruddin Saleh", "Andi Amir", "Andi Amiruddin"]
	ranked = sorted(names, key=lambda name: rank(["andi", "amir"], name))
	assert ranked == ["Andi Amir", "Andi Amiruddin", "Andi Amiruddin Saleh", "Amir Andi"]
	assert rank(["moh", "yusuf"], "Muhammad Yusuf") < rank(["moh", "yusuf"], "Yusuf Muhammad")


@given(st.text(max_size=60))
def test_any_text_gives_a_safe_query_or_none(text):
	query = full_text_query(typed_words(text))
	if query is not None:
		boolean, short = query
		assert re.fullmatch(r"(\+(\w+\*|\(\w+\* \w+\*\))( |$))+", boolean), boolean
		assert all(w.isalpha() for w in short)
	assert len(search_words(text)) <= MAX_LENGTH
