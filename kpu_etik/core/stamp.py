"""Stamping a register number and a verification code onto every page of a PDF decree.

The scheme: the app stores ``document_hash(unstamped_pdf)`` in its register and stamps
``stamp_text(number, digest)`` ("No. <number> · kode verifikasi <first 16 hex of the digest>") on every
page. Anyone holding a printed or stamped copy can look the number up and compare the code.

The stamp is real page content in Helvetica (one of the 14 standard fonts, not embedded) with
WinAnsiEncoding, drawn near the bottom-left corner of the visible page box. pypdf has no drawing API,
so the stamp's content stream is written here: the page's contents become ``[q] + its own streams +
[Q stamp]``, so that a transformation left active by the page's own content cannot move the stamp, and
the font joins the page's resources under a name the page does not use yet. The stamp sits in a marked
content section tagged ``/KpuEtikStamp``, which is how ``read_stamp`` finds it again. With a QR
code (its modules, made by the caller's QR library), the same section draws it near the bottom-right
corner as filled squares on a white quiet zone: vector content, sharp at any zoom or print size,
read back by ``read_qr``. ``merge_page`` is
not used: pypdf 3.17 (pinned by Frappe v15) glues its closing ``Q`` to the page's last operator when the
stream lacks a trailing newline. Works with pypdf 3.17 and newer. On a page with /Rotate the stamp
turns with the page (it sits at the bottom of the unrotated page).
"""

import hashlib
import io
import re

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
	ArrayObject,
	ByteStringObject,
	ContentStream,
	DecodedStreamObject,
	DictionaryObject,
	NameObject,
	TextStringObject,
)

from kpu_etik.core.errors import RuleError

FONT_SIZE = 7
MARGIN_X = 36
MARGIN_Y = 18
QR_SIZE = 54.0  # points (19 mm) for the code with its quiet zone, near the bottom-right corner
QR_QUIET = 4  # modules of white around the code, as the QR standard asks
VERIFICATION_CHARS = 16
# The decree is Indonesian, and so is the line stamped on each of its pages.
STAMP_LABEL = "kode verifikasi"
MARKER = "/KpuEtikStamp"
FONT_NAME = "/KpuEtikStampFont"
# WinAnsiEncoding is Windows-1252 for every printable character: Latin-1 plus a few such as "…" and "€".
ENCODING = "cp1252"

_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")


class StampError(RuleError):
	pass


def document_hash(pdf_bytes: bytes) -> str:
	"""SHA-256 of the file, as 64 lowercase hex digits."""
	return hashlib.sha256(bytes(pdf_bytes)).hexdigest()


def stamp_text(number: str, digest: str, label: str = STAMP_LABEL) -> str:
	"""The stamp for register ``number`` and document ``digest``: "No. <number> · <label> <16 hex>"."""
	number = (number or "").strip()
	if not number:
		raise StampError("A stamp needs the document's register number")
	digest = (digest or "").strip().lower()
	if not _HEX_DIGEST.fullmatch(digest):
		raise StampError("The document hash must be 64 hexadecimal characters (SHA-256), got {0}", digest)
	return f"No. {number} · {label} {verification_code(digest)}"


def verification_code(digest: str) -> str:
	"""The code printed on a letter (and in its QR code) for the document hash ``digest``."""
	return digest[:VERIFICATION_CHARS]


def _encode(text: str) -> bytes:
	if not isinstance(text, str) or not text.strip():
		raise StampError("The stamp text is empty")
	for char in text:
		if ord(char) < 0x20 or ord(char) == 0x7F:
			raise StampError("The stamp text must be a single line without control characters")
		try:
			char.encode(ENCODING)
		except UnicodeEncodeError:
			raise StampError("The stamp text contains {0}, which the standard PDF font cannot show", char)
	return text.encode(ENCODING)


