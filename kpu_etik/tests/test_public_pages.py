"""The citizen's complaint pages and their endpoints (issue 26): the region chosen by its name
(find_regions), the receipt with what happens next and by when, and the status explained in words.
The regions are the seed's (Sulawesi Selatan); on a site with the national list the same holds."""

import re
import time
from datetime import date

import frappe
from frappe.utils import add_days, getdate, today

from kpu_etik.api import public
from kpu_etik.complaints.handling import deadline_for, stage_days
from kpu_etik.core.complaints import STAGES, receipt_code_hash
from kpu_etik.core.nik import make_nik
from kpu_etik.tests import factories as f
from kpu_etik.tests.factories import fetch_page as fetch

WRITTEN = re.compile(
	r"^(?:(?:Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), )?\d{1,2} "
	r"(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}$"
)


def as_guest(fn, *args, **kwargs):
	frappe.set_user("Guest")
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


class PublicCase(f.KpuEtikTestCase):
	def setUp(self):
		super().setUp()
		frappe.local.lang = "id"
		frappe.local.request_ip = "127.0.0.1"  # the public methods are rate-limited per address
		public._REGION_INDEXES.clear()  # each test sees the regions as its own transaction has them

	def tearDown(self):
		super().tearDown()
		public._REGION_INDEXES.clear()


class TestFindRegions(PublicCase):
	def find(self, text):
		return as_guest(public.find_regions, text=text)

	def test_a_village_is_found_by_its_name_with_where_it_lies(self):
		found = self.find("Barae")
		self.assertEqual(
			found[0],
			{
				"region": f.BARAE,
				"label": "Barae",
				"path": "Desa Barae, Kec. Marioriwawo, Kab. Soppeng, Prov. Sulawesi Selatan",
			},
		)

	def test_every_typed_word_starts_a_word_of_the_name_or_of_an_ancestors(self):
		found = self.find("harapan luwu")
		# Desa Harapan of Kabupaten Luwu Utara (and of Luwu and Luwu Timur on the national list) first
		self.assertEqual(found[0]["label"], "Harapan")
		self.assertIn("73.22.10.2016", [row["region"] for row in found[:3]])
		self.assertIn("Desa Bumi Harapan", [row["path"].split(",")[0] for row in found])
		self.assertNotIn("Sukaharapan", [row["label"] for row in found])  # not the start of a word
		self.assertEqual(self.find("LUWU   utara")[0]["region"], f.LUWU_UTARA)  # the name typed in full
		self.assertEqual(self.find("kec marioriwawo")[0]["region"], f.MARIORIWAWO)
		self.assertEqual(self.find("rioriwawo"), [])

	def test_at_most_ten_names_never_codes(self):
		found = self.find("sulawesi")
		self.assertEqual(len(found), 10)
		self.assertEqual(found[0]["path"].rsplit(" ", 1)[0], "Provinsi Sulawesi")  # higher levels first
		for row in found:
			self.assertEqual(set(row), {"region", "label", "path"})
			self.assertIsNone(re.search(r"\d", row["label"] + row["path"]), row)

	def test_hostile_text_is_an_empty_list_or_a_translated_refusal(self):
		for text in (
			None,
			"",
			"   ",
			"ba",
			"x" * 100,
			"' OR 1=1 --",
			"%",
			"_",
			"\u200b\u200b",
			"😀 中文 العربية",
			"<script>alert(1)</script>",
			"a b c d e f g h i j",
		):
			with self.subTest(text=(text or "")[:20]):
				self.assertEqual(self.find(text), [])
		for text in ("x" * 101, ["barae"], {"text": "barae"}, "bar\x00ae"):
			with self.subTest(text=str(text)[:20]), self.assertRaises(frappe.ValidationError) as refused:
				self.find(text)
			self.assertNotRegex(str(refused.exception), r"\b(the|must|longer than|text)\b")

	def test_the_index_follows_the_table(self):
		self.assertEqual(self.find("zzyzx"), [])
		frappe.db.set_value("Region", f.BARAE, "region_name", "Barae Zzyzx")
		held = public._REGION_INDEXES[frappe.local.site]
		public._REGION_INDEXES[frappe.local.site] = (held[0] - public.REGION_INDEX_RECHECK_SECONDS, *held[1:])
		self.assertEqual(self.find("zzyzx")[0]["region"], f.BARAE)

	def test_a_search_is_fast_once_built(self):
		public.region_index()
		start = time.perf_counter()
		for text in ("barae", "harapan luwu", "luwu utara", "sulawesi selatan", "kab soppeng"):
			self.find(text)
		self.assertLess((time.perf_counter() - start) / 5, 0.05)


