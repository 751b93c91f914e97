"""Kinship declarations outside the Desk: the member's portal actions, the public register, and
the reminders before a round's deadline."""

import base64
import csv
import io
import json

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow
from frappe.rate_limiter import rate_limit
from frappe.utils import add_days, cint, getdate, today

from kpu_etik import rules, uploads
from kpu_etik.core.errors import RuleError
from kpu_etik.core.inputs import Choice, Encoded, Flag, Structured, Text
from kpu_etik.core.nik import mask_nik
from kpu_etik.core.pdf import check_pdf
from kpu_etik.core.regions import ancestors_of, is_valid_code
from kpu_etik.core.uploads import neutralise_cell
from kpu_etik.inputs import accepts
from kpu_etik.permissions import subtree_condition

DECLARED_STATES = ("Submitted", "Verified", "Announced")
RELATIVE_FIELDS = (
	"relative_name",
	"relationship",
	"relative_role",
	"party",
	"electoral_district",
	"relative_nik",
)
MAX_STATEMENT_BYTES = 5 * 1024 * 1024


# --- the member's own declaration (portal) ---------------------------------------------------
def my_officials(user: str | None = None) -> list[dict]:
	return frappe.get_all(
		"Official",
		filters={"user": user or frappe.session.user, "status": "Active"},
		fields=["name", "full_name", "level", "position", "region", "ad_hoc_body"],
	)


def rounds_for(region: str) -> list[dict]:
	"""Open rounds set by the KPU offices above this region."""
	return frappe.get_all(
		"Kinship Declaration Round",
		filters={"is_open": 1, "region": ("in", [region, *ancestors_of(region)])},
		fields=["name", "title", "election", "deadline"],
		order_by="deadline asc",
	)


def _own_official(official: str) -> dict:
	for row in my_officials():
		if row.name == official:
			return row
	frappe.throw(_("You can only declare for yourself."), frappe.PermissionError)


def _own_declaration(name: str):
	doc = frappe.get_doc("Kinship Declaration", name)
	_own_official(doc.official)
	return doc


@frappe.whitelist()
@accepts(
	no_family_tie=Flag("No Family Tie"),
	relatives=Structured("Relatives", max_items=100),
	statement_content=Encoded("Statement", max_bytes=MAX_STATEMENT_BYTES),
)
def save_my_declaration(
	official: str,
	round: str,
	no_family_tie=0,
	relatives=None,
	statement_name: str | None = None,
	statement_content: str | None = None,
) -> dict:
	"""Create or update the signed-in member's declaration; the statement comes base64-encoded."""
	_own_official(official)
	if frappe.db.get_value("Kinship Declaration Round", round, "is_open") != 1:
		frappe.throw(_("This declaration round is not open."))
	# Check the statement before anything is written, so a bad file leaves nothing half-saved.
	statement = decode_statement(statement_content) if statement_content else None
	name = frappe.db.get_value("Kinship Declaration", {"official": official, "round": round})
	doc = frappe.get_doc("Kinship Declaration", name) if name else frappe.new_doc("Kinship Declaration")
	doc.update({"official": official, "round": round, "no_family_tie": cint(no_family_tie)})
	rows = relatives or []
	if not all(isinstance(row, dict) for row in rows):
		frappe.throw(_("The list of relatives could not be read."))
	doc.set("relatives", [{field: (row or {}).get(field) for field in RELATIVE_FIELDS} for row in rows])
	doc.save()
	if statement:
		attach_statement(doc, statement_name or "surat-pernyataan.pdf", statement)
	return declaration_summary(doc.name)


def decode_statement(content_base64: str) -> bytes:
	try:
		content = base64.b64decode(content_base64.split(",")[-1], validate=True)
	except ValueError:
		frappe.throw(_("The statement file could not be read."))
	if len(content) > MAX_STATEMENT_BYTES:
		frappe.throw(_("The statement file is larger than 5 MB."))
	uploads.check(content, "Kinship Declaration", "statement")
	return content


