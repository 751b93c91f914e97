"""UU 27/2022 on a real site: retention (removal, holds, history, idempotence, a run stopped and run
again), a person's requests (the file, correction, erasure), breaches (scoped from the access log,
notices, closure), the data protection officer's reach, and a portal member's own Frappe requests."""

import json
from datetime import date, timedelta

import frappe
from frappe.utils import get_datetime, now_datetime, today

from kpu_etik.api import privacy as api
from kpu_etik.privacy import retention
from kpu_etik.tests import factories as f

LEGAL = "pdp.legal@kpu-etik.test"
DPO = "pdp.dpo@kpu-etik.test"
MEMBER = "pdp.member@kpu-etik.test"
LONG_AGO = date(2015, 1, 5)


def text_columns() -> dict[str, list[str]]:
	"""Every text column of every table of the site's database."""
	columns = {}
	for table, column in frappe.db.sql(
		"""select table_name, column_name from information_schema.columns
		where table_schema = database() and data_type in ('char', 'varchar', 'text', 'mediumtext',
			'longtext', 'tinytext', 'json')"""
	):
		columns.setdefault(table, []).append(column)
	return columns


def tables_holding(values: list[str]) -> set[str]:
	"""The tables of the database in which any of `values` is found, in any text column."""
	found = set()
	for table, columns in text_columns().items():
		conditions = " or ".join(
			f"`{column}` like %(v{i})s" for column in columns for i in range(len(values))
		)
		params = {f"v{i}": f"%{value}%" for i, value in enumerate(values)}
		if frappe.db.sql(f"select 1 from `{table}` where {conditions} limit 1", params):
			found.add(table)
	return found


