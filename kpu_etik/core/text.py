"""Text that cannot hurt: what the app stores in its text fields is plain text.

Unicode is normalised (NFC), so that the same name is stored the same way however it was typed; NUL
characters and lone surrogates (which no valid text contains) are refused; anything that looks like
an HTML tag, closed or not (`<img src=x onerror=...`), is refused in what people send
(`accepted_text`: a value is never stored other than it was typed) and removed from text stored
before the rule (`plain_text`); and text made only of invisible characters (zero-width spaces,
joiners) counts as empty.
"""

import re
import unicodedata

from kpu_etik.core.errors import RuleError

# "<" followed by a letter, "/", "!" or "?" starts a tag, up to ">" or the end of the text;
# "a < b" and "<5" are text.
TAG = re.compile(r"<[A-Za-z/!?][^<>]*(?:>|$)")


LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters (line breaks included) and lone surrogates: never in a name (region names).
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
NUL, NOT_UNICODE = "nul", "not unicode"


class TextRejected(RuleError):
	pass


def invalid_character(value: str) -> str | None:
	"""NUL or NOT_UNICODE when the text holds a character no valid text contains, else None.
	(A regular expression, not a loop: a 35 MB request body is scanned in a tenth of a second.)"""
	if "\x00" in value:
		return NUL
	if LONE_SURROGATE.search(value):
		return NOT_UNICODE
	return None


def plain_text(value: str) -> str:
	invalid = invalid_character(value)
	if invalid == NUL:
		raise TextRejected("The text contains a NUL character")
	if invalid == NOT_UNICODE:
		raise TextRejected("The text contains a character that is not valid Unicode")
	value = unicodedata.normalize("NFC", value)
	previous = None
	while previous != value:  # "<<b>script>" leaves "<script>" after one pass
		previous, value = value, TAG.sub("", value)
	return value


def accepted_text(value: str, label: str) -> str:
	"""`value` as the app stores it from a user: NFC, and refused (TextRejected, naming `label`) when
	plain_text would remove markup from it, so nothing is silently stored changed or empty."""
	cleaned = plain_text(value)
	if cleaned != unicodedata.normalize("NFC", value):
		raise TextRejected(
			"{0} contains markup (an HTML tag), which is not accepted: write it as plain text.", label
		)
	return cleaned


def is_blank(value) -> bool:
	"""True for None, "" and text of whitespace and invisible (format) characters only."""
	if value is None:
		return True
	return all(char.isspace() or unicodedata.category(char) == "Cf" for char in str(value))
