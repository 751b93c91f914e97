"""Certified electronic signatures on decrees (kpu_etik.signing), with real cryptography and no mocks.

A demo certificate authority (certomancer) serves a time-stamping authority, an OCSP responder, CRLs
and a Cloud Signature Consortium API on loopback for the module. A stamped decree-like PDF is signed
with each kind of signer (a PKCS#12 file, a SoftHSM2 token over PKCS#11, the CSC API) and checked with
``verify_pdf`` and with tools nobody here wrote: poppler's ``pdfsig`` (against an NSS database that
trusts the demo root; it checks the signer's certificate online with the demo OCSP responder) and
pyHanko's own command-line validator. One changed byte must make all of them say so.

pdfsig and SoftHSM2 are Debian packages (poppler-utils, libnss3-tools, softhsm2); scripts/test.sh
installs them when run as root. Without them those tests are skipped, saying which package is missing.
"""

import ast
import hashlib
import io
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import tzlocal

pytest.importorskip("pyhanko", reason="pyhanko is not installed (pip install pyhanko)")
pytest.importorskip("certomancer", reason="certomancer is not installed (pip install 'certomancer[web-api]')")

from pypdf import PdfReader
from pypdf.generic import ContentStream

from kpu_etik.core.pdf import blank_pdf
from kpu_etik.core.stamp import MARGIN_X, MARGIN_Y, QR_SIZE, read_stamp, stamp_pdf, stamp_text
from kpu_etik.signing import demo_pki
from kpu_etik.signing.engine import (
	TIME_FORMAT,
	CscAuth,
	CscSigner,
	Pkcs11Signer,
	Pkcs12Signer,
	SigningError,
	sign_pdf,
	sign_pdfs,
	signature_box,
	verify_pdf,
)

SIGNING = Path(__file__).parents[1] / "kpu_etik" / "signing"
PIN = "314159"
PLACE = "Semarang"
REASON = "Keputusan tentang sanksi etik (DEMO)"


def _tool(command: str, package: str) -> str:
	path = shutil.which(command)
	if not path:
		pytest.skip(
			f"{command} is not installed: install the Debian package {package} (scripts/test.sh does as root)"
		)
	return path


# --- fixtures -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def services():
	running = demo_pki.start_demo_services(csc=True)
	yield running
	running.stop()


@pytest.fixture(scope="module")
def root_der():
	return demo_pki.demo_root()


@pytest.fixture(scope="module")
def root_pem(tmp_path_factory):
	path = tmp_path_factory.mktemp("root") / "demo-root.pem"
	path.write_bytes(demo_pki.demo_root(pem=True))
	return path


@pytest.fixture(scope="module")
def pkcs12_signer(services):
	pfx, passphrase = services.signer_pkcs12()
	return Pkcs12Signer(pfx, passphrase)


@pytest.fixture(scope="module")
def stamped():
	"""A two-page A4 letter stamped the way the app stamps decrees: number, verification code, QR."""
	import segno

	unstamped = blank_pdf(2)
	digest = hashlib.sha256(unstamped).hexdigest()
	qr = segno.make(f"https://kpu-etik.example/verify/{digest[:16]}", error="m", micro=False)
	modules = [[bool(dark) for dark in row] for row in qr.matrix]
	return stamp_pdf(unstamped, stamp_text("012/PP.05-SD/33/2026", digest), qr=modules)


def _sign(pdf, signer, services, root_der, *, timestamp=True, embed_validation=False, **options):
	return sign_pdf(
		pdf,
		signer,
		**{
			"name": demo_pki.DEMO_SIGNER_NAME,
			"position": demo_pki.DEMO_SIGNER_POSITION,
			"place": PLACE,
			"reason": REASON,
			"timestamp_url": services.tsa_url if timestamp else None,
			"embed_validation": embed_validation,
			"trust_roots": [root_der],
			**options,
		},
	)


@pytest.fixture(scope="module")
def signed_bt(stamped, pkcs12_signer, services, root_der):
	return _sign(stamped, pkcs12_signer, services, root_der)


@pytest.fixture(scope="module")
def signed_blt(stamped, pkcs12_signer, services, root_der):
	return _sign(stamped, pkcs12_signer, services, root_der, embed_validation=True)


@pytest.fixture(scope="module")
def nss_db(tmp_path_factory):
	"""An NSS database (what pdfsig reads) trusting the demo root for signatures."""
	_tool("certutil", "libnss3-tools")
	return demo_pki.nss_database(str(tmp_path_factory.mktemp("nssdb")), demo_pki.demo_root(pem=True))


