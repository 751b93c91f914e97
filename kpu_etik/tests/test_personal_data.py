"""Personal data on the paths the permission probe found open: one regression test each.

Each was reproduced against the landed app before the fix (the probe counted 0 leaks after): see the
closing note of the issue for the counts before and after.
"""

import json
from datetime import date

import frappe
from frappe.desk.form.load import get_docinfo
from frappe.utils import get_url

from kpu_etik.core.privacy import MASK
from kpu_etik.tests import factories as f

LEGAL = "pd.legal@kpu-etik.test"
SOPPENG_LEGAL = "pd.legal.soppeng@kpu-etik.test"
OPERATOR = "pd.operator@kpu-etik.test"
INTAKE = "pd.intake@kpu-etik.test"
NATIONAL = "pd.ri@kpu-etik.test"
MEMBER = "pd.member@kpu-etik.test"


class PersonalDataCase(f.KpuEtikTestCase):
	accounts = (LEGAL, SOPPENG_LEGAL, OPERATOR, INTAKE, NATIONAL, MEMBER)

	def setUp(self):
		super().setUp()
		f.user(LEGAL, ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		f.user(SOPPENG_LEGAL, ("KPU Kabkota Legal Officer", f.SOPPENG))
		f.user(OPERATOR, ("KPU Kabkota Operator", f.LUWU_UTARA))
		f.user(INTAKE, ("KPU Complaint Intake Officer", f.LUWU_UTARA))
		f.user(NATIONAL, ("KPU RI User", "ID"))
		self.body = f.body("PPK", region=f.BAEBUNTA_SELATAN)


class TestHistory(PersonalDataCase):
	def test_an_edited_nik_is_masked_in_the_history_on_every_route(self):
		official = f.official(self.body.name, full_name="Andi Riwayat", address="Jalan Lama 1")
		old_nik = official.nik
		official.nik = f.nik()
		official.address = "Jalan Baru 2"
		official.save(ignore_version=False)  # Frappe skips history in tests unless asked
		stored = frappe.get_all(
			"Version", {"ref_doctype": "Official", "docname": official.name}, pluck="data"
		)
		self.assertTrue(stored)
		for data in stored:
			for value in (old_nik, official.nik, "Jalan Lama 1", "Jalan Baru 2"):
				self.assertNotIn(value, data)
		changed = {row[0]: row for row in json.loads(stored[0])["changed"]}
		self.assertEqual(changed["nik"], ["nik", MASK, MASK])
		frappe.set_user(LEGAL)
		get_docinfo(doctype="Official", name=official.name)
		self.assertNotIn(old_nik, frappe.as_json(frappe.response["docinfo"]["versions"]))

	def test_a_complainant_contact_edit_is_masked_too(self):
		official = f.official(self.body.name)
		complaint = f.closed_complaint(official.name, stage="Received")
		complaint.complainant_contact = "pelapor.lama@mail.test"
		complaint.save()
		complaint.complainant_contact = "pelapor.baru@mail.test"
		complaint.save()
		for data in frappe.get_all(
			"Version", {"ref_doctype": "Complaint", "docname": complaint.name}, pluck="data"
		):
			self.assertNotIn("pelapor.", data)


class TestSideRecords(PersonalDataCase):
	def test_files_of_another_regions_records_are_not_listed_or_opened(self):
		official = f.official(self.body.name)
		complaint = f.closed_complaint(official.name, stage="Received")
		evidence = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "bukti-luwu.pdf",
				"attached_to_doctype": "Complaint",
				"attached_to_name": complaint.name,
				"is_private": 1,
				"content": f.pdf_bytes(3),
			}
		).insert(ignore_permissions=True)
		frappe.set_user(SOPPENG_LEGAL)
		self.assertNotIn(evidence.name, frappe.get_list("File", pluck="name", limit=0))
		self.assertFalse(frappe.has_permission("File", "read", doc=evidence.name))
		frappe.set_user(LEGAL)
		self.assertIn(evidence.name, frappe.get_list("File", pluck="name", limit=0))
		self.assertTrue(frappe.has_permission("File", "read", doc=evidence.name))

	def test_child_rows_come_only_with_a_parent_the_user_reaches(self):
		official = f.official(self.body.name, full_name="Nur Responden")
		complaint = f.closed_complaint(official.name, stage="Received")
		frappe.set_user(SOPPENG_LEGAL)
		rows = frappe.get_list(
			"Complaint Respondent", parent_doctype="Complaint", fields=["parent", "respondent_name"], limit=0
		)
		self.assertNotIn(complaint.name, {row.parent for row in rows})
		frappe.set_user(LEGAL)
		rows = frappe.get_list("Complaint Respondent", parent_doctype="Complaint", fields=["parent"], limit=0)
		self.assertIn(complaint.name, {row.parent for row in rows})

	def test_a_complainant_summons_carries_no_name(self):
		official = f.official(self.body.name)
		complaint = f.closed_complaint(official.name, stage="Examination")
		hearing = frappe.get_doc(
			{
				"doctype": "Complaint Hearing",
				"complaint": complaint.name,
				"hearing_date": date(2029, 6, 20),
				"summonses": [
					{
						"party_type": "Complainant",
						"person_name": "Nama Pelapor",
						"sent_on": date(2029, 6, 1),
						"delivery": "Letter",
					}
				],
			}
		)
		with self.assertRaisesRegex(frappe.ValidationError, "leave the name empty"):
			hearing.insert()
		hearing.summonses[0].person_name = None
		hearing.insert()


