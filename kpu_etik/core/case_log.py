"""A hash-chained, append-only log per complaint, and SHA-256 checks for evidence files.

Each log entry stores its payload, the hash of the entry before it (``GENESIS`` for the first) and
its own hash, ``entry_hash(previous_hash, payload)``. Changing, removing, inserting or reordering
entries breaks the chain at the first affected entry, which ``verify_chain`` reports.

The canonical form hashed is the JSON of ``{"payload": ..., "previous_hash": ...}`` with sorted keys,
no whitespace, UTF-8 without escaping, dates and datetimes as ISO strings (so a date read back from
the database as the string "2024-05-10" verifies), Decimals as strings, tuples as lists. Only JSON
data is accepted: dict keys must be strings, floats finite. Hash the values as they are stored.

A chain proves integrity only relative to its last hash: whoever can rewrite the whole table can
recompute every hash. Keep the latest hash (the head) somewhere else too, such as on the complaint or
in a periodic export, and pass it as ``expected_head`` to detect entries cut from the end.
"""

import hashlib
import hmac
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from kpu_etik.core.errors import RuleError, RuleWarning

GENESIS = "0" * 64

# ChainCheck.reason values
ALTERED = "altered"  # the entry's payload, previous hash or stored hash was changed
REMOVED = "removed"  # the entry's predecessor is missing: entries were deleted before it
INSERTED = "inserted"  # its predecessor sits further back: something was put in between (e.g. a copy)
REORDERED = "reordered"  # the entry's predecessor comes after it: entries were moved
TRUNCATED = "truncated"  # the recorded head is missing: entries were cut from the end
BEYOND_HEAD = "beyond head"  # entries follow the recorded head (appended without updating it)
REASONS = (ALTERED, REMOVED, INSERTED, REORDERED, TRUNCATED, BEYOND_HEAD)

_HASH_RE = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1 << 20


class CaseLogError(RuleError):
	pass


def _canonical(value, path: str = "payload"):
	"""``value`` as plain JSON data, or CaseLogError naming where the unsupported value sits."""
	if value is None or isinstance(value, bool | str):
		return value
	if isinstance(value, int):
		return value
	if isinstance(value, float):
		if not math.isfinite(value):
			raise CaseLogError("The case log cannot store the number {0} at {1}", value, path)
		return value
	if isinstance(value, date | time):  # datetime is a date
		return value.isoformat()
	if isinstance(value, Decimal):
		if not value.is_finite():
			raise CaseLogError("The case log cannot store the number {0} at {1}", value, path)
		return str(value)
	if isinstance(value, dict):
		result = {}
		for key, item in value.items():
			if not isinstance(key, str):
				raise CaseLogError("The case log needs text keys, not {0!r} at {1}", key, path)
			result[key] = _canonical(item, f"{path}.{key}")
		return result
	if isinstance(value, list | tuple):
		return [_canonical(item, f"{path}[{i}]") for i, item in enumerate(value)]
	raise CaseLogError("The case log cannot store a value of type {0} at {1}", type(value).__name__, path)


def canonical_json(previous_hash: str, payload: dict) -> str:
	"""The exact text that ``entry_hash`` hashes."""
	if not isinstance(payload, dict):
		raise CaseLogError("A case log payload is a mapping of fields, not {0}", type(payload).__name__)
	return json.dumps(
		{"payload": _canonical(payload), "previous_hash": previous_hash},
		sort_keys=True,
		separators=(",", ":"),
		ensure_ascii=False,
		allow_nan=False,
	)


def is_hash(value) -> bool:
	"""True for a SHA-256 hex digest as this module writes it: 64 lowercase hex digits."""
	return isinstance(value, str) and _HASH_RE.fullmatch(value) is not None


def entry_hash(previous_hash: str, payload: dict) -> str:
	"""SHA-256 hex of the canonical JSON of ``previous_hash`` and ``payload``."""
	if not is_hash(previous_hash):
		raise CaseLogError("The previous hash must be 64 lowercase hex digits, not {0!r}", previous_hash)
	return hashlib.sha256(canonical_json(previous_hash, payload).encode("utf-8")).hexdigest()


def build_chain(payloads: Iterable[dict], previous_hash: str = GENESIS) -> list[str]:
	"""The hashes of the payloads chained in order, starting from ``previous_hash`` (default GENESIS)."""
	hashes = []
	for payload in payloads:
		previous_hash = entry_hash(previous_hash, payload)
		hashes.append(previous_hash)
	return hashes


