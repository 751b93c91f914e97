import frappe
from frappe import _
from frappe.model.document import Document

from kpu_etik.inputs import accepts
from kpu_etik.jobs import enqueue_long, is_working


class CandidateListImport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		election: DF.Data
		hits_found: DF.Int
		import_errors: DF.LongText | None
		import_file: DF.Attach
		list_type: DF.Literal["DCT (Candidates)", "Campaign Team"]
		region: DF.Link | None
		rows_imported: DF.Int
		status: DF.Literal["Pending", "Queued", "Importing", "Imported", "Failed"]

	# end: auto-generated types
	def validate(self):
		if not self.region:
			# The importing office's region: the user's only region, or the nation for KPU RI.
			from kpu_etik.core.regions import ROOT_CODE
			from kpu_etik.permissions import user_regions

			regions = user_regions()
			self.region = ROOT_CODE if regions is None else (regions[0] if len(regions) == 1 else None)
		if not self.region:
			frappe.throw(_("Choose the region whose candidate list this is."))
		if self.has_value_changed("import_file") and self.import_file:
			extension = self.import_file.rsplit(".", 1)[-1].lower()
			if extension not in ("csv", "xlsx"):
				frappe.throw(_("Upload the list as a CSV or XLSX file."))


@frappe.whitelist()
@accepts()
def start_import(name: str):
	"""Desk action: validate and load the list in the background, then screen every official."""
	doc = frappe.get_doc("Candidate List Import", name)
	doc.check_permission("write")
	job_id = f"candidate-import::{name}"
	# A list left "Importing" by a worker that died holds no lock: it can be started again.
	if doc.status in ("Queued", "Importing") and is_working(job_id):
		frappe.throw(_("This list is already being imported."))
	doc.db_set({"status": "Queued", "import_errors": None})
	enqueue_long("kpu_etik.kinship.candidate_import.run_import", job_id=job_id, import_name=name, queued=True)