@pytest.fixture(scope="module")
def softhsm(tmp_path_factory, services):
	_tool("softhsm2-util", "softhsm2")
	if not Path(demo_pki.SOFTHSM_MODULE).exists():
		pytest.skip(f"{demo_pki.SOFTHSM_MODULE} is missing: install the Debian package softhsm2")
	pytest.importorskip("pkcs11", reason="python-pkcs11 is not installed (pip install python-pkcs11)")
	pfx, passphrase = services.signer_pkcs12()
	return demo_pki.softhsm_token(str(tmp_path_factory.mktemp("softhsm")), pfx, passphrase, PIN)


def _pdfsig(nss_db, pdf: bytes, tmp_path, name="signed.pdf") -> str:
	_tool("pdfsig", "poppler-utils")
	path = tmp_path / name
	path.write_bytes(pdf)
	return demo_pki.pdfsig(nss_db, path)


def _pyhanko_cli(root_pem, pdf: bytes, tmp_path, name="signed.pdf"):
	cli = Path(sys.executable).with_name("pyhanko")
	if not cli.exists():
		pytest.skip("pyHanko's command-line tool is not installed (pip install pyhanko-cli)")
	path = tmp_path / name
	path.write_bytes(pdf)
	return demo_pki.pyhanko_validate(str(cli), root_pem, path)


def _tamper(pdf: bytes) -> bytes:
	"""One byte changed inside the signed range: the first page's width, 595 -> 594 points."""
	at = pdf.index(b"/MediaBox")
	at = pdf.index(b"595", at) + 2
	return pdf[:at] + b"4" + pdf[at + 1 :]


def _assert_verified(result, *, revocation: bool):
	assert result.signed and result.intact and result.valid
	assert result.signer_name == demo_pki.DEMO_SIGNER_NAME
	assert result.signer_organisation == demo_pki.DEMO_SIGNER_ORGANISATION
	assert result.chain_trusted
	assert result.timestamp_time is not None and result.signing_time is not None
	assert abs((result.timestamp_time - result.signing_time).total_seconds()) < 60
	assert result.revocation_checked is revocation
	assert result.level == ("B-LT" if revocation else "B-T")
	assert result.signatures == 1


# --- the package stays framework-free ----------------------------------------------------------------


def test_signing_never_imports_frappe():
	sources = sorted(SIGNING.glob("*.py"))
	assert {p.stem for p in sources} >= {"__init__", "engine", "demo_pki"}
	for path in sources:
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
			if isinstance(node, ast.ImportFrom):
				names = [node.module or ""]
			assert not any(name.split(".")[0] == "frappe" for name in names), f"{path.name} imports frappe"
	code = (
		"import sys\nsys.modules['frappe'] = None\n"
		"import kpu_etik.signing.engine, kpu_etik.signing.demo_pki\n"
		"assert sys.modules['frappe'] is None\nprint('ok')\n"
	)
	result = subprocess.run(
		[sys.executable, "-c", code], cwd=SIGNING.parents[1], capture_output=True, text=True
	)
	assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


# --- PKCS#12 ---------------------------------------------------------------------------------------


def test_pkcs12_b_t_is_an_incremental_update_that_verifies(stamped, signed_bt, root_der):
	assert signed_bt.startswith(stamped), "the stamped bytes must stay untouched"
	assert read_stamp(signed_bt) == read_stamp(stamped)
	result = verify_pdf(signed_bt, [root_der])
	_assert_verified(result, revocation=False)
	assert result.problems == ["Revocation status not checked: the file carries no revocation information."]
	# the same with the root given as PEM
	assert verify_pdf(signed_bt, [demo_pki.demo_root(pem=True)]).chain_trusted


def test_pkcs12_b_lt_embeds_chain_and_revocation_in_the_signed_revision(signed_blt, root_der):
	result = verify_pdf(signed_blt, [root_der])
	_assert_verified(result, revocation=True)
	assert result.problems == []
	root = PdfReader(io.BytesIO(signed_blt)).trailer["/Root"]
	dss = root["/DSS"]
	assert len(dss["/Certs"]) >= 3 and len(dss["/OCSPs"]) >= 1


def test_a_batch_opens_the_key_once_and_every_letter_verifies(stamped, pkcs12_signer, services, root_der):
	letters = [stamped, stamp_pdf(blank_pdf(1), stamp_text("013/PP.05-SD/33/2026", "ab" * 32))]
	signed = sign_pdfs(
		letters,
		pkcs12_signer,
		name=demo_pki.DEMO_SIGNER_NAME,
		position=demo_pki.DEMO_SIGNER_POSITION,
		place=PLACE,
		reason=REASON,
		timestamp_url=services.tsa_url,
		embed_validation=True,
		trust_roots=[root_der],
	)
	assert len(signed) == 2
	for letter, result in zip(letters, signed, strict=True):
		assert result.startswith(letter)
		_assert_verified(verify_pdf(result, [root_der]), revocation=True)


