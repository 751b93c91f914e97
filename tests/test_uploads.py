"""The one upload check: files recognised by content, PDFs that cannot act, images that decode."""

import io
import zipfile

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from kpu_etik.core.pdf import blank_pdf
from kpu_etik.core.uploads import UploadRejected, check_upload, neutralise_cell, sniff

MB = 1024 * 1024
EVIDENCE = ("pdf", "png", "jpg")


def written(writer: PdfWriter) -> bytes:
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


def pdf_with(mutate) -> bytes:
	writer = PdfWriter()
	writer.add_blank_page(595, 842)
	mutate(writer)
	return written(writer)


def script(js: str) -> DictionaryObject:
	return DictionaryObject(
		{NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(js)}
	)


def image(kind: str) -> bytes:
	out = io.BytesIO()
	Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format=kind)
	return out.getvalue()


def test_a_plain_pdf_and_real_images_are_accepted():
	assert check_upload(blank_pdf(2), EVIDENCE, 5 * MB) == "pdf"
	assert check_upload(image("PNG"), EVIDENCE, 5 * MB) == "png"
	assert check_upload(image("JPEG"), EVIDENCE, 5 * MB) == "jpg"


def test_a_pdf_with_a_link_is_accepted():
	def link(writer):
		action = DictionaryObject(
			{NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://kpu.go.id")}
		)
		annotation = DictionaryObject(
			{
				NameObject("/Type"): NameObject("/Annot"),
				NameObject("/Subtype"): NameObject("/Link"),
				NameObject("/A"): action,
			}
		)
		writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])

	assert check_upload(pdf_with(link), ("pdf",), MB) == "pdf"


@pytest.mark.parametrize(
	"mutate",
	[
		lambda w: w._root_object.__setitem__(
			NameObject("/Names"),
			DictionaryObject(
				{
					NameObject("/JavaScript"): DictionaryObject(
						{NameObject("/Names"): ArrayObject([TextStringObject("x"), script("app.alert(1)")])}
					)
				}
			),
		),
		lambda w: w._root_object.__setitem__(
			NameObject("/OpenAction"),
			DictionaryObject(
				{NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")}
			),
		),
		lambda w: w._root_object.__setitem__(
			NameObject("/OpenAction"),
			DictionaryObject(
				{NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
			),
		),
		lambda w: w.add_attachment("payload.exe", b"MZ"),
	],
	ids=["javascript", "open-action-script", "launch", "embedded-file"],
)
def test_a_pdf_that_acts_when_opened_is_refused(mutate):
	with pytest.raises(UploadRejected, match="scripts or actions"):
		check_upload(pdf_with(mutate), ("pdf",), MB)


@pytest.mark.parametrize(
	"content, message",
	[
		(b"%PDF-1.7\n", "damaged"),
		(blank_pdf(3)[:400], "damaged"),
		(b"", "empty"),
	],
	ids=["header-only", "truncated", "empty"],
)
def test_a_broken_pdf_is_refused(content, message):
	with pytest.raises(UploadRejected, match=message):
		check_upload(content, EVIDENCE, 5 * MB)


def test_an_encrypted_or_pageless_pdf_is_refused():
	writer = PdfWriter()
	writer.add_blank_page(595, 842)
	writer.encrypt("rahasia")
	with pytest.raises(UploadRejected, match="encrypted"):
		check_upload(written(writer), ("pdf",), MB)
	with pytest.raises(UploadRejected, match=r"no pages|damaged"):
		check_upload(written(PdfWriter()), ("pdf",), MB)


def test_an_image_that_continues_as_html_or_does_not_decode_is_refused():
	with pytest.raises(UploadRejected, match="after its end"):
		check_upload(image("JPEG") + b"<html><script>alert(1)</script></html>", EVIDENCE, MB)
	with pytest.raises(UploadRejected, match="after its end"):
		check_upload(image("PNG") + b"<svg onload=alert(1)>", EVIDENCE, MB)
	with pytest.raises(UploadRejected, match="cannot be read"):
		check_upload(b"\xff\xd8\xff\xe0" + b"\x00" * 64 + b"\xff\xd9", EVIDENCE, MB)


def test_kind_and_size_come_before_anything_is_parsed():
	with pytest.raises(UploadRejected, match="must be one of: PDF, PNG, JPG"):
		check_upload(b"<html>not evidence</html>", EVIDENCE, MB)
	with pytest.raises(UploadRejected, match="larger than"):
		check_upload(b"%PDF-" + b"0" * (MB + 1), EVIDENCE, MB)


def test_spreadsheets_are_utf8_text_or_plain_workbooks():
	assert check_upload("NIK,Nama\n7322,Andi Ö\n".encode(), ("csv", "xlsx"), MB) == "csv"
	assert sniff("Nama\nAndi".encode("utf-16")) is None
	with pytest.raises(UploadRejected, match="must be one of"):
		check_upload("Nama\nSÖ".encode("latin-1") + b"\xff", ("csv", "xlsx"), MB)

	def workbook(*extra):
		out = io.BytesIO()
		with zipfile.ZipFile(out, "w") as archive:
			for name in ("[Content_Types].xml", "xl/workbook.xml", *extra):
				archive.writestr(name, "<x/>")
		return out.getvalue()

	assert check_upload(workbook(), ("csv", "xlsx"), MB) == "xlsx"
	with pytest.raises(UploadRejected, match="macros"):
		check_upload(workbook("xl/vbaProject.bin"), ("csv", "xlsx"), MB)
	with pytest.raises(UploadRejected, match="not an Excel workbook"):
		check_upload(
			b"PK\x03\x04" + workbook()[4:].replace(b"xl/workbook.xml", b"xl/notebook.xml"), ("xlsx",), MB
		)


@pytest.mark.parametrize(
	"cell, expected",
	[
		('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
		("@SUM(A1)", "'@SUM(A1)"),
		("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
		("-2+3", "'-2+3"),
		("\tx", "'\tx"),
		("\rx", "'\rx"),
		("+62 812-3456-7890", "+62 812-3456-7890"),
		("-5", "-5"),
		("Andi Saputra", "Andi Saputra"),
		(42, 42),
		(None, None),
	],
)
def test_a_cell_that_would_run_as_a_formula_is_made_text(cell, expected):
	assert neutralise_cell(cell) == expected
