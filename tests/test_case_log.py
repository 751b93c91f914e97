"""The hash-chained case log and evidence file hashes."""

import hashlib
import io
import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kpu_etik.core.case_log import (
	ALTERED,
	BEYOND_HEAD,
	GENESIS,
	INSERTED,
	REASONS,
	REMOVED,
	REORDERED,
	TRUNCATED,
	CaseLogError,
	ChainCheck,
	build_chain,
	canonical_json,
	check_file,
	entry_hash,
	file_sha256,
	is_hash,
	verify_chain,
)
from kpu_etik.core.errors import RuleWarning

PAYLOADS = [
	{"event": "Received", "on": date(2024, 5, 10), "by": "OFF-0001", "note": "Laporan masuk"},
	{"event": "Administrative Verification", "on": date(2024, 5, 13), "by": "OFF-0002"},
	{"event": "Clarification", "on": date(2024, 5, 14), "by": "OFF-0002", "witnesses": ["A", "B"]},
	{"event": "Examination", "on": date(2024, 5, 15), "team": {"ketua": "OFF-7", "anggota": ["OFF-8"]}},
	{"event": "Plenary", "on": datetime(2024, 5, 24, 9, 30), "result": "Closed - Proven"},
]


def stored(payloads):
	"""(payload, previous_hash, hash) rows as the app stores them."""
	hashes = build_chain(payloads)
	previous = [GENESIS, *hashes][: len(hashes)]
	return [(p, prev, h) for p, prev, h in zip(payloads, previous, hashes, strict=True)]


def test_genesis_and_hash_shape():
	assert GENESIS == "0" * 64
	h = entry_hash(GENESIS, PAYLOADS[0])
	assert is_hash(h) and h != GENESIS


def test_hash_is_sha256_of_the_canonical_json():
	payload = {"b": 1, "a": date(2024, 5, 10), "t": ("x", 2), "d": Decimal("1.50"), "s": "Tanggal ✓"}
	text = canonical_json(GENESIS, payload)
	assert text == (
		'{"payload":{"a":"2024-05-10","b":1,"d":"1.50","s":"Tanggal ✓","t":["x",2]},'
		f'"previous_hash":"{GENESIS}"}}'
	)
	assert entry_hash(GENESIS, payload) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_key_order_and_date_form_do_not_matter():
	a = {"on": date(2024, 5, 10), "by": "X", "nested": {"z": 1, "y": [1, 2]}}
	b = {"nested": {"y": [1, 2], "z": 1}, "by": "X", "on": "2024-05-10"}
	assert entry_hash(GENESIS, a) == entry_hash(GENESIS, b)
	assert entry_hash(GENESIS, a) != entry_hash(GENESIS, {**a, "by": "Y"})
	assert entry_hash(GENESIS, a) != entry_hash("1" * 64, a)
	# The value's type is part of the content.
	assert entry_hash(GENESIS, {"n": 1}) != entry_hash(GENESIS, {"n": "1"})


@pytest.mark.parametrize(
	"payload",
	[
		{"x": {1, 2}},
		{"x": b"bytes"},
		{1: "int key"},
		{"x": float("nan")},
		{"x": float("inf")},
		{"x": Decimal("NaN")},
		{"x": object()},
	],
)
def test_unsupported_values_are_refused(payload):
	with pytest.raises(CaseLogError):
		entry_hash(GENESIS, payload)


@pytest.mark.parametrize("previous", ["", "0" * 63, "A" * 64, "g" * 64, None, 0])
def test_malformed_previous_hash_is_refused(previous):
	with pytest.raises(CaseLogError):
		entry_hash(previous, {"x": 1})


def test_payload_must_be_a_mapping():
	with pytest.raises(CaseLogError):
		entry_hash(GENESIS, ["not", "a", "dict"])


def test_build_chain_links_each_entry_to_the_one_before():
	hashes = build_chain(PAYLOADS)
	assert len(hashes) == len(PAYLOADS) == len(set(hashes))
	assert hashes[0] == entry_hash(GENESIS, PAYLOADS[0])
	for i in range(1, len(PAYLOADS)):
		assert hashes[i] == entry_hash(hashes[i - 1], PAYLOADS[i])
	assert build_chain([]) == []
	# Continuing a chain from its head gives the same hashes as building it at once.
	assert build_chain(PAYLOADS[2:], previous_hash=hashes[1]) == hashes[2:]


