import base64
import json
from datetime import date

import frappe
from frappe import _
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, today

from kpu_etik.api.portal import save_my_declaration, submit_my_declaration
from kpu_etik.core.nik import make_nik
from kpu_etik.kinship.declarations import announced_register, send_declaration_reminders
from kpu_etik.tests import factories as f

LEGAL = "kin.legal@kpu-etik.test"
OPERATOR = "kin.operator@kpu-etik.test"
MEMBER_A = "kin.pps.a@kpu-etik.test"
MEMBER_B = "kin.pps.b@kpu-etik.test"


def pdf_base64() -> str:
	return "data:application/pdf;base64," + base64.b64encode(f.pdf_bytes()).decode()


class KinshipCase(f.KpuEtikTestCase):
	"""A PPS in Baebunta Selatan whose three members have portal accounts, and an open round."""

	accounts = (
		LEGAL,
		OPERATOR,
		MEMBER_A,
		MEMBER_B,
	)

	def setUp(self):
		super().setUp()
		self.desa = f.first_desa(f.BAEBUNTA_SELATAN)
		self.ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		self.pps = f.body("PPS", region=self.desa, parent_body=self.ppk.name)
		f.user(LEGAL, ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		f.user(OPERATOR, ("KPU Kabkota Operator", f.LUWU_UTARA))
		self.member_a = f.official(
			self.pps.name,
			position="Ketua",
			user=f.user(MEMBER_A),
			email=MEMBER_A,
			full_name="Andi Rahman",
			no_kk="7322140101100001",
		)
		self.member_b = f.official(self.pps.name, user=f.user(MEMBER_B), email=MEMBER_B, full_name="Nur Aini")
		self.round = frappe.get_doc(
			{
				"doctype": "Kinship Declaration Round",
				"title": "Deklarasi Hubungan Keluarga Pemilu 2029 Luwu Utara",
				"election": "Pemilu 2029",
				"region": f.LUWU_UTARA,
				"deadline": add_days(today(), 2),
				"remind_days_before": 3,
			}
		).insert()

	def declare(self, user, official, relatives=(), no_family_tie=0, statement=True):
		frappe.set_user(user)
		try:
			return save_my_declaration(
				official.name,
				self.round.name,
				no_family_tie=no_family_tie,
				relatives=json.dumps(list(relatives)),
				statement_name="pernyataan.pdf",
				statement_content=pdf_base64() if statement else None,
			)
		finally:
			frappe.set_user("Administrator")


BROTHER = {
	"relative_name": "Baso Rahman",
	"relationship": "Saudara Kandung",
	"relative_role": "Calon DPRD Kabupaten/Kota",
	"party": "Partai Contoh",
	"electoral_district": "Luwu Utara 2",
	"relative_nik": make_nik(f.BAEBUNTA_SELATAN, date(1985, 3, 4), "Male", 77),
}


class TestKinshipWorkflow(KinshipCase):
	def test_allowed_and_forbidden_moves_per_role(self):
		summary = self.declare(MEMBER_A, self.member_a, [BROTHER])
		self.assertEqual(summary["state"], "Draft")
		self.assertTrue(summary["statement"])
		name = summary["name"]

		frappe.set_user(MEMBER_A)
		doc = frappe.get_doc("Kinship Declaration", name)
		with self.assertRaises(WorkflowTransitionError):
			apply_workflow(doc, "Verify")  # a member cannot verify
		self.assertEqual(submit_my_declaration(name)["state"], "Submitted")
		with self.assertRaises(frappe.ValidationError):
			self.declare(MEMBER_A, self.member_a, [BROTHER, BROTHER])  # with KPU now: no edits

		frappe.set_user(OPERATOR)
		with self.assertRaises(WorkflowTransitionError):
			apply_workflow(frappe.get_doc("Kinship Declaration", name), "Verify")

		frappe.set_user(LEGAL)
		doc = frappe.get_doc("Kinship Declaration", name)
		with self.assertRaises(frappe.ValidationError):
			apply_workflow(doc, "Return")  # a return needs its reason
		doc = frappe.get_doc("Kinship Declaration", name)
		doc.return_reason = "Dapil saudara belum diisi lengkap"
		doc.save()  # as in the Desk: save the reason, then take the action
		doc = apply_workflow(doc, "Return")
		self.assertEqual(doc.workflow_state, "Returned")

		summary = self.declare(
			MEMBER_A, self.member_a, [dict(BROTHER, electoral_district="Luwu Utara 3")], statement=False
		)
		self.assertEqual(summary["return_reason"], "Dapil saudara belum diisi lengkap")
		frappe.set_user(MEMBER_A)
		self.assertEqual(submit_my_declaration(name)["state"], "Submitted")

		frappe.set_user(LEGAL)
		doc = apply_workflow(frappe.get_doc("Kinship Declaration", name), "Verify")
		self.assertEqual((doc.workflow_state, doc.verified_by), ("Verified", LEGAL))
		with self.assertRaises(frappe.ValidationError):
			apply_workflow(frappe.get_doc("Kinship Declaration", name), "Announce")  # no dates yet
		doc = frappe.get_doc("Kinship Declaration", name)
		doc.update({"pleno_date": today(), "publication_date": today(), "channel_website": 1})
		doc.save()
		doc = apply_workflow(doc, "Announce")
		self.assertEqual(doc.workflow_state, "Announced")
		frappe.set_user("Administrator")

		moves = frappe.get_all(
			"Comment",
			filters={
				"reference_doctype": "Kinship Declaration",
				"reference_name": name,
				"comment_type": "Workflow",
			},
			pluck="content",
			order_by="creation asc",
		)
		self.assertEqual(moves, ["Submitted", "Returned", "Submitted", "Verified", "Announced"])

	def test_submitting_needs_ties_and_a_statement(self):
		summary = self.declare(MEMBER_A, self.member_a, [], statement=False)
		frappe.set_user(MEMBER_A)
		with self.assertRaises(frappe.ValidationError):
			submit_my_declaration(summary["name"])
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.ValidationError):
			self.declare(MEMBER_A, self.member_a, [BROTHER], no_family_tie=1)

	def test_a_fake_pdf_is_refused_and_nothing_is_saved(self):
		frappe.set_user(MEMBER_A)
		fake = "data:application/pdf;base64," + base64.b64encode(b"Surat pernyataan (teks biasa)").decode()
		with self.assertRaisesRegex(frappe.ValidationError, "PDF"):
			save_my_declaration(self.member_a.name, self.round.name, no_family_tie=1, statement_content=fake)
		frappe.set_user("Administrator")
		self.assertFalse(frappe.db.exists("Kinship Declaration", {"official": self.member_a.name}))

	def test_a_wrong_relative_nik_is_refused(self):
		with self.assertRaisesRegex(frappe.ValidationError, "Baso Rahman"):
			self.declare(MEMBER_A, self.member_a, [dict(BROTHER, relative_nik="12345")])


