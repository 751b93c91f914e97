"""Compliance report PDFs: assembling a cover and sections with bookmarks and metadata."""

import hashlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from kpu_etik.core.errors import RuleError
from kpu_etik.core.pdf import blank_pdf
from kpu_etik.core.report_pdf import (
	COVER_BOOKMARK,
	ReportError,
	assemble,
	outline,
	outline_titles,
	page_count,
	sha256,
)

TITLES = ["Jadwal Rakor", "Kunjungan Supervisi", "Rekapitulasi Kepatuhan"]


def blank(pages=1, width=595, height=842, info=None):
	writer = PdfWriter()
	for _ in range(pages):
		writer.add_blank_page(width=width, height=height)
	if info:
		writer.add_metadata(info)
	buffer = io.BytesIO()
	writer.write(buffer)
	return buffer.getvalue()


def reader(pdf_bytes):
	return PdfReader(io.BytesIO(pdf_bytes))


def sections(*sizes, info=None):
	# Each section's pages get their own width, so the order of pages can be checked.
	return [(TITLES[i], blank(n, width=300 + 10 * i, info=info)) for i, n in enumerate(sizes)]


def report(parts=None, **kwargs):
	kwargs = {
		"cover": blank_pdf(),
		"author": "Bawaslu Kab. Selayar",
		"subject": "Kepatuhan Q3 2026",
		**kwargs,
	}
	return assemble("Laporan Kepatuhan", sections(1, 2, 3) if parts is None else parts, **kwargs)


def wkhtmltopdf_info(second):
	"""Document information like wkhtmltopdf writes, differing with the time of rendering."""
	return {
		"/Title": "Sampul",
		"/Creator": "wkhtmltopdf 0.12.6",
		"/Producer": "Qt 4.8.7",
		"/CreationDate": f"D:20261001080000{second:02d}+08'00'",
		"/ModDate": f"D:20261001080000{second:02d}+08'00'",
	}


# --- assembling ---------------------------------------------------------------------------------------


def test_assemble_three_sections():
	pdf = report(metadata={"Keywords": "rakor, supervisi", "/Creator": "kpu_etik", "Period": "2026-Q3"})
	assert page_count(pdf) == 7
	assert outline_titles(pdf) == [COVER_BOOKMARK, *TITLES]
	assert outline(pdf) == [(COVER_BOOKMARK, 0), (TITLES[0], 1), (TITLES[1], 2), (TITLES[2], 4)]
	pages = reader(pdf).pages
	assert [round(float(p.mediabox.width)) for p in pages] == [595, 300, 310, 310, 320, 320, 320]
	info = reader(pdf).metadata
	assert info["/Title"] == "Laporan Kepatuhan"
	assert info["/Author"] == "Bawaslu Kab. Selayar"
	assert info["/Subject"] == "Kepatuhan Q3 2026"
	assert info["/Keywords"] == "rakor, supervisi"
	assert info["/Creator"] == "kpu_etik"
	assert info["/Period"] == "2026-Q3"
	assert reader(pdf).trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_a_two_page_cover_puts_the_first_section_at_page_three():
	pdf = report(cover=blank(2, width=500))
	assert page_count(pdf) == 8
	assert outline(pdf) == [(COVER_BOOKMARK, 0), (TITLES[0], 2), (TITLES[1], 3), (TITLES[2], 5)]
	pages = reader(pdf).pages
	assert [round(float(p.mediabox.width)) for p in pages] == [500, 500, 300, 310, 310, 320, 320, 320]


def test_bookmarks_point_at_the_pages_objects():
	pdf = report()
	r = reader(pdf)
	for item, expected in zip(r.outline, [0, 1, 2, 4], strict=True):
		assert item.page.idnum == r.pages[expected].indirect_reference.idnum


def test_the_cover_is_required():
	with pytest.raises(TypeError):
		assemble("Laporan", sections(1), author="A", subject="S")


def test_the_title_may_use_any_script():
	# Nothing is drawn with a standard font any more: the title only goes into the document information.
	pdf = assemble("Laporan – Ω 中文", sections(1), cover=blank_pdf(), author="A", subject="S")
	assert reader(pdf).metadata["/Title"] == "Laporan – Ω 中文"


def test_section_titles_may_use_any_script_in_bookmarks():
	pdf = report([("Ringkasan – Ω", blank(1)), ("Lampiran", blank(2))])
	assert outline_titles(pdf) == [COVER_BOOKMARK, "Ringkasan – Ω", "Lampiran"]


def test_same_input_same_bytes_and_hash():
	first, second = report(), report()
	assert first == second
	assert sha256(first) == sha256(second) == hashlib.sha256(first).hexdigest()
	assert len(sha256(first)) == 64
	assert sha256(report(author="Someone else")) != sha256(first)
	assert sha256(report(cover=blank(2))) != sha256(first)