def test_an_intact_chain_verifies():
	entries = stored(PAYLOADS)
	assert verify_chain(entries) == ChainCheck(True, None, None)
	assert verify_chain(entries, expected_head=entries[-1][2]).ok
	assert verify_chain([]).ok
	assert verify_chain([], expected_head=GENESIS).ok
	assert ChainCheck(True).warning is None


@pytest.mark.parametrize("index", range(len(PAYLOADS)))
@pytest.mark.parametrize("field", ["event", "on", "by"])
def test_altering_any_payload_field_is_found_at_that_entry(index, field):
	entries = stored(PAYLOADS)
	payload = dict(entries[index][0])
	payload[field] = "tampered"  # entries without "by" get it added
	entries[index] = (payload, *entries[index][1:])
	check = verify_chain(entries)
	assert check == ChainCheck(False, index, ALTERED)
	assert check.warning == RuleWarning("Case log entry {0} was altered after it was written", (index + 1,))


def test_altering_a_nested_value_is_found():
	entries = stored(PAYLOADS)
	entries[3][0]["team"]["anggota"].append("OFF-9")
	assert verify_chain(entries) == ChainCheck(False, 3, ALTERED)


def test_adding_a_field_is_found():
	entries = stored(PAYLOADS)
	entries[1] = ({**entries[1][0], "extra": None}, *entries[1][1:])
	assert verify_chain(entries) == ChainCheck(False, 1, ALTERED)


@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_changing_a_stored_hash_is_found_at_that_entry(index):
	entries = stored(PAYLOADS)
	payload, previous, own = entries[index]
	entries[index] = (payload, previous, ("1" if own[0] != "1" else "2") + own[1:])
	assert verify_chain(entries) == ChainCheck(False, index, ALTERED)


@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_changing_a_stored_previous_hash_is_found_at_that_entry(index):
	entries = stored(PAYLOADS)
	payload, _previous, own = entries[index]
	entries[index] = (payload, "f" * 64, own)
	assert verify_chain(entries) == ChainCheck(False, index, ALTERED)


@pytest.mark.parametrize("hash_value", ["A" * 64, "", None, 42])
def test_malformed_stored_values_count_as_altered(hash_value):
	entries = stored(PAYLOADS)
	entries[2] = (entries[2][0], entries[2][1], hash_value)
	assert verify_chain(entries) == ChainCheck(False, 2, ALTERED)
	entries = stored(PAYLOADS)
	entries[2] = (entries[2][0], hash_value, entries[2][2])
	assert verify_chain(entries) == ChainCheck(False, 2, ALTERED)
	entries = stored(PAYLOADS)
	entries[2] = ({"x": {1}}, entries[2][1], entries[2][2])
	assert verify_chain(entries) == ChainCheck(False, 2, ALTERED)
	entries = stored(PAYLOADS)
	entries[2] = (entries[2][0], entries[2][1])
	assert verify_chain(entries) == ChainCheck(False, 2, ALTERED)


@pytest.mark.parametrize("index", range(len(PAYLOADS) - 1))
def test_deleting_an_entry_is_found_where_it_was(index):
	entries = stored(PAYLOADS)
	del entries[index]
	check = verify_chain(entries)
	assert check == ChainCheck(False, index, REMOVED)
	assert check.warning.args == (index + 1,)


def test_deleting_the_last_entry_needs_the_recorded_head():
	entries = stored(PAYLOADS)
	head = entries[-1][2]
	del entries[-1]
	assert verify_chain(entries).ok  # the chain alone cannot tell
	check = verify_chain(entries, expected_head=head)
	assert check == ChainCheck(False, len(entries), TRUNCATED)
	assert check.warning.args == (len(entries),)
	assert verify_chain([], expected_head=head) == ChainCheck(False, 0, TRUNCATED)


def test_entries_after_the_recorded_head():
	entries = stored(PAYLOADS)
	assert verify_chain(entries, expected_head=entries[2][2]) == ChainCheck(False, 3, BEYOND_HEAD)
	assert verify_chain(entries, expected_head=GENESIS) == ChainCheck(False, 0, BEYOND_HEAD)


@pytest.mark.parametrize("i,j", [(i, j) for i in range(len(PAYLOADS)) for j in range(i + 1, len(PAYLOADS))])
def test_swapping_two_entries_is_found_at_the_first(i, j):
	entries = stored(PAYLOADS)
	entries[i], entries[j] = entries[j], entries[i]
	check = verify_chain(entries)
	assert check == ChainCheck(False, i, REORDERED)
	assert "out of order" in str(check.warning)


