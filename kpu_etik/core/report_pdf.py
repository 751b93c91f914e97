"""Compliance reports as one PDF: a cover, then each section's pages, with a bookmark per part.

``assemble`` takes the cover and the sections already rendered to PDF (the Frappe layer renders the
cover from a Jinja template and the sections from print formats, stamped decrees, ...) and joins them
in order; nothing is drawn here. The cover may have several pages. The outline (bookmarks) has one
top-level item for the cover and one per section, in order, each pointing at the part's first page;
the parts' own bookmarks are not carried over.

Only the parts' pages are copied, never their document information or catalog, so the /CreationDate,
/ModDate, /Producer, ... that wkhtmltopdf writes into each part do not reach the result. The document
information is what ``assemble`` writes itself: /Title, /Author, /Subject and any further keys given
(and pypdf's /Producer). Nothing time-dependent is written, so the same pages, titles and metadata give
the same bytes and the same ``sha256``. Works with pypdf 3.17 and newer.
"""

import hashlib
import io
import re

from pypdf import PdfReader, PdfWriter

from kpu_etik.core.errors import RuleError

COVER_BOOKMARK = "Cover"
STANDARD_KEYS = ("/Title", "/Author", "/Subject")
_KEY = re.compile(r"/?[A-Za-z][A-Za-z0-9_.-]*")


class ReportError(RuleError):
	pass


def _write(writer: PdfWriter) -> bytes:
	buffer = io.BytesIO()
	writer.write(buffer)
	return buffer.getvalue()


def _read(pdf_bytes, section: int | None = None, name: str = "", *, cover: bool = False) -> PdfReader:
	"""A reader for ``pdf_bytes`` with at least one page, or a ReportError.

	The message names the part: the cover if ``cover``, else section number ``section`` titled ``name``,
	else just "the file".
	"""
	data = bytes(pdf_bytes) if isinstance(pdf_bytes, bytes | bytearray | memoryview) else b""
	try:
		if b"%PDF-" not in data[:1024]:
			raise ValueError("no PDF header")
		reader = PdfReader(io.BytesIO(data), strict=False)
		encrypted = reader.is_encrypted
		pages = 0 if encrypted else len(reader.pages)
	except Exception as exc:
		if cover:
			raise ReportError("The cover is not a PDF or is damaged and cannot be read") from exc
		if section is None:
			raise ReportError("The file is not a PDF or is damaged and cannot be read") from exc
		raise ReportError(
			"Section {0} ({1}) is not a PDF or is damaged and cannot be read", section, name
		) from exc
	if encrypted:
		if cover:
			raise ReportError("The cover is an encrypted or password-protected PDF")
		if section is None:
			raise ReportError("The PDF is encrypted or password-protected")
		raise ReportError("Section {0} ({1}) is an encrypted or password-protected PDF", section, name)
	if not pages:
		if cover:
			raise ReportError("The cover has no pages")
		if section is None:
			raise ReportError("The PDF has no pages")
		raise ReportError("Section {0} ({1}) has no pages", section, name)
	return reader


def _metadata(title: str, author: str, subject: str, extra) -> dict:
	info = {}
	for key, value in (extra or {}).items():
		if not isinstance(key, str) or not _KEY.fullmatch(key):
			raise ReportError("{0!r} is not a valid PDF metadata key", key)
		key = key if key.startswith("/") else f"/{key}"
		if key in STANDARD_KEYS:
			raise ReportError("The metadata key {0} is set from the report's title, author and subject", key)
		if value is not None:
			info[key] = str(value)
	if not isinstance(title, str) or not title.strip():
		raise ReportError("A report needs a title")
	if not isinstance(author, str) or not author.strip():
		raise ReportError("A report needs an author")
	if not isinstance(subject, str) or not subject.strip():
		raise ReportError("A report needs a subject")
	info.update({"/Title": title.strip(), "/Author": author.strip(), "/Subject": subject.strip()})
	return info


def assemble(
	title: str,
	sections: list[tuple[str, bytes]],
	*,
	cover: bytes,
	author: str,
	subject: str,
	metadata: dict | None = None,
) -> bytes:
	"""One PDF: every page of ``cover``, then of each section in order, bookmarked (see module doc)."""
	info = _metadata(title, author, subject, metadata)
	cover_reader = _read(cover, cover=True)
	if not sections:
		raise ReportError("A report needs at least one section")
	readers = []
	for number, section in enumerate(sections, start=1):
		if not isinstance(section, tuple | list) or len(section) != 2:
			raise ReportError("Section {0} must be a pair of a title and a PDF", number)
		name, pdf_bytes = section
		if not isinstance(name, str) or not name.strip():
			raise ReportError("Section {0} needs a title", number)
		readers.append((name.strip(), _read(pdf_bytes, number, name.strip())))

	writer = PdfWriter()
	bookmarks = []
	for name, reader in [(COVER_BOOKMARK, cover_reader), *readers]:
		bookmarks.append((name, len(writer.pages)))
		for page in reader.pages:
			writer.add_page(page)
	for name, index in bookmarks:
		writer.add_outline_item(title=name, page_number=index)
	writer.page_mode = "/UseOutlines"
	writer.add_metadata(info)
	return _write(writer)


def outline(pdf_bytes: bytes) -> list[tuple[str, int]]:
	"""The top-level bookmarks as (title, page index), in order."""
	reader = _read(pdf_bytes)
	return [
		(item.title, reader.get_destination_page_number(item))
		for item in reader.outline
		if not isinstance(item, list)  # a list holds the children of the item before it
	]


def outline_titles(pdf_bytes: bytes) -> list[str]:
	"""The titles of the top-level bookmarks, in order."""
	return [title for title, _ in outline(pdf_bytes)]


def page_count(pdf_bytes: bytes) -> int:
	"""The number of pages; raises ReportError for anything that is not a readable PDF."""
	return len(_read(pdf_bytes).pages)


def sha256(pdf_bytes: bytes) -> str:
	"""SHA-256 of the file, as 64 lowercase hex digits."""
	return hashlib.sha256(bytes(pdf_bytes)).hexdigest()