class PersonalDataLawCase(f.KpuEtikTestCase):
	accounts = (LEGAL, DPO, MEMBER)

	def setUp(self):
		super().setUp()
		f.user(LEGAL, ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		f.user(DPO, ("Data Protection Officer", "73"))
		self.body = f.body("PPK", region=f.BAEBUNTA_SELATAN)

	def left_long_ago(self, **fields):
		"""An official who left their seat in 2015, past any retention period."""
		official = f.official(self.body.name, **fields)
		official.status = "Term Ended"
		official.save()
		self.assertEqual(str(official.left_on), today())
		official.db_set("left_on", LONG_AGO)
		return official


class TestRetention(PersonalDataLawCase):
	def plant(self, official):
		"""The official's identity where history keeps it: a Version written before the masking, a
		comment, an email and its queue, an attached file."""
		values = [official.nik, official.mobile_no, official.email, official.address]
		frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Comment",
				"reference_doctype": "Official",
				"reference_name": official.name,
				"content": f"Dihubungi di {official.mobile_no}, NIK {official.nik}",
			}
		).insert(ignore_permissions=True)
		frappe.db.sql(
			"""insert into `tabVersion` (name, creation, modified, owner, modified_by, ref_doctype, docname, data)
			values (%s, now(), now(), 'Administrator', 'Administrator', 'Official', %s, %s)""",
			(
				frappe.generate_hash(length=10),
				official.name,
				json.dumps({"changed": [["address", "x", official.address], ["email", "", official.email]]}),
			),
		)
		queue = frappe.generate_hash(length=10)
		frappe.db.sql(
			"""insert into `tabEmail Queue` (name, creation, modified, owner, modified_by, status, message)
			values (%s, now(), now(), 'Administrator', 'Administrator', 'Sent', %s)""",
			(queue, f"To: {official.email}\n\nNIK {official.nik}"),
		)
		frappe.db.sql(
			"""insert into `tabEmail Queue Recipient` (name, creation, modified, owner, modified_by, parent,
				parenttype, parentfield, recipient, status)
			values (%s, now(), now(), 'Administrator', 'Administrator', %s, 'Email Queue', 'recipients', %s, 'Sent')""",
			(frappe.generate_hash(length=10), queue, official.email),
		)
		# An email received from the official, and a queued message about them to a colleague too.
		frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Received",
				"subject": "Surat masuk",
				"content": "Mohon dicek.",
				"sender": official.email,
				"phone_no": official.mobile_no,
				"reference_doctype": "Official",
				"reference_name": official.name,
			}
		).insert(ignore_permissions=True)
		shared = frappe.generate_hash(length=10)
		frappe.db.sql(
			"""insert into `tabEmail Queue` (name, creation, modified, owner, modified_by, status, message,
				reference_doctype, reference_name)
			values (%s, now(), now(), 'Administrator', 'Administrator', 'Not Sent', %s, 'Official', %s)""",
			(shared, f"Anggota dengan NIK {official.nik}", official.name),
		)
		for recipient in (official.email, "rekan.kerja@contoh.test"):
			frappe.db.sql(
				"""insert into `tabEmail Queue Recipient` (name, creation, modified, owner, modified_by,
					parent, parenttype, parentfield, recipient, status)
				values (%s, now(), now(), 'Administrator', 'Administrator', %s, 'Email Queue', 'recipients',
					%s, 'Not Sent')""",
				(frappe.generate_hash(length=10), shared, recipient),
			)
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "pakta.pdf",
				"attached_to_doctype": "Official",
				"attached_to_name": official.name,
				"content": f.pdf_bytes(),
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
		return values

	def test_an_expired_official_leaves_no_value_in_any_table_and_a_held_one_keeps_all(self):
		gone = self.left_long_ago(
			full_name="Wahyu Kedaluwarsa",
			mobile_no="081234500001",
			email="wahyu.kedaluwarsa@contoh.test",
			address="Jalan Kenanga Sembilan 9",
		)
		kept = self.left_long_ago(
			full_name="Rina Ditahan", mobile_no="081234500002", email="rina.ditahan@contoh.test"
		)
		frappe.get_doc(
			{
				"doctype": "Retention Hold",
				"reference_doctype": "Official",
				"reference_name": kept.name,
				"reason": "Audit BPK",
			}
		).insert()
		planted = self.plant(gone)
		kept_values = self.plant(kept)
		self.assertTrue(tables_holding(planted))

		run = frappe.get_doc("Retention Run", retention.run())

		self.assertEqual(run.status, "Completed")
		self.assertEqual(tables_holding(planted), set())
		self.assertTrue(tables_holding([kept_values[0]]))
		self.assertIn("tabOfficial", tables_holding([kept.nik]))
		counts = {row.kind: row for row in run.counts}
		self.assertEqual(counts["Official Identity"].records, 1)
		self.assertEqual(counts["Official Identity"].held, 1)
		self.assertGreaterEqual(counts["Official Identity"].files, 1)
		record = frappe.get_doc("Official", gone.name)
		self.assertEqual(record.full_name, "Wahyu Kedaluwarsa")  # the seat and the name stay
		self.assertEqual(str(record.identity_removed_on), today())
		comment = frappe.get_all(
			"Comment",
			{"reference_doctype": "Official", "reference_name": gone.name, "comment_type": "Comment"},
			pluck="content",
		)
		self.assertEqual(comment, ["Dihubungi di [dihapus], NIK [dihapus]"])
		# the colleague still gets the queued message, without the NIK
		self.assertEqual(
			frappe.db.sql(
				"""select q.message from `tabEmail Queue` q join `tabEmail Queue Recipient` r on r.parent = q.name
				where q.reference_name = %s and r.recipient = 'rekan.kerja@contoh.test'""",
				gone.name,
			),
			(("Anggota dengan NIK [dihapus]",),),
		)

		second = frappe.get_doc("Retention Run", retention.run())
		self.assertEqual(second.records_removed, 0)
		self.assertEqual(sum(row.records for row in second.counts), 0)
		# An archive cannot be edited back into a half record.
		record.position = "Ketua"
		self.assertRaises(frappe.ValidationError, record.save)

	def test_a_run_stopped_after_one_batch_and_run_again_leaves_what_one_whole_run_leaves(self):
		officials = [
			self.left_long_ago(full_name=f"Anggota Lama {i}", mobile_no=f"08123450{i:04d}") for i in range(7)
		]
		for official in officials[:3]:
			self.plant(official)
		names = [official.name for official in officials]

		def state():
			return (
				frappe.db.sql(
					"""select name, nik, no_kk, sex, birth_date, mobile_no, email, address, integrity_pact,
					identity_removed_on from `tabOfficial` where name in %(names)s order by name""",
					{"names": names},
				),
				frappe.db.sql(
					"""select name, content from `tabComment` where reference_name in %(names)s order by name""",
					{"names": names},
				),
				frappe.db.sql(
					"""select name, data from `tabVersion` where docname in %(names)s order by name""",
					{"names": names},
				),
			)

		frappe.db.savepoint("before_retention")
		retention.run(batch=2)
		whole = state()
		frappe.db.rollback(save_point="before_retention")
		self.assertNotEqual(state(), whole)

		stopped = retention.run(batch=2, stop_after=2)
		self.assertEqual(frappe.db.get_value("Retention Run", stopped, "status"), "Running")
		self.assertNotEqual(state(), whole)  # half done
		again = retention.run(batch=2)
		self.assertEqual(frappe.db.get_value("Retention Run", stopped, "status"), "Interrupted")
		self.assertEqual(frappe.db.get_value("Retention Run", again, "status"), "Completed")
		self.assertEqual(state(), whole)

	def test_an_open_complaint_or_a_sanction_in_force_holds_the_person(self):
		accused = self.left_long_ago(full_name="Budi Diadukan")
		f.closed_complaint(accused.name, stage="Examination")
		run = frappe.get_doc("Retention Run", retention.run())
		self.assertTrue(frappe.db.get_value("Official", accused.name, "nik"))
		self.assertEqual({row.kind: row.held for row in run.counts}["Official Identity"], 1)

	def test_a_closed_complaint_loses_the_complainant_and_the_evidence_files(self):
		official = f.official(self.body.name)
		complaint = f.closed_complaint(official.name)
		complaint.db_set(
			{
				"complainant_name": "Siti Pelapor Lama",
				"complainant_nik": f.nik(sex="Female"),
				"complainant_contact": "siti.pelapor@contoh.test",
				"stage_entered_on": LONG_AGO,
			}
		)
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "bukti.pdf",
				"attached_to_doctype": "Complaint",
				"attached_to_name": complaint.name,
				"content": f.pdf_bytes(),
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
		run = frappe.get_doc("Retention Run", retention.run())
		self.assertEqual(tables_holding(["Siti Pelapor Lama", "siti.pelapor@contoh.test"]), set())
		self.assertFalse(frappe.db.exists("File", {"attached_to_name": complaint.name}))
		self.assertEqual(
			frappe.db.get_value("Complaint", complaint.name, "workflow_state"), "Closed - Proven"
		)
		self.assertEqual({row.kind: row.records for row in run.counts}["Complainant Identity"], 1)

	def test_old_access_log_entries_go_except_inside_an_open_breach_window(self):
		official = f.official(self.body.name)
		old = get_datetime("2015-03-01 10:00:00")
		for when in (old, old + timedelta(days=40)):
			frappe.get_doc(
				{
					"doctype": "Identity Access Log",
					"user": LEGAL,
					"accessed_on": when,
					"reference_doctype": "Official",
					"reference_name": official.name,
					"fields_read": "nik",
					"records": 1,
				}
			).db_insert()
		breach(window=(old + timedelta(days=39), old + timedelta(days=41)))
		retention.run()
		left = frappe.get_all("Identity Access Log", {"reference_name": official.name}, pluck="accessed_on")
		self.assertEqual(left, [old + timedelta(days=40)])


