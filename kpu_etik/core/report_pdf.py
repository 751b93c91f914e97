"""Compliance reports as one PDF: a cover page, then each section's pages, with a bookmark per part.

``assemble`` takes sections already rendered to PDF (print formats, stamped decrees, ...) and joins
them behind a cover page drawn here. The outline (bookmarks) has one top-level item for the cover and
one per section, in order, each pointing at the part's first page; the sections' own bookmarks are not
carried over. The document information has /Title, /Author, /Subject and any further keys given.
Nothing time-dependent is written, so the same input gives the same bytes and the same ``sha256``.

The cover is drawn like the stamp (see ``stamp.py``): pypdf has no drawing API, so its content stream
is written by hand in Helvetica and Helvetica-Bold, two of the 14 standard fonts (not embedded), with
WinAnsiEncoding: text must be Windows-1252 (Latin-1 plus a few such as "…" and "€"). Long lines are
wrapped on word boundaries using the Helvetica glyph widths. Works with pypdf 3.17 and newer.
"""

import hashlib
import io
import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from kpu_etik.core.errors import RuleError

PAGE_WIDTH, PAGE_HEIGHT = 595.28, 841.89  # A4 in points
MARGIN = 72
TITLE_SIZE = 20
LINE_SIZE = 12
COVER_BOOKMARK = "Cover"
ENCODING = "cp1252"
STANDARD_KEYS = ("/Title", "/Author", "/Subject")