def test_what_cannot_be_signed(pkcs12_signer, services, root_der):
	from pypdf import PdfWriter

	with pytest.raises(SigningError) as caught:
		_sign(b"%PDF-1.7 not really", pkcs12_signer, services, root_der, timestamp=False)
	assert str(caught.value) == "The PDF is damaged and cannot be signed."
	writer = PdfWriter()
	writer.add_blank_page(595, 842)
	writer.encrypt("secret")
	buffer = io.BytesIO()
	writer.write(buffer)
	with pytest.raises(SigningError) as caught:
		_sign(buffer.getvalue(), pkcs12_signer, services, root_der, timestamp=False)
	assert str(caught.value) == "The PDF is encrypted; sign it without protection."


def test_visible_block_on_the_last_page_clear_of_the_stamp(signed_bt):
	reader = PdfReader(io.BytesIO(signed_bt))
	assert all("/Annots" not in page for page in reader.pages[:-1])
	(widget,) = [a.get_object() for a in reader.pages[-1]["/Annots"]]
	assert widget["/FT"] == "/Sig" and widget["/Subtype"] == "/Widget"
	x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
	assert (x1, y1, x2, y2) == signature_box((0, 0, 595, 842)) == (297, 30, 497, 88)
	qr_left = 595 - MARGIN_X - QR_SIZE
	assert x2 < qr_left, "the block must not cover the QR code"
	assert y1 > MARGIN_Y + 8, "the block must not cover the stamp's text line"
	assert y2 < 32 / 25.4 * 72, "the block stays in the decree's 32 mm bottom margin"
	appearance = ContentStream(widget["/AP"]["/N"].get_object(), reader)
	lines = [str(operands[0]) for operands, operator in appearance.operations if operator == b"Tj"]
	assert lines[:3] == ["Digitally signed by", demo_pki.DEMO_SIGNER_NAME, demo_pki.DEMO_SIGNER_POSITION]
	# the time shown is the signing time in the signature, in the server's time zone
	signed_at = verify_pdf(signed_bt, [demo_pki.demo_root()]).signing_time
	assert lines[3] == f"{PLACE}, " + signed_at.astimezone(tzlocal.get_localzone()).strftime(TIME_FORMAT)


def _unnamed(stamped, signer, root_der, place="Jayapura", **options):
	"""A B-B signature that leaves the block's name to the certificate."""
	return _sign(
		stamped, signer, None, root_der, timestamp=False, name=None, position="Ketua", place=place, **options
	)


def test_without_a_name_the_block_names_the_certificates_holder(stamped, pkcs12_signer, services, root_der):
	"""A token's or a service's key is known only once opened: the block then names whom the
	certificate names, as the app asks for every decree."""
	signed = _unnamed(
		stamped, pkcs12_signer, root_der, place=PLACE, heading="Ditandatangani secara elektronik oleh"
	)
	reader = PdfReader(io.BytesIO(signed))
	(widget,) = [a.get_object() for a in reader.pages[-1]["/Annots"]]
	assert widget["/V"]["/Name"] == demo_pki.DEMO_SIGNER_NAME
	appearance = ContentStream(widget["/AP"]["/N"].get_object(), reader)
	lines = [str(operands[0]) for operands, operator in appearance.operations if operator == b"Tj"]
	assert lines[:2] == ["Ditandatangani secara elektronik oleh", demo_pki.DEMO_SIGNER_NAME]


def test_the_block_tells_the_time_in_the_offices_zone(stamped, pkcs12_signer, services, root_der):
	from datetime import datetime
	from zoneinfo import ZoneInfo

	signed = _unnamed(stamped, pkcs12_signer, root_der, time_zone="Asia/Jayapura")
	reader = PdfReader(io.BytesIO(signed))
	(widget,) = [a.get_object() for a in reader.pages[-1]["/Annots"]]
	appearance = ContentStream(widget["/AP"]["/N"].get_object(), reader)
	lines = [str(operands[0]) for operands, operator in appearance.operations if operator == b"Tj"]
	place, shown = lines[3].split(", ", 1)
	assert place == "Jayapura" and shown.endswith(" WIT"), lines
	shown_at = datetime.strptime(shown[: -len(" WIT")], "%d-%m-%Y %H:%M:%S").replace(
		tzinfo=ZoneInfo("Asia/Jayapura")
	)
	signed_at = verify_pdf(signed, [root_der]).signing_time
	assert abs((shown_at - signed_at).total_seconds()) <= 2
	with pytest.raises(SigningError, match="Unknown time zone"):
		_unnamed(stamped, pkcs12_signer, root_der, time_zone="Asia/Nowhere")


