"""Region codes, the wilayah CSV reader and nested-set numbering."""

import io
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpu_etik.core.errors import RuleError
from kpu_etik.core.regions import (
	LEVELS,
	ROOT_CODE,
	NestedSetError,
	RegionCodeError,
	RegionRow,
	WilayahFormatError,
	ancestors_of,
	is_within,
	level_of,
	minimal_cover,
	nested_set,
	parent_of,
	read_wilayah,
)

WILAYAH = Path(__file__).parents[1] / ".." / "shared" / "data" / "wilayah.csv"
needs_wilayah = pytest.mark.skipif(not WILAYAH.exists(), reason="shared wilayah.csv not available")

MALFORMED = [
	"",
	"7",
	"733",
	"73.2",
	"73.22.1",
	"73.22.14.201",
	"73.22.14.20011",
	"73.22.14.2001.1",
	"73.",
	".73",
	" 73",
	"73 ",
	"73-22",
	"id",
	"٧٣",  # Arabic-Indic digits
	None,
	73,
]


# Codes


def test_levels():
	assert level_of("73") == "Provinsi"
	assert level_of("73.22") == "Kabupaten/Kota"
	assert level_of("73.22.14") == "Kecamatan"
	assert level_of("73.22.14.2001") == "Desa/Kelurahan"
	assert level_of(ROOT_CODE) == "Nasional"
	assert LEVELS == ("Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan")


@pytest.mark.parametrize("code", MALFORMED)
def test_malformed_codes(code):
	with pytest.raises(RegionCodeError) as exc:
		level_of(code)
	assert isinstance(exc.value, RuleError)
	assert exc.value.args == (code,)
	with pytest.raises(RegionCodeError):
		parent_of(code)
	with pytest.raises(RegionCodeError):
		is_within(code, ROOT_CODE)


def test_parent_and_ancestors():
	assert parent_of("73.22.14.2001") == "73.22.14"
	assert parent_of("73.22.14") == "73.22"
	assert parent_of("73.22") == "73"
	assert parent_of("73") == ROOT_CODE
	assert parent_of(ROOT_CODE) is None
	assert ancestors_of("73.22.14.2001") == ["73.22.14", "73.22", "73", ROOT_CODE]
	assert ancestors_of("73") == [ROOT_CODE]
	assert ancestors_of(ROOT_CODE) == []


def test_is_within():
	assert is_within("73.22.14.2001", "73.22")
	assert is_within("73.22", "73.22")
	assert is_within("73.22", ROOT_CODE)
	assert is_within(ROOT_CODE, ROOT_CODE)
	assert not is_within("73.22", "73.22.14")
	assert not is_within("73.21.14", "73.22")
	assert not is_within("74.22", "73")
	assert not is_within(ROOT_CODE, "73")
	with pytest.raises(RegionCodeError):
		is_within("73.22", "73.2")  # a partial segment is not a code, let alone an ancestor


def test_minimal_cover():
	codes = ["73.22.14", "73.22", "74.01.02.2001", "73.22", "74.01", "73.12.01", "35"]
	assert minimal_cover(codes) == ["35", "73.12.01", "73.22", "74.01"]
	assert minimal_cover(["73.22.14", "73", "73.01"]) == ["73"]
	assert minimal_cover(["73.22", ROOT_CODE]) == [ROOT_CODE]
	assert minimal_cover([]) == []
	with pytest.raises(RegionCodeError):
		minimal_cover(["73", "7"])


codes_strategy = st.lists(
	st.builds(
		lambda parts, depth: ".".join(parts[:depth]),
		st.tuples(
			st.sampled_from(["11", "73", "74"]),
			st.sampled_from(["01", "12", "22"]),
			st.sampled_from(["01", "14"]),
			st.sampled_from(["2001", "2006"]),
		),
		st.integers(1, 4),
	),
	max_size=30,
)


@given(codes_strategy)
def test_minimal_cover_properties(codes):
	cover = minimal_cover(codes)
	assert cover == sorted(set(cover))
	assert set(cover) <= set(codes)
	for code in codes:
		assert any(is_within(code, c) for c in cover)
	for a in cover:
		for b in cover:
			assert a == b or not is_within(a, b)


# read_wilayah on the real file