def breach(window, user=LEGAL, **fields):
	return frappe.get_doc(
		{
			"doctype": "Data Breach",
			"title": "Akun petugas dipakai orang lain",
			"region": f.LUWU_UTARA,
			"found_on": now_datetime(),
			"description": "Kata sandi petugas bocor lewat grup WhatsApp.",
			"measures": "Akun dinonaktifkan dan kata sandi diganti.",
			"source_user": user,
			"window_start": window[0],
			"window_end": window[1],
			**fields,
		}
	).insert()


class TestRequests(PersonalDataLawCase):
	def request(self, request_type, nik, **fields):
		return frappe.get_doc(
			{
				"doctype": "Data Subject Request",
				"request_type": request_type,
				"region": f.LUWU_UTARA,
				"requester_name": "Pemohon",
				"requester_nik": nik,
				"identity_checked": 1,
				**fields,
			}
		).insert()

	def test_the_access_file_holds_the_person_and_nothing_of_the_complainant_or_anyone_else(self):
		person = f.official(self.body.name, full_name="Dewi Pemohon", mobile_no="081299900011")
		other = f.official(self.body.name, full_name="Lain Orang", mobile_no="081299900022")
		complaint = f.closed_complaint(person.name)
		complaint.db_set({"complainant_name": "Rahasia Pelapor", "complainant_nik": other.nik})
		received = get_datetime("2026-12-01 09:30:00")
		request = self.request("Access and Copy", person.nik, received_on=received)
		self.assertEqual(get_datetime(request.answer_due), received + timedelta(hours=72))

		frappe.set_user(LEGAL)
		answer = api.produce_subject_file(request.name)
		content = frappe.get_doc("File", {"file_url": answer["file_url"]}).get_content()
		content = content.decode() if isinstance(content, bytes) else content
		data = json.loads(content)
		self.assertIn(person.nik, content)
		self.assertIn("081299900011", content)
		self.assertEqual([row["full_name"] for row in data["officials"]], ["Dewi Pemohon"])
		self.assertEqual(
			[row["case_number"] for row in data["complaints_about_the_person"]], [complaint.case_number]
		)
		for secret in ("Rahasia Pelapor", other.nik, "Lain Orang", "081299900022", "complainant"):
			self.assertNotIn(
				secret,
				json.dumps(data["complaints_about_the_person"]) if secret == "complainant" else content,
			)
		self.assertGreaterEqual(answer["records_found"], 2)

		# The data protection officer oversees the request, without the person's NIK or the file.
		frappe.set_user(DPO)
		seen = frappe.get_doc("Data Subject Request", request.name)
		seen.apply_fieldlevel_read_permissions()
		self.assertIsNone(seen.get("requester_nik"))
		self.assertIsNone(seen.get("subject_file"))
		self.assertRaises(frappe.PermissionError, api.produce_subject_file, request.name)

	def test_an_open_request_is_on_the_home_of_the_officer_who_handles_it(self):
		from kpu_etik.desk_home import todays_work

		request = self.request("Correction", f.nik(), received_on=now_datetime() - timedelta(hours=80))
		frappe.set_user(LEGAL)
		lists = {one.key: one for one in todays_work()}
		self.assertIn(request.name, [item.name for item in lists["data_requests"].items])
		self.assertEqual(lists["data_requests"].late, 1)

	def test_a_correction_goes_through_the_form_and_an_erasure_names_its_exception(self):
		seated = f.official(self.body.name, full_name="Andi Duduk", address="Jalan Salah 1")
		correction = self.request(
			"Correction", seated.nik, correction_field="Address", correction_value="Jalan Benar 2"
		)
		frappe.set_user(LEGAL)
		self.assertEqual(api.apply_correction(correction.name)["records_corrected"], 1)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Official", seated.name, "address"), "Jalan Benar 2")

		refused = self.request("Erasure", seated.nik)
		frappe.set_user(LEGAL)
		answer = api.decide_erasure(refused.name)
		self.assertEqual(answer["ground"], "Election administration")
		self.assertEqual(frappe.db.get_value("Data Subject Request", refused.name, "status"), "Refused")

		frappe.set_user("Administrator")
		gone = self.left_long_ago(full_name="Andi Pergi")
		granted = self.request("Erasure", gone.nik)
		frappe.set_user(LEGAL)
		self.assertEqual(api.decide_erasure(granted.name), {"refused": False, "records_erased": 1})
		frappe.set_user("Administrator")
		self.assertIsNone(frappe.db.get_value("Official", gone.name, "nik"))

	def test_a_refusal_without_its_exception_and_a_bad_nik_are_refused(self):
		self.assertRaises(frappe.ValidationError, self.request, "Access and Copy", "12345")
		request = self.request("Erasure", f.nik())
		request.status = "Refused"
		request.answer = "Tidak."
		self.assertRaises(frappe.ValidationError, request.save)


