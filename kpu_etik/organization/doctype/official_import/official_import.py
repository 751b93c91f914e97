import csv
import io
import os

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_files_path

from kpu_etik.core.bodies import KPU_OFFICE_LEVELS
from kpu_etik.core.inputs import Choice, Flag
from kpu_etik.core.regions import ROOT_CODE
from kpu_etik.inputs import accepts
from kpu_etik.jobs import claim, enqueue_long, is_working
from kpu_etik.organization import roster, station_import
from kpu_etik.organization.roster import Options, is_database_failure
from kpu_etik.spreadsheets import file_path

RUNNING = ("Queued", "Checking", "Importing")
PROGRESS_EVENT = "official_import_progress"
# Each kind of file: its import, its template and the template's file names (Indonesian, English).
KINDS = {
	"Roster": (
		roster.import_roster,
		roster.template_rows,
		("template-petugas.csv", "roster-template.csv"),
	),
	"TPS List": (
		station_import.import_polling_stations,
		station_import.template_rows,
		("template-tps.csv", "tps-list-template.csv"),
	),
}


class OfficialImport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		bodies_created: DF.Int
		import_file: DF.Attach
		import_kind: DF.Literal["Roster", "TPS List"]
		period_end: DF.Date | None
		period_start: DF.Date | None
		problem_list: DF.LongText | None
		refused_file: DF.Attach | None
		region: DF.Link
		rows_created: DF.Int
		rows_read: DF.Int
		rows_refused: DF.Int
		rows_unchanged: DF.Int
		rows_updated: DF.Int
		seconds: DF.Float
		status: DF.Literal[
			"Draft", "Queued", "Checking", "Checked", "Importing", "Imported", "Refused", "Failed"
		]
		valid_rows_only: DF.Check
		warning_count: DF.Int
		warning_list: DF.LongText | None

	# end: auto-generated types
	def validate(self):
		if self.import_file and self.import_file.rsplit(".", 1)[-1].lower() not in ("csv", "xlsx"):
			frappe.throw(_("Upload the roster as a CSV or XLSX file."))
		level = frappe.db.get_value("Region", self.region, "level")
		if level not in KPU_OFFICE_LEVELS:
			frappe.throw(
				_("The office of an import is a KPU office: the nation, a province or a kabupaten/kota.")
			)
		if self.period_start and self.period_end and self.period_end < self.period_start:
			frappe.throw(_("The period cannot end before it starts."))
		if (
			not self.is_new()
			and (self.has_value_changed("import_file") or self.has_value_changed("import_kind"))
			and self.status in RUNNING
		):
			frappe.throw(_("The file cannot change while it is being imported."))


@frappe.whitelist()
@accepts(dry_run=Flag("Check Only"))
def start(name: str, dry_run=0):
	"""Desk action: check the file (dry_run) or import it, in the background."""
	doc = frappe.get_doc("Official Import", name)
	doc.check_permission("write")
	job_id, lock = f"official-import::{name}", office_lock(doc.region)
	# A record left "Importing" by a worker that died holds no lock: it can be started again.
	if doc.status in RUNNING and is_working(job_id, lock):
		frappe.throw(_("This file is already being checked or imported."))
	doc.db_set({"status": "Queued", "problem_list": None, "warning_list": None, "refused_file": None})
	enqueue_long(
		"kpu_etik.organization.doctype.official_import.official_import.run",
		job_id=job_id,
		lock=lock,
		name=name,
		dry_run=bool(int(dry_run)),
		queued=True,
	)


def office_lock(region: str | None) -> str:
	"""One roster import of an office at a time: two files of the same office write the same rows."""
	return f"official-import-office::{region or ROOT_CODE}"