def test_moving_an_entry_back_is_reordering():
	entries = stored(PAYLOADS)
	moved = entries.pop(0)
	entries.insert(3, moved)
	assert verify_chain(entries) == ChainCheck(False, 0, REORDERED)


def test_a_duplicated_entry_is_an_insertion():
	entries = stored(PAYLOADS)
	entries.insert(3, entries[2])
	assert verify_chain(entries) == ChainCheck(False, 3, INSERTED)


def test_a_forged_entry_with_a_valid_hash_is_found_after_it():
	# Someone inserts a self-consistent entry after entry 1; entry 2 no longer follows its predecessor.
	entries = stored(PAYLOADS)
	forged = {"event": "Rejected"}
	entries.insert(2, (forged, entries[1][2], entry_hash(entries[1][2], forged)))
	assert verify_chain(entries) == ChainCheck(False, 3, INSERTED)


def test_warnings_have_a_message_for_every_reason():
	messages = {str(ChainCheck(False, 2, reason).warning) for reason in REASONS}
	assert len(messages) == len(REASONS)
	assert all(("2" in m or "3" in m) for m in messages)


json_values = st.recursive(
	st.none() | st.booleans() | st.integers() | st.text(max_size=10) | st.dates(),
	lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
	max_leaves=8,
)
payload_lists = st.lists(
	st.dictionaries(st.text(max_size=5), json_values, min_size=1, max_size=4), max_size=8
)


@given(payload_lists)
def test_any_built_chain_verifies(payloads):
	entries = stored(payloads)
	assert verify_chain(entries, expected_head=entries[-1][2] if entries else GENESIS).ok


@given(payload_lists, st.data())
def test_any_payload_change_is_found_at_its_index(payloads, data):
	assume(payloads)
	entries = stored(payloads)
	index = data.draw(st.integers(0, len(entries) - 1))
	payload = dict(entries[index][0])
	key = data.draw(st.sampled_from(sorted(payload)))
	new_value = data.draw(json_values)
	assume(
		json.loads(canonical_json(GENESIS, {"v": new_value}))
		!= json.loads(canonical_json(GENESIS, {"v": payload[key]}))
	)
	payload[key] = new_value
	entries[index] = (payload, *entries[index][1:])
	assert verify_chain(entries) == ChainCheck(False, index, ALTERED)


@given(payload_lists, st.data())
def test_any_deletion_or_swap_is_found_at_its_index(payloads, data):
	entries = stored(payloads)
	assume(len(entries) >= 2 and len({h for _p, _prev, h in entries}) == len(entries))
	i = data.draw(st.integers(0, len(entries) - 2))
	if data.draw(st.booleans()):
		del entries[i]
		assert verify_chain(entries) == ChainCheck(False, i, REMOVED)
	else:
		j = data.draw(st.integers(i + 1, len(entries) - 1))
		entries[i], entries[j] = entries[j], entries[i]
		assert verify_chain(entries) == ChainCheck(False, i, REORDERED)


# Evidence files


def test_file_sha256():
	data = b"%PDF-1.7 bukti"
	expected = hashlib.sha256(data).hexdigest()
	assert file_sha256(data) == expected
	assert file_sha256(bytearray(data)) == expected
	assert file_sha256(memoryview(data)) == expected
	assert file_sha256(io.BytesIO(data)) == expected
	assert file_sha256(b"") == hashlib.sha256(b"").hexdigest()
	with pytest.raises(TypeError):
		file_sha256("text is not bytes")


def test_file_sha256_reads_large_files_in_chunks():
	data = bytes(range(256)) * 20_000  # 5 MB, several chunks
	assert file_sha256(io.BytesIO(data)) == hashlib.sha256(data).hexdigest()


def test_check_file():
	data = b"bukti foto"
	digest = file_sha256(data)
	assert check_file(data, digest)
	assert check_file(data, digest.upper())
	assert check_file(data, f" {digest}\n")
	assert not check_file(data + b"!", digest)
	assert not check_file(data, digest[:-1])
	assert not check_file(data, "")
	assert not check_file(data, None)
	assert not check_file(data, "z" * 64)


@given(st.binary(max_size=200), st.binary(max_size=200))
def test_check_file_tells_files_apart(a, b):
	assert check_file(a, file_sha256(a))
	assert check_file(b, file_sha256(a)) == (a == b)
