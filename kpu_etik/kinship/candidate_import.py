"""Import of candidate (DCT) and campaign-team lists: validate every row, then load in bulk.

A list of hundreds of thousands of rows is read once, every problem is reported with its row
number, and nothing is loaded unless the whole list is clean. Importing the same list record again
replaces its rows.
"""

import frappe
from frappe import _
from frappe.utils import now

from kpu_etik import rules
from kpu_etik.core.dates import parse_indonesian_date
from kpu_etik.core.errors import RuleError
from kpu_etik.core.names import name_key
from kpu_etik.core.nik import parse_kk, parse_nik, plain_number
from kpu_etik.core.regions import ROOT_CODE, is_valid_code, is_within
from kpu_etik.core.text import accepted_text
from kpu_etik.jobs import claim
from kpu_etik.spreadsheets import read_table

# Column headers accepted, Indonesian or English, to the field they fill.
HEADERS = {
	"nama": "full_name",
	"nama lengkap": "full_name",
	"name": "full_name",
	"full_name": "full_name",
	"nik": "nik",
	"no_kk": "no_kk",
	"no kk": "no_kk",
	"kk": "no_kk",
	"tanggal_lahir": "birth_date",
	"tanggal lahir": "birth_date",
	"tgl_lahir": "birth_date",
	"birth_date": "birth_date",
	"peran": "candidate_role",
	"jabatan": "candidate_role",
	"role": "candidate_role",
	"partai": "party",
	"party": "party",
	"dapil": "electoral_district",
	"electoral_district": "electoral_district",
	"kode_wilayah": "region",
	"wilayah": "region",
	"region": "region",
}
# Short forms in the lists to the Role options.
ROLE_ALIASES = {
	"dpr": "Calon DPR",
	"calon dpr": "Calon DPR",
	"dpd": "Calon DPD",
	"calon dpd": "Calon DPD",
	"dprd provinsi": "Calon DPRD Provinsi",
	"calon dprd provinsi": "Calon DPRD Provinsi",
	"dprd prov": "Calon DPRD Provinsi",
	"dprd kabupaten/kota": "Calon DPRD Kabupaten/Kota",
	"calon dprd kabupaten/kota": "Calon DPRD Kabupaten/Kota",
	"dprd kab/kota": "Calon DPRD Kabupaten/Kota",
	"tim kampanye": "Tim Kampanye",
	"peserta pemilu": "Peserta Pemilu",
}
COLUMNS = (
	"name", "full_name", "candidate_role", "party", "electoral_district", "region", "nik", "no_kk",
	"birth_date", "name_key", "source_import", "creation", "modified", "owner", "modified_by",
)  # fmt: skip
CHUNK = 5000
MAX_PROBLEMS_KEPT = 200


def read_rows(content: bytes, file_name: str):
	"""Yield (row number, list of cells) from a CSV or XLSX file; row 1 is the header."""
	return read_table(content, file_name)


def parse_list(content: bytes, file_name: str, default_role: str | None) -> tuple[list[dict], list[str]]:
	rows, problems = [], []
	provinces = rules.known_provinces()
	meta = frappe.get_meta("Election Candidate")
	columns = None
	for number, cells in read_rows(content, file_name):
		if columns is None:
			columns = [HEADERS.get(str(h or "").strip().lower()) for h in cells]
			if "full_name" not in columns:
				return [], [_("Row 1: no name column (nama) in the header.")]
			continue
		if not any(str(c).strip() for c in cells):
			continue
		record = {}
		row_problems = []
		for field, cell in zip(columns, cells, strict=False):
			if field:
				if isinstance(cell, str):
					# the rows go in by SQL, past the documents' plain-text hook: the same rule here
					try:
						cell = accepted_text(cell, _(meta.get_label(field)))
					except RuleError as exc:
						row_problems.append(_(exc.template).format(*exc.args))
						cell = ""
				record[field] = cell.strip() if isinstance(cell, str) else cell
		record["full_name"] = " ".join(str(record.get("full_name") or "").split())
		if not record["full_name"]:
			row_problems.append(_("no name"))
		role = str(record.get("candidate_role") or "").strip()
		record["candidate_role"] = ROLE_ALIASES.get(role.lower(), role) or default_role
		if record["candidate_role"] not in ROLE_ALIASES.values():
			row_problems.append(_("unknown role {0}").format(role or "-"))
		nik_birth_date = None
		for field, parse in (("nik", parse_nik), ("no_kk", parse_kk)):
			value = plain_number(str(record.get(field) or ""))
			if value.endswith(".0"):  # a number cell in a spreadsheet
				value = value[:-2]
			record[field] = value or None
			if value:
				try:
					parsed = parse(value, known_provinces=provinces)
					nik_birth_date = parsed.birth_date if field == "nik" else nik_birth_date
				except RuleError as exc:
					row_problems.append(_(exc.template).format(*exc.args))
		if not record.get("birth_date") and nik_birth_date:
			record["birth_date"] = nik_birth_date  # screening looks candidates up by birth date
		if record.get("birth_date"):
			try:
				record["birth_date"] = parse_indonesian_date(record["birth_date"])
			except RuleError as exc:
				row_problems.append(_(exc.template).format(*exc.args))
		else:
			record["birth_date"] = None
		region = str(record.get("region") or "").strip()
		record["region"] = region or None
		if region and not is_valid_code(region):
			row_problems.append(_("{0} is not a region code").format(region))
		for problem in row_problems:
			problems.append(_("Row {0}: {1}").format(number, problem))
		if not row_problems:
			rows.append(record)
	if columns is None:
		problems.append(_("The file is empty."))
	return rows, problems


