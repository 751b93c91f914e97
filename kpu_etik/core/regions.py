"""Region codes (Kepmendagri) and the region table.

A code has up to four dot-separated segments of 2, 2, 2 and 4 digits: ``73`` (Provinsi),
``73.22`` (Kabupaten/Kota), ``73.22.14`` (Kecamatan), ``73.22.14.2001`` (Desa/Kelurahan).
A region's parent is its code without the last segment; provinces hang under a synthetic root
``ID`` (Indonesia, level Nasional). Because parent codes are prefixes, sorting codes as strings puts
every parent before its children, and a whole subtree is one contiguous range of sorted codes.
"""

import csv
import io
import os
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from kpu_etik.core.errors import RuleError
from kpu_etik.core.text import CONTROL_CHARACTER, TAG

LEVELS = ("Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan")
ROOT_CODE = "ID"
ROOT_LEVEL = "Nasional"
ROOT_NAME = "Indonesia"
HEADER = ("kode", "nama", "tingkat")

# [0-9], not \d: \d also matches other Unicode digits.
_CODE_RE = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?")
_MAX_PROBLEMS_SHOWN = 20


class RegionCodeError(RuleError):
	pass


class WilayahFormatError(RuleError):
	"""The region file is invalid; ``problems`` lists every ``(line_number, message)``."""

	def __init__(self, template: str, *args, problems: list[tuple[int, str]] = ()):
		super().__init__(template, *args)
		self.problems = list(problems)


class NestedSetError(RuleError):
	pass


def is_valid_code(code) -> bool:
	"""True for a well-formed region code or ROOT_CODE (nothing is looked up)."""
	return code == ROOT_CODE or (isinstance(code, str) and _CODE_RE.fullmatch(code) is not None)


def _check(code) -> str:
	if not is_valid_code(code):
		raise RegionCodeError(
			"Region code {0!r} is malformed; expected 2, 2, 2 and 4 digits separated by dots, "
			"such as 73.22.14.2001",
			code,
		)
	return code


def level_of(code: str) -> str:
	"""Level of a code: one of LEVELS, or "Nasional" for ROOT_CODE."""
	if _check(code) == ROOT_CODE:
		return ROOT_LEVEL
	return LEVELS[code.count(".")]


def parent_of(code: str) -> str | None:
	"""Parent code: a province's parent is ROOT_CODE; the root has none."""
	if _check(code) == ROOT_CODE:
		return None
	if "." not in code:
		return ROOT_CODE
	return code.rsplit(".", 1)[0]


def ancestors_of(code: str) -> list[str]:
	"""Proper ancestors, nearest first and ending with ROOT_CODE: "73.22" -> ["73", "ID"]."""
	result = []
	parent = parent_of(code)
	while parent is not None:
		result.append(parent)
		parent = parent_of(parent)
	return result


def is_within(code: str, ancestor: str) -> bool:
	"""True if ``code`` equals ``ancestor`` or lies below it; ROOT_CODE contains everything."""
	_check(code)
	if _check(ancestor) == ROOT_CODE:
		return True
	# Compare whole segments: a bare string prefix would make "73.2" an ancestor of "73.22".
	return code == ancestor or code.startswith(ancestor + ".")


def ancestor_at(code: str, level: str) -> str | None:
	"""The region of ``level`` that ``code`` lies in (itself when it is of that level), or None when
	``code`` is above that level: ancestor_at("73.22.01", "Kabupaten/Kota") == "73.22"."""
	if _check(code) == ROOT_CODE:
		return None
	depth = LEVELS.index(level)
	segments = code.split(".")
	return ".".join(segments[: depth + 1]) if len(segments) > depth else None


def subtree_pattern(code: str) -> str:
	"""The SQL LIKE pattern of a region and everything below it: "73.22" -> "73.22%".

	Exact because every level's segment has a fixed width (2, 2, 2, 4 digits) and the code is
	checked: no code other than 73.22's own descendants starts with "73.22". One index range.
	"""
	return "%" if _check(code) == ROOT_CODE else f"{code}%"


