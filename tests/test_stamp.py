"""Stamping the register number and verification code onto every page of a PDF."""

import hashlib
import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream

from kpu_etik.core.pdf import check_pdf
from kpu_etik.core.stamp import (
	StampError,
	document_hash,
	read_stamp,
	read_stamps,
	stamp_pdf,
	stamp_text,
	verify_stamped,
)

NUMBER = "12/PP.01-SD/7322/XI/2026"


def blank(pages=1, width=595, height=842):
	writer = PdfWriter()
	for _ in range(pages):
		writer.add_blank_page(width=width, height=height)
	buffer = io.BytesIO()
	writer.write(buffer)
	return buffer.getvalue()


def raw_pdf(*objects: bytes) -> bytes:
	"""A PDF written by hand: ``objects`` are numbered from 1 and object 1 is the catalog."""
	out = bytearray(b"%PDF-1.4\n")
	offsets = []
	for number, body in enumerate(objects, start=1):
		offsets.append(len(out))
		out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
	xref = len(out)
	out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
	out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
	out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
	return bytes(out)


def stream(data: bytes) -> bytes:
	return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


# A page with its own text in /F1, a font resource that clashes with the stamp's name, resources
# inherited from the page tree, and content that leaves a transformation active (no q ... Q).
TEXT_PDF = raw_pdf(
	b"<< /Type /Catalog /Pages 2 0 R >>",
	b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] /Resources 4 0 R >>",
	b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
	b"<< /Font << /F1 6 0 R /KpuEtikStampFont 7 0 R >> >>",
	stream(b"2 0 0 2 100 100 cm BT /F1 12 Tf 10 300 Td (Keputusan KPU Kabupaten Luwu Utara) Tj ET"),
	b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
	b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
)


def reopen(data):
	return PdfReader(io.BytesIO(data))


def stamped(data, number=NUMBER):
	digest = document_hash(data)
	return stamp_pdf(data, stamp_text(number, digest)), digest


# -- hash and text ------------------------------------------------------------------------------------


def test_document_hash_is_sha256_hex():
	data = blank()
	assert document_hash(data) == hashlib.sha256(data).hexdigest()
	assert len(document_hash(data)) == 64
	assert document_hash(bytearray(b"abc")) == hashlib.sha256(b"abc").hexdigest()


def test_stamp_text():
	digest = "1A2B3C4D" + "e" * 56
	assert stamp_text(f" {NUMBER} ", digest) == f"No. {NUMBER} · kode verifikasi 1a2b3c4deeeeeeee"
	assert stamp_text(NUMBER, digest, label="verifikasi").endswith("· verifikasi 1a2b3c4deeeeeeee")


@pytest.mark.parametrize("number, digest", [("", "a" * 64), (NUMBER, "a" * 63), (NUMBER, "g" * 64)])
def test_stamp_text_refuses_bad_input(number, digest):
	with pytest.raises(StampError):
		stamp_text(number, digest)


# -- stamping -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("pages", [1, 3])
def test_every_page_carries_the_stamp(pages):
	data = blank(pages)
	out, digest = stamped(data)
	expected = stamp_text(NUMBER, digest)
	assert check_pdf(out) == pages  # opens, same page count
	assert read_stamp(out) == [expected] * pages
	assert read_stamps(out) == [[expected]] * pages
	assert verify_stamped(out, NUMBER, digest)
	# The stamp is real text a PDF reader extracts, not just our own marker.
	for page in reopen(out).pages:
		assert expected in page.extract_text()


def test_unstamped_pdf_has_no_stamp_and_fails_verify():
	data = blank(2)
	assert read_stamp(data) == ["", ""]
	assert not verify_stamped(data, NUMBER, document_hash(data))


def test_the_input_is_not_changed_and_the_output_differs():
	data = blank()
	original = bytes(data)
	out, _ = stamped(data)
	assert data == original
	assert document_hash(out) != document_hash(data)


def test_another_number_or_digest_fails_verify():
	data = blank(3)
	out, digest = stamped(data)
	assert not verify_stamped(out, "13/PP.01-SD/7322/XI/2026", digest)
	assert not verify_stamped(out, NUMBER, "0" * 64)
	assert not verify_stamped(out, NUMBER, digest, label="verifikasi")
	assert verify_stamped(out, NUMBER, digest)


def test_a_page_without_the_stamp_fails_verify():
	data = blank(1)
	out, digest = stamped(data)
	writer = PdfWriter()
	for page in reopen(out).pages:
		writer.add_page(page)
	writer.add_blank_page(width=595, height=842)
	buffer = io.BytesIO()
	writer.write(buffer)
	mixed = buffer.getvalue()
	assert read_stamp(mixed) == [stamp_text(NUMBER, digest), ""]
	assert not verify_stamped(mixed, NUMBER, digest)


def test_stamping_twice_fails_verify():
	data = blank(2)
	out, digest = stamped(data)
	again = stamp_pdf(out, stamp_text(NUMBER, digest))
	assert [len(stamps) for stamps in read_stamps(again)] == [2, 2]
	assert not verify_stamped(again, NUMBER, digest)