def test_pdfsig_says_valid_trusted_and_whole_document(signed_bt, signed_blt, nss_db, tmp_path):
	for name, pdf in (("bt.pdf", signed_bt), ("blt.pdf", signed_blt)):
		output = _pdfsig(nss_db, pdf, tmp_path, name)
		assert f"Signer Certificate Common Name: {demo_pki.DEMO_SIGNER_NAME}" in output, output
		assert "Signature Type: ETSI.CAdES.detached" in output, output
		assert "  - Total document signed\n" in output, output
		assert "Signature Validation: Signature is Valid." in output, output
		assert "Certificate Validation: Certificate is Trusted." in output, output


def test_one_changed_byte_is_caught_by_pdfsig_and_verify_pdf(signed_blt, nss_db, root_der, tmp_path):
	tampered = _tamper(signed_blt)
	assert len(tampered) == len(signed_blt) and tampered != signed_blt
	output = _pdfsig(nss_db, tampered, tmp_path, "tampered.pdf")
	assert "Signature Validation: Digest Mismatch." in output, output
	assert "Signature is Valid" not in output
	result = verify_pdf(tampered, [root_der])
	assert result.signed and not result.intact and not result.valid
	assert (
		"The document was altered after it was signed: the signature no longer matches it." in result.problems
	)


def test_pyhanko_validator_trusts_the_chain_and_the_timestamp(signed_blt, root_pem, tmp_path):
	result = _pyhanko_cli(root_pem, signed_blt, tmp_path)
	out = result.stdout
	assert result.returncode == 0, out + result.stderr
	assert 'Trust anchor: "Common Name: KPU Etik DEMO Root CA — NOT FOR PRODUCTION' in out, out
	assert "The signer's certificate is trusted." in out
	assert "The signature is cryptographically sound." in out
	assert "This timestamp is backed by a time stamping authority." in out
	assert "The TSA certificate is trusted." in out
	assert "The signature covers the entire file." in out
	assert "The signature is judged VALID." in out

	tampered = _pyhanko_cli(root_pem, _tamper(signed_blt), tmp_path, "tampered.pdf")
	assert tampered.returncode != 0
	assert "The signature is judged INVALID." in tampered.stdout


def test_wrong_passphrase_and_wrong_file(stamped, pkcs12_signer, services, root_der):
	with pytest.raises(SigningError) as caught:
		_sign(stamped, Pkcs12Signer(pkcs12_signer.pfx, "not the passphrase"), services, root_der)
	assert str(caught.value) == "The passphrase does not open the certificate file."
	with pytest.raises(SigningError) as caught:
		_sign(stamped, Pkcs12Signer(b"not a certificate file", "x"), services, root_der)
	assert str(caught.value) == "The certificate file is not a PKCS#12 (.p12 or .pfx) file."
	assert "not the passphrase" not in repr(Pkcs12Signer(pkcs12_signer.pfx, "not the passphrase"))


def test_time_stamping_service_down_is_a_signing_error(stamped, pkcs12_signer, services, root_der):
	with socket.socket() as free:
		free.bind(("127.0.0.1", 0))
		dead = f"http://127.0.0.1:{free.getsockname()[1]}/tsa"
	with pytest.raises(SigningError) as caught:
		sign_pdf(
			stamped,
			pkcs12_signer,
			name="A",
			position="B",
			place="C",
			reason="D",
			timestamp_url=dead,
			embed_validation=False,
			trust_roots=[root_der],
		)
	assert str(caught.value) == f"The time-stamping service at {dead} did not answer."


def test_revocation_services_down_still_sign_but_say_so(stamped, services, root_der):
	# certificates that name OCSP and CRL addresses where nothing answers
	pfx, passphrase = demo_pki.demo_signer_pkcs12(demo_pki.OFFLINE_PREFIX)
	signed = _sign(stamped, Pkcs12Signer(pfx, passphrase), services, root_der, embed_validation=True)
	result = verify_pdf(signed, [root_der])
	assert result.intact and result.chain_trusted and not result.revocation_checked
	assert result.level == "B-T"
	assert "The certificate's revocation status could not be confirmed." in result.problems


