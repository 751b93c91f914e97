"""The decision and rehabilitation letters as KPU decrees (keputusan): letterhead, Menimbang,
Mengingat, Memperhatikan, MEMUTUSKAN / Menetapkan with KESATU, KEDUA..., place and date, the
signer, and the tembusan. One template (templates/letters/decree.html) draws both, from the
``decree`` this module makes for a Sanction or a Rehabilitation; the print formats call it too, so
the Desk's print view and the issued PDF are the same letter."""

import base64
import hmac

import frappe
from frappe import _
from frappe.utils import getdate

from kpu_etik.core.dates import format_indonesian_date
from kpu_etik.core.letters import DEFAULT_LEGAL_BASES, copy_lines, dictum, office_name
from kpu_etik.core.regions import level_of
from kpu_etik.core.stamp import VERIFICATION_CHARS, document_hash, verification_code
from kpu_etik.sanctions import signatures

CODE_OF_ETHICS = "Peraturan Dewan Kehormatan Penyelenggara Pemilihan Umum Nomor 2 Tahun 2017"
LOGO_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def issuing_office(region: str) -> frappe._dict:
	"""The KPU office that decides about a record of ``region``: the KPU Kabupaten/Kota above it
	(the jurisdiction over PPK, PPS and KPPS), with its letterhead when it has set one."""
	code = signatures.office_of(region)
	office = frappe.db.get_value(
		"KPU Office",
		code,
		["office_name", "logo", "address", "city", "chair_name", "chair_title", "legal_bases", "copies_to"],
		as_dict=True,
	)
	region_name = frappe.db.get_value("Region", code, "region_name") or "Indonesia"
	if not office:
		office = frappe._dict(office_name=office_name(level_of(code), region_name), chair_title="Ketua")
	if not office.chair_name:
		# The office's seated ketua signs when the letterhead names no one.
		office.chair_name = frappe.db.get_value(
			"Official",
			{"office_region": code, "position": "Ketua", "status": ("in", ("Active", "Suspended"))},
			"full_name",
		)
	office.region_name = region_name
	office.logo_data = _logo(office.logo)
	office.legal_bases = copy_lines(office.legal_bases) or list(DEFAULT_LEGAL_BASES)
	office.copies = copy_lines(office.copies_to)
	return office


def _logo(file_url: str | None) -> str | None:
	"""The logo as a data URI: the PDF renderer reads no private file and calls no URL."""
	if not file_url:
		return None
	name = frappe.db.get_value("File", {"file_url": file_url})
	if not name:
		return None
	content = frappe.get_doc("File", name).get_content()
	kind = next((t for magic, t in LOGO_TYPES.items() if bytes(content[: len(magic)]) == magic), None)
	return f"data:{kind};base64,{base64.b64encode(content).decode()}" if kind else None


def decree(doc) -> dict:
	"""The decree for a Sanction or a Rehabilitation (a jinja method of the print formats)."""
	office = issuing_office(doc.region or "ID")
	name = doc.official_name or ""
	official = (
		frappe.db.get_value("Official", doc.official, ["position", "level", "ad_hoc_body"], as_dict=True)
		or frappe._dict()
	)
	body = frappe.db.get_value("Ad Hoc Body", official.ad_hoc_body, "body_name") if official else None
	seat = " ".join(p for p in (official.position, body or official.level) if p)
	complaint = (
		frappe.db.get_value("Complaint", doc.complaint, ["case_number", "plenary_date"], as_dict=True)
		if doc.complaint
		else None
	)
	articles = _articles(doc.complaint)
	authority = office.office_name.upper()
	if doc.doctype == "Sanction":
		subject = f"PENJATUHAN SANKSI {(doc.sanction_type or '').upper()} KEPADA {name.upper()}"
		found = (
			f"bahwa berdasarkan hasil pemeriksaan atas pengaduan nomor {complaint.case_number}"
			if complaint
			else f"bahwa berdasarkan putusan {doc.decided_by_body or 'lembaga yang berwenang'}"
		)
		considerations = [
			f"{found}, Saudara/i {name}, {seat}, terbukti melanggar kode etik dan pedoman "
			"perilaku penyelenggara pemilu"
			+ (f", yaitu {_joined(articles)} {CODE_OF_ETHICS}" if articles else ""),
			f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
			f"Keputusan {office.office_name} tentang {subject.title()}",
		]
		dictums = [
			f"Menjatuhkan sanksi {doc.sanction_type} kepada Saudara/i {name}, {seat}.",
			f"Sanksi sebagaimana dimaksud dalam Diktum KESATU berlaku sejak {_date(doc.effective_from)}"
			+ (f" sampai dengan {_date(doc.until)}" if doc.until else "")
			+ ".",
		]
		if doc.effect == "Warning" and doc.guidance_by:
			dictums.append(
				f"Sanksi disertai pembinaan oleh {doc.guidance_by}"
				+ (f" paling lambat {_date(doc.guidance_due)}" if doc.guidance_due else "")
				+ "."
			)
	else:
		subject = f"REHABILITASI NAMA BAIK {name.upper()}"
		considerations = [
			f"bahwa berdasarkan hasil pemeriksaan atas pengaduan nomor "
			f"{complaint.case_number if complaint else '-'}, dugaan pelanggaran kode etik dan pedoman "
			f"perilaku penyelenggara pemilu oleh Saudara/i {name}, {seat}, tidak terbukti",
			f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
			f"Keputusan {office.office_name} tentang Rehabilitasi Nama Baik",
		]
		dictums = [
			f"Merehabilitasi nama baik Saudara/i {name}, {seat}, sebagai penyelenggara pemilu.",
			"Memulihkan hak dan kedudukan yang bersangkutan sebagai penyelenggara pemilu.",
		]
	dictums.append("Keputusan ini mulai berlaku pada tanggal ditetapkan.")
	noting = (
		[f"Berita Acara Rapat Pleno {office.office_name} tanggal {_date(complaint.plenary_date)}"]
		if complaint and complaint.plenary_date
		else [f"Putusan {doc.decided_by_body}"]
		if doc.get("decided_by_body")
		else []
	)
	legal_bases = office.legal_bases + [f"{a} {CODE_OF_ETHICS}" for a in articles]
	return {
		"office": office,
		"title": f"KEPUTUSAN {authority}",
		"number": doc.letter_number,
		"subject": subject,
		"authority": authority,
		"considerations": considerations,
		"legal_bases": legal_bases,
		"noting": noting,
		"enacts": f"KEPUTUSAN {authority} TENTANG {subject}",
		"dictums": [(dictum(n), text) for n, text in enumerate(dictums, start=1)],
		"date": _date(doc.letter_date),
		"copies": office.copies,
		**signing_block(office),
	}