def child_code_length(code: str) -> int | None:
	"""The length of the codes one level below a region: "ID" -> 2, "73" -> 5, "73.22" -> 8,
	"73.22.14" -> 13; None below a desa/kelurahan."""
	if _check(code) == ROOT_CODE:
		return 2
	return {2: 5, 5: 8, 8: 13}.get(len(code))


def minimal_cover(codes: Iterable[str]) -> list[str]:
	"""The codes not contained in another code of the list, sorted, without duplicates."""
	unique = sorted({_check(c) for c in codes})
	if ROOT_CODE in unique:
		return [ROOT_CODE]
	result = []
	for code in unique:
		# Descendants of a kept code follow it contiguously in sorted order, so the last kept code
		# is the only candidate ancestor.
		if result and is_within(code, result[-1]):
			continue
		result.append(code)
	return result


@dataclass(frozen=True, slots=True)
class RegionRow:
	code: str
	name: str
	level: str
	line: int


def _read_text(source) -> str:
	if isinstance(source, str | os.PathLike):
		with open(source, "rb") as f:
			data = f.read()
	else:
		data = source.read()
	if isinstance(data, str):
		return data.removeprefix("\ufeff")
	try:
		return data.decode("utf-8-sig")
	except UnicodeDecodeError as exc:
		# Typically a spreadsheet saved the file in a Windows code page.
		line = data[: exc.start].count(b"\n") + 1
		message = f"not UTF-8 text (byte {data[exc.start]:#04x})"
		raise WilayahFormatError(
			"The region file has {0} problem(s):\n{1}",
			1,
			f"line {line}: {message}",
			problems=[(line, message)],
		) from None


def _records(reader, problems):
	"""The reader's records; a CSV syntax error (e.g. an over-long field) ends the file as a problem."""
	try:
		yield from reader
	except csv.Error as exc:
		problems.append((reader.line_num, f"unreadable CSV: {exc}"))


