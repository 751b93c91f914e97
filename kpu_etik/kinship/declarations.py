"""Kinship declarations outside the Desk: the member's portal actions, the public register, and
the reminders before a round's deadline."""

import base64

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, today

from kpu_etik import emails, uploads
from kpu_etik.core.dates import format_indonesian_date
from kpu_etik.core.nik import mask_nik
from kpu_etik.core.portal import DECLARED_STATES
from kpu_etik.core.regions import ancestor_at, ancestors_of, is_valid_code
from kpu_etik.permissions import subtree_condition

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


def own_official(official: str) -> dict:
	for row in my_officials():
		if row.name == official:
			return row
	frappe.throw(_("You can only declare for yourself."), frappe.PermissionError)


def own_declaration(name: str):
	doc = frappe.get_doc("Kinship Declaration", name)
	own_official(doc.official)
	return doc


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
	# SQL: three joins and the subtree condition permissions.py writes as SQL, one page at a time.
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


# --- coverage and reminders ------------------------------------------------------------------
def missing_officials(round_name: str) -> list[dict]:
	"""Active officials in the round's region with no declaration submitted in that round."""
	region = frappe.db.get_value("Kinship Declaration Round", round_name, "region")
	states = ", ".join(frappe.db.escape(s) for s in DECLARED_STATES)
	# SQL: an anti-join over a whole region's officials (a province holds hundreds of thousands).
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
	if not emails.can_send():
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
		deadline_text = format_indonesian_date(getdate(round_doc.deadline), with_day=False)
		for official in missing:
			if official.email:
				emails.send(
					"KPU Etik: Declaration Reminder",
					[official.email],
					{"official": official.full_name, "round": round_doc.title, "deadline": deadline_text},
					reference_doctype="Kinship Declaration Round",
					reference_name=round_doc.name,
				)
		by_regency = {}
		for official in missing:
			by_regency.setdefault(ancestor_at(official.region, "Kabupaten/Kota"), []).append(official)
		for regency, officials in by_regency.items():
			recipients = frappe.get_all(
				"Region Access",
				filters={"region": regency, "role": "KPU Kabkota Legal Officer"},
				pluck="user",
			)
			if not recipients:
				continue
			emails.send(
				"KPU Etik: Undeclared Officials",
				recipients,
				{
					"count": len(officials),
					"round": round_doc.title,
					"officials": [f"{o.full_name} ({o.name})" for o in officials],
				},
				reference_doctype="Kinship Declaration Round",
				reference_name=round_doc.name,
			)
