"""Finding a region by the name a citizen types, and writing where it lies.

A citizen knows "Harapan" or "Luwu Utara", never 73.22.05.2003. Every typed word must be the start of
a word of the region's own name or of one of its ancestors' names, case and accents aside, so
"harapan luwu" finds Desa Harapan in Kabupaten Luwu Utara. Level words ("desa", "kec.", "prov.") are
not part of the names in the region table: typed, they only lift regions of that level in the ranking.

Ranking, best first: the name itself typed in full ("Luwu Utara" is Kabupaten Luwu Utara), then names
that start with what was typed, then names holding every typed word, then regions found through an
ancestor's name; within each, the level asked for, higher levels before villages, then the name.

`RegionIndex` is built once from the (code, name) rows (91,599 regions: a sorted vocabulary of name
words whose postings are one flat array, so a typed prefix is one range of it) and answers a search
without scanning the table: a prefix of the vocabulary gives the regions named so, and a subtree is a
contiguous range of the regions sorted by code (kpu_etik.core.regions).
"""

import heapq
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from kpu_etik.core.regions import ROOT_CODE, is_valid_code

MAX_RESULTS = 10
MAX_WORDS = 6  # typed words beyond these add nothing a person needs
MIN_LETTERS = 3  # fewer typed letters match a good part of Indonesia

# Written before a region's name; the region itself in full, its ancestors short (a path on a phone).
DEPTH_TITLES = ("Provinsi", None, "Kecamatan", "Desa")  # a kabupaten/kota's name carries its own
DEPTH_SHORT = ("Prov.", None, "Kec.", "Desa")
KELURAHAN, KELURAHAN_SHORT = "Kelurahan", "Kel."
_KABUPATEN = "Kabupaten "

# Typed level words: they say which level is meant, and match no name (the names do not hold them).
LEVEL_WORDS = {
	"prov": 0,
	"provinsi": 0,
	"kec": 2,
	"kecamatan": 2,
	"desa": 3,
	"kel": 3,
	"kelurahan": 3,
}
# The leading word of a kabupaten/kota's name, left out when comparing a typed name with it.
_KABKOTA_WORDS = ("kabupaten", "kota")

_APOSTROPHES = dict.fromkeys(map(ord, "'`\u2018\u2019\u02bc\u00b4"))
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> list[str]:
	"""The words of a name or of typed text as they are compared: lower case, accents and apostrophes
	removed ("Pu'uk" is "puuk"), any other character a separator ("Lang-Lang" is "lang lang")."""
	if not isinstance(text, str):
		return []
	if not text.isascii():  # region names are ASCII: the slow way only for what a person types
		text = unicodedata.normalize("NFKD", text)
		text = "".join(c for c in text if not unicodedata.combining(c))
	return _NOT_WORD.sub(" ", text.casefold().translate(_APOSTROPHES)).split()


def is_kelurahan(code: str) -> bool:
	"""Kepmendagri numbers a kelurahan 1xxx and a desa 2xxx (3xxx: desa adat, named as such)."""
	return code.count(".") == 3 and code.rsplit(".", 1)[1].startswith("1")


def region_title(code: str, name: str) -> str:
	"""The region as it is written on its own: Desa Barae, Kelurahan Lalabata Rilau, Kecamatan
	Marioriwawo, Kabupaten Soppeng, Kota Makassar, Provinsi Sulawesi Selatan."""
	depth = code.count(".")
	title = KELURAHAN if is_kelurahan(code) else DEPTH_TITLES[depth]
	if not title or fold(name)[:1] in (["desa"], ["kelurahan"]):
		return name
	return f"{title} {name}"


def region_short(code: str, name: str) -> str:
	"""The region as it is written after another in a path: Kec. Marioriwawo, Kab. Soppeng."""
	depth = code.count(".")
	if depth == 1:
		return "Kab. " + name[len(_KABUPATEN) :] if name.startswith(_KABUPATEN) else name
	short = KELURAHAN_SHORT if is_kelurahan(code) else DEPTH_SHORT[depth]
	if fold(name)[:1] in (["desa"], ["kelurahan"]):
		return name
	return f"{short} {name}"


def region_path(chain: Iterable[tuple[str, str]]) -> str:
	"""``chain`` is (code, name) from the region up to its province: "Desa Barae, Kec. Marioriwawo,
	Kab. Soppeng, Prov. Sulawesi Selatan"."""
	parts = []
	for position, (code, name) in enumerate(chain):
		parts.append(region_title(code, name) if position == 0 else region_short(code, name))
	return ", ".join(parts)


@dataclass(frozen=True)
class Query:
	words: tuple[str, ...]  # the words to match, in the order typed
	levels: frozenset[int]  # depths named by typed level words
	phrase: str  # the words joined, to compare with a whole name