class TestPortalMembers(PersonalDataCase):
	def test_a_pps_member_sees_names_of_their_body_and_below_not_the_ppk_or_contacts(self):
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		pps = f.body("PPS", region=desa, parent_body=self.body.name)
		f.official(pps.name, user=MEMBER, full_name="Anggota Portal")
		colleague = f.official(
			pps.name, full_name="Rekan Portal", email="rekan@mail.test", mobile_no="+62-81234567890"
		)
		frappe.set_user(MEMBER)
		bodies = frappe.get_list("Ad Hoc Body", pluck="name", limit=0)
		self.assertIn(pps.name, bodies)
		self.assertNotIn(self.body.name, bodies)
		rows = frappe.get_list("Official", fields=["*"], filters={"name": colleague.name})
		self.assertEqual(rows[0].full_name, "Rekan Portal")
		for field in ("email", "mobile_no", "nik", "address", "integrity_pact"):
			self.assertNotIn(field, rows[0])
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list("Official", filters=[["email", "like", "rekan%"]])


class TestCandidates(PersonalDataCase):
	def test_candidates_and_imports_are_scoped_and_their_niks_kept_from_operators(self):
		national_import = frappe.get_doc(
			{
				"doctype": "Candidate List Import",
				"list_type": "DCT (Candidates)",
				"election": f.ELECTION,
				"import_file": "/private/files/dct.csv",
				"region": f.SOPPENG,
			}
		).insert()
		soppeng = frappe.get_doc(
			{
				"doctype": "Election Candidate",
				"full_name": "Calon Soppeng",
				"candidate_role": "Calon DPRD Kabupaten/Kota",
				"region": f.SOPPENG,
				"nik": f.nik(district=f.MARIORIWAWO),
			}
		).insert()
		province = frappe.get_doc(
			{
				"doctype": "Election Candidate",
				"full_name": "Calon Sulsel",
				"candidate_role": "Calon DPRD Provinsi",
				"region": "73",
				"nik": f.nik(),
			}
		).insert()
		frappe.set_user(LEGAL)
		names = frappe.get_list("Election Candidate", pluck="name", limit=0)
		self.assertIn(province.name, names)  # a province's candidate concerns its kabupaten
		self.assertNotIn(soppeng.name, names)
		self.assertNotIn(
			national_import.name, frappe.get_list("Candidate List Import", pluck="name", limit=0)
		)
		from kpu_etik.kinship.doctype.candidate_list_import.candidate_list_import import start_import

		with self.assertRaises(frappe.PermissionError):
			start_import(national_import.name)
		frappe.set_user(OPERATOR)
		row = frappe.get_list("Election Candidate", fields=["*"], filters={"name": province.name})[0]
		self.assertNotIn("nik", row)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list("Election Candidate", filters={"nik": province.nik})


