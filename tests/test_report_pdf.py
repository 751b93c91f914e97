"""Compliance report PDFs: the cover page, assembling sections with bookmarks and metadata."""

import hashlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream

from kpu_etik.core.errors import RuleError
from kpu_etik.core.report_pdf import (
	COVER_BOOKMARK,
	MARGIN,
	PAGE_WIDTH,
	ReportError,
	_width,
	assemble,
	cover_page,
	outline,
	outline_titles,
	page_count,
	sha256,
)

TITLES = ["Jadwal Rakor", "Kunjungan Supervisi", "Rekapitulasi Kepatuhan"]


def blank(pages=1, width=595, height=842):
	writer = PdfWriter()
	for _ in range(pages):
		writer.add_blank_page(width=width, height=height)
	buffer = io.BytesIO()
	writer.write(buffer)
	return buffer.getvalue()


def reader(pdf_bytes):
	return PdfReader(io.BytesIO(pdf_bytes))


def sections(*sizes):
	# Each section's pages get their own width, so the order of pages can be checked.
	return [(TITLES[i], blank(n, width=300 + 10 * i)) for i, n in enumerate(sizes)]


def report(parts=None, **kwargs):
	kwargs = {"author": "Bawaslu Kab. Selayar", "subject": "Kepatuhan Q3 2026", **kwargs}
	return assemble("Laporan Kepatuhan", sections(1, 2, 3) if parts is None else parts, **kwargs)


def drawn_lines(pdf_bytes):
	"""(font name, font size, text bytes) of every Tj on the first page."""
	page = reader(pdf_bytes).pages[0]
	font, lines = None, []
	for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
		if operator == b"Tf":
			font = (operands[0], float(operands[1]))
		elif operator == b"Tj":
			lines.append((*font, operands[0].get_original_bytes()))
	return lines


# --- cover page ---------------------------------------------------------------------------------------


def test_cover_page_is_one_page_with_the_text():
	pdf = cover_page(
		"Laporan Kepatuhan Supervisi", ["Periode: Juli – September 2026", "Kab. Kepulauan Selayar"]
	)
	assert page_count(pdf) == 1
	text = reader(pdf).pages[0].extract_text()
	for part in ("Laporan Kepatuhan Supervisi", "Periode: Juli – September 2026", "Kab. Kepulauan Selayar"):
		assert part in text
	assert reader(pdf).metadata["/Title"] == "Laporan Kepatuhan Supervisi"
	fonts = reader(pdf).pages[0]["/Resources"]["/Font"]
	assert {fonts[name]["/BaseFont"] for name in fonts} == {"/Helvetica", "/Helvetica-Bold"}
	assert all(fonts[name]["/Encoding"] == "/WinAnsiEncoding" for name in fonts)


def test_cover_page_escapes_parentheses_and_backslashes():
	pdf = cover_page("Rekap (final) \\ Q3", ["a) b ( c \\"])
	drawn = [line for _, _, line in drawn_lines(pdf)]
	assert drawn == [b"Rekap (final) \\ Q3", b"a) b ( c \\"]
	assert "Rekap (final) \\ Q3" in reader(pdf).pages[0].extract_text()


def test_cover_page_writes_windows_1252():
	pdf = cover_page("Café № 1".replace("№", "No."), ["“Kutipan” … 5 €"])
	drawn = [line for _, _, line in drawn_lines(pdf)]
	assert drawn == ["Café No. 1".encode("cp1252"), "“Kutipan” … 5 €".encode("cp1252")]


def test_long_lines_wrap_inside_the_margins():
	title = "Laporan Kepatuhan Supervisi Badan Ad Hoc Kabupaten Kepulauan Selayar Triwulan III Tahun 2026"
	long_line = "Disusun oleh " + "Sekretariat " * 12 + "x" * 200
	pdf = cover_page(title, [long_line, "second\nthird"])
	lines = drawn_lines(pdf)
	usable = PAGE_WIDTH - 2 * MARGIN
	assert len(lines) > 6
	for font, size, data in lines:
		assert _width(data.decode("cp1252"), size, font == "/F2") <= usable
	titles = [data.decode("cp1252") for font, _, data in lines if font == "/F2"]
	assert len(titles) >= 2
	assert " ".join(titles) == title  # wrapped on spaces, nothing lost
	rest = "".join(data.decode("cp1252") for font, _, data in lines if font == "/F1")
	assert rest.replace(" ", "") == (long_line + "secondthird").replace(" ", "")


@pytest.mark.parametrize(
	("title", "lines"),
	[
		("", []),
		("   ", []),
		(None, []),
		("Ω report", []),
		("Laporan", ["中文"]),
		("Laporan", ["bell \x07"]),
		("Laporan", ["x"] * 200),
		("Laporan", [42]),
	],
)
def test_cover_page_refuses_bad_text(title, lines):
	with pytest.raises(ReportError) as info:
		cover_page(title, lines)
	assert isinstance(info.value, RuleError)


# --- assembling ---------------------------------------------------------------------------------------


