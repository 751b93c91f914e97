"""Certified electronic signatures (TTE) on the decrees a KPU office issues.

Where an office's signing key lives is the office's choice (KPU Office, section "Electronic
Signature"): a PKCS#12 certificate file kept encrypted by Frappe (``__Auth``; no route reads it back,
see ``kpu_etik.permissions.get_password``), a PKCS#11 token on the server, or a remote signing
service speaking the Cloud Signature Consortium API. The signer gives their PIN or passphrase at the
moment of signing; it is used for that one request and never stored.

The signing and the checking are ``kpu_etik.signing.engine`` (pyHanko, no Frappe); this module reads
the office's settings, opens its key, and says what a signature is in the reader's language.
"""

import base64
import hashlib
import traceback
from contextlib import contextmanager
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import get_system_timezone
from frappe.utils.password import get_decrypted_password, set_encrypted_password

from kpu_etik.core.letters import signed_by_its_signer
from kpu_etik.core.regions import ancestor_at
from kpu_etik.signing import engine

CERTIFICATE_FILE = "Certificate File (PKCS#12)"
TOKEN = "Token (PKCS#11)"
SIGNING_SERVICE = "Remote Signing Service (CSC)"
SIGNING_METHODS = (CERTIFICATE_FILE, TOKEN, SIGNING_SERVICE)
# The office's encrypted PKCS#12 file (base64), in Frappe's __Auth table: never sent to a browser.
CERTIFICATE_FIELD = "signer_certificate"
# Frappe keeps an encrypted value in a TEXT column (65,535 bytes): base64 and Fernet make a file
# about 1.8 times larger. A signer's PKCS#12 with its chain is 3 to 10 KB.
MAX_CERTIFICATE_BYTES = 32 * 1024
SETUP_FIELDS = (
	"name",
	"signing_method",
	"pkcs11_module",
	"pkcs11_token_label",
	"pkcs11_key_label",
	"csc_service_url",
	"csc_credential_id",
	"timestamp_url",
	"embed_validation",
)
HEADING = "Ditandatangani secara elektronik oleh"
VERIFICATION_CACHE_SECONDS = 24 * 3600
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


@contextmanager
def secrets_kept_out_of_logs(title: str):
	"""Around code that holds a PIN, a passphrase or a key: an unexpected failure (a 5xx) would make
	Frappe log the traceback *with every frame's variables* (``log_error_snapshot``), whose redaction
	goes by variable name (``passphrase``, ``otp`` and a ``kwargs`` dict pass). Such a failure is
	logged here without the variables and answered with a translated error, which Frappe does not
	snapshot; Frappe's own refusals (validation, permission) pass through as they are."""
	try:
		yield
	except (frappe.ValidationError, frappe.PermissionError, frappe.AuthenticationError):
		raise
	except Exception:
		frappe.log_error(title=title, message=traceback.format_exc(), defer_insert=True)
		frappe.throw(
			_("Something went wrong; the administrator can read what in the Error Log. Nothing was saved.")
		)


def office_of(region: str | None) -> str:
	"""The KPU office (its region code) that issues the decrees about a record of ``region``: the KPU
	Kabupaten/Kota above it (as ``letters.issuing_office``)."""
	region = region or "ID"
	return ancestor_at(region, "Kabupaten/Kota") or region


def signing_setup(office: str) -> frappe._dict | None:
	"""How ``office`` signs, or None when it issues its letters stamped only."""
	setup = frappe.db.get_value("KPU Office", office, list(SETUP_FIELDS), as_dict=True)
	return setup if setup and setup.signing_method in SIGNING_METHODS else None


def trust_roots() -> list[bytes]:
	"""The root certificates (PEM) KPU trusts for its letters (KPU Etik Settings; BSrE's in production)."""
	text = frappe.db.get_single_value("KPU Etik Settings", "trust_roots") or ""
	return [text.encode()] if "BEGIN CERTIFICATE" in text else []


def token_libraries() -> list[str]:
	"""The PKCS#11 libraries the server's administrator allows (site_config ``pkcs11_modules``): a
	library is code the server loads, so an office chooses among these, never a path of its own."""
	libraries = frappe.conf.get("pkcs11_modules") or []
	return [libraries] if isinstance(libraries, str) else list(libraries)


