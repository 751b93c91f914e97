"""The roster import: a file of officials appointed by decree, read as a stream, checked row by row
with the form's own appraisal (kpu_etik.core.officials), then written in set-based statements.

- One pass reads and checks the file. Every accepted row, with the values it writes, goes into a
  temporary table of the import's connection (``kpu_import_rows``), and so do the bodies and
  polling stations it needs (``kpu_import_bodies``). The file is never held in memory; a NIK twice
  in a file and a body's seats are counted over that table and the site.
- Nothing is written unless every row passes, unless the import takes the valid rows only; the
  refused rows then come back as a file in the same layout with a problem column.
- The rows are written from the table a range at a time, one transaction per range (officials,
  their status history, the bodies and stations they need, the seat counts), so a worker killed or
  a database stopped half-way leaves whole ranges only, and running the import again finishes it
  with the same result. Keyed by NIK: the same file again changes nothing.

The modules, each importing only those after it: ``parts`` (a large file on every core), ``checking``
(a batch's rules and appraisal), ``writing`` (the temporary tables and every write), ``reading`` (the
file, its template and the refused rows), ``model`` (options, outcome, problems). Other modules
import from this package, whose names below are its interface.
"""

import time

import frappe
from frappe.utils import now_datetime

from kpu_etik.core.roster import ROSTER, Layout
from kpu_etik.organization.roster.checking import Checker
from kpu_etik.organization.roster.model import (
	PROBLEMS_KEPT,
	ROW_FIELDS,
	Options,
	Outcome,
	PartStopped,
	Problem,
	is_database_failure,
)
from kpu_etik.organization.roster.parts import import_in_parts, part_count
from kpu_etik.organization.roster.reading import RefusedRows, check_file, count_row, template_rows
from kpu_etik.organization.roster.writing import (
	PLANNED,
	STANDARD_COLUMNS,
	Writer,
	reset_scratch,
	sql_values,
	write_checked,
)

# Checker, Writer, RefusedRows, count_row, PLANNED, STANDARD_COLUMNS and sql_values: what another
# import of the same pipeline (organization.station_import) builds on.
__all__ = [
	"PLANNED",
	"PROBLEMS_KEPT",
	"ROW_FIELDS",
	"STANDARD_COLUMNS",
	"Checker",
	"Options",
	"Outcome",
	"PartStopped",
	"Problem",
	"RefusedRows",
	"Writer",
	"count_row",
	"import_file",
	"import_roster",
	"is_database_failure",
	"part_count",
	"sql_values",
	"template_rows",
]


def import_roster(path: str, options: Options) -> Outcome:
	"""Import the roster file at ``path`` (see the module's docstring): a large file in parts, one
	process each (kpu_etik.organization.roster.parts)."""
	parts = part_count(path, options)
	if parts > 1:
		return import_in_parts(path, options, parts)
	return import_file(path, options, Checker, ROSTER, Outcome())


def import_file(path: str, options: Options, checker_class: type[Checker], layout: Layout, outcome: Outcome):
	"""Check every row of the file, then write (all of it, or the valid rows only, or nothing)."""
	started, started_at = time.perf_counter(), now_datetime()
	reset_scratch()
	# Valid rows only: each batch is written as soon as it is checked, its rows and bodies locked.
	each_batch = options.valid_rows_only and not options.dry_run
	run = checker_class(options, write=each_batch, started_at=started_at)
	header = check_file(path, options, run, layout, outcome)
	if options.commit:
		frappe.db.commit()  # the checked rows (in the temporary table only), kept if a range rolls back
	if not options.dry_run and not each_batch and not outcome.refused:
		write_checked(path, header, run.writer, outcome)
	outcome.written = not options.dry_run and (each_batch or not outcome.refused)
	outcome.seconds = time.perf_counter() - started
	if options.progress:
		options.progress(outcome.rows, outcome.rows, outcome)
	return outcome