@dataclass(frozen=True)
class ChainCheck:
	"""The result of ``verify_chain``: ``first_broken`` is a 0-based index, ``reason`` one of REASONS.

	``first_broken == len(entries)`` (reason TRUNCATED) means entries after the last one are missing;
	TRUNCATED and BEYOND_HEAD occur only when ``verify_chain`` is given the ``expected_head``.
	"""

	ok: bool
	first_broken: int | None = None
	reason: str | None = None

	@property
	def warning(self) -> RuleWarning | None:
		"""A message for the officer (entries numbered from 1), or None when the chain is intact."""
		if self.ok:
			return None
		number = self.first_broken + 1
		if self.reason == ALTERED:
			return RuleWarning("Case log entry {0} was altered after it was written", (number,))
		if self.reason == REMOVED:
			return RuleWarning("Case log entries before entry {0} were removed", (number,))
		if self.reason == INSERTED:
			return RuleWarning(
				"Case log entry {0} does not follow the entry before it: entries were inserted before it",
				(number,),
			)
		if self.reason == REORDERED:
			return RuleWarning("Case log entry {0} is out of order: entries were moved", (number,))
		if self.reason == TRUNCATED:
			return RuleWarning(
				"The case log has {0} entries but not its recorded last entry: entries were removed from the end",
				(self.first_broken,),
			)
		return RuleWarning("Case log entries from entry {0} on come after the recorded last entry", (number,))


def verify_chain(
	entries: Sequence[tuple[dict, str, str]], expected_head: str | None = None, start: str = GENESIS
) -> ChainCheck:
	"""Check ``(payload, previous_hash, hash)`` entries in their stored order; report the first break.

	Entry ``i`` is checked in two steps. Its own hash must equal ``entry_hash(previous_hash, payload)``,
	else it was ALTERED (payload, link or stored hash changed). Then its ``previous_hash`` must be the
	stored hash of entry ``i - 1`` (``start`` for the first). If it is not, the stored hashes tell what
	happened: the predecessor appears later in the list (REORDERED), earlier than ``i - 1`` or it is
	``start`` (INSERTED: something was put in between, e.g. a copy), or nowhere (REMOVED).
	With ``expected_head`` (the last hash kept elsewhere) an intact chain must end with it: if the head
	is not among the hashes, entries were cut from the end (TRUNCATED, at ``len(entries)``); if it is,
	the entries after it are BEYOND_HEAD (reported at the first of them).
	"""
	first_index: dict[str, int] = {}
	for i, entry in enumerate(entries):
		try:
			stored = entry[2]
		except (TypeError, IndexError, KeyError):
			continue
		if isinstance(stored, str):
			first_index.setdefault(stored, i)

	expected_previous = start
	for i, entry in enumerate(entries):
		try:
			payload, previous_hash, stored_hash = entry
			intact = is_hash(stored_hash) and hmac.compare_digest(
				entry_hash(previous_hash, payload), stored_hash
			)
		except (CaseLogError, TypeError, ValueError):
			intact = False
		if not intact:
			return ChainCheck(False, i, ALTERED)
		if previous_hash != expected_previous:
			position = -1 if previous_hash == start else first_index.get(previous_hash)
			if position is None:
				return ChainCheck(False, i, REMOVED)
			if position >= i:
				return ChainCheck(False, i, REORDERED)
			return ChainCheck(False, i, INSERTED)
		expected_previous = stored_hash

	if expected_head is not None and expected_head != expected_previous:
		position = -1 if expected_head == start else first_index.get(expected_head)
		if position is None:
			return ChainCheck(False, len(entries), TRUNCATED)
		return ChainCheck(False, position + 1, BEYOND_HEAD)
	return ChainCheck(True)


def file_sha256(data) -> str:
	"""SHA-256 hex of bytes (or a bytearray or memoryview), or of a binary file object read to its end."""
	digest = hashlib.sha256()
	if isinstance(data, bytes | bytearray | memoryview):
		digest.update(data)
	elif hasattr(data, "read"):
		while chunk := data.read(_CHUNK):
			digest.update(chunk)
	else:
		raise TypeError(f"expected bytes or a binary file, got {type(data).__name__}")
	return digest.hexdigest()


def check_file(data, expected_hash: str) -> bool:
	"""True if the file's SHA-256 equals ``expected_hash`` (hex, any case); False for a malformed hash."""
	if not isinstance(expected_hash, str):
		return False
	expected = expected_hash.strip().lower()
	if not is_hash(expected):
		return False
	return hmac.compare_digest(file_sha256(data), expected)
