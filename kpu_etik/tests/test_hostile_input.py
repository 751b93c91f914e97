"""Hostile files and cells: one upload check on every path, downloads that are never sniffed,
exports without live formulas, imports that report instead of crashing."""

import base64
import io
import json
from datetime import date

import frappe
from frappe import _
from frappe.tests.test_api import make_request
from frappe.utils import get_test_client
from frappe.utils.password import update_password
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from kpu_etik.api.public import submit_public_complaint
from kpu_etik.core.nik import make_nik
from kpu_etik.core.pdf import blank_pdf
from kpu_etik.tests import factories as f

LEGAL = "hostile.legal@kpu-etik.test"
PASSWORD = "Hostile-Sandi-2029!"


def script_pdf() -> bytes:
	writer = PdfWriter()
	writer.add_blank_page(595, 842)
	writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
		{NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
	)
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


def encrypted_pdf() -> bytes:
	writer = PdfWriter()
	writer.add_blank_page(595, 842)
	writer.encrypt("rahasia")
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


def jpeg_then_html() -> bytes:
	from PIL import Image

	out = io.BytesIO()
	Image.new("RGB", (4, 4)).save(out, format="JPEG")
	return out.getvalue() + b"<html><script>alert(1)</script></html>"


def evidence(content: bytes, name: str) -> str:
	return json.dumps([{"name": name, "content": base64.b64encode(content).decode()}])


class HostileCase(f.KpuEtikTestCase):
	accounts = (LEGAL,)

	def setUp(self):
		super().setUp()
		frappe.local.request_ip = "127.0.0.1"  # the public methods are rate-limited per address
		self.ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		self.respondent = f.official(self.ppk.name, full_name="Teradu Berkas")


class TestHostileFiles(HostileCase):
	def file_public(self, content: bytes, name: str):
		frappe.set_user("Guest")
		try:
			return submit_public_complaint(
				respondent_name="Teradu Berkas",
				respondent_region=f.BAEBUNTA_SELATAN,
				chronology="Teradu menerima uang dari peserta pemilu.",
				anonymous=1,
				evidence=evidence(content, name),
			)
		finally:
			frappe.set_user("Administrator")

	def test_public_evidence_gets_the_same_pdf_checks_as_the_portal(self):
		before = frappe.db.count("Complaint"), frappe.db.count("File")
		for reason, content, name in (
			("encrypted", encrypted_pdf(), "bukti.pdf"),
			("zero pages", self.pageless_pdf(), "bukti.pdf"),
			("truncated", blank_pdf(3)[:300], "bukti.pdf"),
			("header only", b"%PDF-1.7\n", "bukti.pdf"),
			("a script", script_pdf(), "bukti.pdf"),
			("a PDF named .jpg", encrypted_pdf(), "foto.jpg"),
			("a JPEG that continues as HTML", jpeg_then_html(), "foto.jpg"),
		):
			with self.subTest(reason), self.assertRaises(frappe.ValidationError):
				self.file_public(content, name)
		self.assertEqual((frappe.db.count("Complaint"), frappe.db.count("File")), before)
		self.assertTrue(self.file_public(blank_pdf(), "bukti.pdf")["receipt_code"])

	@staticmethod
	def pageless_pdf() -> bytes:
		out = io.BytesIO()
		PdfWriter().write(out)
		return out.getvalue()

	def test_a_script_pdf_is_refused_as_a_pact_and_as_a_desk_attachment(self):
		for field in ("integrity_pact", None):
			with (
				self.subTest(field=field),
				self.assertRaisesRegex(frappe.ValidationError, "scripts or actions"),
			):
				frappe.get_doc(
					{
						"doctype": "File",
						"file_name": "pakta.pdf",
						"content": script_pdf(),
						"attached_to_doctype": "Official",
						"attached_to_name": self.respondent.name,
						"attached_to_field": field,
						"is_private": 0,
					}
				).insert(ignore_permissions=True)
		kept = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "sk.pdf",
				"content": blank_pdf(),
				"attached_to_doctype": "Official",
				"attached_to_name": self.respondent.name,
				"is_private": 0,
			}
		).insert(ignore_permissions=True)
		self.assertEqual(kept.is_private, 1)  # the app's files are never public