def _escape(data: bytes) -> bytes:
	return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _stamp_font() -> DictionaryObject:
	return DictionaryObject(
		{
			NameObject("/Type"): NameObject("/Font"),
			NameObject("/Subtype"): NameObject("/Type1"),
			NameObject("/BaseFont"): NameObject("/Helvetica"),
			NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
		}
	)


def _add_font(page: PageObject) -> str:
	"""Add the stamp's font to the page's resources under a free name (or reuse ours); return the name."""
	if page.get("/Resources") is None:
		page[NameObject("/Resources")] = DictionaryObject()
	resources = page["/Resources"].get_object()
	if resources.get("/Font") is None:
		resources[NameObject("/Font")] = DictionaryObject()
	fonts = resources["/Font"].get_object()
	font = _stamp_font()
	name, suffix = FONT_NAME, 0
	while name in fonts and fonts[name].get_object() != font:
		suffix += 1
		name = f"{FONT_NAME}{suffix}"
	fonts[NameObject(name)] = font
	return name


def _stream(data: bytes):
	stream = DecodedStreamObject()
	stream.set_data(data)
	return stream.flate_encode()


def _qr_operators(box, modules: list[list[bool]]) -> bytes:
	"""A white square, then each dark module as a filled square, in the bottom-right corner."""
	count = len(modules) + 2 * QR_QUIET
	size = QR_SIZE / count
	left = float(box.right) - MARGIN_X - QR_SIZE
	bottom = float(box.bottom) + MARGIN_Y
	squares = [b"1 g %.3f %.3f %.3f %.3f re f 0 g" % (left, bottom, QR_SIZE, QR_SIZE)]
	for row, line in enumerate(modules):
		y = bottom + (count - QR_QUIET - row - 1) * size
		squares.extend(
			b"%.3f %.3f %.3f %.3f re" % (left + (QR_QUIET + column) * size, y, size, size)
			for column, dark in enumerate(line)
			if dark
		)
	return b"\n".join([*squares, b"f"])


def _check_modules(modules) -> list[list[bool]]:
	rows = [[bool(dark) for dark in row] for row in modules]
	if not rows or any(len(row) != len(rows) for row in rows):
		raise StampError("A QR code is a square of modules")
	return rows


def _stamp_page(page: PageObject, encoded: bytes, qr: list[list[bool]] | None = None) -> None:
	box = page.cropbox  # the visible area; pypdf falls back to the media box
	x = float(box.left) + MARGIN_X
	y = float(box.bottom) + MARGIN_Y
	font = _add_font(page)
	stamp = b"Q\nq %s BMC BT 0 g %s %d Tf %.2f %.2f Td (%s) Tj ET %s EMC Q\n" % (
		MARKER.encode(),
		font.encode(),
		FONT_SIZE,
		x,
		y,
		_escape(encoded),
		_qr_operators(box, qr) if qr else b"",
	)
	# The page's own streams stay as they are (shared ones too), wrapped in q ... Q so that a
	# transformation they leave active cannot move or scale the stamp: [q] + own streams + [Q stamp].
	contents = page.get("/Contents")
	contents = contents.get_object() if contents is not None else None
	if contents is None:
		own = []
	elif isinstance(contents, ArrayObject):
		own = [item.get_object() for item in contents]
	else:
		own = [contents]
	if "/Contents" in page:
		del page["/Contents"]  # so that replace_contents neither nulls nor overwrites the page's own streams
	page.replace_contents(ArrayObject([_stream(b"q\n"), *own, _stream(stamp)]))


def _read(pdf_bytes: bytes) -> PdfReader:
	try:
		reader = PdfReader(io.BytesIO(bytes(pdf_bytes)), strict=False)
		encrypted = reader.is_encrypted
		pages = None if encrypted else list(reader.pages)
	except Exception as exc:
		raise StampError("The PDF is damaged and cannot be read") from exc
	if encrypted:
		raise StampError("The PDF is encrypted or password-protected and cannot be stamped")
	if not pages:
		raise StampError("The PDF has no pages")
	return reader