def attach_statement(doc, file_name: str, content: bytes):
	file_doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name if file_name.lower().endswith(".pdf") else f"{file_name}.pdf",
			"content": content,
			"attached_to_doctype": "Kinship Declaration",
			"attached_to_name": doc.name,
			"attached_to_field": "statement",
			"is_private": 1,
		}
	)
	file_doc.flags.ignore_permissions = True
	file_doc.insert()  # the File hook refuses anything but a real PDF
	doc.reload()
	doc.statement = file_doc.file_url
	doc.save()


@frappe.whitelist()
@accepts()
def submit_my_declaration(name: str) -> dict:
	doc = _own_declaration(name)
	apply_workflow(doc, "Resubmit" if doc.workflow_state == "Returned" else "Submit")
	return declaration_summary(name)


def declaration_summary(name: str) -> dict:
	doc = frappe.get_doc("Kinship Declaration", name)
	return {
		"name": doc.name,
		"state": doc.workflow_state,
		"no_family_tie": doc.no_family_tie,
		"statement": bool(doc.statement),
		"return_reason": doc.return_reason,
		"relatives": [{field: row.get(field) for field in RELATIVE_FIELDS} for row in doc.relatives],
	}


# --- the public register ---------------------------------------------------------------------
def announced_register(region: str | None = None, start: int = 0, limit: int | None = 100) -> list[dict]:
	"""Announced declarations with what the public may see: no relative's NIK, the official's masked."""
	if region and not is_valid_code(region):
		frappe.throw(_("{0} is not a region code.").format(region))
	condition = subtree_condition("d.region", [region]) if region else "1=1"
	paging = f"limit {cint(limit)} offset {cint(start)}" if limit else ""
	declarations = frappe.db.sql(
		f"""select d.name, d.official_name, d.region, d.no_family_tie, d.pleno_date, d.publication_date,
			d.publication_link, d.channel_website, d.channel_notice_board, d.channel_mass_media,
			d.channel_social_media, o.nik, o.position, o.level, b.body_name, r.region_name
		from `tabKinship Declaration` d
		join `tabOfficial` o on o.name = d.official
		left join `tabAd Hoc Body` b on b.name = d.ad_hoc_body
		left join `tabRegion` r on r.name = d.region
		where d.workflow_state = 'Announced' and {condition}
		order by d.region, d.official_name {paging}""",
		as_dict=True,
	)
	relatives = {}
	if declarations:
		for row in frappe.get_all(
			"Declared Relative",
			filters={"parent": ("in", [d.name for d in declarations]), "parenttype": "Kinship Declaration"},
			fields=[
				"parent",
				"relative_name",
				"relationship",
				"relative_role",
				"party",
				"electoral_district",
			],
			order_by="idx",
		):
			relatives.setdefault(row.pop("parent"), []).append(row)
	channels = {
		"channel_website": _("KPU Website"),
		"channel_notice_board": _("Notice Board"),
		"channel_mass_media": _("Mass Media"),
		"channel_social_media": _("Social Media"),
	}
	return [
		{
			"official": d.official_name,
			"nik": mask_nik(d.nik),
			"position": d.position,
			"level": d.level,
			"body": d.body_name,
			"region": d.region,
			"region_name": d.region_name,
			"no_family_tie": bool(d.no_family_tie),
			"relatives": relatives.get(d.name, []),
			"pleno_date": str(d.pleno_date or ""),
			"publication_date": str(d.publication_date or ""),
			"channels": [label for field, label in channels.items() if d.get(field)],
			"publication_link": d.publication_link,
		}
		for d in declarations
	]


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=30, seconds=60)
@accepts(region=Text("Region", max_length=13), format=Choice("Format", options=("csv", "json")))
def register_download(region: str | None = None, format: str = "csv"):
	"""The register of announced declarations of a region as CSV or JSON."""
	if format not in ("csv", "json"):
		frappe.throw(_("The format must be csv or json."))
	rows = announced_register(region or None, limit=None)
	stem = f"register-kekerabatan-{region or 'indonesia'}"
	if format == "json":
		frappe.response.update(
			{
				"type": "download",
				"filename": f"{stem}.json",
				"filecontent": json.dumps(rows, ensure_ascii=False, indent=1),
			}
		)
		return
	buffer = io.StringIO()
	writer = csv.writer(buffer)

	def write_row(cells):
		# names typed by the public never run as spreadsheet formulas
		writer.writerow([neutralise_cell(cell) for cell in cells])

	write_row(
		[
			"official",
			"nik",
			"position",
			"body",
			"region",
			"region_name",
			"relative",
			"relationship",
			"role",
			"party",
			"electoral_district",
			"pleno_date",
			"publication_date",
			"channels",
		]
	)
	for row in rows:
		base = [row["official"], row["nik"], row["position"], row["body"], row["region"], row["region_name"]]
		tail = [row["pleno_date"], row["publication_date"], "; ".join(row["channels"])]
		if not row["relatives"]:
			write_row([*base, _("No family tie"), "", "", "", "", *tail])
		for rel in row["relatives"]:
			write_row(
				[
					*base,
					rel.relative_name,
					rel.relationship,
					rel.relative_role,
					rel.party or "",
					rel.electoral_district or "",
					*tail,
				]
			)
	frappe.response.update({"type": "download", "filename": f"{stem}.csv", "filecontent": buffer.getvalue()})