class TestDownloadsAndExports(f.KpuEtikTestCase):
	"""Over HTTP, so the data is committed and removed at the end."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		f.user(LEGAL, ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		update_password(LEGAL, PASSWORD)
		body = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		cls.official = f.official(body.name, full_name="Andi Unduhan")
		cls.file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "sk-unduhan.pdf",
				"content": blank_pdf(4),
				"attached_to_doctype": "Official",
				"attached_to_name": cls.official.name,
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
		cls.candidate = frappe.get_doc(
			{
				"doctype": "Election Candidate",
				"full_name": '=HYPERLINK("http://x.test","klik")',
				"candidate_role": "Calon DPRD Kabupaten/Kota",
				"region": f.LUWU_UTARA,
				"nik": make_nik(f.BAEBUNTA_SELATAN, date(1980, 1, 1), "Male", 4321),
			}
		).insert()
		frappe.db.commit()
		cls.client = get_test_client()
		response = make_request(
			cls.client.post, ("/api/method/login",), {"data": {"usr": LEGAL, "pwd": PASSWORD}}
		)
		assert response.status_code == 200

	@classmethod
	def tearDownClass(cls):
		frappe.db.delete("Election Candidate", {"name": cls.candidate.name})
		frappe.db.delete("File", {"name": cls.file.name})
		f.purge_test_period()
		frappe.db.delete("Region Access", {"user": LEGAL})
		frappe.db.commit()
		super().tearDownClass()

	def test_a_private_file_is_a_download_the_browser_may_not_sniff(self):
		response = make_request(self.client.get, (self.file.file_url,))
		self.assertEqual(response.status_code, 200)
		self.assertTrue(response.headers["Content-Disposition"].startswith("attachment"))
		self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")

	def test_exports_carry_no_live_formula(self):
		for file_format in ("CSV", "Excel"):
			response = make_request(
				self.client.get,
				(
					"/api/method/frappe.desk.reportview.export_query?"
					+ frappe.utils.urlencode(
						{
							"doctype": "Election Candidate",
							"file_format_type": file_format,
							"fields": json.dumps(["`tabElection Candidate`.`full_name`"]),
							"filters": json.dumps({"name": self.candidate.name}),
							"title": "Calon",
						}
					),
				),
			)
			self.assertEqual(response.status_code, 200, response.data[:300])
			if file_format == "CSV":
				self.assertIn("'=HYPERLINK", response.data.decode())
				self.assertNotIn('"=HYPERLINK', response.data.decode())
			else:
				from openpyxl import load_workbook

				sheet = load_workbook(io.BytesIO(response.data)).active
				values = [cell.value for row in sheet.iter_rows() for cell in row]
				self.assertIn('\'=HYPERLINK("http://x.test","klik")', values)


class TestImportsReport(f.KpuEtikTestCase):
	def test_a_failed_import_stores_a_message_never_a_traceback(self):
		from kpu_etik.kinship.candidate_import import run_import

		doc = frappe.get_doc(
			{
				"doctype": "Candidate List Import",
				"list_type": "DCT (Candidates)",
				"election": f.ELECTION,
				"import_file": "/private/files/tidak-ada.csv",
				"region": f.LUWU_UTARA,
			}
		).insert()
		frappe.db.commit()  # the job commits (and rolls back) on its own
		self.addCleanup(lambda: (frappe.db.delete("Candidate List Import", doc.name), frappe.db.commit()))
		run_import(doc.name)  # the file is gone: the job ends Failed, with words
		doc.reload()
		self.assertEqual(doc.status, "Failed")
		self.assertNotIn("Traceback", doc.import_errors)
		self.assertTrue(doc.import_errors.strip())


class TestPlainText(HostileCase):
	def file_text(self, **overrides):
		frappe.set_user("Guest")
		try:
			args = {
				"respondent_name": "Teradu Berkas",
				"respondent_region": f.BAEBUNTA_SELATAN,
				"chronology": "Teradu menerima uang dari peserta pemilu.",
				"anonymous": 1,
				**overrides,
			}
			return submit_public_complaint(**args)
		finally:
			frappe.set_user("Administrator")

	def test_text_that_is_not_plain_is_refused_on_every_path(self):
		before = frappe.db.count("Complaint")
		for reason, overrides in (
			("a respondent that is only a tag", {"respondent_name": "<img src=x onerror=alert(1)"}),
			("a respondent with a tag", {"respondent_name": "Teradu <img src=x onerror=alert(1)"}),
			("a chronology with markup", {"chronology": "<script>alert(1)</script>Teradu menerima uang."}),
			("a chronology of zero-width spaces", {"chronology": "\u200b\u200b\u200b"}),
			("a NUL", {"chronology": "Teradu\x00menerima uang."}),
			("a lone surrogate", {"respondent_name": "Teradu \ud800"}),
		):
			with self.subTest(reason), self.assertRaises(frappe.ValidationError):
				self.file_text(**overrides)
		self.assertEqual(frappe.db.count("Complaint"), before)
		# The Desk path (a form save) gets the same rule: refused naming the field, never stored changed.
		name = self.respondent.full_name
		self.respondent.full_name = "Andi <script>alert(1)</script>Saputra"
		with self.assertRaisesRegex(frappe.ValidationError, _(self.respondent.meta.get_label("full_name"))):
			self.respondent.save()
		self.assertEqual(frappe.db.get_value("Official", self.respondent.name, "full_name"), name)

	def test_text_stored_before_the_rule_is_made_plain_by_the_patch(self):
		from kpu_etik.plain_text import clean_stored_text

		frappe.db.set_value(
			"Official", self.respondent.name, "full_name", "Andi <img src=x onerror=alert(1)>Saputra\x00"
		)
		modified = frappe.db.get_value("Official", self.respondent.name, "modified")
		self.assertGreaterEqual(clean_stored_text(commit=False)["changed"], 1)
		row = frappe.db.get_value("Official", self.respondent.name, ["full_name", "modified"], as_dict=True)
		self.assertEqual((row.full_name, row.modified), ("Andi Saputra", modified))
		self.assertEqual(clean_stored_text(commit=False)["changed"], 0)  # run again: nothing more to change


class TestProductionErrors(f.KpuEtikTestCase):
	def test_a_kpu_site_sends_no_traceback_to_anyone(self):
		from kpu_etik.install import complete_site_setup

		before = frappe.db.get_single_value("System Settings", "allow_error_traceback")
		self.addCleanup(
			lambda: (
				frappe.db.set_single_value("System Settings", "allow_error_traceback", before),
				frappe.db.commit(),
			)
		)
		complete_site_setup()
		client = get_test_client()
		for path in (
			"/api/resource/Complaint",
			"/api/v2/document/Complaint",
			"/api/method/frappe.client.get_list?doctype=Official&filters=%5B%5B%5B",
			"/api/method/kpu_etik.api.public.complaint_status?receipt_code=" + "x" * 300,
		):
			with self.subTest(path):
				response = make_request(client.get, (path,))
				self.assertGreaterEqual(response.status_code, 400)
				self.assertLess(response.status_code, 500, response.data[:300])
				self.assertNotIn(b"Traceback", response.data)

	def test_a_public_page_given_a_bad_or_unknown_region_is_the_apps_own_not_found_page(self):
		before = frappe.db.get_single_value("KPU Etik Settings", "publish_sanctions")
		frappe.db.set_single_value("KPU Etik Settings", "publish_sanctions", 1)
		frappe.db.commit()
		self.addCleanup(
			lambda: (
				frappe.db.set_single_value("KPU Etik Settings", "publish_sanctions", before),
				frappe.db.commit(),
			)
		)
		client = get_test_client()
		download = "/api/method/kpu_etik.api.public.register_download?format=csv&region="
		for region in ("99", "%3Cscript%3E", "73.99", "73.22.99.9999", "%20"):
			for path in ("/kinship-register?region=", "/sanctions-register?region=", download):
				with self.subTest(path + region):
					frappe.cache.delete_keys("rl:")
					response = make_request(
						client.get, (path + region,), {"headers": {"Accept": "text/html"}}
					)
					page = response.get_data(as_text=True)
					if region == "%20":  # blank is no region: the whole register
						self.assertEqual(response.status_code, 200, page[:300])
						continue
					self.assertEqual(response.status_code, 404, page[:300])
					self.assertIn("text/html", response.content_type)
					self.assertIn('lang="id"', page)
					self.assertIn("Wilayah tidak ditemukan", page)
					self.assertIn("Tidak ada wilayah dengan kode yang diminta", page)
					for english in ("Uncaught", "Server Exception", "Not Found", "not a region", "Traceback"):
						self.assertNotIn(english, page)
					self.assertNotIn("&lt;script", page)  # what was asked for is not echoed


class TestRateLimits(f.KpuEtikTestCase):
	"""Over HTTP: the public form's limit counts accepted complaints per client address."""

	def test_the_limit_counts_accepted_complaints_of_the_real_client(self):
		from kpu_etik.core.complaints import receipt_code_hash

		body = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		f.official(body.name, full_name="Teradu Batas")
		frappe.db.commit()
		frappe.cache.delete_keys("kpu_etik:accepted:")
		receipts = []

		def cleanup():
			names = frappe.get_all(
				"Complaint",
				{"receipt_code_hash": ("in", [receipt_code_hash(r) for r in receipts] or [""])},
				pluck="name",
			)
			for table in ("Complaint Respondent", "Complaint Log Entry"):
				frappe.db.delete(
					table,
					{"parent" if table == "Complaint Respondent" else "complaint": ("in", names or [""])},
				)
			frappe.db.delete("Complaint", {"name": ("in", names or [""])})
			f.purge_test_period()
			frappe.cache.delete_keys("kpu_etik:accepted:")

		self.addCleanup(cleanup)
		client = get_test_client()

		def submit(i, chronology="Teradu menerima uang dari peserta pemilu."):
			# a caller on the server's own port claims a new address every time: no proxy is named,
			# so none of it counts and every call draws on the one quota of its real address
			headers = {"X-Forwarded-For": f"198.51.{i}.{i + 1}, 203.0.113.{i}"}
			data = {
				"respondent_name": "Teradu Batas",
				"respondent_region": f.BAEBUNTA_SELATAN,
				"chronology": chronology,
				"anonymous": 1,
			}
			return make_request(
				client.post,
				("/api/method/kpu_etik.api.public.submit_public_complaint",),
				{"data": data, "headers": headers},
			)

		for i in range(5):  # refused attempts do not count
			self.assertEqual(submit(i, chronology="\u200b").status_code, 417)
		for i in range(10):
			response = submit(100 + i)
			self.assertEqual(response.status_code, 200, response.data[:300])
			receipts.append(json.loads(response.data)["message"]["receipt_code"])
		self.assertEqual(submit(200).status_code, 429)

	def test_forwarded_for_counts_only_from_a_proxy_the_site_names(self):
		from werkzeug.test import EnvironBuilder
		from werkzeug.wrappers import Request

		from kpu_etik.overrides.client_address import set_client_address
		from kpu_etik.rate_limits import limit_accepted

		previous = (getattr(frappe.local, "request", None), getattr(frappe.local, "request_ip", None))
		configured = frappe.local.conf.get("kpu_etik_trusted_proxies")

		def restore():
			frappe.local.request, frappe.local.request_ip = previous
			frappe.local.conf["kpu_etik_trusted_proxies"] = configured
			frappe.cache.delete_keys("kpu_etik:accepted:")

		self.addCleanup(restore)

		def arrive(peer, forwarded):
			environ = EnvironBuilder(
				path="/api/method/x",
				headers={"X-Forwarded-For": forwarded},
				environ_base={"REMOTE_ADDR": peer},
			).get_environ()
			frappe.local.request = Request(environ)
			set_client_address()
			return frappe.local.request_ip

		@limit_accepted(limit=2, seconds=60)
		def accept():
			return "ok"

		# No proxy named (the default): the peer, loopback or not, whatever it claims.
		frappe.local.conf["kpu_etik_trusted_proxies"] = None
		frappe.cache.delete_keys("kpu_etik:accepted:")
		self.assertEqual(arrive("127.0.0.1", "203.0.113.5"), "127.0.0.1")
		self.assertEqual(arrive("198.51.100.9", "203.0.113.5"), "198.51.100.9")
		for i in range(2):
			arrive("127.0.0.1", f"203.0.113.{i}")
			self.assertEqual(accept(), "ok")
		arrive("127.0.0.1", "203.0.113.99")  # a new claim is not a new quota
		with self.assertRaises(frappe.RateLimitExceededError):
			accept()
		# nginx on the same machine, named: the address it appends is the client; what the client
		# wrote before it, and what a caller reaching the server directly writes, are not.
		frappe.local.conf["kpu_etik_trusted_proxies"] = ["127.0.0.1"]
		self.assertEqual(arrive("127.0.0.1", "6.6.6.6, 203.0.113.5"), "203.0.113.5")
		self.assertEqual(arrive("198.51.100.9", "203.0.113.5"), "198.51.100.9")
		arrive("127.0.0.1", "6.6.6.6, 203.0.113.5")
		self.assertEqual(accept(), "ok")  # a client behind the proxy has a quota of its own