def test_page_with_existing_text_and_resources():
	out, digest = stamped(TEXT_PDF)
	expected = stamp_text(NUMBER, digest)
	assert read_stamp(out) == [expected]
	assert verify_stamped(out, NUMBER, digest)
	page = reopen(out).pages[0]
	text = page.extract_text()
	assert "Keputusan KPU Kabupaten Luwu Utara" in text
	assert expected in text
	fonts = page["/Resources"]["/Font"]
	assert fonts["/F1"]["/BaseFont"] == "/Times-Roman"
	assert fonts["/KpuEtikStampFont"]["/BaseFont"] == "/Courier"  # the page's own font is untouched
	helvetica = [name for name, font in fonts.items() if font.get_object()["/BaseFont"] == "/Helvetica"]
	assert len(helvetica) == 1 and helvetica[0] != "/KpuEtikStampFont"  # the stamp's font was renamed
	# The page's own content (with its 2x scaling) is isolated, so the stamp is drawn unscaled.
	operations = ContentStream(page.get_contents(), page.pdf).operations
	operators = [op for _, op in operations]
	before = operators[: operators.index(b"BMC")]
	assert before[0] == b"q" and b"Q" in before
	assert before.count(b"q") - before.count(b"Q") == 1  # only the stamp's own q is still open
	assert helvetica[0] in [operands[0] for operands, op in operations if op == b"Tf"]


def test_stamp_position_follows_the_page_box():
	writer = PdfWriter()
	page = writer.add_blank_page(width=400, height=300)
	page.mediabox.lower_left = (100, 50)
	buffer = io.BytesIO()
	writer.write(buffer)
	out = stamp_pdf(buffer.getvalue(), "Salinan")
	page = reopen(out).pages[0]
	operations = ContentStream(page.get_contents(), page.pdf).operations
	td = [[float(v) for v in operands] for operands, op in operations if op == b"Td"]
	assert td == [[136.0, 68.0]]  # 36 and 18 points inside the lower-left corner
	assert [operands[1] for operands, op in operations if op == b"Tf"] == [7]


def test_special_characters_are_escaped_and_kept():
	text = "No. 1/(a)\\b · verifikasi … é"
	out = stamp_pdf(blank(2), text)
	assert read_stamp(out) == [text, text]
	assert check_pdf(out) == 2


@pytest.mark.parametrize("text", ["", "   ", "line\nbreak", "No. 1 ✓", "Keputusan 决定"])
def test_text_the_font_cannot_show_is_refused(text):
	with pytest.raises(StampError):
		stamp_pdf(blank(), text)


@pytest.mark.parametrize("data", [b"", b"not a pdf", b"%PDF-1.4\ngarbage"])
def test_unreadable_pdf_is_refused(data):
	with pytest.raises(StampError):
		stamp_pdf(data, "Salinan")
	assert not verify_stamped(data, NUMBER, "a" * 64)


def test_encrypted_pdf_is_refused():
	writer = PdfWriter()
	writer.add_blank_page(width=595, height=842)
	writer.encrypt("rahasia")
	buffer = io.BytesIO()
	writer.write(buffer)
	with pytest.raises(StampError, match="encrypted"):
		stamp_pdf(buffer.getvalue(), "Salinan")


# Two pages sharing one content stream (as templates do), and a page whose contents are an array.
SHARED_PDF = raw_pdf(
	b"<< /Type /Catalog /Pages 2 0 R >>",
	b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 /MediaBox [0 0 595 842] "
	b"/Resources << /Font << /F1 7 0 R >> >> >>",
	b"<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>",
	b"<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>",
	b"<< /Type /Page /Parent 2 0 R /Contents [6 0 R 8 0 R] >>",
	stream(b"BT /F1 12 Tf 72 720 Td (Berita Acara) Tj ET"),
	b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
	stream(b"BT /F1 12 Tf 72 700 Td (Lampiran) Tj ET"),
)


def test_shared_content_streams_and_content_arrays():
	assert check_pdf(SHARED_PDF) == 3
	out, digest = stamped(SHARED_PDF)
	expected = stamp_text(NUMBER, digest)
	assert read_stamps(out) == [[expected]] * 3  # one stamp each, not one per sharing page
	assert verify_stamped(out, NUMBER, digest)
	texts = [page.extract_text() for page in reopen(out).pages]
	assert all("Berita Acara" in text and expected in text for text in texts)
	assert "Lampiran" in texts[2] and "Lampiran" not in texts[0]


def test_the_qr_code_is_drawn_on_every_page_and_reads_back_module_for_module():
	import random

	from kpu_etik.core.stamp import read_qr

	rng = random.Random(3)
	modules = [[rng.random() < 0.5 for _ in range(29)] for _ in range(29)]
	pdf = blank(3)
	stamped = stamp_pdf(pdf, "No. 1/2024 · kode verifikasi 0123456789abcdef", qr=modules)
	assert read_qr(stamped) == [modules] * 3
	assert read_qr(stamp_pdf(pdf, "No. 1/2024 · kode verifikasi 0123456789abcdef")) == [None] * 3
	# The text stamp reads as before beside the code.
	assert read_stamp(stamped) == ["No. 1/2024 · kode verifikasi 0123456789abcdef"] * 3


def test_a_qr_code_must_be_a_square_of_modules():
	with pytest.raises(StampError):
		stamp_pdf(blank(1), "No. 1", qr=[[True, False], [True]])
	with pytest.raises(StampError):
		stamp_pdf(blank(1), "No. 1", qr=[])