def run(name: str, dry_run: bool = False, queued: bool = False):
	"""The background job: runs the import and keeps its outcome on the record. A queued request is
	claimed first, so a job queued twice for it (a double click, two workers) imports once."""
	working = "Checking" if dry_run else "Importing"
	if queued and not claim("Official Import", name, "Queued", working):
		return None
	doc = frappe.get_doc("Official Import", name)
	if not queued:
		doc.db_set("status", working, commit=not frappe.flags.in_test)

	def progress(done, total, outcome):
		frappe.publish_realtime(
			PROGRESS_EVENT,
			{"name": name, "done": done, "total": total, "summary": outcome.summary()},
			doctype="Official Import",
			docname=name,
		)

	refused_path = os.path.join(get_files_path(is_private=True), f"{name}-refused.csv")
	options = Options(
		office=doc.region or ROOT_CODE,
		valid_rows_only=bool(doc.valid_rows_only),
		dry_run=dry_run,
		official_import=name,
		period_start=doc.period_start,
		period_end=doc.period_end,
		refused_path=refused_path,
		progress=progress,
		commit=not frappe.flags.in_test,
	)
	try:
		importer = KINDS[doc.import_kind or "Roster"][0]
		outcome = importer(file_path(doc.import_file), options)
	except frappe.ValidationError as exc:
		frappe.db.rollback()
		doc.db_set({"status": "Failed", "problem_list": frappe.utils.strip_html(str(exc))})
		return None
	except Exception as exc:
		if not is_database_failure(exc):
			raise
		frappe.db.rollback()
		frappe.log_error(title=f"Official Import {name}")
		doc.db_set(
			{
				"status": "Failed",
				"problem_list": _(
					"The database stopped the import; the rows written so far are whole batches. Import the file again to finish."
				),
			}
		)
		return None
	status = (
		"Refused"
		if outcome.refused and not outcome.written
		else ("Imported" if outcome.written else "Checked")
	)
	refused_url = attach_refused_rows(name, outcome.refused_file)
	doc.db_set(
		{
			"status": status,
			"rows_read": outcome.rows,
			"rows_created": outcome.created,
			"rows_updated": outcome.updated,
			"rows_unchanged": outcome.unchanged,
			"rows_refused": outcome.refused,
			"warning_count": outcome.warnings,
			"bodies_created": outcome.bodies_created,
			"seconds": outcome.seconds,
			"refused_file": refused_url,
			"problem_list": _lines(outcome.problems),
			"warning_list": _lines(outcome.warnings_kept),
		}
	)
	if doc.import_kind != "TPS List" and outcome.written and (outcome.created or outcome.updated):
		enqueue_long(
			"kpu_etik.kinship.screening.screen_imported_officials",
			job_id=f"screening-import::{name}",
			official_import=name,
		)
	return outcome


def _lines(problems) -> str:
	return "\n".join(
		_("Row {0}, {1}: {2}").format(p.row, p.column, p.message)
		if p.column
		else _("Row {0}: {1}").format(p.row, p.message)
		for p in problems
	)


def attach_refused_rows(name: str, path: str | None) -> str | None:
	if not path:
		return None
	with open(path, "rb") as handle:
		content = handle.read()
	os.unlink(path)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{name}-refused.csv",
			"attached_to_doctype": "Official Import",
			"attached_to_name": name,
			"attached_to_field": "refused_file",
			"is_private": 1,
			"content": content,
		}
	)
	file.flags.ignore_permissions = True
	file.insert()
	return file.file_url


@frappe.whitelist()
@accepts(
	language=Choice("Language", options=("id", "en")),
	kind=Choice("Kind of File", options=tuple(KINDS)),
)
def download_template(language: str = "id", kind: str = "Roster"):
	"""A template as CSV (the roster's or the TPS list's): the header (Indonesian or English) and an
	example row."""
	_importer, rows, (indonesian, english) = KINDS.get(kind or "Roster") or KINDS["Roster"]
	buffer = io.StringIO()
	csv.writer(buffer).writerows(rows(language))
	frappe.response["filename"] = indonesian if language == "id" else english
	frappe.response["filecontent"] = "\ufeff" + buffer.getvalue()
	frappe.response["type"] = "download"