class TestBreach(PersonalDataLawCase):
	def test_a_breach_is_scoped_from_the_access_log_notified_and_closed(self):
		f.ensure_test_email_account()
		with_email = f.official(self.body.name, full_name="Eka Terbaca", email="eka.terbaca@contoh.test")
		without = f.official(self.body.name, full_name="Fajar Terbaca")
		untouched = f.official(self.body.name, full_name="Gita Aman")
		start = get_datetime("2026-11-30 08:00:00")
		for official, when in ((with_email, start), (without, start), (untouched, start - timedelta(days=2))):
			frappe.get_doc(
				{
					"doctype": "Identity Access Log",
					"user": LEGAL,
					"accessed_on": when + timedelta(minutes=5),
					"reference_doctype": "Official",
					"reference_name": official.name,
					"fields_read": "nik, no_kk",
					"records": 1,
					"region": official.region,
				}
			).db_insert()
		record = breach((start, start + timedelta(hours=2)), authority_email="lembaga.pdp@contoh.test")
		self.assertEqual(get_datetime(record.notify_due), get_datetime(record.found_on) + timedelta(hours=72))

		frappe.set_user(DPO)
		self.assertEqual(api.find_breach_records(record.name), {"reads": 2, "people": 2, "records": 2})
		record.reload()
		self.assertEqual(sorted(row.person for row in record.affected), ["Eka Terbaca", "Fajar Terbaca"])
		self.assertRaises(frappe.ValidationError, api.close_breach, record.name)
		sent = api.send_breach_notices(record.name)
		self.assertEqual(sent, {"people": 1, "without_email": 1, "authority": True})
		frappe.set_user("Administrator")
		recipients = frappe.get_all(
			"Email Queue Recipient",
			{"recipient": ["in", ["eka.terbaca@contoh.test", "lembaga.pdp@contoh.test"]]},
			pluck="recipient",
		)
		self.assertEqual(sorted(recipients), ["eka.terbaca@contoh.test", "lembaga.pdp@contoh.test"])
		record.reload()
		record.closure_note = "Akun dipulihkan; petugas dilatih ulang."
		record.save()
		frappe.set_user(DPO)
		self.assertEqual(api.close_breach(record.name), {"status": "Closed"})


