"""The site the browser tests drive: the demo data (real regions, invented people), with the demo PPS
member of Desa Barae starting the Soppeng declaration round afresh.

  bench --site SITE execute kpu_etik.tests.browser_fixture.prepare

Prints what the tests need (names and logins) as JSON. Not a test module: Frappe's runner skips it.
"""

import frappe

from kpu_etik.demo import (
	DEMO_PASSWORD,
	PPS_MEMBER_LOGIN,
	SOPPENG_ROUND,
	demo_secret,
	ensure_user,
	load_demo,
	morning_in,
)
from kpu_etik.signing.demo_pki import DEMO_SIGNER_NAME

BARAE = "73.12.01.2006"
SOPPENG_LEGAL = "hukum.soppeng@kpu-etik.test"
SOPPENG_OPERATOR = "operator.soppeng@kpu-etik.test"
LEAVER = "pps.soga@kpu-etik.test"


def prepare() -> dict:
	from kpu_etik.install import complete_site_setup

	frappe.set_user("Administrator")
	complete_site_setup()  # else the Desk opens the setup wizard
	load_demo()
	member = frappe.db.get_value(
		"Official", {"user": PPS_MEMBER_LOGIN}, ["name", "ad_hoc_body"], as_dict=True
	)
	round_name = frappe.db.get_value("Kinship Declaration Round", {"title": SOPPENG_ROUND})
	# A fresh start for the member's declaration in the open round.
	for name in frappe.get_all(
		"Kinship Declaration", filters={"official": member.name, "round": round_name}, pluck="name"
	):
		frappe.delete_doc("Kinship Declaration", name, force=True, ignore_permissions=True)
	frappe.db.set_value("User", PPS_MEMBER_LOGIN, "enabled", 1)
	frappe.db.set_value("Official", member.name, "integrity_pact", None)  # to upload from the portal
	meeting = ensure_rakor(member.ad_hoc_body)
	other_body = frappe.get_all(
		"Ad Hoc Body",
		filters={"body_type": "PPS", "region": ("like", "73.12.01.%"), "name": ("!=", member.ad_hoc_body)},
		pluck="name",
		limit=1,
	)[0]
	other_declaration = frappe.get_all(
		"Kinship Declaration", filters={"official": ("!=", member.name)}, pluck="name", limit=1
	)[0]
	respondent = frappe.db.get_value(
		"Official",
		{"ad_hoc_body": member.ad_hoc_body, "position": "Ketua"},
		["name", "full_name"],
		as_dict=True,
	)
	leaver = ensure_leaver(other_body)
	closed = ensure_closed_complaint(respondent.name)
	below = frappe.get_all("Ad Hoc Body", filters={"parent_body": member.ad_hoc_body}, pluck="name", limit=1)
	journeys = prepare_journeys()
	frappe.db.commit()
	return {
		"password": DEMO_PASSWORD,
		"member": PPS_MEMBER_LOGIN,
		"member_body": member.ad_hoc_body,
		"member_body_name": frappe.db.get_value("Ad Hoc Body", member.ad_hoc_body, "body_name"),
		"body_below": below[0] if below else None,
		"other_body": other_body,
		"other_body_name": frappe.db.get_value("Ad Hoc Body", other_body, "body_name"),
		"other_declaration": other_declaration,
		"round": round_name,
		"legal_officer": SOPPENG_LEGAL,
		"respondent_region": BARAE,
		"respondent_official": respondent.name,
		"respondent_name": respondent.full_name,
		"meeting": meeting,
		"operator": SOPPENG_OPERATOR,
		"leaver": LEAVER,
		"leaver_official": leaver,
		"closed_complaint": closed,
		"journeys": journeys,
		"signed_letter": signed_letter_query(),
		# Who lands on which home workspace (demo logins): role -> (login, workspace route).
		"homes": {
			"legal": ("hukum.luwuutara@kpu-etik.test", "kpu-kabupaten-kota"),
			"operator": ("operator.luwuutara@kpu-etik.test", "kpu-kabupaten-kota"),
			"province": ("provinsi.sulsel@kpu-etik.test", "kpu-provinsi"),
			"ri": ("ri@kpu-etik.test", "kpu-ri"),
		},
	}