def run_import(import_name: str, queued: bool = False):
	"""The job: a queued request is claimed first, so a job queued twice for it imports once."""
	if queued and not claim("Candidate List Import", import_name, "Queued", "Importing"):
		return
	doc = frappe.get_doc("Candidate List Import", import_name)
	try:
		file_doc = frappe.get_doc("File", {"file_url": doc.import_file})
		content = file_doc.get_content()
		content = content.encode() if isinstance(content, str) else content
		default_role = "Tim Kampanye" if doc.list_type == "Campaign Team" else None
		rows, problems = parse_list(content, file_doc.file_name or doc.import_file, default_role)
		known = set(
			frappe.get_all(
				"Region",
				filters={"name": ("in", list({r["region"] for r in rows if r["region"]}) or [""])},
				pluck="name",
			)
		)
		for row in rows:
			if row["region"] and row["region"] not in known:
				problems.append(_("Region {0} does not exist ({1})").format(row["region"], row["full_name"]))
			elif row["region"] and not is_within(row["region"], doc.region):
				problems.append(
					_("{0} stands in region {1}, outside this import's region {2}").format(
						row["full_name"], row["region"], doc.region
					)
				)
			elif not row["region"] and doc.region != ROOT_CODE:
				row["region"] = doc.region
		if problems:
			doc.db_set(
				{
					"status": "Failed",
					"rows_imported": 0,
					"import_errors": _("{0} problems; nothing was imported.").format(len(problems))
					+ "\n"
					+ "\n".join(problems[:MAX_PROBLEMS_KEPT]),
				}
			)
			frappe.db.commit()
			return
		insert_candidates(doc.name, rows)
		doc.db_set({"status": "Imported", "rows_imported": len(rows), "import_errors": None})
		frappe.db.commit()
	except Exception as exc:
		frappe.db.rollback()
		if isinstance(exc, frappe.ValidationError | RuleError):
			# the app's own message, already in the user's language
			message = _(exc.template).format(*exc.args) if isinstance(exc, RuleError) else str(exc)
		else:
			# never a traceback for the officer to read: it goes to the Error Log
			frappe.log_error(
				title=_("Candidate list import failed"),
				reference_doctype=doc.doctype,
				reference_name=doc.name,
			)
			message = _(
				"The import stopped because of an unexpected error; nothing was imported. The site administrator finds the details in the Error Log."
			)
		doc.db_set({"status": "Failed", "import_errors": message})
		frappe.db.commit()
		return
	from kpu_etik.kinship.screening import enqueue_screening

	# Every official against the lists, in shard jobs that add up hits_found as they finish.
	doc.db_set("hits_found", 0)
	enqueue_screening(candidate_import=doc.name)
	frappe.db.commit()


def insert_candidates(import_name: str, rows: list[dict]):
	frappe.db.delete("Election Candidate", {"source_import": import_name})
	timestamp, user = now(), frappe.session.user
	placeholders = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
	for start in range(0, len(rows), CHUNK):
		values = []
		for row in rows[start : start + CHUNK]:
			values.extend(
				(
					frappe.generate_hash(length=12),
					row["full_name"],
					row["candidate_role"],
					row.get("party") or None,
					row.get("electoral_district") or None,
					row["region"],
					row["nik"],
					row["no_kk"],
					row["birth_date"],
					name_key(row["full_name"]),
					import_name,
					timestamp,
					timestamp,
					user,
					user,
				)
			)
		frappe.db.sql(
			f"insert into `tabElection Candidate` ({', '.join(f'`{c}`' for c in COLUMNS)}) values "
			+ ", ".join([placeholders] * (len(values) // len(COLUMNS))),
			values,
		)