# --- PKCS#11 (SoftHSM2) ----------------------------------------------------------------------------


def test_pkcs11_softhsm_signature(stamped, softhsm, services, root_der, nss_db, tmp_path):
	signer = Pkcs11Signer(softhsm.module_path, softhsm.token_label, softhsm.key_label, PIN)
	signed = _sign(stamped, signer, services, root_der, embed_validation=True)
	assert signed.startswith(stamped)
	_assert_verified(verify_pdf(signed, [root_der]), revocation=True)
	output = _pdfsig(nss_db, signed, tmp_path)
	assert "Signature Validation: Signature is Valid." in output, output
	assert "Certificate Validation: Certificate is Trusted." in output, output


def test_pkcs11_wrong_pin_token_or_key(stamped, softhsm, services, root_der):
	cases = [
		(
			Pkcs11Signer(softhsm.module_path, softhsm.token_label, softhsm.key_label, "000000"),
			"The PIN does not open the token.",
		),
		(
			Pkcs11Signer(softhsm.module_path, "No Such Token", softhsm.key_label, PIN),
			"No token labelled No Such Token is present.",
		),
		(
			Pkcs11Signer(softhsm.module_path, softhsm.token_label, "no-such-key", PIN),
			"The token holds no key and certificate labelled no-such-key.",
		),
		(
			Pkcs11Signer("/nonexistent/libpkcs11.so", softhsm.token_label, softhsm.key_label, PIN),
			"The PKCS#11 module /nonexistent/libpkcs11.so cannot be loaded.",
		),
	]
	for signer, message in cases:
		with pytest.raises(SigningError) as caught:
			_sign(stamped, signer, services, root_der, timestamp=False)
		assert str(caught.value) == message


# --- Cloud Signature Consortium API ----------------------------------------------------------------


def test_csc_remote_signature(stamped, services, root_der, nss_db, tmp_path):
	signer = CscSigner(services.csc_url, services.csc_credential_id, CscAuth(pin=demo_pki.DEMO_CSC_PIN))
	signed = _sign(stamped, signer, services, root_der)
	assert signed.startswith(stamped)
	_assert_verified(verify_pdf(signed, [root_der]), revocation=False)
	output = _pdfsig(nss_db, signed, tmp_path)
	assert "Signature Validation: Signature is Valid." in output, output
	assert "Certificate Validation: Certificate is Trusted." in output, output


def test_csc_wrong_pin_unknown_credential_and_dead_service(stamped, services, root_der):
	with pytest.raises(SigningError) as caught:
		_sign(
			stamped,
			CscSigner(services.csc_url, services.csc_credential_id, CscAuth(pin="000000")),
			services,
			root_der,
		)
	assert str(caught.value) == (
		"The remote signing service refused to authorise the signature (wrong PIN or one-time password?)."
	)
	with pytest.raises(SigningError) as caught:
		_sign(
			stamped, CscSigner(services.csc_url, "kpu-etik-demo/nobody", CscAuth(pin=PIN)), services, root_der
		)
	assert str(caught.value) == "The remote signing service has no credential kpu-etik-demo/nobody."
	with socket.socket() as free:
		free.bind(("127.0.0.1", 0))
		dead = f"http://127.0.0.1:{free.getsockname()[1]}"
	with pytest.raises(SigningError) as caught:
		_sign(stamped, CscSigner(dead, services.csc_credential_id), services, root_der)
	assert str(caught.value) == f"The remote signing service at {dead} did not answer."


# --- verify_pdf on what is not a good signed PDF ---------------------------------------------------


def test_verify_unsigned_damaged_and_untrusted(stamped, signed_bt, root_der):
	unsigned = verify_pdf(stamped, [root_der])
	assert not unsigned.signed and unsigned.problems == ["The document carries no electronic signature."]
	for junk in (b"", b"not a pdf", b"%PDF-1.7\n garbage \x00\xff", signed_bt[: len(signed_bt) // 2]):
		result = verify_pdf(junk, [root_der])
		assert not result.valid and result.problems
	# a root that is not the demo's: the signature is intact but not trusted
	from certomancer.registry import CertLabel

	other = demo_pki._arch(demo_pki.OFFLINE_PREFIX).get_cert(CertLabel("tsa")).dump()
	untrusted = verify_pdf(signed_bt, [other])
	assert untrusted.intact and not untrusted.chain_trusted
	assert "The signer's certificate does not chain to a trusted root." in untrusted.problems
	assert verify_pdf(signed_bt, [b"not a certificate"]).problems == [
		"The trust roots are not readable certificates."
	]
