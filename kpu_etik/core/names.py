"""Indonesian personal names: normalisation, canonical spelling, phonetic keys and similarity.

Three layers, each built on the one before:

1. ``normalize_name``: casefolded, accents stripped, titles and honorifics removed, punctuation
   dropped, whitespace collapsed: ``"Dr. H. Muhammad Yusuf, S.H., M.H."`` -> ``"muhammad yusuf"``.
2. ``name_tokens``: each token in a canonical spelling: the common spellings of Muhammad, Nur,
   Abdul, Ahmad and Siti become one form (``NAME_VARIANTS``), the pre-1972 spelling is modernised
   (``SPELLING_RULES``: oe -> u, dj -> j, tj -> c, sj -> sy, ch -> kh), double letters collapse.
3. ``phonetic_key``: a coarser key per token (``PHONETIC_RULES``) under which spellings that sound
   alike are equal, e.g. Jusuf/Yusuf, Junaedi/Junaidi, Chaerul/Khairul, Fatimah/Fatima.

The tables are module-level data: add a variant by adding a row, not code.

``name_similarity`` (0-100) is rapidfuzz's token-sort ratio, on canonical tokens and on phonetic
keys, whichever is higher. Token-sort ignores word order ("Yusuf Muhammad") but, unlike the
token-set ratio, does not score 100 when one name is a subset of the other: with token-set,
"Muhammad" or "Siti" alone would match every Muhammad or Siti in the country.
"""

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

# --- titles -------------------------------------------------------------------------------------
# Keys are the title without dots or spaces, casefolded ("S.Pd." -> "spd").

# Academic, religious and courtesy titles written before a name; dropped wherever they stand as a
# token of their own. "Andi" (a Bugis noble title) is deliberately absent: it is also a common given
# name. "Habib", "Gus", "Syekh" and "Daeng" are absent for the same reason.
HONORIFICS = frozenset(
	{
		"h", "hj", "haji", "hajah", "hajjah",  # haji/hajah
		"dr", "drs", "dra", "drg", "ir", "prof", "hc",  # doctor, doktorandus/a, dentist, engineer, professor, honoris causa
		"kh", "kyai", "kiai", "ust", "ustad", "ustadz", "ustaz", "ustadzah", "ustazah", "tgk", "tgh", "pdt",
		"bpk", "bapak", "ibu", "sdr", "sdri", "sdra", "tn", "ny", "nn",  # Mr, Mrs, Ms
	}
)  # fmt: skip

# Degrees written after a name. Dropped after a comma, and anywhere but as the first token of the
# name: "Yusuf S.H. M.H." loses its degrees, "M.H. Thamrin" (Mohammad Husni) is not a Magister Hukum.
# A first token that is not a title splits into its letters, and a lone "h" there goes as Haji:
# "H.M. Yusuf" and "M.H. Thamrin" both keep only the "m" (Muhammad).
DEGREES = frozenset(
	{
		"spd", "spdi", "sh", "shi", "se", "sei", "skom", "ssos", "sag", "sip", "sikom", "ssi", "skm",
		"skep", "sked", "sfarm", "stp", "spt", "sst", "sstp", "sth", "sthi", "shum", "sak", "sgz",
		"msi", "mpd", "mpdi", "mh", "mm", "mba", "mkes", "mkom", "mhum", "mag", "msc", "mt", "mkn",
		"amd", "amdkeb", "amdkep", "amkeb", "amkep", "lc", "phd", "ns",
	}
)  # fmt: skip

# Degrees whose letters are also a name: dropped only after a comma, when written with a dot inside
# ("S.T."), or at the end of the name ("Yusuf ST"). "St. Aminah" and "Andi St. Aminah" are Siti.
DOTTED_DEGREES = frozenset({"st", "sp", "ma", "ba", "ak", "md", "sn", "ca"})

# After a comma, the pieces of a degree written with spaces ("S. Pd") are dropped too.
DEGREE_PIECES = frozenset({"pd", "pdi", "kom", "sos", "ag", "ip", "si", "kes", "hum", "kep", "keb", "ked"})

# After a comma: anything shaped like an abbreviated degree ("S.Pd.I.", "M.Kes", "Sp.A.").
_DEGREE_SHAPE = re.compile(r"(?:[^\W\d_]{1,4}\.)+[^\W\d_]{0,4}\.?")

# --- spelling -----------------------------------------------------------------------------------