class TestKinshipReach(KinshipCase):
	def test_a_member_cannot_see_another_members_declaration(self):
		import frappe.client

		theirs = self.declare(MEMBER_A, self.member_a, no_family_tie=1)["name"]
		mine = self.declare(MEMBER_B, self.member_b, no_family_tie=1)["name"]
		frappe.set_user(MEMBER_B)
		self.assertEqual(set(frappe.get_list("Kinship Declaration", pluck="name")), {mine})
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get("Kinship Declaration", theirs)
		with self.assertRaises(frappe.PermissionError):
			submit_my_declaration(theirs)
		with self.assertRaises(frappe.PermissionError):
			save_my_declaration(self.member_a.name, self.round.name, no_family_tie=1)
		# The legal division of the regency sees both.
		frappe.set_user(LEGAL)
		self.assertEqual(
			set(frappe.get_list("Kinship Declaration", pluck="name")) & {mine, theirs}, {mine, theirs}
		)

	def test_the_portal_page_shows_the_members_own_declaration(self):
		from frappe.utils import set_request
		from frappe.website.serve import get_response_content

		set_request(path="/kinship-declaration")
		self.declare(MEMBER_A, self.member_a, [BROTHER])
		frappe.set_user(MEMBER_A)
		html = get_response_content("kinship-declaration")
		self.assertIn(self.round.title, html)
		self.assertIn('value="Baso Rahman"', html)  # in the form: a draft is the member's to change
		self.assertIn('<option value="Saudara Kandung" selected>', html)
		self.assertNotIn("/assets/frappe/dist/", html)  # the light shell, no Frappe web bundle
		frappe.set_user(MEMBER_B)
		html = get_response_content("kinship-declaration")
		self.assertIn(self.round.title, html)
		self.assertNotIn("Baso Rahman", html)
		frappe.set_user("Guest")
		self.assertNotIn(self.round.title, get_response_content("kinship-declaration"))
		frappe.set_user("Administrator")

	def test_the_page_lists_what_submission_needs_and_the_server_refuses_the_same(self):
		from html import unescape

		from frappe.utils import set_request
		from frappe.website.serve import get_response_content

		from kpu_etik.core.kinship import NO_STATEMENT

		set_request(path="/kinship-declaration")
		name = self.declare(MEMBER_A, self.member_a, [BROTHER], statement=False)["name"]
		frappe.set_user(MEMBER_A)
		html = unescape(get_response_content("kinship-declaration"))
		self.assertIn(_(NO_STATEMENT), html)
		with self.assertRaisesRegex(frappe.ValidationError, _(NO_STATEMENT).split("(")[0]):
			submit_my_declaration(name)
		self.assertEqual(frappe.db.get_value("Kinship Declaration", name, "workflow_state"), "Draft")

		self.declare(MEMBER_A, self.member_a, [BROTHER])  # saved again: the NIK is kept
		self.assertEqual(
			frappe.db.get_value("Declared Relative", {"parent": name}, "relative_nik"),
			BROTHER["relative_nik"],
		)
		frappe.set_user(MEMBER_A)
		submit_my_declaration(name)
		html = get_response_content("kinship-declaration")
		card = html.split(f'data-round="{self.round.name}"')[1].split("</section>")[0]
		# With KPU now: the relatives as text, no form, the relative's NIK masked.
		self.assertIn("Baso Rahman", card)
		self.assertNotIn("<form", card)
		self.assertNotIn(BROTHER["relative_nik"], html)
		self.assertIn("*" * 12 + BROTHER["relative_nik"][-4:], card)
		frappe.set_user("Administrator")

	def test_the_public_register_never_shows_a_full_nik(self):
		name = self.declare(MEMBER_A, self.member_a, [BROTHER])["name"]
		frappe.set_user(MEMBER_A)
		submit_my_declaration(name)
		frappe.set_user(LEGAL)
		doc = apply_workflow(frappe.get_doc("Kinship Declaration", name), "Verify")
		doc.update({"pleno_date": today(), "publication_date": today(), "channel_notice_board": 1})
		doc.save()
		apply_workflow(doc, "Announce")
		frappe.set_user("Guest")
		rows = announced_register(f.LUWU_UTARA)
		dump = json.dumps(rows, default=str)
		self.assertEqual([r["official"] for r in rows], ["Andi Rahman"])
		self.assertEqual(rows[0]["relatives"][0]["relative_name"], "Baso Rahman")
		self.assertNotIn(self.member_a.nik, dump)
		self.assertNotIn(BROTHER["relative_nik"], dump)
		self.assertTrue(rows[0]["nik"].endswith(self.member_a.nik[-4:]))
		self.assertEqual(rows[0]["nik"].count("*"), 12)

		from frappe.website.serve import get_response_content

		frappe.form_dict.region = f.LUWU_UTARA
		html = get_response_content("kinship-register")
		self.assertIn("Andi Rahman", html)
		self.assertIn("Baso Rahman", html)
		self.assertNotIn(self.member_a.nik, html)
		self.assertNotIn(BROTHER["relative_nik"], html)

		from kpu_etik.api.public import register_download

		frappe.local.request_ip = "127.0.0.1"  # the download is rate-limited per address
		register_download(region=f.LUWU_UTARA, format="csv")
		csv_text = frappe.response["filecontent"]
		self.assertIn("Baso Rahman", csv_text)
		self.assertNotIn(self.member_a.nik, csv_text)
		self.assertNotIn(BROTHER["relative_nik"], csv_text)
		frappe.set_user("Administrator")