def signing_block(office) -> dict:
	"""Where a decree of ``office`` is set, and who signs it with which title (the decree's foot, and
	the electronic signature's block)."""
	return {
		"place": office.city or office.region_name,
		"signer_title": f"{office.chair_title or 'Ketua'} {office.office_name}",
		"signer_name": office.chair_name,
	}


def _articles(complaint: str | None) -> list[str]:
	if not complaint:
		return []
	return frappe.get_all(
		"Complaint Article",
		filters={"parent": complaint, "parenttype": "Complaint"},
		pluck="article",
		order_by="idx",
	)


def _joined(items: list[str]) -> str:
	return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " dan " + items[-1]


def _date(value) -> str:
	return format_indonesian_date(getdate(value), False) if value else "-"


def check(number: str, code: str) -> dict | None:
	"""The letter with this number whose verification code is ``code`` (genuine), with its standing,
	or None. Both must match: a number alone reveals nothing. Never who complained."""
	number, code = (number or "").strip(), (code or "").strip().lower()
	if not number or len(code) != VERIFICATION_CHARS:
		return None
	for doctype in ("Sanction", "Rehabilitation"):
		for row in frappe.get_all(
			doctype,
			filters={"letter_number": number, "letter_hash": ("is", "set")},
			fields=CHECKED_FIELDS[doctype],
			ignore_permissions=True,  # the public check: what it returns is chosen below
		):
			if hmac.compare_digest(verification_code(row.letter_hash), code):
				return _standing(doctype, row)
	return None


def _standing(doctype: str, row) -> dict:
	office = issuing_office(row.region)
	if doctype == "Sanction":
		state = {"In Force": "in_force", "Ended": "ended", "Cancelled": "cancelled"}.get(
			row.workflow_state, "not_in_force"
		)
		subject = _("Sanction: {0}").format(_(row.sanction_type))
	else:
		state, subject = "in_force", _("Rehabilitation")
	return {
		"doctype": doctype,
		"state": state,
		"state_label": _(STATE_LABELS[state]),
		"number": row.letter_number,
		"date": _date(row.letter_date),
		"office": office.office_name,
		"official": row.official_name,
		"subject": subject,
		"effective_from": _date(row.get("effective_from")) if row.get("effective_from") else None,
		"until": _date(row.get("until")) if row.get("until") else None,
		"ended_on": _date(row.get("ended_on")) if row.get("ended_on") else None,
		"file_hash": row.letter_file_hash,
		"file_url": row.letter_file,
	}


# What the public check reads of a letter's record (never the complaint or who filed it).
_LETTER_FIELDS = (
	"region",
	"letter_number",
	"letter_date",
	"letter_hash",
	"letter_file_hash",
	"letter_file",
	"official_name",
)
# What the public check keeps to itself of a letter's standing.
PRIVATE_KEYS = ("file_hash", "file_url")
CHECKED_FIELDS = {
	"Sanction": [*_LETTER_FIELDS, "workflow_state", "sanction_type", "effective_from", "until", "ended_on"],
	"Rehabilitation": list(_LETTER_FIELDS),
}
STATE_LABELS = {
	"in_force": "In force",
	"ended": "Ended",
	"cancelled": "Cancelled",
	"not_in_force": "Not in force",
}


def same_file(standing: dict, content: bytes) -> bool:
	"""Whether ``content`` is the issued PDF itself, byte for byte (stamp and QR code included)."""
	return bool(standing.get("file_hash")) and hmac.compare_digest(
		document_hash(content), standing["file_hash"]
	)


def qr_modules(url: str) -> list[list[bool]]:
	"""The QR code of ``url`` (error correction M: a printed page may be creased or stained)."""
	import segno

	return [[bool(dark) for dark in row] for row in segno.make(url, error="m", micro=False).matrix]


def signature(standing: dict, content: bytes | None = None) -> dict | None:
	"""What the electronic signature of ``content`` (a person's copy) says, or of the issued file
	itself; None when the letter was issued before files were kept."""
	if content is None:
		name = standing.get("file_url") and frappe.db.get_value(
			"File",
			{"file_url": standing["file_url"], "attached_to_doctype": standing["doctype"]},
		)
		if not name:
			return None
		content = frappe.get_doc("File", name).get_content()
	return signatures.describe(signatures.verify(content))


def public(standing: dict) -> dict:
	"""The standing as the public sees it."""
	return {key: value for key, value in standing.items() if key not in PRIVATE_KEYS}