# Whole-token variants -> canonical token. Looked up before and after SPELLING_RULES.
NAME_VARIANTS: dict[str, str] = {
	**dict.fromkeys(
		(
			"muhammad", "muhamad", "mohammad", "mohamad", "mochammad", "mochamad", "mohamed", "mohammed",
			"muhammed", "mukhammad", "mukhamad", "mokhammad", "mokhamad", "muchammad", "muchamad",
			"moh", "muh", "mhd", "moch", "mohd", "mukh",
		),
		"muhammad",
	),
	**dict.fromkeys(("nur", "noor", "nour", "nor"), "nur"),
	**dict.fromkeys(("abdul", "abd", "abdoel", "abdol"), "abdul"),
	**dict.fromkeys(("ahmad", "achmad", "akhmad", "ahmat", "achmat", "akhmat", "ahmed"), "ahmad"),
	**dict.fromkeys(("siti", "sitti", "st"), "siti"),
}  # fmt: skip

# Variants that count only as the first token of a name: a lone "M." there is Muhammad.
FIRST_TOKEN_VARIANTS: dict[str, str] = {"m": "muhammad"}

# Pre-1972 (Van Ophuijsen / Soewandi) spellings -> today's, applied in order to every token.
# Old "j" is today's "y" ("Jusuf"), but a "j" alone cannot tell old from new ("Joko"): phonetic_key
# merges j and y instead.
SPELLING_RULES: list[tuple[str, str]] = [
	("oe", "u"),  # Soekarno -> Sukarno
	("dj", "j"),  # Djunaedi -> Junaedi
	("tj", "c"),  # Tjokro -> Cokro
	("sj", "sy"),  # Sjahrir -> Syahrir
	("ch", "kh"),  # Chaerul -> Khaerul (also Christian -> Khristian; Chandra/Candra stay apart)
]

# Phonetic rules, applied in order to a canonical token (regular expressions):
PHONETIC_RULES: list[tuple[str, str]] = [
	("dz", "z"),  # Dzulkifli = Zulkifli
	("q", "k"),  # Rofiq = Rofik
	("x", "ks"),
	("v", "f"),  # Evendi = Efendi
	("j", "y"),  # Jusuf = Yusuf (old spelling); also merges today's j and y
	("kh", "h"),  # Khairul = Hairul = Chairul, Rachman = Rahman, Akhmad = Ahmad
	(r"([^aeiouy])h", r"\1"),  # h after another consonant: Thamrin = Tamrin, Dhani = Dani
	("sy", "s"),  # Syamsul = Samsul
	(r"([^aeiou])y(?=[aeiou])", r"\1i"),  # consonant-y-vowel: Haryanto = Harianto
	("iy", "i"),  # Hariyanto = Harianto
	(r"y$", "i"),  # Effendy = Efendi
	("ae", "ai"),  # Junaedi = Junaidi, Chaerul = Khairul
	("ou", "u"),
	(r"h$", ""),  # final h: Fatimah = Fatima
	(r"(.)\1+", r"\1"),  # doubled letters: Muhammad = Muhamad
]

_PHONETIC = [(re.compile(pattern), replacement) for pattern, replacement in PHONETIC_RULES]
_DOUBLE = re.compile(r"(.)\1+")
_LETTERS = re.compile(r"[^\W\d_]+")
# Apostrophes join (Ma'ruf -> maruf); every other non-letter separates.
_APOSTROPHES = dict.fromkeys(map(ord, "'`\u2018\u2019\u02bc\u00b4"), None)


def _strip_marks(text: str) -> str:
	if text.isascii():
		return text  # nearly every name: NFKD leaves ASCII as it is, with no marks to strip
	return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _fold(text: str) -> str:
	"""Casefolded, accents stripped (é -> e), apostrophes removed."""
	# Twice: casefolding can expose marks (and decomposing can expose capitals).
	return _strip_marks(_strip_marks(text.translate(_APOSTROPHES)).casefold())


def _is_title_word(word: str, key: str, pieces: list[str], first: bool, after_comma: bool) -> bool:
	"""A whole word that is a title: "Dr.", "S.Pd.", "K.H.", a degree after a comma."""
	if key in HONORIFICS:
		return True
	if after_comma and (
		key in DEGREES or key in DOTTED_DEGREES or key in DEGREE_PIECES or _DEGREE_SHAPE.fullmatch(word)
	):
		return True
	return not first and (key in DEGREES or (len(pieces) > 1 and key in DOTTED_DEGREES))


def _is_title_like(token: str) -> bool:
	return token in DEGREES or token in DOTTED_DEGREES or token in HONORIFICS