@needs_wilayah
def test_real_file():
	start = time.perf_counter()
	rows = read_wilayah(WILAYAH)
	elapsed = time.perf_counter() - start
	assert len(rows) == 91_599
	assert Counter(r.level for r in rows) == {
		"Provinsi": 38,
		"Kabupaten/Kota": 514,
		"Kecamatan": 7_285,
		"Desa/Kelurahan": 83_762,
	}
	by_code = {r.code: r for r in rows}
	assert by_code["73.22"].name == "Kabupaten Luwu Utara"
	assert by_code["73.22.14"].name == "Baebunta Selatan"
	assert by_code["73.12.01.2006"].name == "Barae"
	assert by_code["53.71.02"].name == "Maulafa"
	assert by_code["73.22"].line >= 2
	assert all(r.name == r.name.strip() and r.name for r in rows)
	# Parents come before children.
	seen = {ROOT_CODE}
	for row in rows:
		assert parent_of(row.code) in seen
		seen.add(row.code)
	assert elapsed < 3, f"reading took {elapsed:.2f}s"  # about 0.3s here; generous for slow CI


@needs_wilayah
def test_real_tree_nested_set():
	rows = read_wilayah(WILAYAH)
	numbers = nested_set({ROOT_CODE: None, **{r.code: parent_of(r.code) for r in rows}})
	assert numbers[ROOT_CODE] == (1, 2 * (len(rows) + 1))
	lft, rgt = numbers["73.22"]
	inside = [code for code, (l, r) in numbers.items() if lft < l and r < rgt]
	assert inside and all(code.startswith("73.22.") for code in inside)
	assert len(inside) == sum(1 for r in rows if r.code.startswith("73.22."))


# read_wilayah on small inline files

GOOD = "kode,nama,tingkat\n73,Sulawesi Selatan,Provinsi\n73.22,Kabupaten Luwu Utara,Kabupaten/Kota\n"


def problems_of(text, **kwargs):
	with pytest.raises(WilayahFormatError) as exc:
		read_wilayah(io.StringIO(text), **kwargs)
	assert isinstance(exc.value, RuleError)
	return exc.value.problems


def test_small_good_file_from_text_object():
	rows = read_wilayah(io.StringIO(GOOD))
	assert rows == [
		RegionRow("73", "Sulawesi Selatan", "Provinsi", 2),
		RegionRow("73.22", "Kabupaten Luwu Utara", "Kabupaten/Kota", 3),
	]


def test_bom_crlf_quotes_and_path(tmp_path):
	text = (
		'\ufeffkode,nama,tingkat\r\n73,Sulawesi Selatan,Provinsi\r\n73.22,"Luwu, Utara ",Kabupaten/Kota\r\n'
	)
	path = tmp_path / "w.csv"
	path.write_bytes(text.encode("utf-8"))
	expected = [("73", "Sulawesi Selatan", 2), ("73.22", "Luwu, Utara", 3)]
	for source in (path, str(path)):
		assert [(r.code, r.name, r.line) for r in read_wilayah(source)] == expected
	# Text file objects, with and without newline translation.
	for newline in ("", None):
		with open(path, encoding="utf-8", newline=newline) as f:
			assert [(r.code, r.name, r.line) for r in read_wilayah(f)] == expected


def test_binary_file_object():
	rows = read_wilayah(io.BytesIO(("\ufeff" + GOOD).encode("utf-8")))
	assert [r.code for r in rows] == ["73", "73.22"]


def test_rows_sorted_parents_first():
	text = (
		"kode,nama,tingkat\n73.22.14,Baebunta Selatan,Kecamatan\n73.22,Kabupaten Luwu Utara,Kabupaten/Kota\n"
		"73,Sulawesi Selatan,Provinsi\n73.22.14.2001,Desa,Desa/Kelurahan\n"
	)
	rows = read_wilayah(io.StringIO(text))
	assert [(r.code, r.line) for r in rows] == [
		("73", 4),
		("73.22", 3),
		("73.22.14", 2),
		("73.22.14.2001", 5),
	]


def test_parent_in_existing_codes():
	text = "kode,nama,tingkat\n73.22.14,Baebunta Selatan,Kecamatan\n"
	assert problems_of(text) == [
		(2, "parent region 73.22 of 73.22.14 is neither in the file nor among existing regions")
	]
	rows = read_wilayah(io.StringIO(text), existing_codes=["73", "73.22"])
	assert [r.code for r in rows] == ["73.22.14"]
	assert read_wilayah(io.StringIO(text), existing_codes={"73.22"})[0].line == 2


