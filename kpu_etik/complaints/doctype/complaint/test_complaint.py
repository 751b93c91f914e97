import base64
import json
import re
from datetime import date

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, getdate, today

from kpu_etik.api.public import complaint_status, submit_public_complaint
from kpu_etik.complaints.handling import download_evidence, verify_case_log, watch_deadlines
from kpu_etik.core.nik import make_nik
from kpu_etik.core.pdf import blank_pdf
from kpu_etik.tests import factories as f

LEGAL = "cmp.legal@kpu-etik.test"
INTAKE = "cmp.intake@kpu-etik.test"
SOPPENG_LEGAL = "cmp.soppeng@kpu-etik.test"
PROVINCE = "cmp.sulsel@kpu-etik.test"


def evidence(content: bytes, name="bukti.pdf") -> str:
	return json.dumps([{"name": name, "content": base64.b64encode(content).decode(), "description": "Foto"}])


class ComplaintCase(f.KpuEtikTestCase):
	accounts = (
		LEGAL,
		INTAKE,
		SOPPENG_LEGAL,
		PROVINCE,
	)

	def setUp(self):
		super().setUp()
		frappe.local.request_ip = "127.0.0.1"  # the public methods are rate-limited per address
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		self.ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		self.pps = f.body("PPS", region=desa, parent_body=self.ppk.name)
		self.respondent = f.official(self.pps.name, position="Ketua", full_name="Teradu Satu")
		self.examiners = [
			f.official(level="KPU Kabupaten/Kota", position=p, office_region=f.LUWU_UTARA, full_name=n)
			for p, n in (
				("Ketua", "Pemeriksa Ketua"),
				("Anggota", "Pemeriksa Dua"),
				("Anggota", "Pemeriksa Tiga"),
			)
		]
		f.user(LEGAL, ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		f.user(INTAKE, ("KPU Complaint Intake Officer", f.LUWU_UTARA))
		f.user(SOPPENG_LEGAL, ("KPU Kabkota Legal Officer", f.SOPPENG))
		f.user(PROVINCE, ("KPU Provinsi User", "73"))

	def file_public(self, **overrides):
		frappe.set_user("Guest")
		try:
			args = {
				"respondent_name": "Teradu Satu",
				"respondent_region": self.pps.region,
				"position_text": "Ketua PPS",
				"chronology": "Teradu membagikan atribut partai di sekretariat PPS.",
				"complainant_name": "Pelapor Rahasia",
				"complainant_nik": make_nik(f.BAEBUNTA_SELATAN, date(1991, 1, 1), "Male", 3001),
				"complainant_contact": "081200000000",
				"evidence": evidence(blank_pdf()),
				**overrides,
			}
			return submit_public_complaint(**args)
		finally:
			frappe.set_user("Administrator")

	def complaint_for(self, receipt):
		from kpu_etik.core.complaints import receipt_code_hash

		return frappe.get_doc("Complaint", {"receipt_code_hash": receipt_code_hash(receipt["receipt_code"])})

	def move(self, doc, action, user=LEGAL, **fields):
		frappe.set_user(user)
		try:
			doc = frappe.get_doc("Complaint", doc.name)
			if fields:
				doc.update(fields)
				doc.save()
			return apply_workflow(doc, action)
		finally:
			frappe.set_user("Administrator")


class TestComplaintPath(ComplaintCase):
	def take_to_plenary(self):
		doc = self.complaint_for(self.file_public())
		doc.respondents[0].official = self.respondent.name
		doc.save()
		doc = self.move(doc, "Start Verification", user=INTAKE)
		doc = self.move(doc, "Clarify")
		team = [
			{"official": e.name, "team_role": "Ketua" if i == 0 else "Anggota"}
			for i, e in enumerate(self.examiners)
		]
		doc = self.move(doc, "Examine", examiners=team)
		return self.move(doc, "To Plenary")

	def test_the_whole_path_to_proven_and_to_not_proven(self):
		for action, stage in (
			("Close as Proven", "Closed - Proven"),
			("Close as Not Proven", "Closed - Not Proven"),
		):
			with self.subTest(stage):
				doc = self.take_to_plenary()
				self.assertEqual(doc.workflow_state, "Plenary")
				self.assertEqual(doc.region, f.LUWU_UTARA)
				self.assertTrue(
					doc.case_number.endswith(
						f"/7322/{('I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII')[getdate(today()).month - 1]}/{getdate(today()).year}"
					)
				)
				with self.assertRaises(frappe.ValidationError):
					self.move(doc, action)  # no plenary record yet
				doc = self.move(
					doc,
					action,
					plenary_date=today(),
					decision_summary="Putusan pleno",
					plenary_attendance="5 anggota",
				)
				self.assertEqual(doc.workflow_state, stage)
				self.assertIsNone(doc.stage_deadline)
				log = verify_case_log(doc.name)
				self.assertTrue(log["ok"], log)
				events = frappe.get_all(
					"Complaint Log Entry", {"complaint": doc.name}, pluck="event", order_by="seq"
				)
				self.assertEqual(events[:2], ["Received", "Evidence"])
				self.assertEqual(events.count("Stage"), 5)

	def test_intake_sets_aside_spam_and_duplicates_and_keeps_them_on_file(self):
		from kpu_etik.complaints.report.complaints_by_stage.complaints_by_stage import execute

		first = self.complaint_for(self.file_public())
		spam = self.complaint_for(self.file_public(chronology="Jual pulsa murah, hubungi kami."))
		with self.assertRaises(frappe.ValidationError):  # no reason given
			self.move(spam, "Set Aside", user=INTAKE)
		spam = self.move(spam, "Set Aside", user=INTAKE, set_aside_as="Spam")
		self.assertEqual((spam.workflow_state, spam.stage_deadline), ("Set Aside", None))

		duplicate = self.complaint_for(self.file_public())
		for other in (None, duplicate.name):  # a duplicate names another complaint
			with self.assertRaises(frappe.ValidationError):
				self.move(duplicate, "Set Aside", user=INTAKE, set_aside_as="Duplicate", duplicate_of=other)
		duplicate = self.move(
			duplicate, "Set Aside", user=INTAKE, set_aside_as="Duplicate", duplicate_of=first.name
		)
		# What arrived stays: the evidence, and the case log records who set it aside and why.
		self.assertEqual(len(duplicate.evidence), 1)
		self.assertTrue(frappe.db.exists("File", {"file_url": duplicate.evidence[0].file}))
		last = frappe.get_all(
			"Complaint Log Entry", {"complaint": duplicate.name}, ["payload"], order_by="seq desc", limit=1
		)[0]
		payload = json.loads(last.payload)
		self.assertEqual(
			(payload["to"], payload["set_aside_as"], payload["duplicate_of"], payload["by"]),
			("Set Aside", "Duplicate", first.name, INTAKE),
		)
		self.assertTrue(verify_case_log(duplicate.name)["ok"])
		# Out of the figures: the report counts the one real complaint among the three.
		_columns, rows = execute({"region": f.LUWU_UTARA})
		self.assertNotIn(frappe._("Set Aside"), [row["stage"] for row in rows])
		# Set aside by mistake: the legal officer reopens it, with a new verification deadline.
		spam = self.move(spam, "Reopen")
		self.assertEqual(spam.workflow_state, "Received")
		self.assertTrue(spam.stage_deadline)

	def test_a_paper_complaint_gets_a_receipt_code_once(self):
		frappe.set_user(INTAKE)
		doc = frappe.get_doc(
			{
				"doctype": "Complaint",
				"source": "Laporan",
				"received_via": "Paper",
				"complainant_name": "Pelapor Kertas",
				"respondents": [{"official": self.respondent.name, "respondent_name": "x"}],
				"chronology": "Diterima di kantor.",
			}
		).insert()
		frappe.set_user("Administrator")
		message = " ".join(str(m) for m in frappe.get_message_log())
		codes = re.findall(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", message)
		self.assertEqual(len(codes), 1)
		frappe.set_user("Guest")
		self.assertEqual(complaint_status(codes[0])["filed_on"], str(doc.filed_on))
		frappe.set_user("Administrator")

	def test_forbidden_moves_are_refused(self):
		doc = self.complaint_for(self.file_public())
		doc.respondents[0].official = self.respondent.name
		doc.save()
		with self.assertRaises(WorkflowTransitionError):
			self.move(doc, "To Plenary")  # not from Received
		with self.assertRaises(frappe.PermissionError):
			self.move(doc, "Start Verification", user=SOPPENG_LEGAL)  # another region
		doc = self.move(doc, "Start Verification", user=INTAKE)
		with self.assertRaises(WorkflowTransitionError):
			self.move(doc, "Clarify", user=INTAKE)  # verification is the legal division's
		with self.assertRaises(frappe.ValidationError):
			self.move(doc, "Reject")  # a rejection needs its reason
		doc = self.move(doc, "Reject", rejection_reason="Bukan pelanggaran kode etik")
		self.assertEqual(doc.workflow_state, "Rejected")
		with self.assertRaises(WorkflowTransitionError):
			self.move(doc, "Clarify")  # final

	def test_an_examiner_with_declared_kinship_is_refused(self):
		doc = self.complaint_for(self.file_public())
		doc.respondents[0].official = self.respondent.name
		doc.save()
		round_doc = frappe.get_doc(
			{
				"doctype": "Kinship Declaration Round",
				"title": "Uji",
				"election": f.ELECTION,
				"region": f.LUWU_UTARA,
				"deadline": add_days(today(), 5),
			}
		).insert()
		frappe.get_doc(
			{
				"doctype": "Kinship Declaration",
				"official": self.examiners[1].name,
				"round": round_doc.name,
				"relatives": [
					{
						"relative_name": "Teradu Satu",
						"relationship": "Sepupu",
						"relative_role": "Tim Kampanye",
						"relative_nik": self.respondent.nik,
					}
				],
			}
		).insert()
		doc = self.move(doc, "Start Verification", user=INTAKE)
		doc = self.move(doc, "Clarify")
		team = [
			{"official": e.name, "team_role": "Ketua" if i == 0 else "Anggota"}
			for i, e in enumerate(self.examiners)
		]
		with self.assertRaisesRegex(frappe.ValidationError, "Pemeriksa Dua|" + self.examiners[1].name):
			self.move(doc, "Examine", examiners=team)
		self.assertEqual(frappe.db.get_value("Complaint", doc.name, "workflow_state"), "Clarification")

	def test_deadlines_skip_a_weekend_and_a_holiday(self):
		from kpu_etik.complaints.handling import deadline_for

		frappe.get_doc(
			{"doctype": "KPU Holiday", "holiday_date": "2024-05-14", "description": "Libur uji"}
		).insert()
		# Friday 10 May 2024 + 7 working days, skipping the weekend and Tuesday 14 May: Wednesday 22 May.
		self.assertEqual(str(deadline_for("Examination", "2024-05-10")), "2024-05-22")
		self.assertEqual(str(deadline_for("Plenary", "2024-05-13")), "2024-05-15")

	def test_the_escalation_job_fires_after_a_deadline(self):
		f.ensure_test_email_account()
		doc = self.complaint_for(self.file_public())
		doc.db_set("stage_deadline", add_days(today(), -3))
		watch_deadlines()
		doc.reload()
		self.assertEqual(doc.escalated, 1)
		queued = frappe.get_all("Email Queue", {"reference_name": doc.name}, pluck="name")
		recipients = {
			r
			for q in queued
			for r in frappe.get_all("Email Queue Recipient", {"parent": q}, pluck="recipient")
		}
		self.assertIn(PROVINCE, recipients)
		watch_deadlines()  # once only
		self.assertEqual(len(frappe.get_all("Email Queue", {"reference_name": doc.name})), len(queued))
		self.assertIn(
			"Escalated", frappe.get_all("Complaint Log Entry", {"complaint": doc.name}, pluck="event")
		)


class TestComplaintConfidentiality(ComplaintCase):
	def test_the_complainant_is_seen_only_by_the_intake_role(self):
		import frappe.client
		from frappe.desk.form.load import getdoc

		doc = self.complaint_for(self.file_public())
		frappe.set_user(INTAKE)
		self.assertEqual(frappe.client.get("Complaint", doc.name)["complainant_name"], "Pelapor Rahasia")
		frappe.set_user(LEGAL)
		seen = frappe.client.get("Complaint", doc.name)
		self.assertIsNone(seen.get("complainant_name"))
		self.assertIsNone(seen.get("complainant_nik"))
		self.assertNotIn("Pelapor Rahasia", json.dumps(seen, default=str))
		frappe.local.response = frappe._dict(docs=[])  # getdoc appends to the response
		getdoc("Complaint", doc.name)
		self.assertIsNone(frappe.response.docs[0].get("complainant_name"))
		rows = frappe.get_list("Complaint", fields=["name", "complainant_name"], filters={"name": doc.name})
		self.assertNotIn("Pelapor Rahasia", json.dumps(rows, default=str))
		frappe.set_user(SOPPENG_LEGAL)
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get("Complaint", doc.name)
		self.assertEqual(frappe.get_list("Complaint", filters={"name": doc.name}), [])
		# The evidence file: its URL answers only to who may read the complaint.
		file_doc = frappe.get_doc("File", {"attached_to_name": doc.name, "attached_to_doctype": "Complaint"})
		self.assertFalse(
			file_doc.is_downloadable()
			if hasattr(file_doc, "is_downloadable")
			else frappe.has_permission("File", doc=file_doc)
		)
		frappe.set_user("Administrator")
		frappe.set_user(self.respondent_user())
		self.assertFalse(frappe.has_permission("Complaint", doc=doc.name))
		self.assertFalse(frappe.has_permission("File", doc=file_doc))
		frappe.set_user("Administrator")

	def respondent_user(self):
		user = f.user("cmp.teradu@kpu-etik.test")
		self.respondent.reload()
		self.respondent.user = user
		self.respondent.save()
		return user

	def test_altered_evidence_is_detected_at_download(self):
		doc = self.complaint_for(self.file_public())
		row = doc.evidence[0]
		frappe.set_user(LEGAL)
		download_evidence(doc.name, row.name)
		self.assertEqual(frappe.response["filecontent"], blank_pdf())
		frappe.set_user("Administrator")
		file_doc = frappe.get_doc("File", {"file_url": row.file})
		with open(file_doc.get_full_path(), "ab") as handle:
			handle.write(b"% tampered")
		frappe.set_user(LEGAL)
		frappe.response.pop("filecontent", None)
		result = download_evidence(doc.name, row.name)
		frappe.set_user("Administrator")
		self.assertEqual(result, {"ok": False, "altered": row.file})
		self.assertEqual(frappe.local.response.http_status_code, 409)
		self.assertNotIn("filecontent", frappe.response)
		self.assertIn(
			"Evidence altered", frappe.get_all("Complaint Log Entry", {"complaint": doc.name}, pluck="event")
		)
		frappe.local.response.http_status_code = 200

	def test_an_altered_log_entry_is_detected(self):
		doc = self.complaint_for(self.file_public())
		self.move(doc, "Start Verification", user=INTAKE)
		self.assertTrue(verify_case_log(doc.name)["ok"])
		second = frappe.get_all(
			"Complaint Log Entry", {"complaint": doc.name}, ["name", "payload"], order_by="seq"
		)[1]
		payload = json.loads(second.payload)
		payload["by"] = "someone-else@example.com"
		frappe.db.set_value(
			"Complaint Log Entry", second.name, "payload", json.dumps(payload, sort_keys=True)
		)
		result = verify_case_log(doc.name)
		self.assertFalse(result["ok"])
		self.assertEqual(result["first_broken"], 1)


class TestPublicPages(ComplaintCase):
	def test_status_lookup_shows_the_stage_and_dates_only(self):
		receipt = self.file_public()
		self.assertRegex(receipt["receipt_code"], r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$")
		frappe.set_user("Guest")
		status = complaint_status(receipt["receipt_code"].lower().replace("-", " "))
		# the stage, what it means and its dates (as stored and written out): nothing about anyone
		self.assertEqual(
			set(status),
			{
				"stage",
				"stage_meaning",
				"filed_on",
				"filed_on_text",
				"stage_entered_on",
				"stage_entered_on_text",
				"stage_deadline",
				"stage_deadline_text",
				"deadline_passed",
				"days_late",
				"deadline_note",
			},
		)
		for guess in (
			"",
			"AAAA-AAAA-AAAA-AAAA",
			"<script>alert(1)</script>",
			"x" * 10000,
			receipt["receipt_code"][:-1],
		):
			# unknown, or refused as no receipt code at all: nothing about any complaint either way
			with self.subTest(guess=guess[:20]), self.assertRaises(frappe.ValidationError):
				complaint_status(guess)
		frappe.set_user("Administrator")

	def test_hostile_input_is_refused_or_neutralised(self):
		before = frappe.db.count("Complaint"), frappe.db.count("File")
		bad = {
			"a text file named .pdf": {"evidence": evidence(b"just text", "bukti.pdf")},
			"a file over 5 MB": {"evidence": evidence(b"%PDF-" + b"0" * (5 * 1024 * 1024), "besar.pdf")},
			"six files": {
				"evidence": json.dumps(
					[{"name": "a.pdf", "content": base64.b64encode(blank_pdf()).decode()}] * 6
				)
			},
			"broken base64": {"evidence": json.dumps([{"name": "a.pdf", "content": "%%%"}])},
			"no region": {"respondent_region": "<script>"},
			"a chronology too long": {"chronology": "x" * 10001},
			"no name and not anonymous": {"complainant_name": ""},
		}
		for reason, overrides in bad.items():
			with self.subTest(reason), self.assertRaises(frappe.ValidationError):
				self.file_public(**overrides)
		self.assertEqual((frappe.db.count("Complaint"), frappe.db.count("File")), before)
		# Markup is refused, never stored changed.
		with self.assertRaises(frappe.ValidationError):
			self.file_public(
				chronology="<script>alert('x')</script>Teradu <b>menerima</b> uang.", anonymous=1
			)
		self.assertEqual((frappe.db.count("Complaint"), frappe.db.count("File")), before)
		receipt = self.file_public(chronology="Teradu menerima uang, nilainya < 5 juta.", anonymous=1)
		doc = self.complaint_for(receipt)
		self.assertIn("Teradu menerima uang, nilainya < 5 juta.", doc.chronology)
		self.assertIsNone(doc.complainant_name)  # anonymous: the name sent is not kept


class TestHearings(ComplaintCase):
	def hearing(self, complaint, on, sent_on, outcome=""):
		return frappe.get_doc(
			{
				"doctype": "Complaint Hearing",
				"complaint": complaint.name,
				"hearing_date": on,
				"place": "Kantor KPU Luwu Utara",
				"summonses": [
					{
						"party_type": "Respondent",
						"person_name": self.respondent.full_name,
						"official": self.respondent.name,
						"sent_on": sent_on,
						"delivery": "Letter",
						"outcome": outcome,
					}
				],
			}
		).insert()

	def test_summons_notice_and_decision_in_absentia(self):
		from kpu_etik.complaints.doctype.complaint_hearing.complaint_hearing import (
			respondent_may_be_decided_in_absentia,
		)

		doc = self.complaint_for(self.file_public())
		doc.respondents[0].official = self.respondent.name
		doc.save()
		with self.assertRaisesRegex(frappe.ValidationError, "5"):
			self.hearing(doc, "2029-03-10", "2029-03-08")  # two days' notice
		self.hearing(doc, "2029-03-10", "2029-03-01", "Absent")
		self.assertFalse(respondent_may_be_decided_in_absentia(doc.name, self.respondent.name))
		self.hearing(doc, "2029-03-20", "2029-03-12", "Absent with Reason")
		self.assertFalse(respondent_may_be_decided_in_absentia(doc.name, self.respondent.name))
		self.hearing(doc, "2029-03-30", "2029-03-20", "Absent")
		self.assertTrue(respondent_may_be_decided_in_absentia(doc.name, self.respondent.name))
		self.assertEqual(
			frappe.get_all("Complaint Log Entry", {"complaint": doc.name, "event": "Hearing"}, pluck="event"),
			["Hearing"] * 3,
		)