def _clean_tokens(name) -> list[str]:
	"""The name's letter runs, titles removed; normalize_name(normalize_name(x)) == normalize_name(x)."""
	if not isinstance(name, str) or not name.strip():
		return []
	tokens: list[str] = []
	for segment_no, segment in enumerate(_fold(name).split(",")):
		after_comma = segment_no > 0
		# 1. Whole words that are titles go ("S.Pd."); the others split into their letter runs:
		#    "Dr.H.Muhammad" -> dr, h, muhammad; "M.H." (Thamrin's initials) -> m, h.
		units: list[str] = []
		for word in segment.split():
			pieces = _LETTERS.findall(word)
			first = not tokens and not any(u not in HONORIFICS for u in units)
			if pieces and not _is_title_word(word, "".join(pieces), pieces, first, after_comma):
				units.extend(pieces)
		# 2. The same rules on each run. A degree that is also a name ("St": Siti or Sarjana Teknik)
		#    goes only at the end of the name: "Yusuf ST" loses it, "Andi St. Aminah" keeps it.
		trailing = len(units)
		while trailing and _is_title_like(units[trailing - 1]):
			trailing -= 1
		kept: list[str] = []
		for position, unit in enumerate(units):
			first = not tokens and not kept
			if unit in HONORIFICS:
				continue
			if after_comma and (unit in DEGREES or unit in DOTTED_DEGREES or unit in DEGREE_PIECES):
				continue
			if not first and (unit in DEGREES or (unit in DOTTED_DEGREES and position >= trailing)):
				continue
			kept.append(unit)
		tokens.extend(kept)
	return tokens


def normalize_name(name) -> str:
	"""Casefolded, accents stripped, titles removed, letters only, single spaces ("" for no name)."""
	return " ".join(_clean_tokens(name))


@lru_cache(maxsize=1 << 16)
def canonical_token(token: str, first: bool = False) -> str:
	"""The canonical spelling of one normalised token (``first``: it is the name's first token)."""
	if first and token in FIRST_TOKEN_VARIANTS:
		return FIRST_TOKEN_VARIANTS[token]
	if token in NAME_VARIANTS:
		return NAME_VARIANTS[token]
	for old, new in SPELLING_RULES:
		token = token.replace(old, new)
	token = _DOUBLE.sub(r"\1", token)
	return NAME_VARIANTS.get(token, token)


def name_tokens(name) -> list[str]:
	"""The canonical tokens of a name, in their original order."""
	return [canonical_token(t, i == 0) for i, t in enumerate(_clean_tokens(name))]


@lru_cache(maxsize=1 << 16)
def phonetic_key(token: str) -> str:
	"""A phonetic key of one token; spellings that sound alike get the same key.

	The token is first brought to its canonical spelling (so a raw "Djunaedi" works too), then
	PHONETIC_RULES apply in order: dz = z, q = k, x = ks, v = f; j = y (the old spelling wrote "j"
	for today's "y"); kh = h (Arabic kh is written both ways, and old "ch" is either: Chairul,
	Rachman); any other h after a consonant is silent (th = t, dh = d); sy = s;
	consonant + y + vowel = consonant + i, iy = i and a final y = i (Haryanto/Hariyanto/Harianto,
	Effendy/Efendi); ae = ai (Junaedi/Junaidi); a final h is dropped (Fatimah/Fatima); doubled
	letters collapse. Vowels are otherwise kept: Ani and Ana, Udin and Odin stay apart.
	"""
	folded = "".join(_LETTERS.findall(_fold(token)))
	key = canonical_token(folded)
	for pattern, replacement in _PHONETIC:
		key = pattern.sub(replacement, key)
	# An initial such as "H" would vanish: keep it as it is.
	return key or canonical_token(folded)


def name_key(name) -> str:
	"""The phonetic keys of the name's tokens, sorted and joined by a space: a blocking key that
	ignores word order ("" for no name)."""
	return " ".join(sorted(phonetic_key(t) for t in name_tokens(name)))


def prepare_name(name) -> tuple[str, str]:
	"""(sorted canonical tokens, name_key), joined by spaces: what ``prepared_similarity`` compares."""
	if isinstance(name, str):
		return _prepare_text(name)  # names repeat (Muhammad Yusuf, Siti Aminah): kept per spelling
	return _prepare(name)


@lru_cache(maxsize=1 << 16)
def _prepare_text(name: str) -> tuple[str, str]:
	return _prepare(name)


def _prepare(name) -> tuple[str, str]:
	tokens = name_tokens(name)
	return " ".join(sorted(tokens)), " ".join(sorted(phonetic_key(t) for t in tokens))


def prepared_similarity(a: tuple[str, str], b: tuple[str, str], score_cutoff: float = 0) -> float:
	"""name_similarity of two ``prepare_name`` results; 0 below ``score_cutoff``.

	The tokens are already sorted, so the plain ratio equals rapidfuzz's token_sort_ratio.
	"""
	if not a[0] or not b[0]:
		return 0.0
	return max(
		fuzz.ratio(a[0], b[0], score_cutoff=score_cutoff), fuzz.ratio(a[1], b[1], score_cutoff=score_cutoff)
	)


def name_similarity(a, b) -> float:
	"""0-100: rapidfuzz token_sort_ratio of the canonical tokens, or of the phonetic keys if higher.

	0 when either name is empty after normalisation.
	"""
	return prepared_similarity(prepare_name(a), prepare_name(b))
