"""One check for every file the app accepts: recognised by content, never by name.

PDFs must open, have pages, not be encrypted and carry no scripts or actions that run on opening
(JavaScript, launch, form submission, embedded files, XFA); images must decode and end where their
format ends (a JPEG that continues as HTML is refused); CSV must be UTF-8 text; XLSX must be a
workbook without macros. Sizes are checked before anything is parsed.
"""

import io
import zipfile

from kpu_etik.core.errors import UploadRejected
from kpu_etik.core.pdf import check_pdf

MAGIC = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"PK\x03\x04": "xlsx"}
LABELS = {"pdf": "PDF", "png": "PNG", "jpg": "JPG", "csv": "CSV", "xlsx": "XLSX"}

# Action types that do something other than move within the document or open a link.
ACTIVE_ACTIONS = frozenset(
	{
		"/JavaScript",
		"/Launch",
		"/SubmitForm",
		"/ImportData",
		"/ResetForm",
		"/RichMediaExecute",
		"/GoToE",
		"/Rendition",
		"/Sound",
		"/Movie",
	}
)
ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/RichMedia"})
MAX_PDF_OBJECTS = 200_000


def sniff(content: bytes) -> str | None:
	"""The kind of a file from its first bytes (CSV: text that decodes as UTF-8)."""
	for magic, kind in MAGIC.items():
		if content.startswith(magic):
			return kind
	try:
		text = content[:65536].decode("utf-8-sig")
	except UnicodeDecodeError:
		# a cut in the middle of a character at the 64 KB mark is not a reason to refuse
		try:
			text = content[:65533].decode("utf-8-sig")
		except UnicodeDecodeError:
			return None
	return "csv" if "\x00" not in text and text.strip() else None


def check_upload(content: bytes, allowed: tuple[str, ...], max_bytes: int) -> str:
	"""The kind of an acceptable file among ``allowed``; UploadRejected for anything else."""
	if not isinstance(content, bytes | bytearray) or not content:
		raise UploadRejected("The file is empty")
	if len(content) > max_bytes:
		raise UploadRejected("The file is larger than {0} MB", round(max_bytes / 1024 / 1024, 1))
	content = bytes(content)
	kind = sniff(content)
	if kind not in allowed:
		raise UploadRejected("The file must be one of: {0}", ", ".join(LABELS[k] for k in allowed))
	CHECKS[kind](content)
	return kind


def check_passive_pdf(content: bytes):
	"""A readable PDF (see check_pdf) with nothing in it that acts when it is opened."""
	check_pdf(content)
	from pypdf import PdfReader
	from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

	try:
		reader = PdfReader(io.BytesIO(content), strict=False)
		stack, seen, visited = [reader.trailer], set(), 0
		while stack:
			node = stack.pop()
			if isinstance(node, IndirectObject):
				if (node.idnum, node.generation) in seen:
					continue
				seen.add((node.idnum, node.generation))
				node = node.get_object()
			visited += 1
			if visited > MAX_PDF_OBJECTS:
				raise UploadRejected("The PDF is too complex to be checked")
			if isinstance(node, DictionaryObject):
				keys = set(node.keys())
				if keys & ACTIVE_KEYS or str(node.get("/S", "")) in ACTIVE_ACTIONS:
					raise UploadRejected(
						"The PDF contains scripts or actions; save it again as a plain PDF (print to PDF)"
					)
				stack.extend(node.values())
			elif isinstance(node, ArrayObject):
				stack.extend(node)
	except UploadRejected:
		raise
	except Exception as exc:
		raise UploadRejected("The PDF is damaged and cannot be read") from exc


def check_image(content: bytes):
	"""A PNG or JPEG that decodes, and ends where the format ends."""
	if content.startswith(b"\x89PNG"):
		if not content.endswith(b"IEND\xaeB`\x82"):
			raise UploadRejected("The image is damaged or has data after its end")
	elif not content.rstrip(b"\x00").endswith(b"\xff\xd9"):
		raise UploadRejected("The image is damaged or has data after its end")
	from PIL import Image

	try:
		with Image.open(io.BytesIO(content)) as image:
			image.verify()
		with Image.open(io.BytesIO(content)) as image:
			image.load()
	except Exception as exc:  # Pillow raises many kinds, decompression bombs included
		raise UploadRejected("The image is damaged and cannot be read") from exc


def check_csv(content: bytes):
	try:
		text = content.decode("utf-8-sig")
	except UnicodeDecodeError as exc:
		raise UploadRejected("The CSV file must be saved as UTF-8 text") from exc
	if "\x00" in text:
		raise UploadRejected("The CSV file must be saved as UTF-8 text")


def check_xlsx(content: bytes):
	try:
		with zipfile.ZipFile(io.BytesIO(content)) as archive:
			names = set(archive.namelist())
	except zipfile.BadZipFile as exc:
		raise UploadRejected("The spreadsheet is damaged and cannot be read") from exc
	if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
		raise UploadRejected("The file is not an Excel workbook (XLSX)")
	if any(name.lower().endswith("vbaproject.bin") for name in names):
		raise UploadRejected("The workbook contains macros; save it as a plain XLSX")


CHECKS = {
	"pdf": check_passive_pdf,
	"png": check_image,
	"jpg": check_image,
	"csv": check_csv,
	"xlsx": check_xlsx,
}

# A spreadsheet cell that a spreadsheet program would run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
	"""A text cell that starts like a formula, prefixed with ' so that it is read as text.

	A phone number or a negative number ("+62 812", "-5") is left as it is: it computes to itself.
	"""
	if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
		return value
	if value[0] in "+-" and all(c.isdigit() or c in " ().-" for c in value[1:]) and value[1:].strip():
		return value
	return "'" + value