# Helvetica advance widths (1/1000 em) for " " (32) to "~" (126), from the Adobe AFM.
_HELVETICA = (
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
# Helvetica-Bold, likewise.
_HELVETICA_BOLD = (
	278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
	975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
	333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
	611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)  # fmt: skip
_OTHER_WIDTH = 1000  # outside ASCII: no narrower than the widest glyphs, so lines never overflow
_KEY = re.compile(r"/?[A-Za-z][A-Za-z0-9_.-]*")


class ReportError(RuleError):
	pass


def _check_text(text) -> str:
	"""``text`` as one or more lines of printable Windows-1252 text (tabs become spaces)."""
	if not isinstance(text, str):
		raise ReportError("Cover page text must be text, not {0}", type(text).__name__)
	text = text.replace("\r\n", "\n").replace("\t", " ")
	for char in text:
		if char != "\n" and (ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0):
			raise ReportError("The cover page text contains a control character ({0!r})", char)
		try:
			char.encode(ENCODING)
		except UnicodeEncodeError:
			raise ReportError(
				"The cover page text contains {0}, which the standard PDF font cannot show", char
			)
	return text


def _width(text: str, size: float, bold: bool) -> float:
	widths = _HELVETICA_BOLD if bold else _HELVETICA
	return sum(widths[ord(c) - 32] if 32 <= ord(c) <= 126 else _OTHER_WIDTH for c in text) * size / 1000


def _wrap(text: str, size: float, bold: bool, width: float) -> list[str]:
	"""``text`` broken into lines no wider than ``width``; a word too long for a line is cut."""
	lines = []
	for paragraph in text.split("\n"):
		line = ""
		for word in paragraph.split():
			candidate = f"{line} {word}" if line else word
			if _width(candidate, size, bold) <= width:
				line = candidate
				continue
			if line:
				lines.append(line)
			while _width(word, size, bold) > width:
				cut = max(
					(i for i in range(1, len(word)) if _width(word[:i], size, bold) <= width), default=1
				)
				lines.append(word[:cut])
				word = word[cut:]
			line = word
		lines.append(line)
	return lines


def _escape(data: bytes) -> bytes:
	return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _font(base: str) -> DictionaryObject:
	return DictionaryObject(
		{
			NameObject("/Type"): NameObject("/Font"),
			NameObject("/Subtype"): NameObject("/Type1"),
			NameObject("/BaseFont"): NameObject(base),
			NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
		}
	)


def _cover_content(title: str, subtitle_lines) -> bytes:
	usable = PAGE_WIDTH - 2 * MARGIN
	title_lines = _wrap(title, TITLE_SIZE, True, usable)
	other_lines = []
	for line in subtitle_lines:
		other_lines.extend(_wrap(_check_text(line), LINE_SIZE, False, usable))
	ops = [b"q 0 g"]
	y = PAGE_HEIGHT - 2 * MARGIN
	for line in title_lines:
		ops.append(
			b"BT /F2 %d Tf 1 0 0 1 %.2f %.2f Tm (%s) Tj ET"
			% (TITLE_SIZE, MARGIN, y, _escape(line.encode(ENCODING)))
		)
		y -= TITLE_SIZE * 1.25
	y += TITLE_SIZE * 1.25 - 12
	ops.append(b"0.75 w %.2f %.2f m %.2f %.2f l S" % (MARGIN, y, PAGE_WIDTH - MARGIN, y))
	y -= 12 + LINE_SIZE * 1.5
	for line in other_lines:
		if y < MARGIN:
			raise ReportError("The cover page text does not fit on one page")
		if line:
			ops.append(
				b"BT /F1 %d Tf 1 0 0 1 %.2f %.2f Tm (%s) Tj ET"
				% (LINE_SIZE, MARGIN, y, _escape(line.encode(ENCODING)))
			)
		y -= LINE_SIZE * 1.5
	ops.append(b"Q")
	return b"\n".join(ops) + b"\n"


def _draw_cover(writer: PdfWriter, title: str, subtitle_lines) -> None:
	if isinstance(subtitle_lines, str):
		subtitle_lines = [subtitle_lines]
	title = _check_text(title).strip()
	if not title:
		raise ReportError("A report needs a title")
	content = _cover_content(title, list(subtitle_lines or ()))
	page = writer.add_blank_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
	page[NameObject("/Resources")] = DictionaryObject(
		{
			NameObject("/Font"): DictionaryObject(
				{NameObject("/F1"): _font("/Helvetica"), NameObject("/F2"): _font("/Helvetica-Bold")}
			)
		}
	)
	stream = DecodedStreamObject()
	stream.set_data(content)
	page.replace_contents(ArrayObject([stream.flate_encode()]))


def _write(writer: PdfWriter) -> bytes:
	buffer = io.BytesIO()
	writer.write(buffer)
	return buffer.getvalue()


def cover_page(title: str, subtitle_lines: list[str] = ()) -> bytes:
	"""A one-page A4 PDF: ``title`` in bold, a rule, then ``subtitle_lines``; /Title is set too."""
	writer = PdfWriter()
	_draw_cover(writer, title, subtitle_lines)
	writer.add_metadata({"/Title": title.strip()})
	return _write(writer)


def _read(pdf_bytes, section: int | None = None, name: str = "") -> PdfReader:
	"""A reader for ``pdf_bytes`` with at least one page; ``section`` (its number) and ``name`` for messages."""
	data = bytes(pdf_bytes) if isinstance(pdf_bytes, bytes | bytearray | memoryview) else b""
	try:
		if b"%PDF-" not in data[:1024]:
			raise ValueError("no PDF header")
		reader = PdfReader(io.BytesIO(data), strict=False)
		encrypted = reader.is_encrypted
		pages = 0 if encrypted else len(reader.pages)
	except Exception as exc:
		if section is None:
			raise ReportError("The file is not a PDF or is damaged and cannot be read") from exc
		raise ReportError(
			"Section {0} ({1}) is not a PDF or is damaged and cannot be read", section, name
		) from exc
	if encrypted:
		if section is None:
			raise ReportError("The PDF is encrypted or password-protected")
		raise ReportError("Section {0} ({1}) is an encrypted or password-protected PDF", section, name)
	if not pages:
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
	author: str,
	subject: str,
	cover_lines: list[str] = (),
	metadata: dict | None = None,
) -> bytes:
	"""One PDF: the cover page, then every page of each section in order, bookmarked (see module doc)."""
	info = _metadata(title, author, subject, metadata)
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
	_draw_cover(writer, title, cover_lines)
	bookmarks = [(COVER_BOOKMARK, 0)]
	for name, reader in readers:
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