def test_assemble_three_sections():
	pdf = report(metadata={"Keywords": "rakor, supervisi", "/Creator": "kpu_etik", "Period": "2026-Q3"})
	assert page_count(pdf) == 7
	assert outline_titles(pdf) == [COVER_BOOKMARK, *TITLES]
	assert outline(pdf) == [(COVER_BOOKMARK, 0), (TITLES[0], 1), (TITLES[1], 2), (TITLES[2], 4)]
	pages = reader(pdf).pages
	assert [round(float(p.mediabox.width)) for p in pages] == [595, 300, 310, 310, 320, 320, 320]
	assert "Laporan Kepatuhan" in pages[0].extract_text()
	info = reader(pdf).metadata
	assert info["/Title"] == "Laporan Kepatuhan"
	assert info["/Author"] == "Bawaslu Kab. Selayar"
	assert info["/Subject"] == "Kepatuhan Q3 2026"
	assert info["/Keywords"] == "rakor, supervisi"
	assert info["/Creator"] == "kpu_etik"
	assert info["/Period"] == "2026-Q3"
	assert reader(pdf).trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_bookmarks_point_at_the_pages_objects():
	pdf = report()
	r = reader(pdf)
	for item, expected in zip(r.outline, [0, 1, 2, 4], strict=True):
		assert item.page.idnum == r.pages[expected].indirect_reference.idnum


def test_cover_lines_are_drawn():
	pdf = report(cover_lines=["Periode: Juli – September 2026"])
	assert "Periode: Juli – September 2026" in reader(pdf).pages[0].extract_text()


def test_section_titles_may_use_any_script_in_bookmarks():
	pdf = report([("Ringkasan – Ω", blank(1)), ("Lampiran", blank(2))])
	assert outline_titles(pdf) == [COVER_BOOKMARK, "Ringkasan – Ω", "Lampiran"]


def test_same_input_same_bytes_and_hash():
	first, second = report(), report()
	assert first == second
	assert sha256(first) == sha256(second) == hashlib.sha256(first).hexdigest()
	assert len(sha256(first)) == 64
	assert sha256(report(author="Someone else")) != sha256(first)


def test_a_section_with_its_own_bookmarks_contributes_one_top_level_item():
	writer = PdfWriter()
	writer.add_blank_page(width=200, height=200)
	writer.add_blank_page(width=200, height=200)
	writer.add_outline_item(title="Inner", page_number=1)
	buffer = io.BytesIO()
	writer.write(buffer)
	pdf = report([("With outline", buffer.getvalue()), ("Plain", blank(1))])
	assert outline(pdf) == [(COVER_BOOKMARK, 0), ("With outline", 1), ("Plain", 3)]


@settings(max_examples=15, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=1, max_size=4))
def test_bookmarks_follow_the_page_counts(sizes):
	parts = [(f"Bagian {i + 1}", blank(n)) for i, n in enumerate(sizes)]
	pdf = report(parts)
	assert page_count(pdf) == 1 + sum(sizes)
	starts = [1 + sum(sizes[:i]) for i in range(len(sizes))]
	assert outline(pdf) == [(COVER_BOOKMARK, 0), *((f"Bagian {i + 1}", s) for i, s in enumerate(starts))]


def encrypted_pdf():
	writer = PdfWriter()
	writer.add_blank_page(width=200, height=200)
	writer.encrypt("rahasia")
	buffer = io.BytesIO()
	writer.write(buffer)
	return buffer.getvalue()


def no_pages_pdf():
	buffer = io.BytesIO()
	PdfWriter().write(buffer)
	return buffer.getvalue()


@pytest.mark.parametrize(
	"parts",
	[
		[],
		None,
		[("Teks", b"hello, not a pdf")],
		[("Rusak", b"%PDF-1.4\n1 0 obj garbage\n%%EOF")],
		[("Kosong", b"")],
		[("Bukan bytes", "%PDF-1.4")],
		[("Terkunci", encrypted_pdf())],
		[("Tanpa halaman", no_pages_pdf())],
		[("", blank(1))],
		[("   ", blank(1))],
		[(None, blank(1))],
		[("Tiga", blank(1), "extra")],
		[blank(1)],
		[("Baik", blank(1)), ("Teks", b"not a pdf")],
	],
)
def test_assemble_refuses_bad_sections(parts):
	with pytest.raises(ReportError):
		assemble("Laporan", parts or [], author="A", subject="S")


def test_refusal_names_the_section():
	with pytest.raises(ReportError) as info:
		assemble("Laporan", [("Baik", blank(1)), ("Terkunci", encrypted_pdf())], author="A", subject="S")
	assert info.value.args == (2, "Terkunci")
	assert "Section 2 (Terkunci)" in str(info.value)
	assert "encrypted" in info.value.template


@pytest.mark.parametrize(
	"kwargs",
	[
		{"author": ""},
		{"author": None},
		{"subject": "  "},
		{"metadata": {"Title": "Other"}},
		{"metadata": {"/Author": "Other"}},
		{"metadata": {"bad key": "x"}},
		{"metadata": {"": "x"}},
		{"metadata": {3: "x"}},
		{"cover_lines": ["Ω"]},
	],
)
def test_assemble_refuses_bad_metadata(kwargs):
	with pytest.raises(ReportError):
		report(**kwargs)


def test_assemble_refuses_a_bad_title():
	with pytest.raises(ReportError):
		assemble("", sections(1), author="A", subject="S")
	with pytest.raises(ReportError):
		assemble("Ω", sections(1), author="A", subject="S")


@pytest.mark.parametrize("data", [b"", b"not a pdf", b"%PDF-1.4 garbage", encrypted_pdf(), no_pages_pdf()])
def test_helpers_refuse_what_is_not_a_readable_pdf(data):
	with pytest.raises(ReportError):
		page_count(data)
	with pytest.raises(ReportError):
		outline_titles(data)


def test_helpers_on_a_plain_pdf():
	assert page_count(blank(3)) == 3
	assert outline_titles(blank(3)) == []
