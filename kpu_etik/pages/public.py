"""The context of each public page: what a citizen reads without an account."""

import frappe
from frappe import _

from kpu_etik.core.inputs import Text, WholeNumber
from kpu_etik.inputs import read_form
from kpu_etik.kinship.declarations import announced_register
from kpu_etik.pages import PageProblem, long_date
from kpu_etik.pages.privacy import notice
from kpu_etik.public_pages import known_region
from kpu_etik.sanctions import letters
from kpu_etik.sanctions.sanctioning import public_register

REGISTER_PAGE_SIZE = 50


def landing(context):
	"""What a citizen can do without an account, and the way in for PPK and PPS members."""
	context.title = _("Code of Ethics of Election Organizers")
	context.publish_sanctions = frappe.db.get_single_value("KPU Etik Settings", "publish_sanctions")


def complaint(context):
	"""The complaint form; the receipt replaces it once sent (api.public.submit_public_complaint)."""
	from kpu_etik.complaints.handling import MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES

	context.title = _("File a Complaint")
	context.today = frappe.utils.today()  # the latest incident date
	context.max_files = MAX_EVIDENCE_FILES
	context.max_mb = MAX_EVIDENCE_BYTES // (1024 * 1024)
	context.notice = notice("complaint")


def complaint_status(context):
	"""The stage of a complaint, by its receipt code: typed, or in the address (?code=, from the
	receipt's link), then checked by the page's script through the rate-limited API."""
	context.title = _("Complaint Status")
	context.receipt_code = (read_form(code=Text("Receipt Code", max_length=64)).code or "").strip()


def region_or_problem(path: str) -> str:
	"""The region a register was asked for ("" for Indonesia), or the not-found page."""
	region = known_region(frappe.form_dict.get("region"))
	if region is None:
		raise PageProblem(
			404,
			_("Region not found"),
			_(
				"No region has the code asked for. Check the code in the link, or open the register for the whole of Indonesia."
			),
			(f"/{path}", _("Register for the whole of Indonesia")),
		)
	return region


def region_label(region: str) -> str:
	return frappe.db.get_value("Region", region, "region_name") if region else _("Indonesia")


def kinship_register(context):
	# The read itself is on the replica where there is one (a public register).
	read_kinship_register(context)


@frappe.read_only()
def read_kinship_register(context):
	region = region_or_problem("kinship-register")
	page = read_form(page=WholeNumber("Page", low=1, high=100000)).page or 1
	rows = announced_register(
		region or None, start=(page - 1) * REGISTER_PAGE_SIZE, limit=REGISTER_PAGE_SIZE + 1
	)
	for row in rows:
		row["pleno_date_text"] = long_date(row["pleno_date"]) or "-"
		row["publication_date_text"] = long_date(row["publication_date"]) or "-"
	context.update(
		title=_("Register of Kinship Declarations"),
		region=region,
		region_name=region_label(region),
		page=page,
		has_next=len(rows) > REGISTER_PAGE_SIZE,
		rows=rows[:REGISTER_PAGE_SIZE],
	)


def sanctions_register(context):
	read_sanctions_register(context)


@frappe.read_only()
def read_sanctions_register(context):
	if not frappe.db.get_single_value("KPU Etik Settings", "publish_sanctions"):
		raise PageProblem(
			404,
			_("This register is not published."),
			_("KPU has not published its register of sanctions on this site."),
			("/kpu-etik", _("Home")),
		)
	region = region_or_problem("sanctions-register")
	rows = public_register(region or None)
	for row in rows:
		row.date_text = long_date(row.effective_from)
	context.update(
		title=_("Register of Sanctions"), region=region, region_name=region_label(region), rows=rows
	)


def letter_check(context):
	"""The public check of a decision letter: opened from the QR code printed on every page (number
	and code filled in), or typed from the stamp."""
	args = read_form(number=Text("Letter Number"), code=Text("Verification Code", max_length=64))
	context.number, context.code = args.number or "", args.code or ""
	standing = letters.check(context.number, context.code) if context.number else None
	context.standing = letters.public(standing) if standing else None
	context.signature = letters.signature(standing) if standing else None
	context.checked = bool(context.number)
	context.title = _("Check a Decision Letter")
