"""Decrees signed with a certified electronic signature (TTE), on a real site: the office's key in a
PKCS#12 file kept encrypted by Frappe, on a PKCS#11 token (SoftHSM2), or at a remote signing service
(CSC); the issued letter checked by poppler's pdfsig and pyHanko's own validator; /letter-check's
report; and no key, PIN or certificate secret readable on any route.

The demo certificate authority (kpu_etik.signing.demo_pki: certomancer's TSA, OCSP, CRL and a CSC
service) runs on loopback for the class; nothing reaches the outside world."""

import base64
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from unittest import SkipTest

import frappe
import frappe.handler
from frappe.model.workflow import apply_workflow
from frappe.utils.password import get_decrypted_password
from werkzeug.test import EnvironBuilder

from kpu_etik.api.public import check_letter
from kpu_etik.api.signing import letter_signing, upload_signing_certificate
from kpu_etik.core.letters import check_path
from kpu_etik.core.stamp import read_qr, verification_code
from kpu_etik.sanctions import signatures
from kpu_etik.sanctions.letters import qr_modules
from kpu_etik.sanctions.test_letters import LEGAL, LetterCase
from kpu_etik.signing import engine
from kpu_etik.tests import factories as f

OPERATOR = "signing.operator@kpu-etik.test"
PIN = "271828"


def tamper(pdf: bytes) -> bytes:
	"""One byte changed inside the signed range: the first page's width, 595 -> 594 points."""
	at = pdf.index(b"/MediaBox")
	at = pdf.index(b"595", at) + 2
	return pdf[:at] + b"4" + pdf[at + 1 :]


