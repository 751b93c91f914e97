"""check_pdf with real PDFs built by pypdf, and with everything that is not one."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from kpu_etik.core.errors import RuleError
from kpu_etik.core.pdf import PdfRejected, check_pdf


def build_pdf(pages=1, password=None):
	writer = PdfWriter()
	for _ in range(pages):
		writer.add_blank_page(width=595, height=842)
	if password is not None:
		writer.encrypt(password)
	buffer = io.BytesIO()
	writer.write(buffer)
	return buffer.getvalue()


BLANK = build_pdf()


def rejected(data):
	with pytest.raises(PdfRejected) as exc:
		check_pdf(data)
	assert isinstance(exc.value, RuleError)
	return str(exc.value)


def test_blank_page():
	assert BLANK.startswith(b"%PDF-")
	assert check_pdf(BLANK) == 1


def test_page_count():
	assert check_pdf(build_pdf(pages=3)) == 3


def test_bytearray_and_memoryview():
	assert check_pdf(bytearray(BLANK)) == 1
	assert check_pdf(memoryview(BLANK)) == 1


def test_empty():
	assert rejected(b"") == "The file is empty"


def test_text_file_renamed():
	assert "does not begin with %PDF-" in rejected(b"Laporan pelanggaran kode etik\nKPPS TPS 01\n")


def test_header_must_come_first():
	assert "does not begin with %PDF-" in rejected(b"\n" + BLANK)


def test_not_bytes():
	assert "got str" in rejected(BLANK.decode("latin-1"))
	assert "got NoneType" in rejected(None)


@pytest.mark.parametrize("password", ["", "secret"])
def test_encrypted(password):
	assert "encrypted" in rejected(build_pdf(password=password))


def test_zero_pages():
	assert rejected(build_pdf(pages=0)) == "The PDF has no pages"


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_truncated(fraction):
	assert rejected(BLANK[: int(len(BLANK) * fraction)]) == "The PDF is damaged and cannot be read"


def test_truncated_end_marker():
	assert rejected(BLANK[:-8]) == "The PDF is damaged and cannot be read"


def test_header_only():
	assert rejected(b"%PDF-1.7\n") == "The PDF is damaged and cannot be read"


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_garbage_after_header_never_escapes(tail):
	try:
		result = check_pdf(b"%PDF-1.4\n" + tail)
	except PdfRejected:
		return
	assert isinstance(result, int) and result > 0


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_pdf_never_escapes(data):
	corrupted = bytearray(build_pdf(pages=2))
	for _ in range(data.draw(st.integers(1, 20))):
		position = data.draw(st.integers(5, len(corrupted) - 1))
		corrupted[position] = data.draw(st.integers(0, 255))
	try:
		result = check_pdf(bytes(corrupted))
	except PdfRejected:
		return
	assert result in (1, 2)  # pypdf repaired it