def read_query(text: str) -> Query | None:
	"""What was typed, or None when it holds too little to search (under MIN_LETTERS letters)."""
	typed = fold(text)[: MAX_WORDS * 2]
	# A one-letter word ("P." of "P. Puntong") would match a good part of Indonesia on its own.
	words = tuple(word for word in typed if word not in LEVEL_WORDS and len(word) > 1)[:MAX_WORDS]
	levels = frozenset(LEVEL_WORDS[word] for word in typed if word in LEVEL_WORDS)
	if not words:  # only a level word so far ("kel", on the way to "Kelapa"): read as a name
		words = tuple(word for word in typed if len(word) > 1)[:MAX_WORDS]
	if sum(len(word) for word in words) < MIN_LETTERS:
		return None
	# "Kab. Luwu Utara" is written for "Kabupaten Luwu Utara", the name in the table
	phrase = " ".join("kabupaten" if word == "kab" else word for word in words)
	return Query(words, levels, phrase)


class RegionIndex:
	"""Every region below the root, sorted by code; built once, then searched many times."""

	def __init__(self, rows: Iterable[tuple[str, str]]):
		regions = sorted(
			(code, name.strip())
			for code, name in rows
			if code != ROOT_CODE and is_valid_code(code) and isinstance(name, str) and name.strip()
		)
		self.codes = [code for code, _name in regions]
		self.names = [name for _code, name in regions]
		# The folded name (its words joined by one space): for ranking and for checking a word.
		self.folded = [" ".join(fold(name)) for name in self.names]
		count = len(self.codes)
		position = {code: i for i, code in enumerate(self.codes)}
		self.parent = array(
			"i", (position.get(code.rsplit(".", 1)[0], -1) if "." in code else -1 for code in self.codes)
		)
		self.depth = array("b", (code.count(".") for code in self.codes))
		# A region's subtree is the range [i, end[i]): sorted codes put descendants right after it.
		self.end = array("i", [count]) * count
		open_regions: list[int] = []
		for i, code in enumerate(self.codes):
			while open_regions and not code.startswith(self.codes[open_regions[-1]] + "."):
				self.end[open_regions.pop()] = i
			open_regions.append(i)
		self.by_depth = [array("i") for _depth in range(4)]
		for i, depth in enumerate(self.depth):
			self.by_depth[depth].append(i)
		# The order within a rank: higher levels first, then by name, then by code.
		self.ordered = array("i", sorted(range(count), key=lambda i: (self.depth[i], self.folded[i], i)))
		self.order = array("i", [0]) * count
		for rank, i in enumerate(self.ordered):
			self.order[i] = rank
		# A kabupaten/kota's name without "Kabupaten" or "Kota": what a person types for it.
		self.kabkota_name = {}
		for i in self.by_depth[1]:
			first, _space, rest = self.folded[i].partition(" ")
			if first in _KABKOTA_WORDS and rest:
				self.kabkota_name[i] = rest
		# The vocabulary of name words, sorted; postings[offsets[k]:offsets[k + 1]] are the regions
		# whose name holds vocabulary[k]. A typed prefix is one range of the vocabulary, so the
		# regions whose name has a word starting with it are one slice of postings.
		holders: dict[str, list[int]] = {}
		for i, folded in enumerate(self.folded):
			for word in set(folded.split()):
				holders.setdefault(word, []).append(i)
		self.vocabulary = sorted(holders)
		self.offsets = array("i", [0])
		self.postings = array("i")
		for word in self.vocabulary:
			self.postings.extend(holders[word])
			self.offsets.append(len(self.postings))

	def __len__(self) -> int:
		return len(self.codes)

	# --- matching ------------------------------------------------------------------------------------
	def _span(self, prefix: str) -> tuple[int, int]:
		"""The slice of postings of the words starting with ``prefix``."""
		low = bisect_left(self.vocabulary, prefix)
		# "{" sorts right after "z", and a folded word holds only ASCII letters and digits
		high = bisect_left(self.vocabulary, prefix + "{", low)
		return self.offsets[low], self.offsets[high]

	def named(self, prefix: str) -> set[int]:
		"""The regions whose own name has a word starting with ``prefix`` (folded)."""
		start, stop = self._span(prefix)
		return set(self.postings[start:stop])

	def _own_match(self, i: int, word: str) -> bool:
		folded = self.folded[i]
		return folded.startswith(word) or f" {word}" in folded

	def _chain(self, i: int):
		while i >= 0:
			yield i
			i = self.parent[i]

	def search(self, text: str, limit: int = MAX_RESULTS) -> list[int]:
		"""The regions (their positions in the index) ``text`` names, best first, at most ``limit``."""
		query = read_query(text)
		if query is None or limit < 1:
			return []
		spans = {word: self._span(word) for word in query.words}
		if any(start == stop for start, stop in spans.values()):
			return []  # a word no region's name starts with
		# The rarest word leads: the regions named with it, then the others are checked on each.
		lead = min(spans, key=lambda word: spans[word][1] - spans[word][0])
		others = [word for word in spans if word != lead]
		start, stop = spans[lead]
		own = [i for i in set(self.postings[start:stop]) if all(self._own_match(i, word) for word in others)]
		ranked = self._rank_own(own, query, limit)
		if len(ranked) >= limit:
			return ranked
		return ranked + self._through_ancestors(query, spans, set(own), limit - len(ranked))

	def _rank_own(self, own: list[int], query: Query, limit: int) -> list[int]:
		"""Regions whose own name holds every word: the name typed in full first, then names that
		start with it, then the others. One whole number per region keeps this fast for thousands."""
		phrase, levels, count = query.phrase, query.levels, len(self.codes)
		folded, depth, order, kabkota = self.folded, self.depth, self.order, self.kabkota_name
		keys = []
		for i in own:
			name, short = folded[i], kabkota.get(i, "")
			if name == phrase or short == phrase:
				rank = 0
			elif name.startswith(phrase) or (short and short.startswith(phrase)):
				rank = 1
			else:
				rank = 2
			keys.append(((rank * 2 + (depth[i] not in levels)) * count) + order[i])
		return [self.ordered[key % count] for key in heapq.nsmallest(limit, keys)]

	def _through_ancestors(self, query: Query, spans: dict, own: set[int], wanted: int) -> list[int]:
		"""Regions matched only with their ancestors' names, shallowest first (the level asked for
		first). The word naming the fewest regions leads: their subtrees are the candidates, checked
		level by level until enough are found."""
		end, postings = self.end, self.postings

		def reach(word):  # how many regions lie in the subtrees of the regions it names
			start, stop = spans[word]
			return sum(end[i] - i for i in postings[start:stop])

		lead = min(spans, key=reach)
		subtrees = []  # disjoint [start, stop) ranges, in code order
		for i in sorted(self.named(lead)):
			if subtrees and i < subtrees[-1][1]:
				continue  # within a subtree already taken
			subtrees.append((i, end[i]))
		# Small subtrees (a village, a kecamatan) are walked; large ones are cut by level.
		small = [[] for _depth in range(4)]
		large = []
		for start, stop in subtrees:
			if stop - start <= 64:
				for i in range(start, stop):
					small[self.depth[i]].append(i)
			else:
				large.append((start, stop))
		# The other words: the regions each names (a set, when it names few), else read on the name.
		others = [
			(word, self.named(word) if spans[word][1] - spans[word][0] <= 5000 else None)
			for word in spans
			if word != lead
		]

		def matches(i):
			chain = list(self._chain(i))
			for word, named in others:
				if named is not None:
					if not any(j in named for j in chain):
						return False
				elif not any(self._own_match(j, word) for j in chain):
					return False
			return True

		found: list[int] = []
		for depth in sorted(range(4), key=lambda d: (d not in query.levels, d)):
			level = self.by_depth[depth]
			candidates = list(small[depth])
			for start, stop in large:
				candidates.extend(level[bisect_left(level, start) : bisect_left(level, stop)])
			at_depth = [i for i in candidates if i not in own and matches(i)]
			found += heapq.nsmallest(
				wanted - len(found), at_depth, key=lambda i: self._fit_through_ancestors(i, query)
			)
			if len(found) >= wanted:
				break
		return found

	def _fit_through_ancestors(self, i: int, query: Query) -> tuple[int, int]:
		"""Within a level, a region named by exactly the words its ancestors do not match comes
		first ("harapan luwu": Desa Harapan before Desa Bukit Harapan), as does one whose whole
		name the ancestors account for (a kabupaten of "sulawesi selatan")."""
		folded = self.folded[i]
		own = [word for word in query.words if self._own_match(i, word)]
		fit = 0 if not own or folded == " ".join(own) else 1 if folded.startswith(own[0]) else 2
		return fit, self.order[i]

	# --- what a person reads --------------------------------------------------------------------------
	def describe(self, i: int) -> dict:
		"""{"region": code (the value sent), "label": name, "path": where it lies, in words}."""
		chain = [(self.codes[j], self.names[j]) for j in self._chain(i)]
		return {"region": self.codes[i], "label": self.names[i], "path": region_path(chain)}

	def find(self, text: str, limit: int = MAX_RESULTS) -> list[dict]:
		return [self.describe(i) for i in self.search(text, limit)]
