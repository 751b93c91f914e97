"""The PPK/PPS member portal: what the home shows, what a member can reach and do, the invitation
of a body's members and the end of their access."""

import base64

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, add_to_date, now_datetime, today

from kpu_etik.api.portal import confirm_attendance, upload_integrity_pact
from kpu_etik.portal import end_memberships, home, invite_body_members, memberships
from kpu_etik.tests import factories as f

OPERATOR = "portal.operator@kpu-etik.test"
SOPPENG_OPERATOR = "portal.soppeng@kpu-etik.test"
LEGAL = "portal.legal@kpu-etik.test"
MEMBER_A = "portal.pps.a@kpu-etik.test"
MEMBER_B = "portal.pps.b@kpu-etik.test"
PPK_MEMBER = "portal.ppk@kpu-etik.test"


def put_in_force(sanction):
	return apply_workflow(apply_workflow(sanction, "Approve in Plenary"), "Put in Force")


def pdf_base64(content: bytes | None = None) -> str:
	return "data:application/pdf;base64," + base64.b64encode(content or f.pdf_bytes()).decode()


class PortalCase(f.KpuEtikTestCase):
	"""Two PPS of one kecamatan (Baebunta Selatan) under their PPK, a KPPS below PPS A, an open
	declaration round and a rakor of KPU Luwu Utara to which PPS A is invited."""

	accounts = (
		OPERATOR,
		SOPPENG_OPERATOR,
		LEGAL,
		MEMBER_A,
		MEMBER_B,
		PPK_MEMBER,
	)

	def setUp(self):
		super().setUp()
		desa_a, desa_b = frappe.get_all(
			"Region", {"parent_region": f.BAEBUNTA_SELATAN}, pluck="name", order_by="name", limit=2
		)
		self.ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		self.pps_a = f.body("PPS", region=desa_a, parent_body=self.ppk.name)
		self.pps_b = f.body("PPS", region=desa_b, parent_body=self.ppk.name)
		self.kpps = f.body(
			"KPPS", polling_station=f.polling_station(desa_a, 1).name, parent_body=self.pps_a.name
		)
		f.user(OPERATOR, ("KPU Kabkota Operator", f.LUWU_UTARA))
		f.user(SOPPENG_OPERATOR, ("KPU Kabkota Operator", f.SOPPENG))
		f.user(LEGAL, ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		self.member_a = f.official(
			self.pps_a.name, position="Ketua", full_name="Andi Rahman", user=f.user(MEMBER_A), email=MEMBER_A
		)
		self.colleague = f.official(self.pps_a.name, full_name="Siti Hajar")
		self.member_b = f.official(
			self.pps_b.name, position="Ketua", full_name="Baso Tang", user=f.user(MEMBER_B), email=MEMBER_B
		)
		self.ppk_member = f.official(
			self.ppk.name, position="Ketua", full_name="Muh. Ilham", user=f.user(PPK_MEMBER), email=PPK_MEMBER
		)
		self.round = frappe.get_doc(
			{
				"doctype": "Kinship Declaration Round",
				"title": "Deklarasi Hubungan Keluarga Pemilu 2029 Luwu Utara",
				"election": f.ELECTION,
				"region": f.LUWU_UTARA,
				"deadline": add_days(today(), 5),
			}
		).insert()
		self.meeting = frappe.get_doc(
			{
				"doctype": "Coordination Meeting",
				"topic": "Rakor kode etik PPS Baebunta Selatan",
				"region": f.LUWU_UTARA,
				"body_level": "PPS",
				"starts_on": add_to_date(now_datetime(), days=3),
				"place": "Aula KPU Luwu Utara",
				"invitees": [{"ad_hoc_body": self.pps_a.name}],
			}
		).insert()

	def sanction(self, sanction_type, letter_number, effective_from, into_force=True):
		"""A sanction on member A decided by the Luwu Utara legal division, after a proven temuan."""
		complaint = f.closed_complaint(self.member_a.name)
		doc = frappe.get_doc(
			{
				"doctype": "Sanction",
				"official": self.member_a.name,
				"complaint": complaint.name,
				"sanction_type": sanction_type,
				"letter_number": letter_number,
				"letter_date": today(),
				"effective_from": effective_from,
			}
		)
		doc = self.as_user(LEGAL, doc.insert)
		if into_force:
			doc = self.as_user(LEGAL, put_in_force, doc)
		return doc, complaint

	def as_user(self, user, fn, *args, **kwargs):
		frappe.set_user(user)
		try:
			return fn(*args, **kwargs)
		finally:
			frappe.set_user("Administrator")


class TestPortalHome(PortalCase):
	def test_the_home_shows_the_members_seat_body_kpps_declaration_and_meetings(self):
		ctx = self.as_user(MEMBER_A, home)
		self.assertEqual([s.name for s in ctx.seats], [self.member_a.name])
		self.assertEqual(ctx.body.name, self.pps_a.name)
		self.assertEqual([m.full_name for m in ctx.members], ["Andi Rahman", "Siti Hajar"])  # Ketua first
		self.assertEqual([b.name for b in ctx.bodies_below], [self.kpps.name])
		self.assertEqual(ctx.bodies_below[0].note, {"text": "7 of 7 seats empty", "complete": False})
		self.assertEqual(ctx.body.note["text"], "1 of 3 seats empty")
		self.assertEqual(len(ctx.declarations), 1)
		self.assertTrue(ctx.declarations[0]["urgent"])
		self.assertEqual(ctx.declarations[0]["state"], "Not started")
		self.assertEqual([m.name for m in ctx.meetings], [self.meeting.name])
		self.assertFalse(ctx.meetings[0].confirmed)
		self.assertEqual(ctx.visits["bodies"], 1)  # the KPPS of their desa
		self.assertEqual(ctx.decisions, [])
		# No identity number of anyone reaches the page.
		self.assertNotIn(self.member_a.nik, repr(ctx))
		self.assertNotIn(self.colleague.nik, repr(ctx))

	def test_the_page_renders_in_indonesian_for_the_member(self):
		from frappe.utils import set_request
		from frappe.website.serve import get_response_content

		frappe.db.set_value("User", MEMBER_A, "language", "id")
		set_request(path="/member-portal")
		html = self.as_user(MEMBER_A, get_response_content, "member-portal")
		self.assertIn("Andi Rahman", html)
		self.assertIn("Siti Hajar", html)
		self.assertIn(self.meeting.topic, html)
		self.assertNotIn(self.member_b.full_name, html)

	def test_a_member_reaches_their_body_and_below_but_not_beside_or_above(self):
		ctx = self.as_user(MEMBER_A, home, body=self.kpps.name)
		self.assertEqual(ctx.body.name, self.kpps.name)
		self.assertFalse(ctx.is_own_body)
		self.assertNotIn("declarations", ctx)
		for body in (self.pps_b.name, self.ppk.name, "PPS-00.00.00.0000-2029"):
			with self.assertRaises(frappe.PermissionError, msg=body):
				self.as_user(MEMBER_A, home, body=body)
		# The PPK member reaches every body of the kecamatan.
		for body in (self.pps_a.name, self.pps_b.name, self.kpps.name):
			self.assertEqual(self.as_user(PPK_MEMBER, home, body=body).body.name, body)

	def test_another_bodys_page_is_a_refusal_over_http(self):
		from frappe.utils import set_request
		from frappe.website.serve import get_response

		frappe.set_user(MEMBER_A)
		try:
			set_request(path="/member-portal", query_string=f"body={self.pps_b.name}")
			frappe.local.form_dict = frappe._dict(body=self.pps_b.name)
			response = get_response("member-portal")
			self.assertEqual(response.status_code, 403)
			self.assertNotIn(self.member_b.full_name, response.get_data(as_text=True))
		finally:
			frappe.set_user("Administrator")
			frappe.local.form_dict = frappe._dict()

	def test_someone_without_a_seat_is_refused(self):
		f.user("portal.nobody@kpu-etik.test")
		with self.assertRaises(frappe.PermissionError):
			self.as_user("portal.nobody@kpu-etik.test", home)
		with self.assertRaises(frappe.PermissionError):
			self.as_user("Guest", home)

	def test_a_decision_about_the_member_is_shown_without_its_complaint(self):
		sanction, complaint = self.sanction("Peringatan Tertulis", "001/PP.01-SD/7322/2029", today(), False)
		self.assertEqual(self.as_user(MEMBER_A, home).decisions, [])  # a draft is not a decision
		self.as_user(LEGAL, put_in_force, sanction)
		ctx = self.as_user(MEMBER_A, home)
		self.assertEqual([d["letter_number"] for d in ctx.decisions], ["001/PP.01-SD/7322/2029"])
		self.assertNotIn(complaint.name, repr(ctx))
		self.assertEqual(self.as_user(MEMBER_B, home).decisions, [])


class TestPortalActions(PortalCase):
	def test_a_member_confirms_a_meeting_their_body_is_invited_to(self):
		self.as_user(MEMBER_A, confirm_attendance, self.meeting.name)
		rows = frappe.get_doc("Coordination Meeting", self.meeting.name).invitees
		self.assertEqual([(r.official, r.confirmed) for r in rows if r.official], [(self.member_a.name, 1)])
		self.assertTrue(self.as_user(MEMBER_A, home).meetings[0].confirmed)
		self.as_user(MEMBER_A, confirm_attendance, self.meeting.name)  # twice: one row
		self.assertEqual(len(frappe.get_doc("Coordination Meeting", self.meeting.name).invitees), 2)

	def test_a_member_not_invited_or_too_late_is_refused(self):
		with self.assertRaises(frappe.PermissionError):
			self.as_user(MEMBER_B, confirm_attendance, self.meeting.name)
		with self.assertRaises(frappe.PermissionError):
			self.as_user(MEMBER_A, confirm_attendance, "no-such-meeting")
		self.meeting.db_set("status", "Cancelled")
		with self.assertRaises(frappe.ValidationError):
			self.as_user(MEMBER_A, confirm_attendance, self.meeting.name)

	def test_a_member_uploads_a_missing_integrity_pact_once(self):
		files_before = frappe.db.count("File", {"attached_to_name": self.member_a.name})
		with self.assertRaises(frappe.ValidationError):  # not a PDF: nothing is kept
			self.as_user(
				MEMBER_A,
				upload_integrity_pact,
				self.member_a.name,
				"pakta.pdf",
				pdf_base64(b"%PDF-1.4 broken"),
			)
		self.assertEqual(frappe.db.count("File", {"attached_to_name": self.member_a.name}), files_before)
		with self.assertRaises(frappe.PermissionError):  # not theirs
			self.as_user(MEMBER_B, upload_integrity_pact, self.member_a.name, "pakta.pdf", pdf_base64())
		self.as_user(MEMBER_A, upload_integrity_pact, self.member_a.name, "pakta.pdf", pdf_base64())
		pact = frappe.db.get_value("Official", self.member_a.name, "integrity_pact")
		self.assertTrue(pact.startswith("/private/files/"))
		with self.assertRaises(frappe.ValidationError):  # on file: KPU replaces it
			self.as_user(MEMBER_A, upload_integrity_pact, self.member_a.name, "pakta.pdf", pdf_base64())


class TestPortalAccounts(PortalCase):
	def setUp(self):
		super().setUp()
		f.ensure_test_email_account()

	def test_an_operator_invites_a_bodys_members_in_one_action(self):
		invitee = "siti.hajar.portal@example.test"
		frappe.db.set_value("Official", self.colleague.name, "email", invitee)
		no_email = f.official(self.pps_a.name, full_name="Tanpa Surel")
		result = self.as_user(OPERATOR, invite_body_members, self.pps_a.name)
		self.assertEqual(result["invited"], ["Siti Hajar"])
		self.assertEqual(result["already"], ["Andi Rahman"])
		self.assertEqual([s["name"] for s in result["skipped"]], [no_email.full_name])
		account = frappe.get_doc("User", invitee)
		self.assertEqual((account.user_type, account.language), ("Website User", "id"))
		self.assertIn("PPS Member", frappe.get_roles(invitee))
		self.assertTrue(
			frappe.db.exists(
				"Region Access", {"user": invitee, "role": "PPS Member", "region": self.pps_a.region}
			)
		)
		self.assertEqual(frappe.db.get_value("Official", self.colleague.name, "user"), invitee)
		self.assertTrue(frappe.db.exists("Email Queue Recipient", {"recipient": invitee}))
		# The invited member sees their body on the portal.
		self.assertEqual(self.as_user(invitee, home).body.name, self.pps_a.name)
		# A second invitation changes nothing.
		again = self.as_user(OPERATOR, invite_body_members, self.pps_a.name)
		self.assertEqual(again["invited"], [])

	def test_seating_members_keeps_the_site_cache(self):
		"""Each User saved by an invitation used to clear every Redis key of the site (user_saves.py)."""
		from kpu_etik.overrides import user_saves

		user_saves.install()
		frappe.db.set_value("Official", self.colleague.name, "email", "cache.keeps@example.test")
		frappe.cache.set_value("kpu_etik:test_sentinel", "kept")
		self.as_user(OPERATOR, invite_body_members, self.pps_a.name)
		self.assertEqual(frappe.cache.get_value("kpu_etik:test_sentinel", expires=True), "kept")
		# a change of the list of users awaiting an email password is still written
		frappe.db.set_default("email_user_password", "someone@example.test")
		user_saves.ask_pass_update()
		self.assertEqual(frappe.db.get_default("email_user_password") or "", "")
		frappe.cache.delete_value("kpu_etik:test_sentinel")

	def test_a_staff_email_is_not_turned_into_a_member_account(self):
		frappe.db.set_value("Official", self.colleague.name, "email", LEGAL)
		result = self.as_user(OPERATOR, invite_body_members, self.pps_a.name)
		self.assertEqual([s["name"] for s in result["skipped"]], ["Siti Hajar"])
		self.assertNotIn("PPS Member", frappe.get_roles(LEGAL))

	def test_only_a_kpu_officer_of_the_region_may_invite(self):
		for user in (MEMBER_A, SOPPENG_OPERATOR):
			with self.assertRaises(frappe.PermissionError, msg=user):
				self.as_user(user, invite_body_members, self.pps_a.name)
		with self.assertRaises(frappe.ValidationError):
			self.as_user(OPERATOR, invite_body_members, self.kpps.name)  # KPPS have no portal

	def test_a_dismissed_member_loses_access_at_once(self):
		self.assertTrue(self.as_user(MEMBER_A, memberships))
		doc = frappe.get_doc("Official", self.member_a.name)
		doc.status = "Dismissed"
		doc.status_reason = "Putusan pleno"
		doc.save()
		self.assertFalse(frappe.db.exists("Region Access", {"user": MEMBER_A}))
		self.assertNotIn("PPS Member", frappe.get_roles(MEMBER_A))
		self.assertEqual(frappe.db.get_value("User", MEMBER_A, "enabled"), 0)
		with self.assertRaises(frappe.PermissionError):
			self.as_user(MEMBER_A, home)

	def test_a_suspended_member_keeps_reading_the_portal(self):
		doc = frappe.get_doc("Official", self.member_a.name)
		doc.status = "Suspended"
		doc.save()
		self.assertEqual(self.as_user(MEMBER_A, home).seats[0].status, "Suspended")
		self.assertEqual(frappe.db.get_value("User", MEMBER_A, "enabled"), 1)

	def test_a_member_who_leaves_loses_access_the_day_it_takes_effect(self):
		frappe.db.set_value("Official", self.member_a.name, "leaves_on", add_days(today(), 1))
		frappe.db.set_value("Official", self.member_b.name, "leaves_on", today())
		self.assertTrue(self.as_user(MEMBER_A, memberships))
		self.assertFalse(self.as_user(MEMBER_B, memberships))  # before the daily job runs, too
		end_memberships()
		self.assertEqual(frappe.db.get_value("Official", self.member_b.name, "status"), "Resigned")
		self.assertEqual(frappe.db.get_value("Official", self.member_a.name, "status"), "Active")
		self.assertFalse(frappe.db.exists("Region Access", {"user": MEMBER_B}))
		self.assertEqual(frappe.db.get_value("User", MEMBER_B, "enabled"), 0)

	def test_a_dismissal_decided_for_a_later_date_ends_access_on_that_day(self):
		from kpu_etik.sanctions.sanctioning import apply_effects

		self.sanction("Pemberhentian Tetap", "009/PP.01-SD/7322/2029", add_days(today(), 3))
		# Until the day, the member still signs in and sees the decision about them.
		ctx = self.as_user(MEMBER_A, home)
		self.assertEqual([d["letter_number"] for d in ctx.decisions], ["009/PP.01-SD/7322/2029"])
		apply_effects(self.member_a.name, day=add_days(today(), 3))  # what the daily job does that day
		self.assertEqual(frappe.db.get_value("Official", self.member_a.name, "status"), "Dismissed")
		self.assertFalse(frappe.db.exists("Region Access", {"user": MEMBER_A}))
		self.assertEqual(frappe.db.get_value("User", MEMBER_A, "enabled"), 0)
		with self.assertRaises(frappe.PermissionError):
			self.as_user(MEMBER_A, home)
