import io

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, today
from pypdf import PdfReader

from kpu_etik.core.stamp import read_stamp, verify_stamped
from kpu_etik.sanctions.sanctioning import (
	apply_sanction_effects,
	issue_letter,
	make_sanction,
	public_register,
)
from kpu_etik.tests import factories as f

LEGAL = "sks.legal@kpu-etik.test"
SOPPENG_LEGAL = "sks.soppeng@kpu-etik.test"


class TestSanctions(f.KpuEtikTestCase):
	accounts = (
		LEGAL,
		SOPPENG_LEGAL,
	)

	def setUp(self):
		super().setUp()
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		self.pps = f.body("PPS", region=desa, parent_body=ppk.name)
		self.member = f.official(self.pps.name, position="Ketua", full_name="Teradu Sanksi")
		f.official(self.pps.name)
		f.official(self.pps.name)
		self.pps.reload()
		self.pps.status = "Active"
		self.pps.save()
		f.user(LEGAL, ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		f.user(SOPPENG_LEGAL, ("KPU Kabkota Legal Officer", f.SOPPENG))

	def proven_complaint(self, stage="Closed - Proven"):
		return f.closed_complaint(self.member.name, stage)

	def sanction(
		self, sanction_type, effective_from=None, until=None, user=LEGAL, into_force=True, number=None
	):
		frappe.set_user(user)
		try:
			doc = frappe.get_doc(
				{
					"doctype": "Sanction",
					"official": self.member.name,
					"complaint": self.proven_complaint().name,
					"sanction_type": sanction_type,
					"letter_number": number or f"{frappe.generate_hash(length=6)}/PP.01-SD/7322/2029",
					"letter_date": today(),
					"effective_from": effective_from or today(),
					"until": until,
				}
			).insert()
			if into_force:
				doc = apply_workflow(doc, "Approve in Plenary")
				doc = apply_workflow(doc, "Put in Force")
			return doc
		finally:
			frappe.set_user("Administrator")

	def status(self):
		return frappe.db.get_value("Official", self.member.name, "status")

	def test_a_suspension_sets_the_status_and_keeps_the_seat(self):
		self.sanction("Pemberhentian Sementara", until=add_days(today(), 30))
		self.assertEqual(self.status(), "Suspended")
		self.assertEqual(frappe.db.get_value("Ad Hoc Body", self.pps.name, "needs_replacement"), 0)

	def test_a_future_suspension_is_applied_by_the_job_and_lifted_at_its_end(self):
		doc = self.sanction(
			"Pemberhentian Sementara", effective_from=add_days(today(), 3), until=add_days(today(), 10)
		)
		self.assertEqual(self.status(), "Active")
		apply_sanction_effects()
		self.assertEqual(self.status(), "Active")  # not yet
		doc.db_set("effective_from", today())  # the day has come
		apply_sanction_effects()
		self.assertEqual(self.status(), "Suspended")
		doc.db_set({"effective_from": add_days(today(), -10), "until": add_days(today(), -1)})  # and passed
		apply_sanction_effects()
		self.assertEqual(self.status(), "Active")
		self.assertEqual(frappe.db.get_value("Sanction", doc.name, "workflow_state"), "Ended")
		history = [row.to_status for row in frappe.get_doc("Official", self.member.name).status_history]
		self.assertEqual(history[-2:], ["Suspended", "Active"])

	def test_a_dismissal_flags_the_body_and_blocks_reappointment(self):
		doc = self.sanction("Pemberhentian Tetap", number="77/PP.01-SD/7322/XI/2029")
		self.assertEqual(self.status(), "Dismissed")
		self.assertEqual(frappe.db.get_value("Ad Hoc Body", self.pps.name, "needs_replacement"), 1)
		member = frappe.get_doc("Official", self.member.name)
		member.status = "Active"
		with self.assertRaisesRegex(frappe.ValidationError, "77/PP.01-SD/7322/XI/2029"):
			member.save()
		other_pps = f.body(
			"PPS",
			region=frappe.get_all(
				"Region", {"parent_region": f.BAEBUNTA_SELATAN}, pluck="name", order_by="name"
			)[1],
			parent_body=self.pps.parent_body,
		)
		member.reload()
		member.ad_hoc_body = other_pps.name
		member.status = "Active"
		with self.assertRaisesRegex(frappe.ValidationError, doc.letter_number):
			member.save()

	def test_warnings_escalate_up_the_ladder(self):
		self.sanction("Peringatan Tertulis")
		frappe.set_user(LEGAL)
		proposal = make_sanction(self.proven_complaint().name, self.member.name)
		frappe.set_user("Administrator")
		self.assertEqual(proposal["sanction_type"], "Peringatan Keras Tertulis")
		with self.assertRaises(frappe.ValidationError):
			make_sanction(self.proven_complaint(stage="Plenary").name, self.member.name)

	def test_the_letter_is_stamped_on_every_page_and_matches_the_register(self):
		doc = self.sanction("Peringatan Tertulis", number="12/PP.01-SD/7322/XI/2029")
		frappe.set_user(LEGAL)
		result = issue_letter("Sanction", doc.name)
		frappe.set_user("Administrator")
		doc.reload()
		self.assertEqual(doc.letter_hash, result["hash"])
		content = frappe.get_doc("File", {"file_url": doc.letter_file}).get_content()
		reader = PdfReader(io.BytesIO(content))
		self.assertGreaterEqual(len(reader.pages), 1)
		text = " ".join(reader.pages[0].extract_text().split())
		self.assertIn("sanksi Peringatan Tertulis", text)
		self.assertIn("NOMOR 12/PP.01-SD/7322/XI/2029", text)
		self.assertNotIn("Get PDF", text)
		stamps = read_stamp(content)
		self.assertEqual(len(stamps), len(reader.pages))
		self.assertTrue(all("12/PP.01-SD/7322/XI/2029" in s for s in stamps))
		self.assertTrue(verify_stamped(content, doc.letter_number, doc.letter_hash))
		self.assertFalse(verify_stamped(content, doc.letter_number, "0" * 64))
		# The public register shows it, without a NIK.
		rows = public_register(f.LUWU_UTARA)
		self.assertIn(doc.letter_number, [r.letter_number for r in rows])
		self.assertNotIn(self.member.nik, frappe.as_json(rows))

	def test_bad_input_is_refused(self):
		with self.assertRaises(frappe.PermissionError):
			self.sanction("Peringatan Tertulis", user=SOPPENG_LEGAL, into_force=False)  # another region
		with self.assertRaisesRegex(frappe.ValidationError, "."):
			self.sanction(
				"Pemberhentian Sementara",
				effective_from=add_days(today(), 5),
				until=today(),
				into_force=False,
			)
		self.sanction("Pemberhentian Sementara", until=add_days(today(), 30))
		with self.assertRaisesRegex(frappe.ValidationError, "suspension"):
			self.sanction(
				"Pemberhentian Sementara",
				effective_from=add_days(today(), 10),
				until=add_days(today(), 40),
				into_force=False,
			)

	def test_cancelling_needs_a_reason(self):
		doc = self.sanction("Pemberhentian Sementara", until=add_days(today(), 30))
		frappe.set_user(LEGAL)
		with self.assertRaises(frappe.ValidationError):
			apply_workflow(frappe.get_doc("Sanction", doc.name), "Cancel")
		doc = frappe.get_doc("Sanction", doc.name)
		doc.end_reason = "Keliru orang; dibatalkan oleh pleno"
		doc.save()
		doc = apply_workflow(doc, "Cancel")
		frappe.set_user("Administrator")
		self.assertEqual((doc.docstatus, doc.workflow_state), (2, "Cancelled"))
		self.assertEqual(self.status(), "Active")

	def test_rehabilitation_follows_a_complaint_not_proven_and_has_its_letter(self):
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{
					"doctype": "Rehabilitation",
					"official": self.member.name,
					"complaint": self.proven_complaint().name,
					"letter_number": "5/PP.01-RH/7322/XI/2029",
					"letter_date": today(),
				}
			).insert()
		rehab = frappe.get_doc(
			{
				"doctype": "Rehabilitation",
				"official": self.member.name,
				"complaint": self.proven_complaint(stage="Closed - Not Proven").name,
				"letter_number": "6/PP.01-RH/7322/XI/2029",
				"letter_date": today(),
			}
		).insert()
		result = issue_letter("Rehabilitation", rehab.name)
		content = frappe.get_doc("File", {"file_url": result["file_url"]}).get_content()
		self.assertIn(
			"REHABILITASI", " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
		)
		self.assertTrue(verify_stamped(content, rehab.letter_number, result["hash"]))

	def test_the_register_report_and_the_public_page_keep_to_their_scope(self):
		from frappe.desk.query_report import run
		from frappe.utils import set_request
		from frappe.website.serve import get_response_content

		doc = self.sanction("Peringatan Tertulis", number="31/PP.01-SD/7322/XI/2029")
		for user, expected in ((LEGAL, True), (SOPPENG_LEGAL, False)):
			frappe.set_user(user)
			rows = run("Sanctions Register", filters={})["result"]
			self.assertEqual(doc.name in [r.get("name") for r in rows if isinstance(r, dict)], expected, user)
		frappe.set_user("Guest")
		set_request(path="/sanctions-register")
		html = get_response_content("sanctions-register")
		self.assertTrue("31/PP.01-SD/7322/XI/2029" in html, "the sanction is not on the public page")
		self.assertFalse(self.member.nik in html)
		frappe.set_user("Administrator")
		frappe.db.set_single_value("KPU Etik Settings", "publish_sanctions", 0)
		self.addCleanup(frappe.clear_document_cache, "KPU Etik Settings", "KPU Etik Settings")
		frappe.set_user("Guest")
		self.assertFalse("31/PP.01-SD/7322/XI/2029" in get_response_content("sanctions-register"))
		frappe.set_user("Administrator")