def validate_office(doc) -> None:
	"""KPU Office's validate: the signing settings are complete and safe to act on."""
	# Frappe would encrypt whatever is typed here: the file comes only through store_certificate.
	if doc.get(CERTIFICATE_FIELD) and not set(doc.get(CERTIFICATE_FIELD)) <= {"*"}:
		frappe.throw(_("Upload the certificate file with the button Upload Signing Certificate."))
	for fieldname in ("csc_service_url", "timestamp_url"):
		address = (doc.get(fieldname) or "").strip()
		if address and (urlsplit(address).scheme not in ("http", "https") or not urlsplit(address).hostname):
			frappe.throw(_("{0} must be an http or https address.").format(_(doc.meta.get_label(fieldname))))
	method = doc.get("signing_method")
	if method == TOKEN:
		if doc.pkcs11_module not in token_libraries():
			frappe.throw(
				_("The token library must be one the server's administrator allows: {0}.").format(
					", ".join(token_libraries()) or _("none yet")
				)
			)
		if not (doc.pkcs11_token_label and doc.pkcs11_key_label):
			frappe.throw(_("Enter the token's label and the key's label."))
	elif method == SIGNING_SERVICE and not (doc.csc_service_url and doc.csc_credential_id):
		frappe.throw(_("Enter the signing service's address and the signer's credential ID."))


def password_route_guarded() -> bool:
	"""Whether Frappe's route for stored passwords (frappe.client.get_password, a System Manager's
	right) goes through the app's refusal (hooks: override_whitelisted_methods): Frappe v15's
	request handler takes the last override of a method. Checked on 15.44."""
	import frappe.handler

	overrides = frappe.get_hooks("override_whitelisted_methods", {}).get("frappe.client.get_password", [])
	consults = "override_whitelisted_methods" in frappe.handler.execute_cmd.__code__.co_consts
	return consults and bool(overrides) and overrides[-1] == "kpu_etik.permissions.get_password"


def ensure_guarded():
	"""No signing key is kept where a route could give it back: fail closed on a Frappe that no longer
	goes through the app's refusal."""
	if not password_route_guarded():
		frappe.throw(
			_("Signing keys are not kept: this version of Frappe bypasses the app's protection of them."),
			title=_("Certificate not accepted"),
		)


