"""Finding a person by name among millions: the words a name is found by, and what a typed text asks.

An official's ``search_name`` holds the words of their name as written (casefolded, accents and
titles removed) and, where it differs, each word's canonical spelling from ``core.names``
(Moh./Mochammad -> muhammad, Noor -> nur, Djoko -> joko, Soekarno -> sukarno). A MariaDB full-text
index on that column answers "every typed word starts a word of the name", in any order, whichever
spelling was typed: "moh yusuf", "yusuf muhammad" and "muhamad yus" all find Muhammad Yusuf.

InnoDB's full-text index leaves out words shorter than ``innodb_ft_min_token_size`` (3 by default):
a typed word that short ("a" while typing "andi a") is asked of the column with LIKE instead, over
the rows the long words already found. A text with no word long enough is not a name search.

Framework-free: the Frappe side (kpu_etik.overrides.name_search) turns these into SQL.
"""

import re

from kpu_etik.core.names import _clean_tokens, canonical_token, name_tokens

# innodb_ft_min_token_size's default; the index is built with it (kpu_etik.install).
MIN_TOKEN = 3
# The column's length (search_name, varchar): a name of 140 characters and its variants fit.
MAX_LENGTH = 280
# What a LIKE pattern from the Desk may hold to be read as typed words: letters, spaces and the
# punctuation of names, between an optional leading and trailing %.
_TYPED = re.compile(r"%?([^%_\\]*?)%?")
_NAME_LIKE = re.compile(r"[^\W\d_]")
# Characters with a meaning in a boolean-mode query; a typed word never carries them.
_BOOLEAN_OPERATORS = re.compile(r"[+\-<>()~*\"@]")


def search_words(full_name) -> str:
	"""The words a name is found by: each word as written, then its canonical spelling where that
	differs, each word once, at most MAX_LENGTH characters ("" for no name)."""
	words: list[str] = []
	for position, token in enumerate(_clean_tokens(full_name)):
		for word in (token, canonical_token(token, position == 0)):
			if word not in words:
				words.append(word)
	text = " ".join(words)
	if len(text) > MAX_LENGTH:
		text = text[:MAX_LENGTH].rsplit(" ", 1)[0]
	return text


def typed_words(text) -> list[str]:
	"""The words of a typed search text, as ``search_words`` writes them ([] for none)."""
	if not isinstance(text, str):
		return []
	return [_BOOLEAN_OPERATORS.sub("", token) for token in _clean_tokens(text) if token]


def words_of_like(pattern) -> list[str] | None:
	"""The typed words of a LIKE pattern the Desk sends for a name ("%andi amir%", "andi%"), or None
	when the pattern is not plain text (wildcards inside it, no letter, digits: an ID or a code)."""
	if not isinstance(pattern, str) or len(pattern) > 200:
		return None
	match = _TYPED.fullmatch(pattern)
	if not match or not _NAME_LIKE.search(match.group(1)) or any(c.isdigit() for c in match.group(1)):
		return None
	return typed_words(match.group(1)) or None


def full_text_query(words: list[str]) -> tuple[str, list[str]] | None:
	"""(boolean-mode query, short words) for typed words, or None when no word is long enough for
	the index. Each long word must start a word of the name, in its typed or canonical spelling:
	``+(moh* muhammad*)``."""
	terms, short = [], []
	for word in words:
		if len(word) < MIN_TOKEN:
			short.append(word)
			continue
		spellings = [word]
		canonical = canonical_token(word)
		if canonical != word and len(canonical) >= MIN_TOKEN:
			spellings.append(canonical)
		terms.append(
			f"+{spellings[0]}*" if len(spellings) == 1 else f"+({' '.join(s + '*' for s in spellings)})"
		)
	if not terms:
		return None
	return " ".join(terms), short


def rank(typed: list[str], full_name: str) -> tuple:
	"""A sort key for a found name: the whole name typed first, then names whose words start with
	the typed words in the typed order, then the others; shorter names before longer ones."""
	words = search_words(full_name).split()
	canonical = [canonical_token(w) for w in typed]
	tokens = name_tokens(full_name)
	exact = tokens == canonical
	in_order = all(i < len(tokens) and tokens[i].startswith(word) for i, word in enumerate(canonical))
	return (not exact, not in_order, len(words), full_name or "")
