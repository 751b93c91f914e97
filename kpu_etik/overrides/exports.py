"""Correction: spreadsheet exports that a spreadsheet program cannot run: no cell starts a formula.

Frappe v15 writes text cells as they are into CSV (`frappe.desk.utils.get_csv_bytes`, used by the
list and report exports, and `frappe.utils.csvutils.UnicodeWriter`, used by `to_csv` and Data
Export) and XLSX (`frappe.utils.xlsxutils.make_xlsx`), so a
candidate named `=HYPERLINK(...)` became a live formula in the officer's spreadsheet. `install()`
wraps both to pass every cell through kpu_etik.core.uploads.neutralise_cell, for every doctype (a
formula is never wanted in an export). Re-check on an upgrade: the three still exist and are imported
at call time by reportview and query_report.
"""

from kpu_etik.core.uploads import neutralise_cell
from kpu_etik.overrides.base import Correction, is_ours, looks_up, names_in


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

	for wrapper in (writerow, make_xlsx, get_csv_bytes):
		wrapper._kpu_etik_neutralised = True
	desk_utils.get_csv_bytes = get_csv_bytes
	csvutils.UnicodeWriter.writerow = writerow
	csvutils.UnicodeWriter._kpu_etik_neutralised = True
	xlsxutils.make_xlsx = make_xlsx


def check() -> str | None:
	from frappe.desk import reportview
	from frappe.desk import utils as desk_utils
	from frappe.desk.query_report import export_query as report_export
	from frappe.utils import csvutils, xlsxutils

	for owner, name in (
		(desk_utils, "get_csv_bytes"),
		(csvutils.UnicodeWriter, "writerow"),
		(xlsxutils, "make_xlsx"),
	):
		if not is_ours(getattr(owner, name, None), "_kpu_etik_neutralised"):
			return f"{owner.__name__}.{name} is not the app's wrapper"
	# reportview's and query_report's exports import them at call time (from the modules above)
	for function in (reportview.export_query, report_export):
		if not {"get_csv_bytes", "make_xlsx"} <= names_in(function):
			return f"{function.__module__}.export_query no longer writes with get_csv_bytes and make_xlsx"
	if not looks_up(csvutils.to_csv, "UnicodeWriter", csvutils):
		return "csvutils.to_csv no longer writes with UnicodeWriter"
	return None


CORRECTION = Correction(
	name="exports",
	frappe_does="CSV and XLSX exports write a text cell starting with =, +, -, @, tab or CR as it is",
	app_needs="No live formula in an officer's spreadsheet: such cells get a leading apostrophe",
	checked_on=("15.44.2",),
	guards_personal_data=False,
	install=install,
	check=check,
)