class TestComplaintReceipt(PublicCase):
	def setUp(self):
		super().setUp()
		self.region = f.first_desa(f.BAEBUNTA_SELATAN)

	def file(self, **overrides):
		args = {
			"respondent_name": "Teradu Dua",
			"respondent_region": self.region,
			"chronology": "Teradu mengajak pemilih memilih calon tertentu.",
			"complainant_name": "Pelapor Terbuka",
			"complainant_nik": make_nik(f.BAEBUNTA_SELATAN, date(1990, 2, 2), "Female", 4001),
			"complainant_contact": "081211112222",
			**overrides,
		}
		return as_guest(public.submit_public_complaint, **args)

	def test_the_receipt_says_what_happens_next_and_by_when(self):
		receipt = self.file()
		doc = frappe.get_doc("Complaint", {"receipt_code_hash": receipt_code_hash(receipt["receipt_code"])})
		self.assertEqual(receipt["case_number"], doc.case_number)
		self.assertEqual(receipt["filed_on"], str(getdate(doc.filed_on)))
		self.assertEqual(receipt["stage"], "Diterima")
		self.assertEqual(receipt["next_stage"], "Verifikasi Administrasi")
		deadline = deadline_for("Administrative Verification", doc.filed_on)
		self.assertEqual(receipt["stage_deadline"], str(deadline))
		self.assertEqual(receipt["working_days"], stage_days()["Administrative Verification"])
		self.assertRegex(receipt["filed_on_text"], WRITTEN)
		self.assertRegex(receipt["stage_deadline_text"], WRITTEN)
		self.assertIn(",", receipt["stage_deadline_text"])  # with the day's name
		self.assertIn(receipt["stage_deadline_text"], receipt["next_step"])
		self.assertIn("KPU Kabupaten Luwu Utara", receipt["next_step"])
		self.assertIn(f"{receipt['working_days']} hari kerja", receipt["next_step"])
		self.assertEqual(receipt["anonymous"], 0)

	def test_the_working_days_come_from_the_settings(self):
		frappe.db.set_single_value("KPU Etik Settings", "verification_days", 7)
		frappe.clear_document_cache("KPU Etik Settings", "KPU Etik Settings")
		# after tearDown's rollback, the cached settings are read again
		self.addCleanup(frappe.clear_document_cache, "KPU Etik Settings", "KPU Etik Settings")
		receipt = self.file()
		self.assertEqual(receipt["working_days"], 7)
		self.assertIn("7 hari kerja", receipt["next_step"])
		self.assertEqual(receipt["stage_deadline"], str(deadline_for("Administrative Verification", today())))

	def test_an_anonymous_complaint_keeps_nothing_of_who_filed_it(self):
		receipt = self.file(anonymous=1)
		doc = frappe.get_doc("Complaint", {"receipt_code_hash": receipt_code_hash(receipt["receipt_code"])})
		self.assertEqual(receipt["anonymous"], 1)
		for field in ("complainant_name", "complainant_nik", "complainant_address", "complainant_contact"):
			self.assertIsNone(doc.get(field), field)

	def test_the_checks_are_not_weakened(self):
		before = frappe.db.count("Complaint")
		for region in ("73", "99.99", "73.22.99.9999", "Barae", ""):
			with self.subTest(region=region), self.assertRaises(frappe.ValidationError):
				self.file(respondent_region=region)
		self.assertEqual(frappe.db.count("Complaint"), before)


