"""Test data for the integration suite: real regions (the bundled seed file), invented people."""

import itertools
from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase

from kpu_etik.core.nik import make_nik
from kpu_etik.core.pdf import blank_pdf
from kpu_etik.demo import SEED_FILE
from kpu_etik.organization.region_loader import load_regions

PERIOD = (date(2029, 1, 2), date(2029, 12, 31))
_serials = itertools.count(1)

# Real regions of the seeds.
LUWU_UTARA = "73.22"
BAEBUNTA_SELATAN = "73.22.14"
MAPPEDECENG = "73.22.10"
SOPPENG = "73.12"
MARIORIWAWO = "73.12.01"
BARAE = "73.12.01.2006"


def ensure_regions():
	if not frappe.db.exists("Region", BARAE):
		load_regions(SEED_FILE)


def first_desa(kecamatan: str) -> str:
	return frappe.get_all("Region", {"parent_region": kecamatan}, pluck="name", order_by="name", limit=1)[0]


def nik(district=BAEBUNTA_SELATAN, born=date(1990, 5, 17), sex="Male") -> str:
	# Serials start high so they never meet the demo data's.
	return make_nik(district, born, sex, 5000 + next(_serials) % 4999)


def body(body_type, region=None, parent_body=None, polling_station=None, status="Forming"):
	doc = frappe.get_doc(
		{
			"doctype": "Ad Hoc Body",
			"body_type": body_type,
			"region": region,
			"parent_body": parent_body,
			"polling_station": polling_station,
			"period_start": PERIOD[0],
			"period_end": PERIOD[1],
			"status": status,
		}
	)
	return doc.insert()


def polling_station(desa, number=1):
	name = frappe.db.get_value("Polling Station", {"region": desa, "tps_number": number})
	if name:
		return frappe.get_doc("Polling Station", name)
	return frappe.get_doc({"doctype": "Polling Station", "region": desa, "tps_number": number}).insert()


def official(body_name=None, level=None, position="Anggota", office_region=None, **fields):
	if body_name and not level:
		level = frappe.db.get_value("Ad Hoc Body", body_name, "body_type")
	doc = frappe.get_doc(
		{
			"doctype": "Official",
			"full_name": fields.pop("full_name", "Andi Saputra"),
			"level": level,
			"position": position,
			"ad_hoc_body": body_name,
			"office_region": office_region,
			"nik": fields.pop("nik", None) or nik(),
			**fields,
		}
	)
	return doc.insert()


def account(email):
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": email.split("@")[0], "send_welcome_email": 0}
		).insert(ignore_permissions=True)
	return email


def user(email, *roles_at_regions):
	"""A user with Region Access grants: user("a@x.test", ("KPU Kabkota Legal Officer", "73.22"))."""
	account(email)
	from kpu_etik.organization.doctype.region_access.region_access import grant_region_role

	current = frappe.session.user
	frappe.set_user("Administrator")
	try:
		for role, region in roles_at_regions:
			grant_region_role(email, role, region)
	finally:
		frappe.set_user(current)
	return email


def remove_committed(officials=(), bodies=(), users=()):
	"""What a test class committed in setUpClass: its officials, bodies, users and their grants."""
	frappe.set_user("Administrator")
	for official in officials:
		frappe.delete_doc("Official", official.name, force=True, ignore_permissions=True)
	for body in bodies:
		frappe.delete_doc("Ad Hoc Body", body.name, force=True, ignore_permissions=True)
	for grant in frappe.get_all("Region Access", {"user": ("in", list(users) or [""])}, pluck="name"):
		frappe.delete_doc("Region Access", grant, force=True, ignore_permissions=True)
	for user in users:
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()


def closed_complaint(official: str, stage="Closed - Proven"):
	"""A temuan against one official, put straight into a final stage (the path is tested with the
	complaint itself)."""
	doc = frappe.get_doc(
		{
			"doctype": "Complaint",
			"source": "Temuan",
			"received_via": "Internal Supervision",
			"respondents": [{"official": official, "respondent_name": "x"}],
			"chronology": "Temuan pengawasan internal.",
		}
	).insert()
	doc.db_set("workflow_state", stage)
	return doc


