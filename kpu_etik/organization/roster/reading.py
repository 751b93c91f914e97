"""The file of a roster import: its template, the stream of its rows (a part's only, in a process
of an import in parts), the count of its lines, and the refused rows in a file of the same layout."""

import csv
import os

import frappe
from frappe import _

from kpu_etik.core.roster import COLUMNS, Dealer, Layout, RosterError, map_header
from kpu_etik.organization.roster.model import PROBLEMS_KEPT, Options, Outcome, Problem
from kpu_etik.spreadsheets import read_table

PROBLEM_HEADER = "Masalah"


def check_file(path: str, options: Options, run, layout: Layout, outcome: Outcome):
	"""Every row of the file (of this process's part) through ``run.process``, a batch at a time;
	returns the header row."""
	rows = read_table(path)
	try:
		_number, header = next(rows)
	except StopIteration:
		frappe.throw(_("The file is empty."))
	try:
		columns = map_header(header, layout)
	except RosterError as exc:
		frappe.throw(_(exc.template).format(*exc.args), title=_("Wrong Columns"))
	total = max(count_lines(path) - 1, 0)
	refused = RefusedRows(options.refused_path, header) if options.refused_path else None
	dealer = Dealer(options.parts, columns["region"]) if options.part is not None else None
	batch = []
	for number, cells in rows:
		if not any(str(c).strip() for c in cells if c is not None):
			continue
		if dealer and dealer.part_of(cells) != options.part:
			continue  # another process's part
		batch.append((number, cells))
		if len(batch) >= options.batch_size:
			run.process(batch, columns, outcome, refused)
			batch = []
			if options.progress:
				options.progress(outcome.rows, total, outcome)
	if batch:
		run.process(batch, columns, outcome, refused)
	if refused:
		outcome.refused_file = refused.close()
	return header


def add_late_refusals(path, header, late: dict[int, str], refused_path) -> str:
	"""Rows refused while writing (the site changed after the check) join the refused rows' file."""
	exists = os.path.exists(refused_path)
	with open(
		refused_path, "a" if exists else "w", newline="", encoding="utf-8" if exists else "utf-8-sig"
	) as f:
		writer = csv.writer(f)
		if not exists:
			writer.writerow([*(_cell(c) for c in header), PROBLEM_HEADER])
		for number, cells in read_table(path):
			if number in late:
				writer.writerow([*(_cell(c) for c in cells), late[number]])
	return refused_path


def count_lines(path: str) -> int:
	"""Rows for the progress bar: newlines of a CSV (fast), the sheet's dimension of an XLSX."""
	if path.lower().endswith(".xlsx"):
		return 0
	count = 0
	with open(path, "rb") as f:
		while chunk := f.read(1 << 20):
			count += chunk.count(b"\n")
	return count


class RefusedRows:
	"""The refused rows in the file's own layout, with the problems in a last column."""

	def __init__(self, path: str, header):
		self.path = path
		self.file = open(path, "w", newline="", encoding="utf-8-sig")
		self.writer = csv.writer(self.file)
		self.writer.writerow([*(_cell(c) for c in header), PROBLEM_HEADER])
		self.count = 0

	def add(self, cells, problems: list[str]):
		self.writer.writerow([*(_cell(c) for c in cells), "; ".join(problems)])
		self.count += 1

	def close(self) -> str | None:
		self.file.close()
		if not self.count:
			os.unlink(self.path)
			return None
		return self.path


def count_late(outcome: Outcome, late: dict[int, str], column: str = ""):
	"""Rows refused after their check (the site changed, or a NIK found twice across parts)."""
	for number, message in late.items():
		outcome.refused += 1
		if len(outcome.problems) < PROBLEMS_KEPT:
			outcome.problems.append(Problem(number, column, message))


def count_row(outcome: Outcome, cells, problems: list[Problem], refused: RefusedRows | None):
	"""A checked row in the outcome; a refused one with its problems, and into the refused rows' file."""
	outcome.rows += 1
	if not problems:
		return
	outcome.refused += 1
	for p in problems:
		if len(outcome.problems) < PROBLEMS_KEPT:
			outcome.problems.append(p)
	if refused:
		refused.add(cells, [f"{p.column}: {p.message}" if p.column else p.message for p in problems])


def _cell(value) -> str:
	if value is None:
		return ""
	if hasattr(value, "isoformat"):
		return value.isoformat()[:10]
	return str(value)


def template_rows(language: str = "id") -> list[list[str]]:
	"""The template: the header row (Indonesian, or English) and one example row."""
	header = [indonesian if language == "id" else english for _f, indonesian, english in COLUMNS]
	example = ["7322145708990001", "7322140101100001", "Siti Rahmawati", "KPPS", "73.22.14.2001", "3",
		"Anggota", "081234567890", "", "12/PP.04-Kpt/7322/2024", "2024-01-22", "27 Januari 2024", "", ""]  # fmt: skip
	return [header, example]