class TestComplaintStatus(PublicCase):
	def setUp(self):
		super().setUp()
		receipt = as_guest(
			public.submit_public_complaint,
			respondent_name="Teradu Tiga",
			respondent_region=f.first_desa(f.BAEBUNTA_SELATAN),
			chronology="Teradu tidak netral.",
			complainant_name="Pelapor Bernama",
		)
		self.code = receipt["receipt_code"]
		self.name = frappe.db.get_value("Complaint", {"receipt_code_hash": receipt_code_hash(self.code)})

	def status(self, code=None):
		return as_guest(public.complaint_status, receipt_code=code or self.code)

	def test_the_stage_is_explained_with_dates_written_out(self):
		status = self.status()
		self.assertEqual(status["stage"], "Diterima")
		self.assertIn("verifikasi administrasi", status["stage_meaning"])
		for key in ("filed_on_text", "stage_entered_on_text", "stage_deadline_text"):
			self.assertRegex(status[key], WRITTEN, key)
		self.assertFalse(status["deadline_passed"])
		self.assertEqual(status["deadline_note"], "Tahap ini masih dalam batas waktu.")
		for value in status.values():
			self.assertNotIn("Pelapor Bernama", str(value))
			self.assertNotIn("Teradu Tiga", str(value))

	def test_a_passed_deadline_is_said(self):
		frappe.db.set_value("Complaint", self.name, "stage_deadline", add_days(today(), -3))
		status = self.status()
		self.assertTrue(status["deadline_passed"])
		self.assertGreaterEqual(status["days_late"], 3)
		self.assertIn(f"telah lewat {status['days_late']} hari", status["deadline_note"])

	def test_a_closed_complaint_has_no_deadline(self):
		frappe.db.set_value(
			"Complaint", self.name, {"workflow_state": "Closed - Proven", "stage_deadline": None}
		)
		status = self.status()
		self.assertEqual(status["stage"], "Selesai - Terbukti")
		self.assertEqual(status["stage_deadline_text"], "")
		self.assertEqual(status["deadline_note"], "Penanganan telah selesai.")

	def test_every_stage_has_its_meaning(self):
		meanings = public.stage_meanings()
		self.assertEqual(set(meanings), set(STAGES))
		self.assertTrue(all(meanings.values()))

	def test_an_unknown_code_is_answered_in_indonesian(self):
		for code in ("AAAA-AAAA-AAAA-AAAA", "not a code", self.code[:-1]):
			with self.subTest(code=code), self.assertRaises(frappe.DoesNotExistError) as unknown:
				self.status(code)
			self.assertTrue(
				str(unknown.exception).startswith("Tidak ada pengaduan dengan kode tanda terima ini.")
			)


class TestComplaintPages(PublicCase):
	def test_every_field_of_the_form_is_labelled_and_grouped(self):
		html = fetch("complaint").get_data(as_text=True)
		self.assertEqual(
			re.findall(r"<legend>(.*?)</legend>", html),
			["Identitas Anda", "Pihak yang dilaporkan", "Uraian kejadian", "Bukti"],
		)
		self.assertNotIn("placeholder=", html)
		fields = re.findall(r'<(?:input|textarea)\b[^>]*\bid="([^"]+)"', html)
		for field in fields:
			self.assertIn(f'for="{field}"', html, field)
		self.assertIn("data-region-picker", html)
		self.assertNotIn("73.", re.sub(r"<script>.*?</script>", "", html, flags=re.S))

	def test_the_status_page_takes_the_code_from_the_address(self):
		html = fetch("complaint-status", "code=7K3M-Q9XD-2B8N-RT4W").get_data(as_text=True)
		self.assertIn('value="7K3M-Q9XD-2B8N-RT4W"', html)
		self.assertIn('<label for="receipt-code">', html)
		self.assertNotIn("Not found", html)
		refused = fetch("complaint-status", "code=" + "x" * 65)
		self.assertEqual(refused.status_code, 400)


PRIVACY_MEMBER = "privacy.ppk@kpu-etik.test"


def period_body(body_type, region, parent_body=None):
	"""The test period's body of a region: tests that must commit may have left one behind."""
	name = frappe.db.get_value(
		"Ad Hoc Body", {"body_type": body_type, "region": region, "period_start": f.PERIOD[0]}
	)
	if name:
		return frappe.get_doc("Ad Hoc Body", name)
	return f.body(body_type, region=region, parent_body=parent_body)


