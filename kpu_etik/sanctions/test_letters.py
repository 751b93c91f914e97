"""Decision letters as KPU decrees, with the office's letterhead and a QR code on every page, and the
public page where anyone checks a letter: genuine, unaltered, still in force."""

import base64
import hashlib
import io

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import today
from pypdf import PdfReader

from kpu_etik.api.public import check_letter
from kpu_etik.core.letters import check_path
from kpu_etik.core.stamp import read_qr, verification_code
from kpu_etik.sanctions.letters import qr_modules
from kpu_etik.sanctions.sanctioning import issue_letter
from kpu_etik.tests import factories as f

LEGAL = "letters.legal@kpu-etik.test"


def png(width=40, height=40) -> bytes:
	from PIL import Image

	buffer = io.BytesIO()
	Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
	return buffer.getvalue()


class LetterCase(f.KpuEtikTestCase):
	"""A member of a PPS in Luwu Utara, a complaint against them closed as proven, and the office's
	letterhead: what a decision letter is issued from."""

	accounts = (LEGAL,)

	def setUp(self):
		super().setUp()
		frappe.local.request_ip = "127.0.0.1"  # the public check is rate-limited per address
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		ppk = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		pps = f.body("PPS", region=desa, parent_body=ppk.name)
		self.member = f.official(pps.name, position="Ketua", full_name="Teradu Surat")
		f.user(LEGAL, ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		logo = frappe.get_doc(
			{"doctype": "File", "file_name": "logo.png", "content": png(), "is_private": 1}
		).insert()
		frappe.get_doc(
			{
				"doctype": "KPU Office",
				"region": f.LUWU_UTARA,
				"office_name": "Komisi Pemilihan Umum Kabupaten Luwu Utara",
				"logo": logo.file_url,
				"address": "Jalan Simpurusiang, Masamba",
				"city": "Masamba",
				"chair_name": "Andi Penandatangan",
				"copies_to": "Ketua KPU Provinsi Sulawesi Selatan\nYang bersangkutan",
			}
		).insert()
		complaint = f.closed_complaint(self.member.name)
		complaint.append("articles", {"article": "Pasal 8 huruf k"})
		complaint.plenary_date = today()
		complaint.complainant_name = "Pengadu Rahasia"
		complaint.save()
		self.complaint = complaint

	def cancel(self, sanction: str, reason="Putusan dibatalkan oleh DKPP."):
		"""The legal officer cancels the sanction, with the reason the workflow asks for."""
		frappe.set_user(LEGAL)
		try:
			doc = frappe.get_doc("Sanction", sanction)
			doc.end_reason = reason
			doc.save()
			return apply_workflow(doc, "Cancel")
		finally:
			frappe.set_user("Administrator")

	def issued(self, number="44/PP.01-SD/7322/XII/2029", **signing):
		frappe.set_user(LEGAL)
		try:
			doc = frappe.get_doc(
				{
					"doctype": "Sanction",
					"official": self.member.name,
					"complaint": self.complaint.name,
					"sanction_type": "Peringatan Tertulis",
					"letter_number": number,
					"letter_date": today(),
					"effective_from": today(),
				}
			).insert()
			doc = apply_workflow(doc, "Approve in Plenary")
			doc = apply_workflow(doc, "Put in Force")
			issue_letter("Sanction", doc.name, **signing)
		finally:
			frappe.set_user("Administrator")
		doc.reload()
		content = frappe.get_doc("File", {"file_url": doc.letter_file}).get_content()
		return doc, content


class TestDecisionLetters(LetterCase):
	def test_the_letter_is_a_decree_on_the_office_letterhead_with_a_qr_code_on_every_page(self):
		doc, content = self.issued()
		reader = PdfReader(io.BytesIO(content))
		text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
		for part in (
			"KOMISI PEMILIHAN UMUM KABUPATEN LUWU UTARA",
			"NOMOR 44/PP.01-SD/7322/XII/2029",
			"Menimbang",
			"Mengingat",
			"Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum",
			"Pasal 8 huruf k Peraturan Dewan Kehormatan",  # the article the complaint found violated
			"Memperhatikan",
			"MEMUTUSKAN",
			"Menetapkan",
			"KESATU",
			"KEDUA",
			"Ditetapkan di Masamba",
			"Andi Penandatangan",
			"Tembusan",
			"Yang bersangkutan",
		):
			self.assertIn(part, text)
		self.assertNotIn("Pengadu Rahasia", text)
		# The office's logo is drawn on the letterhead.
		images = [name for page in reader.pages for name in page.images]
		self.assertTrue(images, "no logo on the letter")
		# Every page carries the QR code of the public check with this letter's number and code.
		url = frappe.utils.get_url(check_path(doc.letter_number, verification_code(doc.letter_hash)))
		self.assertEqual(read_qr(content), [qr_modules(url)] * len(reader.pages))
		self.assertEqual(doc.letter_file_hash, hashlib.sha256(content).hexdigest())
		# The rehabilitation letter is the same decree, with its own considerations and dictums.
		rehab = frappe.get_doc(
			{
				"doctype": "Rehabilitation",
				"official": self.member.name,
				"complaint": f.closed_complaint(self.member.name, "Closed - Not Proven").name,
				"letter_number": "47/PP.01-RH/7322/XII/2029",
				"letter_date": today(),
			}
		).insert()
		html = frappe.render_template(
			frappe.db.get_value("Print Format", "Rehabilitation Letter", "html"), {"doc": rehab}
		)
		for part in ("REHABILITASI NAMA BAIK TERADU SURAT", "tidak terbukti", "KESATU", "Merehabilitasi"):
			self.assertIn(part, html)

	def test_the_public_check_says_genuine_unaltered_altered_and_cancelled(self):
		doc, content = self.issued("45/PP.01-SD/7322/XII/2029")
		code = verification_code(doc.letter_hash)
		frappe.set_user("Guest")
		try:
			standing = check_letter(doc.letter_number, code, base64.b64encode(content).decode())
			self.assertEqual((standing["state"], standing["unaltered"]), ("in_force", True))
			self.assertEqual(standing["official"], "Teradu Surat")
			self.assertNotIn("Pengadu Rahasia", frappe.as_json(standing))
			changed = bytearray(content)
			changed[len(changed) // 2] ^= 0x01  # one byte changed
			altered = check_letter(doc.letter_number, code, base64.b64encode(bytes(changed)).decode())
			self.assertFalse(altered["unaltered"])
			with self.assertRaises(frappe.DoesNotExistError):
				check_letter(doc.letter_number, "0" * 16)  # a wrong code reveals nothing
			with self.assertRaises(frappe.DoesNotExistError):
				check_letter("99/none", code)
		finally:
			frappe.set_user("Administrator")
		self.cancel(doc.name)
		frappe.set_user("Guest")
		try:
			self.assertEqual(check_letter(doc.letter_number, code)["state"], "cancelled")
		finally:
			frappe.set_user("Administrator")

	def test_the_check_page_opened_from_the_qr_code(self):
		from frappe.utils import set_request
		from frappe.website.serve import get_response_content

		doc, _content = self.issued("46/PP.01-SD/7322/XII/2029")
		frappe.set_user("Guest")
		try:
			set_request(path="/letter-check")
			frappe.local.form_dict = frappe._dict(
				number=doc.letter_number, code=verification_code(doc.letter_hash)
			)
			html = get_response_content("letter-check")
			self.assertIn('data-state="in_force"', html)
			self.assertIn("Teradu Surat", html)
			self.assertNotIn("Pengadu Rahasia", html)
			frappe.local.form_dict = frappe._dict(number=doc.letter_number, code="f" * 16)
			self.assertIn('data-state="unknown"', get_response_content("letter-check"))
		finally:
			frappe.set_user("Administrator")