class TestDataProtectionOfficer(PersonalDataLawCase):
	def test_the_officer_reads_the_log_and_runs_but_no_identity(self):
		official = f.official(self.body.name)
		retention.run()
		frappe.set_user(DPO)
		self.assertTrue(frappe.has_permission("Identity Access Log", "read"))
		self.assertTrue(frappe.get_list("Retention Run", limit=1))
		self.assertFalse(frappe.has_permission("Official", "read"))
		self.assertRaises(
			frappe.PermissionError, frappe.get_doc("Official", official.name).check_permission, "read"
		)


class TestPortalMemberRequests(PersonalDataLawCase):
	def test_a_member_downloads_and_deletes_their_data_through_frappes_own_requests(self):
		from frappe.website.doctype.personal_data_download_request.personal_data_download_request import (
			get_user_data,
		)

		f.ensure_test_email_account()
		member = f.official(self.body.name, full_name="Hana Anggota", user=MEMBER)
		data = json.loads(get_user_data(MEMBER))
		self.assertEqual([row["nik"] for row in data["Official"]], [member.nik])

		frappe.set_user(MEMBER)
		# as Frappe's web form /request-data inserts it (web_form.accept, a form open to guests)
		frappe.get_doc({"doctype": "Personal Data Download Request", "user": MEMBER}).insert(
			ignore_permissions=True
		)
		frappe.set_user("Administrator")
		download = frappe.get_all(
			"Data Subject Request",
			{"requester_nik": member.nik, "request_type": "Access and Copy"},
			["status", "region", "received_via"],
		)
		self.assertEqual(
			download, [{"status": "Answered", "region": member.region, "received_via": "Portal"}]
		)

		deletion = frappe.get_doc({"doctype": "Personal Data Deletion Request", "email": MEMBER}).insert(
			ignore_permissions=True
		)
		recorded = frappe.get_doc(
			"Data Subject Request", {"requester_nik": member.nik, "request_type": "Erasure"}
		)
		self.assertEqual((recorded.status, recorded.region), ("Open", member.region))
		frappe.set_user(LEGAL)
		from kpu_etik.desk_home import todays_work

		requests = next(one for one in todays_work() if one.key == "data_requests")
		# "open all" of the home's list holds it (the list shows the five most urgent)
		self.assertIn(
			recorded.name, frappe.get_list(requests.doctype, filters=requests.filters, pluck="name")
		)
		frappe.set_user("Administrator")
		deletion.status = "Pending Approval"
		deletion._anonymize_data()
		record = frappe.db.get_value(
			"Official", member.name, ["nik", "no_kk", "identity_removed_on"], as_dict=True
		)
		self.assertEqual((record.nik, record.no_kk), (None, None))
		self.assertEqual(str(record.identity_removed_on), today())
		self.assertEqual(frappe.db.get_value("Data Subject Request", recorded.name, "status"), "Answered")