class TestPrivacyNotice(PublicCase):
	"""The personal data protection notice (UU 27/2022): the full page for anyone, read from the
	settings, and the short notice on every page that collects personal data."""

	accounts = (PRIVACY_MEMBER,)

	def setUp(self):
		super().setUp()
		frappe.clear_document_cache("KPU Etik Settings", "KPU Etik Settings")
		# after tearDown's rollback, the settings are read again
		self.addCleanup(frappe.clear_document_cache, "KPU Etik Settings", "KPU Etik Settings")

	def keep_complainant_identity(self, months):
		settings = frappe.get_single("KPU Etik Settings")
		rows = [row for row in settings.retention_rules if row.kind == "Complainant Identity"]
		for row in rows:
			row.keep_months = months
		if not rows:
			settings.append("retention_rules", {"kind": "Complainant Identity", "keep_months": months})
		settings.save()

	def test_a_guest_reads_the_notice_with_the_officer_and_the_periods_of_the_settings(self):
		frappe.db.set_single_value(
			"KPU Etik Settings",
			{"dpo_name": "Dr. Rahmawati Said", "dpo_email": "ppdp@kpu-etik.test", "dpo_phone": "0411 123456"},
		)
		self.keep_complainant_identity(36)
		response = fetch("privacy")
		html = response.get_data(as_text=True)
		self.assertEqual(response.status_code, 200)
		self.assertIn("<h1>Pemberitahuan Pelindungan Data Pribadi</h1>", html)
		self.assertIn("Dr. Rahmawati Said", html)
		self.assertIn('href="mailto:ppdp@kpu-etik.test"', html)
		self.assertIn('href="tel:0411123456"', html)
		self.assertNotIn("hubungi kantor KPU di daerah Anda.</p>", html)
		kept = re.search(r"<h3>Identitas pengadu dan bukti</h3>\s*<dl class=\"facts\">(.*?)</dl>", html, re.S)
		self.assertIn("<dd>3 tahun</dd>", kept.group(1))
		self.assertIn("<dd>hari penanganan pengaduan selesai</dd>", kept.group(1))
		# The complaint form says the same period.
		self.assertIn("disimpan selama 3 tahun sejak", fetch("complaint").get_data(as_text=True))
		self.keep_complainant_identity(18)
		self.assertIn("<dd>18 bulan</dd>", fetch("privacy").get_data(as_text=True))
		for section in ("Hak Anda", "Cara mengajukan permintaan", "Siapa yang dapat melihatnya"):
			self.assertIn(section, html)
		self.assertIn("3 x 24 jam", html)
		self.assertNotIn("/assets/frappe/", html)
		self.assertLess(len(html.encode()), 60_000)

	def test_without_an_officer_the_person_is_sent_to_the_kpu_office(self):
		frappe.db.set_single_value(
			"KPU Etik Settings", {"dpo_name": None, "dpo_email": None, "dpo_phone": None, "dpo_address": None}
		)
		html = fetch("privacy").get_data(as_text=True)
		self.assertIn(
			"Untuk menghubungi petugas pelindungan data pribadi KPU, hubungi kantor KPU di daerah Anda.", html
		)
		self.assertNotIn('<dl class="facts">\n\t\t\n', html)

	def test_only_published_request_forms_of_frappe_are_linked(self):
		for route in ("request-data", "request-for-account-deletion"):
			frappe.db.set_value("Web Form", {"route": route}, "published", 0)
		html = fetch("privacy").get_data(as_text=True)
		self.assertNotIn('href="/request-data"', html)
		frappe.db.set_value("Web Form", {"route": "request-data"}, "published", 1)
		html = fetch("privacy").get_data(as_text=True)
		self.assertIn('href="/request-data"', html)
		self.assertNotIn('href="/request-for-account-deletion"', html)

	def test_every_page_that_collects_personal_data_has_its_notice(self):
		ppk = period_body("PPK", f.BAEBUNTA_SELATAN)
		period_body("PPS", f.first_desa(f.BAEBUNTA_SELATAN), parent_body=ppk.name)
		f.official(
			ppk.name, position="Ketua", full_name="Muh. Privasi", user=PRIVACY_MEMBER, email=PRIVACY_MEMBER
		)
		frappe.get_doc(
			{
				"doctype": "Kinship Declaration Round",
				"title": "Deklarasi Hubungan Keluarga Pemilu 2029 Luwu Utara (privasi)",
				"election": f.ELECTION,
				"region": f.LUWU_UTARA,
				"deadline": add_days(today(), 5),
			}
		).insert()
		pages = {
			"complaint": ("Guest", "Petugas Penerimaan Pengaduan KPU"),
			"kinship-declaration": (PRIVACY_MEMBER, "Nama dan NIK kerabat Anda"),
			"member-portal": (PRIVACY_MEMBER, "pakta integritas"),
			"supervision-visits": (PRIVACY_MEMBER, "jangan pernah menulis NIK"),
		}
		for path, (user, words) in pages.items():
			with self.subTest(path=path):
				response = fetch(path, user=user)
				self.assertEqual(response.status_code, 200)
				html = response.get_data(as_text=True)
				found = re.search(r'<section class="card notice".*?</section>', html, re.S)
				self.assertIsNotNone(found, "no notice")
				block = found.group(0)
				self.assertIn('<h2 id="privacy-notice-title">Data pribadi Anda</h2>', block)
				self.assertIn(words, block)
				self.assertIn('<a href="/privacy">Baca pemberitahuan lengkap</a>', block)
		# The footer of every page links the full notice.
		self.assertIn(
			'<a href="/privacy">Pelindungan data pribadi</a>', fetch("kpu-etik").get_data(as_text=True)
		)