class TestSignedLetters(LetterCase):
	accounts = (LEGAL, OPERATOR)

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		try:
			from kpu_etik.signing import demo_pki
		except ImportError as exc:  # pragma: no cover - scripts/test.sh installs it
			raise SkipTest(f"the demo certificate authority is not installed: {exc}")
		cls.demo_pki = demo_pki
		cls.services = demo_pki.start_demo_services(csc=True)
		cls.pfx, cls.passphrase = cls.services.signer_pkcs12()
		cls.workdir = tempfile.mkdtemp(prefix="kpu-tte-")

	@classmethod
	def tearDownClass(cls):
		cls.services.stop()
		shutil.rmtree(cls.workdir, ignore_errors=True)
		super().tearDownClass()

	def setUp(self):
		super().setUp()
		f.user(OPERATOR, ("KPU Kabkota Operator", f.LUWU_UTARA))
		settings = frappe.get_single("KPU Etik Settings")
		settings.trust_roots = self.demo_pki.demo_root(pem=True).decode()
		settings.save()
		frappe.clear_cache()
		self.office(chair_name=self.demo_pki.DEMO_SIGNER_NAME)  # whom the demo certificate names

	def office(self, **values):
		frappe.db.set_value("KPU Office", f.LUWU_UTARA, values)

	def upload(self, passphrase=None, content=None, user=LEGAL):
		frappe.set_user(user)
		try:
			return upload_signing_certificate(
				f.LUWU_UTARA,
				base64.b64encode(self.pfx if content is None else content).decode(),
				passphrase or self.passphrase,
			)
		finally:
			frappe.set_user("Administrator")

	def with_certificate_file(self):
		self.upload()
		self.office(timestamp_url=self.services.tsa_url, embed_validation=1)

	def tool_checks(self, content: bytes):
		"""What pdfsig and pyHanko's validator say of ``content``."""
		if not (shutil.which("pdfsig") and shutil.which("certutil")):
			raise SkipTest("poppler-utils and libnss3-tools are not installed")
		cli = Path(sys.executable).with_name("pyhanko")
		if not cli.exists():
			raise SkipTest("pyhanko-cli is not installed")
		directory = tempfile.mkdtemp(dir=self.workdir)
		path, root = Path(directory) / "letter.pdf", Path(directory) / "root.pem"
		path.write_bytes(content)
		root.write_bytes(self.demo_pki.demo_root(pem=True))
		nss = self.demo_pki.nss_database(str(Path(directory) / "nss"), root.read_bytes())
		return self.demo_pki.pdfsig(nss, path), self.demo_pki.pyhanko_validate(str(cli), root, path)

	# --- the three places a key lives ---------------------------------------------------------------

	def test_a_certificate_file_signs_the_letter_and_tools_nobody_here_wrote_verify_it(self):
		summary = self.upload()
		self.assertEqual(summary["holder"], self.demo_pki.DEMO_SIGNER_NAME)
		self.with_certificate_file()
		doc, content = self.issued(secret=self.passphrase)

		self.assertEqual(doc.signed_by, self.demo_pki.DEMO_SIGNER_NAME)
		self.assertTrue(doc.signed_on)
		# the stamp and QR code are still there, under the signature
		check_url = frappe.utils.get_url(check_path(doc.letter_number, verification_code(doc.letter_hash)))
		self.assertEqual(read_qr(content)[0], qr_modules(check_url))
		found = engine.verify_pdf(content, [self.demo_pki.demo_root()])
		self.assertTrue(found.valid, found.problems)
		self.assertEqual(found.level, "B-LT")

		pdfsig, validator = self.tool_checks(content)
		self.assertIn(f"Signer Certificate Common Name: {self.demo_pki.DEMO_SIGNER_NAME}", pdfsig)
		self.assertIn("Signature Validation: Signature is Valid.", pdfsig)
		self.assertIn("Certificate Validation: Certificate is Trusted.", pdfsig)
		self.assertIn("  - Total document signed\n", pdfsig)
		self.assertEqual(validator.returncode, 0, validator.stdout + validator.stderr)
		self.assertIn("The signer's certificate is trusted.", validator.stdout)
		self.assertIn("This timestamp is backed by a time stamping authority.", validator.stdout)
		self.assertIn("The signature is judged VALID.", validator.stdout)

		pdfsig, validator = self.tool_checks(tamper(content))
		self.assertIn("Signature Validation: Digest Mismatch.", pdfsig)
		self.assertNotIn("Signature is Valid", pdfsig)
		self.assertNotEqual(validator.returncode, 0)
		self.assertIn("The signature is judged INVALID.", validator.stdout)

	def test_a_token_signs_with_the_signers_pin(self):
		module = self.demo_pki.SOFTHSM_MODULE
		if not (shutil.which("softhsm2-util") and os.path.exists(module)):
			raise SkipTest("softhsm2 is not installed")
		token = self.demo_pki.softhsm_token(
			tempfile.mkdtemp(dir=self.workdir), self.pfx, self.passphrase, PIN, token_label="KPU Luwu Utara"
		)
		frappe.local.conf["pkcs11_modules"] = [module]
		try:
			office = frappe.get_doc("KPU Office", f.LUWU_UTARA)
			office.update(
				{
					"signing_method": signatures.TOKEN,
					"pkcs11_module": module,
					"pkcs11_token_label": token.token_label,
					"pkcs11_key_label": token.key_label,
					"timestamp_url": self.services.tsa_url,
				}
			)
			office.save()
			with self.assertRaises(frappe.ValidationError) as caught:
				self.issued(number="45/PP.01-SD/7322/XII/2029", secret="000000")
			self.assertIn("PIN", str(caught.exception))
			self.assertFalse(
				frappe.db.get_value("Sanction", {"letter_number": "45/PP.01-SD/7322/XII/2029"}, "letter_hash")
			)

			doc, content = self.issued(number="46/PP.01-SD/7322/XII/2029", secret=PIN)
			self.assertEqual(doc.signed_by, self.demo_pki.DEMO_SIGNER_NAME)
			found = engine.verify_pdf(content, [self.demo_pki.demo_root()])
			self.assertTrue(found.valid and found.level == "B-LT", found.problems)
		finally:
			frappe.local.conf.pop("pkcs11_modules", None)

	def test_a_remote_signing_service_signs_with_the_signers_pin(self):
		office = frappe.get_doc("KPU Office", f.LUWU_UTARA)
		office.update(
			{
				"signing_method": signatures.SIGNING_SERVICE,
				"csc_service_url": self.services.csc_url,
				"csc_credential_id": self.services.csc_credential_id,
				"timestamp_url": self.services.tsa_url,
				"embed_validation": 1,
			}
		)
		office.save()
		frappe.set_user(LEGAL)
		asked = letter_signing("Sanction", self.issued_draft().name)
		frappe.set_user("Administrator")
		self.assertEqual((asked["signed"], asked["asks_otp"]), (True, True))
		with self.assertRaises(frappe.ValidationError):
			self.issued(number="47/PP.01-SD/7322/XII/2029", secret="000000")
		self.assertEqual(frappe.get_all("File", {"file_name": ("like", "47-PP.01%")}), [])

		doc, content = self.issued(number="48/PP.01-SD/7322/XII/2029", secret=self.demo_pki.DEMO_CSC_PIN)
		self.assertEqual(doc.signed_by, self.demo_pki.DEMO_SIGNER_NAME)
		found = engine.verify_pdf(content, [self.demo_pki.demo_root()])
		self.assertTrue(found.valid and found.level == "B-LT", found.problems)

	def issued_draft(self):
		return frappe.get_doc(
			{
				"doctype": "Sanction",
				"official": self.member.name,
				"complaint": self.complaint.name,
				"sanction_type": "Peringatan Tertulis",
				"letter_number": "49/PP.01-SD/7322/XII/2029",
				"letter_date": frappe.utils.today(),
				"effective_from": frappe.utils.today(),
			}
		).insert()

	# --- checking a letter ---------------------------------------------------------------------------

	def test_the_check_says_who_signed_when_intact_and_trusted_and_a_cancelled_letter_still_verifies(self):
		self.with_certificate_file()
		doc, content = self.issued(secret=self.passphrase)
		code = verification_code(doc.letter_hash)
		frappe.set_user("Guest")
		try:
			result = check_letter(doc.letter_number, code)
			copy = check_letter(doc.letter_number, code, base64.b64encode(content).decode())
			altered = check_letter(doc.letter_number, code, base64.b64encode(tamper(content)).decode())
		finally:
			frappe.set_user("Administrator")
		self.assertNotIn("file_url", result)
		signature = result["signature"]
		self.assertEqual((signature["state"], signature["signer"]), ("valid", self.demo_pki.DEMO_SIGNER_NAME))
		self.assertTrue(signature["intact"] and signature["trusted"])
		self.assertRegex(signature["when"], r"^\d{1,2} \w+ \d{4} \d{2}\.\d{2} (WIB|WITA|WIT|UTC[+-]\d{4})$")
		self.assertTrue(copy["unaltered"])
		self.assertEqual(copy["signature"]["state"], "valid")
		self.assertFalse(altered["unaltered"])
		self.assertEqual(altered["signature"]["state"], "altered")

		self.cancel(doc.name, "Dibatalkan oleh pleno")
		frappe.set_user("Guest")
		try:
			cancelled = check_letter(doc.letter_number, code)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(cancelled["state"], "cancelled")
		self.assertEqual(cancelled["signature"]["state"], "valid")

		# a root KPU does not configure: genuine, intact, but not trusted
		settings = frappe.get_single("KPU Etik Settings")
		settings.trust_roots = ""
		settings.save()
		self.assertEqual(check_letter(doc.letter_number, code)["signature"]["state"], "untrusted")

	def test_an_office_without_a_key_issues_stamped_letters_as_before(self):
		doc, _content = self.issued()
		self.assertFalse(doc.signed_by)
		self.assertEqual(
			check_letter(doc.letter_number, verification_code(doc.letter_hash))["signature"]["signed"], False
		)

	# --- the secret stays on the server ---------------------------------------------------------------

	def test_the_certificate_file_is_never_readable_on_any_route(self):
		self.upload()
		stored = get_decrypted_password("KPU Office", f.LUWU_UTARA, signatures.CERTIFICATE_FIELD)
		self.assertEqual(base64.b64decode(stored), self.pfx)  # kept, encrypted, on the server
		secret_part = stored[100:140]
		column = frappe.db.get_value("KPU Office", f.LUWU_UTARA, signatures.CERTIFICATE_FIELD)
		self.assertTrue(set(column) <= {"*"})

		# Frappe's own route for a stored password, as the web server runs it (a System Manager's
		# right in Frappe): refused for the signing certificate, whoever asks
		frappe.local.request = EnvironBuilder(method="POST").get_request()
		try:
			for user in ("Administrator", LEGAL):
				frappe.set_user(user)
				frappe.local.form_dict = frappe._dict(
					doctype="KPU Office", name=f.LUWU_UTARA, fieldname=signatures.CERTIFICATE_FIELD
				)
				with self.assertRaises(frappe.PermissionError):
					frappe.handler.execute_cmd("frappe.client.get_password")
		finally:
			frappe.set_user("Administrator")
			del frappe.local.request
			frappe.local.form_dict = frappe._dict()

		frappe.set_user(LEGAL)
		from frappe.desk.form.load import getdoc

		getdoc("KPU Office", f.LUWU_UTARA)
		seen = json.dumps([doc.as_dict() for doc in frappe.response.docs], default=str)
		frappe.set_user("Administrator")
		self.assertNotIn(secret_part, seen)
		self.assertIn(self.demo_pki.DEMO_SIGNER_NAME, seen)  # the holder, not the key
		history = json.dumps(frappe.get_all("Version", {"ref_doctype": "KPU Office"}, ["data"]))
		self.assertNotIn(secret_part, history)
		self.assertFalse(
			frappe.db.exists("File", {"attached_to_doctype": "KPU Office", "file_name": ("like", "%.p12")})
		)

		# an operator sees no signing settings at all
		frappe.set_user(OPERATOR)
		office = frappe.get_doc("KPU Office", f.LUWU_UTARA)
		office.apply_fieldlevel_read_permissions()
		frappe.set_user("Administrator")
		self.assertFalse(office.get("signing_method") or office.get("signer_certificate"))

	def test_no_certificate_is_kept_when_frappe_bypasses_the_apps_refusal(self):
		self.assertTrue(signatures.password_route_guarded())
		hooks = frappe.get_hooks("override_whitelisted_methods")
		kept = hooks["frappe.client.get_password"]
		hooks["frappe.client.get_password"] = ["frappe.client.get_password"]  # as if another app won
		try:
			self.assertFalse(signatures.password_route_guarded())
			with self.assertRaises(frappe.ValidationError):
				signatures.store_certificate(f.LUWU_UTARA, self.pfx, self.passphrase)
		finally:
			hooks["frappe.client.get_password"] = kept
		self.assertIsNone(
			get_decrypted_password(
				"KPU Office", f.LUWU_UTARA, signatures.CERTIFICATE_FIELD, raise_exception=False
			)
		)

	def test_an_unexpected_failure_while_a_secret_is_held_logs_no_secret(self):
		from frappe.deferred_insert import save_to_db

		with self.assertRaises(frappe.ValidationError):
			with signatures.secrets_kept_out_of_logs("Issuing a letter"):
				passphrase, otp = "zq-passphrase-31", "zq-otp-4711"  # as Frappe would print them
				raise RuntimeError(f"disk full ({len(passphrase + otp)})")
		save_to_db()
		logged = frappe.get_all(
			"Error Log", {"method": "Issuing a letter"}, ["error"], order_by="creation desc"
		)
		self.assertIn("RuntimeError: disk full", logged[0].error)
		self.assertNotIn("zq-passphrase-31", logged[0].error)
		self.assertNotIn("zq-otp-4711", logged[0].error)

	# --- bad input: a clear, translated error, and nothing half-written ------------------------------

	def test_bad_certificates_settings_and_secrets_change_nothing(self):
		def refused(call, error=frappe.ValidationError):
			with self.assertRaises(error):
				call()

		refused(lambda: self.upload(passphrase="not the passphrase"))
		refused(lambda: self.upload(content=b"%PDF-1.4 not a certificate"))
		refused(lambda: self.upload(content=b"\0" * (signatures.MAX_CERTIFICATE_BYTES + 1)))
		refused(lambda: self.upload(user=OPERATOR), frappe.PermissionError)
		self.assertIsNone(
			get_decrypted_password(
				"KPU Office", f.LUWU_UTARA, signatures.CERTIFICATE_FIELD, raise_exception=False
			)
		)
		self.assertFalse(frappe.db.get_value("KPU Office", f.LUWU_UTARA, "signing_method"))

		office = frappe.get_doc("KPU Office", f.LUWU_UTARA)
		for values in (
			{"signer_certificate": "typed into the field"},
			{
				"signing_method": signatures.TOKEN,
				"pkcs11_module": "/tmp/evil.so",
				"pkcs11_token_label": "a",
				"pkcs11_key_label": "b",
			},
			{
				"signing_method": signatures.SIGNING_SERVICE,
				"csc_service_url": "file:///etc/passwd",
				"csc_credential_id": "x",
			},
			{"signing_method": signatures.SIGNING_SERVICE},
			{"timestamp_url": "gopher://127.0.0.1:70/"},
		):
			doc = frappe.get_doc("KPU Office", f.LUWU_UTARA)
			doc.update(values)
			refused(doc.save)
		self.assertEqual(frappe.get_doc("KPU Office", f.LUWU_UTARA).modified, office.modified)

		self.with_certificate_file()
		for secret in (None, "wrong passphrase"):
			with self.assertRaises(frappe.ValidationError) as caught:
				self.issued(number=f"50/PP.01-SD/7322/XII/{2029 if secret else 2030}", secret=secret)
			self.assertNotIn("Traceback", str(caught.exception))
		self.assertEqual(frappe.get_all("Sanction", {"letter_hash": ("is", "set")}), [])
		# a key of someone else than the decree's signer: not issued
		self.office(chair_name="Andi Penandatangan")
		with self.assertRaises(frappe.ValidationError) as caught:
			self.issued(number="52/PP.01-SD/7322/XII/2029", secret=self.passphrase)
		self.assertIn("Andi Penandatangan", str(caught.exception))
		self.assertEqual(frappe.get_all("Sanction", {"letter_hash": ("is", "set")}), [])
		self.office(chair_name="Dr. " + self.demo_pki.DEMO_SIGNER_NAME.upper() + ", S.H.")
		# the time-stamping service gone: the letter is not issued, and says why
		self.office(timestamp_url="http://127.0.0.1:9/tsa")
		with self.assertRaises(frappe.ValidationError) as caught:
			self.issued(number="51/PP.01-SD/7322/XII/2029", secret=self.passphrase)
		self.assertIn("127.0.0.1:9", str(caught.exception))