def fetch_page(path: str, query: str = "", user: str = "Guest"):
	"""A page of the site as `user`'s browser gets it (its response); the request is put back after (a
	request left behind would rate-limit every later test's calls of the public methods)."""
	from frappe.utils import set_request
	from frappe.website.serve import get_response

	frappe.set_user(user)
	previous = getattr(frappe.local, "request", None)
	try:
		set_request(path=f"/{path}", query_string=query)
		frappe.local.form_dict = frappe._dict(frappe.local.request.args.items())
		return get_response(path)
	finally:
		frappe.set_user("Administrator")
		frappe.local.form_dict = frappe._dict()
		frappe.local.request = previous


def pdf_bytes(pages=1) -> bytes:
	return blank_pdf(pages)


class KpuEtikTestCase(FrappeTestCase):
	"""Regions loaded once (committed); every test runs as Administrator and is rolled back."""

	# Accounts the tests sign in as, created once and committed (without roles: grants are made and
	# rolled back in each test). Every User save in Frappe v15 clears the whole site cache, so
	# creating them in each setUp made every test rebuild some sixty doctype metas.
	accounts: tuple[str, ...] = ()

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_regions()
		if cls.accounts:
			for email in cls.accounts:
				account(email)
			frappe.db.commit()

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()


ELECTION = "Pemilu 2029"


def purge_test_period():
	"""Delete what tests that must commit (background jobs commit) created for the test period."""
	bodies = frappe.get_all("Ad Hoc Body", filters={"period_start": PERIOD[0]}, pluck="name")
	officials = frappe.get_all("Official", filters={"ad_hoc_body": ("in", bodies or [""])}, pluck="name")
	rounds = frappe.get_all("Kinship Declaration Round", filters={"election": ELECTION}, pluck="name")
	declarations = frappe.get_all(
		"Kinship Declaration", filters={"round": ("in", rounds or [""])}, pluck="name"
	)
	imports = frappe.get_all("Candidate List Import", filters={"election": ELECTION}, pluck="name")
	meetings = frappe.get_all(
		"Meeting Invitee",
		filters={"parenttype": "Coordination Meeting", "ad_hoc_body": ("in", bodies or [""])},
		pluck="parent",
	)
	for meeting in set(meetings):
		frappe.delete_doc("Coordination Meeting", meeting, force=True, ignore_permissions=True)
	frappe.db.delete("Conflict Review Item", {"official": ("in", officials or [""])})
	frappe.db.delete("Election Candidate", {"source_import": ("in", imports or [""])})
	frappe.db.delete("Candidate List Import", {"name": ("in", imports or [""])})
	frappe.db.delete("Declared Relative", {"parent": ("in", declarations or [""])})
	frappe.db.delete("Kinship Declaration", {"name": ("in", declarations or [""])})
	frappe.db.delete("Kinship Declaration Round", {"name": ("in", rounds or [""])})
	frappe.db.delete("Official Status Change", {"parent": ("in", officials or [""])})
	frappe.db.delete("Official", {"name": ("in", officials or [""])})
	frappe.db.delete("Ad Hoc Body", {"name": ("in", bodies or [""])})
	frappe.db.commit()


def ensure_test_email_account():
	"""An outgoing account for the email queue, to a mail host that does not exist: nothing is sent,
	and Frappe tries no connection when it is saved (it does for a local server), so the browser
	fixture makes it outside the test runner too."""
	if not frappe.db.exists("Email Account", {"email_id": "noreply@kpu-etik.test"}) and not frappe.db.exists(
		"Email Account", "KPU Etik Test Outgoing"
	):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "KPU Etik Test Outgoing",
				"email_id": "noreply@kpu-etik.test",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "mail.kpu-etik.test",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