def test_the_covers_document_information_does_not_change_the_bytes():
	first, second = blank(2, info=wkhtmltopdf_info(1)), blank(2, info=wkhtmltopdf_info(2))
	assert sha256(first) != sha256(second)  # the covers themselves differ
	assert sha256(report(cover=first)) == sha256(report(cover=second)) == sha256(report(cover=blank(2)))


def test_the_sections_document_information_does_not_change_the_bytes():
	first = report(sections(1, 2, 3, info=wkhtmltopdf_info(1)))
	second = report(sections(1, 2, 3, info=wkhtmltopdf_info(2)))
	assert sha256(first) == sha256(second) == sha256(report())


def test_only_the_reports_own_document_information_is_written():
	pdf = report(cover=blank(1, info=wkhtmltopdf_info(1)), parts=sections(1, info=wkhtmltopdf_info(2)))
	info = reader(pdf).metadata
	assert info["/Title"] == "Laporan Kepatuhan"
	assert "/CreationDate" not in info
	assert "/ModDate" not in info
	assert "wkhtmltopdf" not in info.get("/Creator", "")
	assert "Qt" not in info.get("/Producer", "")


def test_a_section_with_its_own_bookmarks_contributes_one_top_level_item():
	writer = PdfWriter()
	writer.add_blank_page(width=200, height=200)
	writer.add_blank_page(width=200, height=200)
	writer.add_outline_item(title="Inner", page_number=1)
	buffer = io.BytesIO()
	writer.write(buffer)
	pdf = report([("With outline", buffer.getvalue()), ("Plain", blank(1))])
	assert outline(pdf) == [(COVER_BOOKMARK, 0), ("With outline", 1), ("Plain", 3)]
	# Likewise the cover's own bookmarks.
	pdf = report([("Plain", blank(1))], cover=buffer.getvalue())
	assert outline(pdf) == [(COVER_BOOKMARK, 0), ("Plain", 2)]


@settings(max_examples=15, deadline=None)
@given(cover=st.integers(1, 3), sizes=st.lists(st.integers(1, 4), min_size=1, max_size=4))
def test_bookmarks_follow_the_page_counts(cover, sizes):
	parts = [(f"Bagian {i + 1}", blank(n)) for i, n in enumerate(sizes)]
	pdf = report(parts, cover=blank_pdf(cover))
	assert page_count(pdf) == cover + sum(sizes)
	starts = [cover + sum(sizes[:i]) for i in range(len(sizes))]
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
		assemble("Laporan", parts or [], cover=blank_pdf(), author="A", subject="S")


def test_refusal_names_the_section():
	with pytest.raises(ReportError) as info:
		assemble(
			"Laporan",
			[("Baik", blank(1)), ("Terkunci", encrypted_pdf())],
			cover=blank_pdf(),
			author="A",
			subject="S",
		)
	assert info.value.args == (2, "Terkunci")
	assert "Section 2 (Terkunci)" in str(info.value)
	assert "encrypted" in info.value.template


@pytest.mark.parametrize(
	("cover", "problem"),
	[
		(b"hello, not a pdf", "not a PDF"),
		(b"%PDF-1.4\n1 0 obj garbage\n%%EOF", "not a PDF"),
		(b"", "not a PDF"),
		("%PDF-1.4", "not a PDF"),
		(None, "not a PDF"),
		(encrypted_pdf(), "encrypted"),
		(no_pages_pdf(), "no pages"),
	],
)
def test_assemble_refuses_a_bad_cover(cover, problem):
	with pytest.raises(ReportError) as info:
		report(cover=cover)
	assert isinstance(info.value, RuleError)
	assert info.value.template.startswith("The cover ")
	assert problem in info.value.template
	assert info.value.args == ()


def test_a_cover_that_is_not_a_pdf_is_refused():
	with pytest.raises(RuleError) as info:
		report(cover=b"<html><body>Sampul</body></html>")
	assert str(info.value) == "The cover is not a PDF or is damaged and cannot be read"


def test_the_cover_is_checked_before_the_sections():
	with pytest.raises(ReportError) as info:
		report([("Teks", b"not a pdf")], cover=b"not a pdf either")
	assert "cover" in info.value.template


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
	],
)
def test_assemble_refuses_bad_metadata(kwargs):
	with pytest.raises(ReportError):
		report(**kwargs)


@pytest.mark.parametrize("title", ["", "   ", None])
def test_assemble_refuses_a_bad_title(title):
	with pytest.raises(ReportError):
		assemble(title, sections(1), cover=blank_pdf(), author="A", subject="S")


@pytest.mark.parametrize("data", [b"", b"not a pdf", b"%PDF-1.4 garbage", encrypted_pdf(), no_pages_pdf()])
def test_helpers_refuse_what_is_not_a_readable_pdf(data):
	with pytest.raises(ReportError):
		page_count(data)
	with pytest.raises(ReportError):
		outline_titles(data)


def test_helpers_on_a_plain_pdf():
	assert page_count(blank(3)) == 3
	assert outline_titles(blank(3)) == []