def ensure_closed_complaint(official: str) -> str:
	"""A temuan of KPU Soppeng closed as not proven, to read on the Desk in Indonesian."""
	chronology = "Temuan pengawasan internal yang tidak terbukti (uji peramban)."
	name = frappe.db.get_value("Complaint", {"chronology": chronology})
	if not name:
		doc = frappe.get_doc(
			{
				"doctype": "Complaint",
				"source": "Temuan",
				"received_via": "Internal Supervision",
				"respondents": [{"official": official, "respondent_name": "x"}],
				"chronology": chronology,
			}
		).insert(ignore_permissions=True)
		name = doc.name
	frappe.db.set_value("Complaint", name, "workflow_state", "Closed - Not Proven")
	return name


def ensure_leaver(body: str) -> str:
	"""A member of another PPS with an active portal account, whom the Soppeng operator dismisses in
	a test; reset to active on every run."""
	from kpu_etik.organization.doctype.region_access.region_access import grant_region_role

	ensure_user(SOPPENG_OPERATOR, "Demo Operator Soppeng")
	grant_region_role(SOPPENG_OPERATOR, "KPU Kabkota Operator", "73.12", note="Demo")
	ensure_user(LEAVER, "Demo Anggota PPS Soga")
	frappe.db.set_value("User", LEAVER, "enabled", 1)
	name = frappe.db.get_value("Official", {"user": LEAVER}) or frappe.db.get_value(
		"Official", {"ad_hoc_body": body, "position": "Anggota"}
	)
	official = frappe.get_doc("Official", name)
	official.update({"user": LEAVER, "email": LEAVER, "status": "Active", "leaves_on": None})
	official.save()
	return official.name


RAKOR_TOPIC = "Rakor persiapan pemungutan suara PPS se-Kecamatan Marioriwawo"


def ensure_rakor(body: str) -> str:
	"""A rakor of KPU Soppeng next week to which the member's PPS is invited, not yet confirmed."""
	name = frappe.db.get_value("Coordination Meeting", {"topic": RAKOR_TOPIC})
	doc = frappe.get_doc("Coordination Meeting", name) if name else frappe.new_doc("Coordination Meeting")
	doc.update(
		{
			"topic": RAKOR_TOPIC,
			"meeting_type": "Rakor",
			"region": "73.12",
			"body_level": "PPS",
			"starts_on": morning_in(5),
			"place": "Aula KPU Kabupaten Soppeng",
			"status": "Planned",
			"invitees": [{"ad_hoc_body": body}],
		}
	)
	doc.save()
	return doc.name


# --- the Desk journeys of Luwu Utara (browser_tests/test_desk_journeys.py) -------------------------
LUWU = "73.22"
LUWU_LEGAL = "hukum.luwuutara@kpu-etik.test"
LUWU_OPERATOR = "operator.luwuutara@kpu-etik.test"
PROVINCE_USER = "provinsi.sulsel@kpu-etik.test"
JOURNEY_MARK = "(uji peramban)"