def test_each_kind_of_problem_with_line_numbers():
	text = (
		"kode,nama,tingkat\n"  # 1
		"73,Sulawesi Selatan,Provinsi\n"  # 2
		"73.22,Kabupaten Luwu Utara\n"  # 3: two columns
		"73.22,Kabupaten Luwu Utara,Kabupaten/Kota,extra\n"  # 4: four columns
		"73.2,Bad,Kabupaten/Kota\n"  # 5: malformed code
		"73.12,Kabupaten Soppeng,Kabupaten\n"  # 6: unknown tingkat
		"73.12.01,Marioriwawo,Desa/Kelurahan\n"  # 7: tingkat does not match depth
		"73.13,  ,Kabupaten/Kota\n"  # 8: empty name
		"73.12,Soppeng again,Kabupaten/Kota\n"  # 9: duplicate of line 6
		"74.01.02,Somewhere,Kecamatan\n"  # 10: parent 74.01 missing
		"\n"  # 11: blank line, skipped
		"73.12.01.2006,Barae,Desa/Kelurahan\n"  # 12: fine, parent on line 7
	)
	problems = problems_of(text)
	assert [line for line, _ in problems] == [3, 4, 5, 6, 7, 8, 9, 10]
	messages = dict(problems)
	assert messages[3] == "expected 3 columns (kode,nama,tingkat), found 2"
	assert messages[4] == "expected 3 columns (kode,nama,tingkat), found 4"
	assert "malformed code '73.2'" in messages[5]
	assert "tingkat 'Kabupaten' is not one of" in messages[6]
	assert messages[7] == "code 73.12.01 is a Kecamatan code, but tingkat is Desa/Kelurahan"
	assert messages[8] == "empty nama"
	assert messages[9] == "duplicate code 73.12, first on line 6"
	assert messages[10] == "parent region 74.01 of 74.01.02 is neither in the file nor among existing regions"


def test_a_row_can_have_several_problems():
	text = "kode,nama,tingkat\n73,,Kecamatan\n"
	assert problems_of(text) == [
		(2, "code 73 is a Provinsi code, but tingkat is Kecamatan"),
		(2, "empty nama"),
	]


def test_line_numbers_after_multiline_quoted_field():
	text = 'kode,nama,tingkat\n73,"Sulawesi\nSelatan",Provinsi\n73.2,X,Kabupaten/Kota\n'
	# the line break is itself a problem of the name (line 2); the next record starts on line 4
	assert [line for line, _ in problems_of(text)] == [2, 4]


@pytest.mark.parametrize(
	"name", ["Desa\x00Dua", "Desa\tDua", "Desa <script>x</script>", "Desa <img src=x", "\ud800"]
)
def test_a_name_with_a_control_character_or_markup_is_a_problem(name):
	problems = problems_of(f"kode,nama,tingkat\n73,{name},Provinsi\n")
	assert [line for line, _ in problems] == [2]
	assert "control character or markup" in problems[0][1]


@pytest.mark.parametrize(
	"text",
	["kode,nama\n73,X\n", "code,name,level\n73,X,Provinsi\n", "73,Sulawesi Selatan,Provinsi\n"],
)
def test_wrong_header(text):
	problems = problems_of(text)
	assert len(problems) == 1 and problems[0][0] == 1
	assert "header" in problems[0][1]


def test_empty_file():
	assert problems_of("") == [(1, "empty file")]
	with pytest.raises(WilayahFormatError, match="empty"):
		read_wilayah(io.StringIO(""))


def test_message_lists_count_and_first_20():
	text = "kode,nama,tingkat\n" + "".join(f"7{i % 10}.{i:02d},,Kabupaten/Kota\n" for i in range(25))
	with pytest.raises(WilayahFormatError) as exc:
		read_wilayah(io.StringIO(text), existing_codes={f"7{i}" for i in range(10)})
	error = exc.value
	assert len(error.problems) == 25
	message = str(error)
	assert message.startswith("The region file has 25 problems; the first 20:")
	assert "line 21: empty nama" in message
	assert "line 22:" not in message
	assert error.args[0] == 25


def test_message_few_problems():
	with pytest.raises(WilayahFormatError) as exc:
		read_wilayah(io.StringIO("kode,nama,tingkat\n7,X,Provinsi\n"))
	assert str(exc.value).startswith("The region file has 1 problem(s):\nline 2: malformed code '7'")


# nested_set