class TestKinshipReminders(KinshipCase):
	def setUp(self):
		super().setUp()
		f.ensure_test_email_account()

	def test_coverage_and_reminders_before_the_deadline(self):
		self.declare(MEMBER_A, self.member_a, no_family_tie=1)
		frappe.set_user(MEMBER_A)
		submit_my_declaration(frappe.db.get_value("Kinship Declaration", {"official": self.member_a.name}))
		frappe.set_user("Administrator")
		from frappe.desk.query_report import run

		frappe.set_user(LEGAL)
		result = run("Kinship Declaration Coverage", filters={"round": self.round.name, "region": self.desa})
		by_unit = {row["unit"]: row for row in result["result"] if isinstance(row, dict) and row.get("unit")}
		self.assertEqual((by_unit[self.pps.name]["officials"], by_unit[self.pps.name]["missing"]), (2, 1))
		missing = run(
			"Kinship Declaration Coverage",
			filters={"round": self.round.name, "region": self.desa, "only_missing": 1},
		)
		self.assertEqual(
			[row["official"] for row in missing["result"] if isinstance(row, dict)], [self.member_b.name]
		)
		frappe.set_user("Administrator")

		before = frappe.db.count("Email Queue")
		send_declaration_reminders()
		self.round.db_set("deadline", add_days(today(), 5))  # outside the reminder window: nothing
		send_declaration_reminders()
		self.round.db_set("deadline", add_days(today(), -1))  # past: the reminders stop
		send_declaration_reminders()
		queued = frappe.get_all(
			"Email Queue",
			filters={"reference_name": self.round.name},
			fields=["name", "message"],
			order_by="creation",
		)
		self.assertEqual(len(queued), 2)  # member B, and the legal division
		self.assertEqual(frappe.db.count("Email Queue") - before, 2)
		recipients = {
			r
			for q in queued
			for r in frappe.get_all("Email Queue Recipient", {"parent": q.name}, pluck="recipient")
		}
		self.assertEqual(recipients, {MEMBER_B, LEGAL})
		# Emails carry names and record numbers, never a NIK or a No. KK.
		self.assertTrue(any(self.member_b.name in q.message for q in queued))  # readable, so the check bites
		for q in queued:
			for official in (self.member_a, self.member_b):
				self.assertNotIn(official.nik, q.message)
				if official.no_kk:
					self.assertNotIn(official.no_kk, q.message)