def read_wilayah(source, *, existing_codes: Collection[str] = ()) -> list[RegionRow]:
	"""Read and validate a UTF-8 ``kode,nama,tingkat`` CSV (a path, or a text or binary file object).

	Every problem is collected as ``(line_number, message)``, line 1 being the header; if there is
	any, WilayahFormatError is raised with all of them in ``.problems``. A row's parent must be in the
	file or in ``existing_codes`` (the regions already stored). Names are stripped of surrounding
	whitespace (the official data has trailing blanks); blank lines are skipped.
	Returns the rows sorted by code, which puts every parent before its children.
	"""
	reader = csv.reader(io.StringIO(_read_text(source), newline=""))
	problems: list[tuple[int, str]] = []
	records = _records(reader, problems)
	header = next(records, None)
	if header is None and problems:
		raise WilayahFormatError(
			"The region file has {0} problem(s):\n{1}", 1, f"line 1: {problems[0][1]}", problems=problems
		)
	if header is None:
		raise WilayahFormatError(
			"The region file is empty; expected the header kode,nama,tingkat",
			problems=[(1, "empty file")],
		)
	if tuple(h.strip() for h in header) != HEADER:
		# Without the expected header the columns cannot be trusted; stop here.
		message = f"the header must be exactly kode,nama,tingkat, found {','.join(header)!r}"
		raise WilayahFormatError(
			"The region file has {0} problem(s):\n{1}", 1, f"line 1: {message}", problems=[(1, message)]
		)

	rows: list[RegionRow] = []
	first_line: dict[str, int] = {}
	depth_of_level = {level: i for i, level in enumerate(LEVELS)}
	fullmatch = _CODE_RE.fullmatch
	previous_end = reader.line_num
	for record in records:
		# A record starts on the line after the previous one ended (quoted fields may span lines).
		start, previous_end = previous_end + 1, reader.line_num
		if not record:
			continue
		if len(record) != 3:
			problems.append((start, f"expected 3 columns (kode,nama,tingkat), found {len(record)}"))
			continue
		code, name, level = (field.strip() for field in record)
		ok = True
		if not fullmatch(code):
			problems.append(
				(start, f"malformed code {code!r}; expected 2, 2, 2 and 4 digits separated by dots")
			)
			ok = False
		depth = depth_of_level.get(level)
		if depth is None:
			problems.append((start, f"tingkat {level!r} is not one of {', '.join(LEVELS)}"))
			ok = False
		elif ok and code.count(".") != depth:
			problems.append(
				(start, f"code {code} is a {LEVELS[code.count('.')]} code, but tingkat is {level}")
			)
			ok = False
		if not name:
			problems.append((start, "empty nama"))
			ok = False
		elif CONTROL_CHARACTER.search(name) or TAG.search(name):
			# a NUL, a control character or markup has no place in a region's name (shown on every page)
			problems.append((start, f"nama {name!r} holds a control character or markup"))
			ok = False
		else:
			name = unicodedata.normalize("NFC", name)
		if fullmatch(code):
			if code in first_line:
				problems.append((start, f"duplicate code {code}, first on line {first_line[code]}"))
				ok = False
			else:
				first_line[code] = start
		if ok:
			rows.append(RegionRow(code, name, level, start))

	existing = existing_codes if isinstance(existing_codes, set | frozenset | dict) else set(existing_codes)
	for code, start in first_line.items():
		if "." in code:
			parent = code.rsplit(".", 1)[0]
			if parent not in first_line and parent not in existing:
				problems.append(
					(
						start,
						f"parent region {parent} of {code} is neither in the file nor among existing regions",
					)
				)

	if problems:
		problems.sort(key=lambda p: p[0])  # stable: keeps a line's problems in check order
		shown = "\n".join(f"line {n}: {m}" for n, m in problems[:_MAX_PROBLEMS_SHOWN])
		if len(problems) <= _MAX_PROBLEMS_SHOWN:
			raise WilayahFormatError(
				"The region file has {0} problem(s):\n{1}", len(problems), shown, problems=problems
			)
		raise WilayahFormatError(
			"The region file has {0} problems; the first {1}:\n{2}",
			len(problems),
			_MAX_PROBLEMS_SHOWN,
			shown,
			problems=problems,
		)
	rows.sort(key=lambda r: r.code)
	return rows


def nested_set(parent_by_code: dict[str, str | None]) -> dict[str, tuple[int, int]]:
	"""Nested-set numbers ``(lft, rgt)`` for a forest, starting at 1, children visited in code order.

	``parent_by_code`` maps every node to its parent (None for a root). Iterative: the region tree
	has ~91k nodes, and deep chains must not hit the recursion limit.
	"""
	children: dict[str, list[str]] = {}
	roots = []
	for code, parent in parent_by_code.items():
		if parent is None:
			roots.append(code)
		elif parent not in parent_by_code:
			raise NestedSetError("The parent {0} of {1} is missing from the tree", parent, code)
		else:
			children.setdefault(parent, []).append(code)

	result: dict[str, tuple[int, int]] = {}
	counter = 0
	for root in sorted(roots):
		counter += 1
		lft_of = {root: counter}
		stack = [(root, iter(sorted(children.get(root, ()))))]
		while stack:
			node, pending = stack[-1]
			child = next(pending, None)
			if child is not None:
				counter += 1
				lft_of[child] = counter
				stack.append((child, iter(sorted(children.get(child, ())))))
			else:
				stack.pop()
				counter += 1
				result[node] = (lft_of.pop(node), counter)

	if len(result) < len(parent_by_code):
		# Nodes never reached from a root hang on a cycle; walk up from one until a node repeats.
		node = next(c for c in parent_by_code if c not in result)
		seen = set()
		while node not in seen:
			seen.add(node)
			node = parent_by_code[node]
		raise NestedSetError("The parents of {0} form a cycle", node)
	return result