# --- coverage and reminders ------------------------------------------------------------------
def missing_officials(round_name: str) -> list[dict]:
	"""Active officials in the round's region with no declaration submitted in that round."""
	region = frappe.db.get_value("Kinship Declaration Round", round_name, "region")
	states = ", ".join(frappe.db.escape(s) for s in DECLARED_STATES)
	return frappe.db.sql(
		f"""select o.name, o.full_name, o.email, o.region, o.ad_hoc_body
		from `tabOfficial` o
		where o.status = 'Active' and {subtree_condition("o.region", [region])}
			and not exists (select 1 from `tabKinship Declaration` d where d.official = o.name
				and d.round = %s and d.workflow_state in ({states}))
		order by o.region, o.full_name""",
		round_name,
		as_dict=True,
	)


def send_declaration_reminders():
	"""Daily: from `remind_days_before` the deadline on, remind those who have not declared, and
	send each KPU Kabupaten/Kota's legal division the list for its area."""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	if not EmailAccount.find_outgoing(_raise_error=False):
		frappe.log_error("Kinship declaration reminders", "No outgoing email account: reminders not sent.")
		return
	for round_doc in frappe.get_all(
		"Kinship Declaration Round",
		filters={"is_open": 1},
		fields=["name", "title", "deadline", "remind_days_before"],
	):
		# From `remind_days_before` the deadline up to the deadline itself.
		if not (
			getdate(add_days(round_doc.deadline, -cint(round_doc.remind_days_before)))
			<= getdate(today())
			<= getdate(round_doc.deadline)
		):
			continue
		missing = missing_officials(round_doc.name)
		for official in missing:
			if official.email:
				frappe.sendmail(
					recipients=[official.email],
					subject=_("Reminder: kinship declaration due {0}").format(round_doc.deadline),
					message=_(
						"Dear {0}, your kinship declaration for {1} has not been submitted. The deadline is {2}."
					).format(official.full_name, round_doc.title, round_doc.deadline),
					reference_doctype="Kinship Declaration Round",
					reference_name=round_doc.name,
				)
		by_regency = {}
		for official in missing:
			by_regency.setdefault(official.region[:5], []).append(official)
		for regency, officials in by_regency.items():
			recipients = frappe.get_all(
				"Region Access",
				filters={"region": regency, "role": "KPU Kabkota Legal Officer"},
				pluck="user",
			)
			if not recipients:
				continue
			lines = "".join(f"<li>{frappe.utils.escape_html(o.full_name)} ({o.name})</li>" for o in officials)
			frappe.sendmail(
				recipients=recipients,
				subject=_("{0} officials have not declared for {1}").format(len(officials), round_doc.title),
				message=f"<ul>{lines}</ul>",
				reference_doctype="Kinship Declaration Round",
				reference_name=round_doc.name,
			)
