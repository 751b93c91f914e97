"""Checks on uploaded PDF evidence and decrees (works with pypdf 3.17, pinned by Frappe v15, and newer)."""

import io

from pypdf import PdfReader

from kpu_etik.core.errors import UploadRejected


class PdfRejected(UploadRejected):
	pass


def check_pdf(data: bytes) -> int:
	"""Return the page count of a readable, unencrypted PDF; raise PdfRejected for anything else."""
	if isinstance(data, bytearray | memoryview):
		data = bytes(data)
	if not isinstance(data, bytes):
		raise PdfRejected("Expected the content of a PDF file, got {0}", type(data).__name__)
	if not data:
		raise PdfRejected("The file is empty")
	if not data.startswith(b"%PDF-"):
		raise PdfRejected("The file is not a PDF: it does not begin with %PDF-")

	try:
		# strict=False: scanners and office suites produce slightly irregular files that open fine.
		reader = PdfReader(io.BytesIO(data), strict=False)
		# Checked before the pages: pypdf silently opens files encrypted with an empty password.
		encrypted = reader.is_encrypted
		if not encrypted:
			pages = reader.pages
			count = len(pages)
			for page in pages:
				_ = page.mediabox  # resolve each page object now rather than when the file is used
	except Exception as exc:
		# Any parser failure (PdfReadError, PdfStreamError, struct or zlib errors, recursion on
		# cyclic references, ...) means the file is damaged: the user gets a message, not a traceback;
		# the cause stays chained for the error log.
		raise PdfRejected("The PDF is damaged and cannot be read") from exc

	if encrypted:
		raise PdfRejected("The PDF is encrypted or password-protected; upload it without protection")
	if count == 0:
		raise PdfRejected("The PDF has no pages")
	return count


def blank_pdf(pages: int = 1) -> bytes:
	"""A valid A4 PDF of blank pages: a stand-in for a signed document in demo data and tests."""
	import io

	from pypdf import PdfWriter

	writer = PdfWriter()
	for _ in range(pages):
		writer.add_blank_page(width=595, height=842)
	buffer = io.BytesIO()
	writer.write(buffer)
	return buffer.getvalue()