@st.composite
def forests(draw):
	n = draw(st.integers(0, 60))
	names = draw(
		st.lists(st.text(alphabet="0123456789.", min_size=1, max_size=6), min_size=n, max_size=n, unique=True)
	)
	parents = {}
	for i, name in enumerate(names):
		parent_index = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
		parents[name] = None if parent_index is None else names[parent_index]
	return parents


@given(forests())
def test_nested_set_invariants(parents):
	numbers = nested_set(parents)
	assert set(numbers) == set(parents)
	values = sorted(v for pair in numbers.values() for v in pair)
	assert values == list(range(1, 2 * len(parents) + 1))
	children = {code: [] for code in parents}
	for code, parent in parents.items():
		if parent is not None:
			children[parent].append(code)

	def size(code):
		return 1 + sum(size(c) for c in children[code])

	for code, (lft, rgt) in numbers.items():
		assert lft < rgt
		assert rgt - lft + 1 == 2 * size(code)
		parent = parents[code]
		if parent is not None:
			plft, prgt = numbers[parent]
			assert plft < lft and rgt < prgt
		ordered = [numbers[c][0] for c in sorted(children[code])]
		assert ordered == sorted(ordered)  # children visited in code order
	roots = sorted(c for c, p in parents.items() if p is None)
	assert [numbers[r][0] for r in roots] == sorted(numbers[r][0] for r in roots)


def test_nested_set_small_example():
	parents = {"ID": None, "73": "ID", "73.22": "73", "73.12": "73", "11": "ID"}
	assert nested_set(parents) == {
		"ID": (1, 10),
		"11": (2, 3),
		"73": (4, 9),
		"73.12": (5, 6),
		"73.22": (7, 8),
	}


def test_nested_set_deep_chain_does_not_recurse():
	depth = sys.getrecursionlimit() * 3
	parents = {f"n{i:06d}": (f"n{i - 1:06d}" if i else None) for i in range(depth)}
	numbers = nested_set(parents)
	assert numbers["n000000"] == (1, 2 * depth)
	assert numbers[f"n{depth - 1:06d}"] == (depth, depth + 1)


def test_nested_set_missing_parent():
	with pytest.raises(NestedSetError) as exc:
		nested_set({"73": None, "73.22.14": "73.22"})
	assert isinstance(exc.value, RuleError)
	assert exc.value.args == ("73.22", "73.22.14")


@pytest.mark.parametrize(
	"parents",
	[
		{"a": "a"},
		{"a": "b", "b": "a"},
		{"root": None, "x": "y", "y": "z", "z": "x", "leaf": "x"},
	],
)
def test_nested_set_cycle(parents):
	with pytest.raises(NestedSetError, match="cycle") as exc:
		nested_set(parents)
	node = exc.value.args[0]
	# The reported node lies on the cycle itself, not on a branch hanging from it.
	walk = parents[node]
	for _ in range(len(parents)):
		if walk == node:
			break
		walk = parents[walk]
	assert walk == node


def test_nested_set_empty():
	assert nested_set({}) == {}


def test_not_utf8(tmp_path):
	path = tmp_path / "w.csv"
	path.write_bytes(
		"kode,nama,tingkat\n73,Sulawesi Selatan,Provinsi\n73.22,Luwu Utara \xe9,Kabupaten/Kota\n".encode(
			"cp1252"
		)
	)
	with pytest.raises(WilayahFormatError) as exc:
		read_wilayah(path)
	assert exc.value.problems == [(3, "not UTF-8 text (byte 0xe9)")]


def test_csv_syntax_error_is_a_problem():
	import csv

	huge = "x" * (csv.field_size_limit() + 1)
	text = f"kode,nama,tingkat\n73,Sulawesi Selatan,Provinsi\n73.22,{huge},Kabupaten/Kota\n"
	problems = problems_of(text)
	assert len(problems) == 1
	assert problems[0][0] == 3 and problems[0][1].startswith("unreadable CSV")


def test_ancestor_at_and_subtree_pattern():
	from kpu_etik.core.regions import ancestor_at, subtree_pattern

	assert ancestor_at("73.22.01.2001", "Kabupaten/Kota") == "73.22"
	assert ancestor_at("73.22.01.2001", "Provinsi") == "73"
	assert ancestor_at("73.22", "Kabupaten/Kota") == "73.22"
	assert ancestor_at("73", "Kecamatan") is None
	assert ancestor_at("ID", "Provinsi") is None
	assert subtree_pattern("73.22") == "73.22%"
	assert subtree_pattern("ID") == "%"
	with pytest.raises(RuleError):
		subtree_pattern("73.2")
