"""Text that cannot hurt: what the app stores in its text fields is plain text.

Unicode is normalised (NFC), so that the same name is stored the same way however it was typed; NUL
characters and lone surrogates (which no valid text contains) are refused; anything that looks like
an HTML tag, closed or not (`<img src=x onerror=...`), is removed; and text made only of invisible
characters (zero-width spaces, joiners) counts as empty.
"""

import re
import unicodedata

from kpu_etik.core.errors import RuleError

# "<" followed by a letter, "/", "!" or "?" starts a tag, up to ">" or the end of the text;
# "a < b" and "<5" are text.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
TAG = re.compile(r"<[A-Za-z/!?][^<>]*(?:>|$)")


class TextRejected(RuleError):
	pass


def plain_text(value: str) -> str:
	if "\x00" in value:
		raise TextRejected("The text contains a NUL character")
	if LONE_SURROGATE.search(value):
		raise TextRejected("The text contains a character that is not valid Unicode")
	value = unicodedata.normalize("NFC", value)
	previous = None
	while previous != value:  # "<<b>script>" leaves "<script>" after one pass
		previous, value = value, TAG.sub("", value)
	return value


def is_blank(value) -> bool:
	"""True for None, "" and text of whitespace and invisible (format) characters only."""
	if value is None:
		return True
	return all(char.isspace() or unicodedata.category(char) == "Cf" for char in str(value))