class TestIdentityLog(PersonalDataCase):
	def test_reading_a_nik_or_a_complainant_is_logged_and_the_log_is_read_only(self):
		official = f.official(self.body.name, full_name="Andi Tercatat")
		complaint = f.closed_complaint(official.name, stage="Received")
		complaint.db_set("complainant_name", "Pelapor Tercatat")
		frappe.set_user(LEGAL)
		doc = frappe.get_doc("Official", official.name)
		doc.apply_fieldlevel_read_permissions()  # what form load, REST and frappe.client.get call
		frappe.get_list("Official", fields=["name", "nik"], filters={"name": official.name})
		frappe.set_user(INTAKE)
		frappe.get_doc("Complaint", complaint.name).apply_fieldlevel_read_permissions()
		frappe.set_user(LEGAL)
		frappe.get_doc("Complaint", complaint.name).apply_fieldlevel_read_permissions()  # no identity: no log
		frappe.set_user("Administrator")
		logs = frappe.get_all(
			"Identity Access Log",
			filters={"user": ("in", [LEGAL, INTAKE])},
			fields=["user", "reference_doctype", "reference_name", "fields_read", "records"],
		)
		self.assertIn(
			(LEGAL, "Official", official.name, "nik"),
			{(r.user, r.reference_doctype, r.reference_name, r.fields_read) for r in logs},
		)
		self.assertIn(
			(LEGAL, "Official", None), {(r.user, r.reference_doctype, r.reference_name) for r in logs}
		)
		intake = [r for r in logs if r.user == INTAKE]
		self.assertEqual(len(intake), 1)
		self.assertIn("complainant_name", intake[0].fields_read)
		self.assertFalse([r for r in logs if r.user == LEGAL and r.reference_doctype == "Complaint"])
		frappe.set_user(LEGAL)
		self.assertFalse(frappe.has_permission("Identity Access Log", "read"))
		frappe.set_user(NATIONAL)
		entry = frappe.get_doc(
			"Identity Access Log", frappe.get_list("Identity Access Log", pluck="name", limit=1)[0]
		)
		entry.records = 99
		with self.assertRaises(frappe.PermissionError):
			entry.save()

	def test_two_factor_login_can_be_required_of_the_intake_role(self):
		from frappe.twofactor import two_factor_is_enabled

		settings = frappe.get_single("KPU Etik Settings")
		settings.two_factor_for_identity_roles = 1
		settings.save()
		self.assertTrue(two_factor_is_enabled(user=INTAKE))
		self.assertFalse(two_factor_is_enabled(user=LEGAL))
		settings.two_factor_for_identity_roles = 0
		settings.save()
		self.assertFalse(two_factor_is_enabled(user=INTAKE))


class TestQueries(PersonalDataCase):
	def test_malformed_list_queries_are_refused_in_words(self):
		frappe.set_user(LEGAL)
		for kwargs in (
			{"filters": [["full_name", "=", {"a": [1]}]]},
			{"filters": [["full_name", "nosuchop", "a"]]},
			{"filters": ["1=1"]},
			{"order_by": "no_such_column desc"},
			{"fields": ["no_such_function(full_name)"]},
		):
			with self.assertRaises(frappe.ValidationError, msg=kwargs):
				frappe.get_list("Official", **kwargs)
		from frappe.client import get_list

		with self.assertRaises(frappe.ValidationError):
			get_list("Official", fields=["version()"])

	def test_a_pdf_of_an_official_downloads(self):
		official = f.official(self.body.name, full_name="Andi Cetak")
		frappe.set_user(LEGAL)
		from kpu_etik.overrides.pdf import download_pdf

		self.assertTrue(get_url())
		download_pdf("Official", official.name)
		self.assertTrue(frappe.local.response.filecontent.startswith(b"%PDF"))
