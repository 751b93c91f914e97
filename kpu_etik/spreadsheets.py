"""Rows of an uploaded table (CSV or XLSX), read as a stream: a national file is never held whole.

CSV: UTF-8 (with or without the BOM Excel writes), comma- or semicolon-separated (spreadsheets set to
Indonesian save CSV with semicolons). XLSX: the first sheet, values (not formulas).
"""

import csv
import io
import os

import frappe
from frappe import _


def read_table(source, file_name: str | None = None):
	"""Yield (row number, list of cells) from a path or the bytes of a file; row 1 is the header."""
	name = (file_name or (source if isinstance(source, str) else "")).lower()
	if name.endswith(".xlsx"):
		yield from _xlsx(source)
		return
	if isinstance(source, bytes):
		try:
			text = io.StringIO(source.decode("utf-8-sig"), newline="")
		except UnicodeDecodeError:
			frappe.throw(_("The CSV file is not UTF-8 text."))
		yield from _csv(text)
		return
	with open(source, encoding="utf-8-sig", newline="") as handle:
		try:
			yield from _csv(handle)
		except UnicodeDecodeError:
			frappe.throw(_("The CSV file is not UTF-8 text."))


def _csv(handle):
	start = handle.read(4096)
	handle.seek(0)
	delimiter = ";" if start.count(";") > start.count(",") else ","
	yield from enumerate(csv.reader(handle, delimiter=delimiter), start=1)


def _xlsx(source):
	from openpyxl import load_workbook

	try:
		book = load_workbook(
			io.BytesIO(source) if isinstance(source, bytes) else source, read_only=True, data_only=True
		)
		sheet = book.worksheets[0]
	except Exception:
		frappe.throw(_("The XLSX file could not be read."))
	try:
		for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
			yield number, ["" if cell is None else cell for cell in row]
	finally:
		book.close()


def file_path(file_url: str) -> str:
	"""The path on disk of an attached file (private or public), for reading it as a stream."""
	file_name = frappe.db.get_value("File", {"file_url": file_url}, "name")
	if not file_name:
		frappe.throw(_("The attached file {0} was not found.").format(file_url))
	path = frappe.get_doc("File", file_name).get_full_path()
	if not os.path.exists(path):
		frappe.throw(_("The attached file {0} was not found.").format(file_url))
	return path