def prepare_journeys() -> dict:
	"""Fresh documents for each journey, so that every run starts where an officer's day does: a
	declaration just submitted, a complaint in clarification, a sanction approved in plenary and
	waiting to be put in force, a PPS whose members have emails but no portal account, and the
	province's archived compliance report."""
	from kpu_etik.core.pdf import blank_pdf
	from kpu_etik.demo import LUWU_OPEN_ROUND, demo_case, submitted_declaration
	from kpu_etik.permissions import within

	round_name = frappe.db.get_value("Kinship Declaration Round", {"title": LUWU_OPEN_ROUND})
	declared = frappe.get_all("Kinship Declaration", {"round": round_name}, pluck="official")
	declarant = frappe.get_all(
		"Official",
		filters={
			"level": "PPS",
			"region": within(LUWU),
			"status": "Active",
			"name": ("not in", declared or [""]),
		},
		pluck="name",
		order_by="name",
		limit=1,
	)[0]
	declaration = submitted_declaration(declarant, round_name, blank_pdf()).name

	examiners = frappe.get_all(
		"Official",
		filters={"level": "KPU Kabupaten/Kota", "office_region": LUWU},
		fields=["name", "full_name", "position"],
		order_by="position desc, name",
		limit=3,
	)
	respondents = frappe.get_all(
		"Official",
		filters={"level": "PPS", "region": within(LUWU), "status": "Active", "user": ("is", "not set")},
		pluck="name",
		order_by="modified desc",
		limit=2,
	)
	before = set(frappe.get_all("Complaint", {"region": within(LUWU)}, pluck="name"))
	demo_case("clarification", "Temuan", "Clarification", 3, respondents[0], examiners, LUWU)
	complaint = (set(frappe.get_all("Complaint", {"region": within(LUWU)}, pluck="name")) - before).pop()
	frappe.db.set_value(
		"Complaint",
		complaint,
		"chronology",
		f"Temuan: teradu memakai atribut partai saat rapat pleno PPS. {JOURNEY_MARK}",
	)
	sanction = approved_sanction()
	return {
		"legal": LUWU_LEGAL,
		"operator": LUWU_OPERATOR,
		"province": PROVINCE_USER,
		"declaration": declaration,
		"complaint": complaint,
		"respondent": respondents[0],
		"respondent_name": frappe.db.get_value("Official", respondents[0], "full_name"),
		"examiners": [e.name for e in examiners],
		"sanction": sanction,
		"body_to_invite": body_to_invite(),
		"compliance_report": frappe.db.get_value(
			"Compliance Report", {"region": "73"}, "name", order_by="creation desc"
		),
		# A person who asks KPU Luwu Utara for their data: a respondent, whose complaint names them.
		"requester_nik": frappe.db.get_value("Official", respondents[0], "nik"),
		"data_protection_officer": "pdp.sulsel@kpu-etik.test",
		# the demo's decrees are signed with a demo certificate (kpu_etik.demo.start_demo_signing)
		"signing_passphrase": demo_secret()
		if frappe.db.get_value("KPU Office", LUWU, "signing_method")
		else None,
		"signer_name": DEMO_SIGNER_NAME,
	}


def signed_letter_query() -> str | None:
	"""The /letter-check query of a letter the demo issued signed (its QR code's), or None."""
	from urllib.parse import urlencode

	from kpu_etik.core.stamp import verification_code

	letter = frappe.db.get_value(
		"Sanction",
		{"signed_by": ("is", "set"), "letter_hash": ("is", "set")},
		["letter_number", "letter_hash"],
	)
	return urlencode({"number": letter[0], "code": verification_code(letter[1])}) if letter else None


def approved_sanction() -> str:
	"""A written warning of KPU Luwu Utara, for the respondent of a complaint closed as proven,
	approved in plenary, its letter not yet issued."""
	from frappe.model.workflow import apply_workflow
	from frappe.utils import today

	from kpu_etik.permissions import within

	serial = frappe.db.count("Sanction") + 100
	proven = frappe.db.get_value("Complaint", {"region": within(LUWU), "workflow_state": "Closed - Proven"})
	official = frappe.db.get_value("Complaint Respondent", {"parent": proven}, "official")
	doc = frappe.get_doc(
		{
			"doctype": "Sanction",
			"official": official,
			"complaint": proven,
			"sanction_type": "Peringatan Tertulis",
			"letter_number": f"{serial}/PP.01-SD/7322/XII/2026",
			"letter_date": today(),
			"effective_from": today(),
		}
	).insert()
	apply_workflow(doc, "Approve in Plenary")
	return doc.name


def body_to_invite() -> str:
	"""A PPS of Luwu Utara none of whose members has a portal account yet; each gets an invented
	email, and the site the tests' outgoing account (the welcome emails wait in the queue)."""
	from kpu_etik.permissions import within
	from kpu_etik.tests.factories import ensure_test_email_account

	ensure_test_email_account()
	with_accounts = frappe.get_all(
		"Official", filters={"region": within(LUWU), "user": ("is", "set")}, pluck="ad_hoc_body"
	)
	body = frappe.get_all(
		"Ad Hoc Body",
		filters={
			"body_type": "PPS",
			"region": within(LUWU),
			"status": "Active",
			"name": ("not in", with_accounts or [""]),
		},
		pluck="name",
		order_by="name desc",
		limit=1,
	)[0]
	for official in frappe.get_all("Official", {"ad_hoc_body": body, "status": "Active"}, pluck="name"):
		frappe.db.set_value(
			"Official", official, "email", f"pps.{official.lower()}@kpu-etik.test", update_modified=False
		)
	return body