def store_certificate(office: str, content: bytes, passphrase: str) -> engine.CertificateSummary:
	"""Keep ``content`` (a PKCS#12 file) encrypted as the office's signing certificate, after checking
	that ``passphrase`` opens it. The passphrase itself is not kept."""
	ensure_guarded()
	if len(content) > MAX_CERTIFICATE_BYTES:
		frappe.throw(_("The certificate file is larger than {0} KB.").format(MAX_CERTIFICATE_BYTES // 1024))
	try:
		summary = engine.certificate_summary(engine.Pkcs12Signer(content, passphrase))
	except engine.SigningError as exc:
		frappe.throw(_(exc.template).format(*exc.args), title=_("Certificate not accepted"))
	set_encrypted_password("KPU Office", office, base64.b64encode(content).decode(), CERTIFICATE_FIELD)
	doc = frappe.get_doc("KPU Office", office)
	doc.update(
		{
			"signing_method": CERTIFICATE_FILE,
			CERTIFICATE_FIELD: "*" * 8,
			"signer_certificate_holder": summary.holder,
			"signer_certificate_expires": summary.valid_until.date(),
		}
	)
	doc.save()
	return summary


def signer_for(setup: frappe._dict, secret: str | None, otp: str | None = None):
	"""The engine's signer for the office's key, opened with the signer's own PIN or passphrase."""
	if not secret:
		frappe.throw(_("Enter your PIN or passphrase to sign the letter."), title=_("Signature"))
	if setup.signing_method == CERTIFICATE_FILE:
		ensure_guarded()
		stored = get_decrypted_password("KPU Office", setup.name, CERTIFICATE_FIELD, raise_exception=False)
		if not stored:
			frappe.throw(_("The office has no certificate file yet: upload it on the KPU Office form."))
		return engine.Pkcs12Signer(base64.b64decode(stored), secret)
	if setup.signing_method == TOKEN:
		if setup.pkcs11_module not in token_libraries():
			frappe.throw(_("The office's token library is not one the server's administrator allows."))
		return engine.Pkcs11Signer(
			setup.pkcs11_module, setup.pkcs11_token_label, setup.pkcs11_key_label, secret
		)
	return engine.CscSigner(
		setup.csc_service_url, setup.csc_credential_id, engine.CscAuth(pin=secret, otp=otp or None)
	)


def sign_letter(doc, stamped: bytes, block: dict, secret: str | None, otp: str | None) -> tuple:
	"""The stamped letter signed with its office's key (or as it is when the office does not sign),
	in the ``block`` of its decree (``letters.signing_block``: place, signer's title and name),
	and the signer's name from the certificate (None when unsigned). The signature is checked before
	the letter is issued: a signature that does not verify is never issued."""
	setup = signing_setup(office_of(doc.region))
	if not setup:
		return stamped, None
	signer = signer_for(setup, secret, otp)
	roots = trust_roots()
	try:
		signed = engine.sign_pdf(
			stamped,
			signer,
			name=None,  # whom the certificate names
			position=block["signer_title"],
			place=block["place"] or "",
			reason=f"Keputusan Nomor {doc.letter_number}",
			timestamp_url=setup.timestamp_url or None,
			embed_validation=bool(setup.embed_validation),
			trust_roots=roots or None,
			heading=HEADING,
			time_zone=get_system_timezone(),
		)
	except engine.SigningError as exc:
		frappe.throw(_(exc.template).format(*exc.args), title=_("The letter was not signed"))
	found = engine.verify_pdf(signed, roots)
	if not (found.signed and found.intact):
		frappe.throw(_("The signature made does not verify; the letter was not issued."))
	if not signed_by_its_signer(found.signer_name, block["signer_name"]):
		frappe.throw(
			_(
				"The key is {0}'s, but the letter names {1} as its signer; the letter was not issued. "
				"Sign with {1}'s key, or correct the Chair's Name on the KPU Office form."
			).format(found.signer_name, block["signer_name"]),
			title=_("The letter was not signed"),
		)
	return signed, found.signer_name


def letter_signing(doctype: str, name: str) -> dict:
	"""What the Desk asks before issuing a letter: whether it is signed, with which kind of key, and
	whose certificate (a file's)."""
	region = frappe.db.get_value(doctype, name, "region")
	setup = signing_setup(office_of(region))
	if not setup:
		return {"signed": False}
	answer = {"signed": True, "method": setup.signing_method, "method_label": _(setup.signing_method)}
	if setup.signing_method == CERTIFICATE_FILE:
		answer["holder"] = frappe.db.get_value("KPU Office", setup.name, "signer_certificate_holder")
	answer["asks_otp"] = setup.signing_method == SIGNING_SERVICE
	return answer


# --- what the public check says of a signature --------------------------------------------------------


def verify(content: bytes) -> engine.Verification:
	"""The signature check of a letter's bytes against KPU's trust roots, kept a day per file and roots
	(82 ms a check: the public page may be asked often for one letter)."""
	roots = trust_roots()
	key = "kpu_etik:letter_signature:" + hashlib.sha256(content + b"\0" + b"".join(roots)).hexdigest()
	cached = frappe.cache.get_value(key)
	if cached is None:
		found = engine.verify_pdf(content, roots)
		cached = {
			"signed": found.signed,
			"intact": found.intact,
			"signer_name": found.signer_name,
			"signer_organisation": found.signer_organisation,
			"time": (found.timestamp_time or found.signing_time),
			"timestamped": found.timestamp_time is not None,
			"chain_trusted": found.chain_trusted,
			"revoked": found.revoked,
			"revocation_checked": found.revocation_checked,
			"level": found.level,
		}
		frappe.cache.set_value(key, cached, expires_in_sec=VERIFICATION_CACHE_SECONDS)
	return cached


def describe(found: dict) -> dict:
	"""The signature's facts for a person, in their language: who, when, intact, trusted."""
	from kpu_etik.core.dates import format_indonesian_date

	if not found["signed"]:
		return {"signed": False, "summary": _("This file carries no electronic signature.")}
	time = found["time"]
	when = None
	if time:
		zone = get_system_timezone()
		local = time.astimezone(ZoneInfo(zone)) if time.tzinfo else time
		when = f"{format_indonesian_date(local.date(), False)} {local:%H.%M} {ZONE_NAMES.get(zone) or local.strftime('UTC%z')}"
	if found["revoked"]:
		verdict, state = _("The signer's certificate has been revoked."), "revoked"
	elif not found["intact"]:
		verdict, state = _("The file was changed after it was signed."), "altered"
	elif not found["chain_trusted"]:
		verdict, state = _("The signer's certificate does not chain to a root KPU trusts."), "untrusted"
	else:
		verdict, state = _("Valid: signed with a certificate KPU trusts, and unchanged since."), "valid"
	return {
		"signed": True,
		"state": state,
		"valid": state == "valid",
		"summary": verdict,
		"signer": found["signer_name"],
		"organisation": found["signer_organisation"],
		"when": when,
		"time_source": _("from a trusted timestamp")
		if found["timestamped"]
		else _("as the signer's computer gave it"),
		"intact": bool(found["intact"]),
		"trusted": bool(found["chain_trusted"]),
		"level": found["level"],
	}