def stamp_pdf(pdf_bytes: bytes, text: str, qr=None) -> bytes:
	"""A new PDF whose every page carries ``text`` in 7 pt Helvetica near the bottom margin, and the
	QR code ``qr`` (rows of modules, True for dark) near the bottom-right corner when given."""
	encoded = _encode(text)
	modules = _check_modules(qr) if qr is not None else None
	reader = _read(pdf_bytes)
	writer = PdfWriter()
	for source in reader.pages:
		_stamp_page(writer.add_page(source), encoded, modules)
	info = reader.metadata
	if info:
		writer.add_metadata({key: info[key] for key in info if isinstance(info[key], str)})
	buffer = io.BytesIO()
	writer.write(buffer)
	return buffer.getvalue()


def _operand_bytes(operand) -> bytes:
	if isinstance(operand, TextStringObject):
		# pypdf decodes string operands as PDFDocEncoding or UTF-16; the bytes are what was drawn.
		return operand.get_original_bytes()
	if isinstance(operand, ByteStringObject | bytes):
		return bytes(operand)
	return b""


def _page_stamps(page: PageObject) -> list[str]:
	contents = page.get_contents()
	if contents is None:
		return []
	if not isinstance(contents, ContentStream):
		contents = ContentStream(contents, page.pdf)
	stamps, depth, current = [], 0, None
	for operands, operator in contents.operations:
		if operator in (b"BMC", b"BDC"):
			if current is None and operands and operands[0] == MARKER:
				current, depth = [], 0
			elif current is not None:
				depth += 1
		elif operator == b"EMC" and current is not None:
			if depth:
				depth -= 1
			else:
				stamps.append(b"".join(current).decode(ENCODING, errors="replace"))
				current = None
		elif operator == b"Tj" and current is not None and operands:
			current.append(_operand_bytes(operands[0]))
	return stamps


def read_stamps(pdf_bytes: bytes) -> list[list[str]]:
	"""For each page, every stamp drawn on it by ``stamp_pdf`` (usually one; more if stamped twice)."""
	return [_page_stamps(page) for page in _read(pdf_bytes).pages]


def read_stamp(pdf_bytes: bytes) -> list[str]:
	"""For each page, the text of its (last) stamp, or "" for a page that carries none."""
	return [stamps[-1] if stamps else "" for stamps in read_stamps(pdf_bytes)]


def verify_stamped(pdf_bytes: bytes, number: str, digest: str, label: str = STAMP_LABEL) -> bool:
	"""Whether every page carries exactly one stamp, and it is the one for ``number`` and ``digest``."""
	expected = stamp_text(number, digest, label)
	try:
		pages = read_stamps(pdf_bytes)
	except StampError:
		return False
	return all(stamps == [expected] for stamps in pages)


def read_qr(pdf_bytes: bytes) -> list[list[list[bool]] | None]:
	"""For each page, the modules of the QR code its (last) stamp draws, or None."""
	found = []
	for page in _read(pdf_bytes).pages:
		contents = page.get_contents()
		if contents is not None and not isinstance(contents, ContentStream):
			contents = ContentStream(contents, page.pdf)
		squares, inside, last = [], False, None
		for operands, operator in contents.operations if contents is not None else ():
			if operator == b"BMC" and operands and operands[0] == MARKER:
				inside, squares = True, []
			elif operator == b"EMC" and inside:
				inside, last = False, squares
			elif operator == b"re" and inside:
				squares.append(tuple(float(v) for v in operands))
		found.append(_modules(last) if last else None)
	return found


def _modules(squares) -> list[list[bool]]:
	(left, bottom, size, _h), *dark = squares  # the white quiet zone first
	module = dark[0][2]
	count = round(size / module)
	inner = count - 2 * QR_QUIET
	modules = [[False] * inner for _ in range(inner)]
	for x, y, _w, _h in dark:
		column = round((x - left) / module) - QR_QUIET
		row = count - QR_QUIET - 1 - round((y - bottom) / module)
		modules[row][column] = True
	return modules
