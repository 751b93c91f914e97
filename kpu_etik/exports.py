"""Spreadsheet exports that a spreadsheet program cannot run: no cell starts a formula.

Frappe v15 writes text cells as they are into CSV (`frappe.desk.utils.get_csv_bytes`, used by the
list and report exports, and `frappe.utils.csvutils.UnicodeWriter`, used by `to_csv` and Data
Export) and XLSX (`frappe.utils.xlsxutils.make_xlsx`), so a
candidate named `=HYPERLINK(...)` became a live formula in the officer's spreadsheet. `install()`
wraps both to pass every cell through kpu_etik.core.uploads.neutralise_cell, for every doctype (a
formula is never wanted in an export). Re-check on an upgrade: the three still exist and are imported
at call time by reportview and query_report.
"""

from kpu_etik.core.uploads import neutralise_cell


def install():
	from frappe.desk import utils as desk_utils
	from frappe.utils import csvutils, xlsxutils

	if getattr(csvutils.UnicodeWriter, "_kpu_etik_neutralised", False):
		return
	original_writerow = csvutils.UnicodeWriter.writerow
	original_make_xlsx = xlsxutils.make_xlsx
	original_get_csv_bytes = desk_utils.get_csv_bytes

	def writerow(self, row):
		return original_writerow(self, [neutralise_cell(cell) for cell in row])

	def make_xlsx(data, sheet_name, wb=None, column_widths=None):
		data = [[neutralise_cell(cell) for cell in row] for row in data or []]
		return original_make_xlsx(data, sheet_name, wb=wb, column_widths=column_widths)

	def get_csv_bytes(data, csv_params):
		return original_get_csv_bytes([[neutralise_cell(cell) for cell in row] for row in data], csv_params)

	desk_utils.get_csv_bytes = get_csv_bytes
	csvutils.UnicodeWriter.writerow = writerow
	csvutils.UnicodeWriter._kpu_etik_neutralised = True
	xlsxutils.make_xlsx = make_xlsx
