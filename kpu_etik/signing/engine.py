"""Certified electronic signatures (PAdES, ETSI EN 319 142) on stamped decree PDFs, with pyHanko.

``sign_pdf`` adds one signature to a stamped decree as an incremental update (the stamped bytes stay
exactly as they were, at the start of the signed file):

- PAdES baseline B-B, or B-T with an RFC 3161 timestamp from ``timestamp_url``;
- B-LT with ``embed_validation``: the certificate chain and the revocation information (OCSP responses,
  CRLs) that the certificates' services give at signing time are written into the document security
  store (/DSS) *in the same revision as the signature*, so the signature still covers the whole file. A
  revocation service that does not answer is tolerated (pyHanko's "soft-fail"): the signature is made
  with what could be fetched, and ``verify_pdf`` then reports ``revocation_checked`` False;
- a visible signature block (the signer's name, position, place and signing time) on the last page by
  default, in a box at the bottom between the letter's stamp line and its QR code, inside the 32 mm
  bottom margin the decree template keeps free (``signature_box``).

``sign_pdfs`` signs a batch of letters with one opening of the key (one passphrase or PIN entry, one
token session, one fetch of the revocation information for the whole batch).

The key stays where it is: a PKCS#12 file (``Pkcs12Signer``), a PKCS#11 token or HSM
(``Pkcs11Signer``, e.g. SoftHSM2 or a smart card) or a remote signing service speaking the Cloud
Signature Consortium API 1.0.4 (``CscSigner``, as PSrE services such as BSrE's offer to agencies). Each is
opened with a passphrase or PIN given at call time, which the dataclasses keep out of their repr and
this module never stores.

``verify_pdf`` checks every signature in a PDF against the caller's trust roots and reports on it in
plain English; it never raises. ``SigningError`` (a ``RuleError``: a template plus its arguments, for
translation) is raised for signing problems only.

Framework-free: no Frappe import (tests/test_signing.py checks).
"""

import asyncio
import dataclasses
import functools
import io
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime

from kpu_etik.core.errors import RuleError

logger = logging.getLogger(__name__)

MD_ALGORITHM = "sha256"
FIELD_PREFIX = "KpuEtikSignature"
# The visible block: Helvetica (a standard font, not embedded) 8 pt, in the letter's bottom margin.
FONT = "Helvetica"
FONT_SIZE = 8
LEADING = 10
BLOCK_TEXT = "%(heading)s\n%(name)s\n%(position)s\n%(place)s%(ts)s"
TIME_FORMAT = "%d-%m-%Y %H:%M:%S %Z"
DEFAULT_HEADING = "Digitally signed by"
# Where the letter's stamp sits (kpu_etik.core.stamp): its text line at MARGIN_Y from the bottom-left,
# its QR code (QR_SIZE square) at MARGIN_X from the bottom-right corner. The block goes between them,
# above the text line, below the decree template's 32 mm (90.7 pt) bottom margin.
STAMP_MARGIN_X = 36
STAMP_MARGIN_Y = 18
STAMP_QR_SIZE = 54
BLOCK_WIDTH = 200
BLOCK_BOTTOM = 30
BLOCK_TOP = 88
BLOCK_GAP = 8
NETWORK_TIMEOUT = 20


class SigningError(RuleError):
	"""A signature could not be made; the message says why in plain English."""


@dataclass(frozen=True)
class Pkcs12Signer:
	"""A key and certificate chain in a PKCS#12 (.p12/.pfx) file, opened with its passphrase."""

	pfx: bytes = field(repr=False)
	passphrase: str = field(repr=False)


@dataclass(frozen=True)
class Pkcs11Signer:
	"""A key on a PKCS#11 token (smart card, HSM, SoftHSM2), opened with the token's user PIN.

	The signer's certificate is the one with the key's label; the token's other certificates (the
	issuing CAs) are taken along."""

	module_path: str
	token_label: str
	key_label: str
	pin: str = field(repr=False)


@dataclass(frozen=True)
class CscAuth:
	"""How to reach a CSC credential: the service's OAuth2 bearer token (from the service's own
	login), and the signer's PIN and/or one-time password that authorise each signature."""

	bearer_token: str | None = field(default=None, repr=False)
	pin: str | None = field(default=None, repr=False)
	otp: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class CscSigner:
	"""A credential (key and certificate) held by a remote signing service, Cloud Signature Consortium
	API v1 (``service_url`` is the part before ``/csc/v1/...``)."""

	service_url: str
	credential_id: str
	auth: CscAuth = field(default_factory=CscAuth)


SignerSpec = Pkcs12Signer | Pkcs11Signer | CscSigner


@dataclass(frozen=True)
class Verification:
	"""What ``verify_pdf`` found. With several signatures, the fields describe the last one, except
	``intact`` (every signature intact) and ``problems`` (of every signature)."""

	signed: bool
	intact: bool = False
	signer_name: str | None = None
	signer_organisation: str | None = None
	signing_time: datetime | None = None
	timestamp_time: datetime | None = None
	chain_trusted: bool = False
	revocation_checked: bool = False
	revoked: bool = False
	problems: list[str] = field(default_factory=list)
	signatures: int = 0
	level: str | None = None  # PAdES baseline level: "B-B", "B-T" or "B-LT"

	@property
	def valid(self) -> bool:
		"""Signed, unaltered, by a certificate that chains to a trusted root and is not known revoked."""
		return self.signed and self.intact and self.chain_trusted and not self.revoked


# --- running pyHanko's asynchronous API from synchronous callers --------------------------------------


def _run(coro):
	"""``asyncio.run`` the coroutine, in a helper thread when this thread already runs an event loop."""
	try:
		asyncio.get_running_loop()
	except RuntimeError:
		return asyncio.run(coro)
	result = {}

	def target():
		try:
			result["value"] = asyncio.run(coro)
		except BaseException as exc:
			result["error"] = exc

	thread = threading.Thread(target=target)
	thread.start()
	thread.join()
	if "error" in result:
		raise result["error"]
	return result["value"]


async def _aclose(validation_context) -> None:
	"""Close the HTTP sessions a validation context opened (pyHanko 0.37+; older ones open none)."""
	close = getattr(validation_context, "aclose", None)
	if close is not None:
		await close()


# --- certificates -----------------------------------------------------------------------------------


def _load_certificates(blobs) -> list:
	"""asn1crypto certificates from DER or PEM bytes (a PEM file may hold several)."""
	from asn1crypto import pem, x509

	certificates = []
	for blob in blobs or ():
		if isinstance(blob, x509.Certificate):
			certificates.append(blob)
			continue
		data = bytes(blob)
		if pem.detect(data):
			certificates.extend(
				x509.Certificate.load(der) for _kind, _headers, der in pem.unarmor(data, multiple=True)
			)
		else:
			certificates.append(x509.Certificate.load(data))
	for certificate in certificates:
		certificate.subject  # parse now: a damaged certificate fails here, not deep inside pyHanko
	return certificates


def _name_part(name, key: str) -> str | None:
	value = name.native.get(key) if name is not None else None
	if isinstance(value, list):
		value = ", ".join(value)
	return value or None


# --- signing ----------------------------------------------------------------------------------------


def signature_box(page_box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
	"""The default box (x1, y1, x2, y2) of the visible signature on a page whose visible area is
	``page_box``: at the bottom, left of the stamp's QR code, above its text line (on A4:
	297, 30 to 497, 88)."""
	_left, bottom, right, _top = page_box
	x2 = right - STAMP_MARGIN_X - STAMP_QR_SIZE - BLOCK_GAP
	return (round(x2 - BLOCK_WIDTH), round(bottom + BLOCK_BOTTOM), round(x2), round(bottom + BLOCK_TOP))


def _page_box(pdf: bytes, page: int) -> tuple[float, float, float, float]:
	from pypdf import PdfReader

	pages = PdfReader(io.BytesIO(pdf), strict=False).pages
	box = pages[page].cropbox
	return (float(box.left), float(box.bottom), float(box.right), float(box.top))


# pyHanko writes the signing time into the block with the style's strftime format, in the server's own
# zone: in this exact form, so that the block can say it in the office's zone instead.
ZONED_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def _stamp_style(time_zone: str | None = None):
	from dataclasses import dataclass as frozen_dataclass
	from zoneinfo import ZoneInfo

	from pyhanko.pdf_utils.font.basic import SimpleFontEngineFactory
	from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
	from pyhanko.pdf_utils.text import TextBoxStyle
	from pyhanko.stamp import TextStampStyle

	@frozen_dataclass(frozen=True)
	class ZonedStampStyle(TextStampStyle):
		"""The signing time in ``zone`` (pyHanko's own style writes it in the server's zone)."""

		zone: str | None = None

		def create_stamp(self, writer, box, text_params):
			if self.zone and text_params.get("ts"):
				signed_at = datetime.strptime(text_params["ts"], ZONED_TIME_FORMAT)
				text_params = {
					**text_params,
					"ts": signed_at.astimezone(ZoneInfo(self.zone)).strftime(TIME_FORMAT),
				}
			return super().create_stamp(writer, box, text_params)

	return ZonedStampStyle(
		zone=time_zone,
		stamp_text=BLOCK_TEXT,
		timestamp_format=ZONED_TIME_FORMAT if time_zone else TIME_FORMAT,
		border_width=1,
		text_box_style=TextBoxStyle(
			font=SimpleFontEngineFactory(FONT, 0.5),
			font_size=FONT_SIZE,
			leading=LEADING,
			box_layout_rule=SimpleBoxLayoutRule(
				x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MID, margins=Margins.uniform(0)
			),
		),
		inner_content_layout=SimpleBoxLayoutRule(
			x_align=AxisAlignment.ALIGN_MIN,
			y_align=AxisAlignment.ALIGN_MID,
			margins=Margins(left=6, right=6, top=4, bottom=4),
		),
	)


def _pkcs12(spec: Pkcs12Signer):
	"""A pyHanko signer for the key in the PKCS#12 file; it signs with the key object the file gave
	(pyHanko's own SimpleSigner parses and checks the key again for every signature, ~45 ms for RSA)."""
	from asn1crypto import keys, pkcs12, x509
	from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
	from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
	from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
	from cryptography.hazmat.primitives.serialization import pkcs12 as pyca_pkcs12
	from pyhanko.sign.signers import SimpleSigner
	from pyhanko_certvalidator.registry import SimpleCertificateStore
	from pyhanko_certvalidator.util import get_pyca_cryptography_hash

	class KeyInMemory(SimpleSigner):
		key = None

		def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
			mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
			if mechanism == "rsassa_pkcs1v15" and isinstance(self.key, RSAPrivateKey):
				return self.key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
			return super().sign_raw(data, digest_algorithm)

	data = bytes(spec.pfx or b"")
	try:
		key, cert, chain = pyca_pkcs12.load_key_and_certificates(data, spec.passphrase.encode())
	except ValueError:
		key = cert = None
	if key is not None and cert is None:
		raise SigningError("The certificate file holds a key but no certificate.")
	if key is not None:
		registry = SimpleCertificateStore()
		registry.register_multiple([x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in chain])
		signer = KeyInMemory(
			signing_cert=x509.Certificate.load(cert.public_bytes(Encoding.DER)),
			signing_key=keys.PrivateKeyInfo.load(
				key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
			),
			cert_registry=registry,
		)
		signer.key = key
		return signer
	try:
		pkcs12.Pfx.load(data)["auth_safe"].native
	except Exception:
		raise SigningError("The certificate file is not a PKCS#12 (.p12 or .pfx) file.")
	raise SigningError("The passphrase does not open the certificate file.")


@dataclass(frozen=True)
class CertificateSummary:
	"""Who a certificate names and until when it is valid (what an office's form shows of its key)."""

	holder: str | None
	organisation: str | None
	valid_until: datetime
	issuer: str | None


def certificate_summary(spec: Pkcs12Signer) -> CertificateSummary:
	"""The signer certificate of a PKCS#12 file, opened with its passphrase (``SigningError`` when the
	file or the passphrase is wrong, as when signing)."""
	certificate = _pkcs12(spec).signing_cert
	return CertificateSummary(
		holder=_name_part(certificate.subject, "common_name"),
		organisation=_name_part(certificate.subject, "organization_name"),
		valid_until=certificate["tbs_certificate"]["validity"]["not_after"].native,
		issuer=_name_part(certificate.issuer, "common_name"),
	)


def _pkcs11_session(spec: Pkcs11Signer):
	from pkcs11 import exceptions as p11
	from pyhanko.config.pkcs11 import TokenCriteria
	from pyhanko.sign.pkcs11 import open_pkcs11_session

	try:
		return open_pkcs11_session(
			spec.module_path, token_criteria=TokenCriteria(label=spec.token_label), user_pin=spec.pin
		)
	except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange):
		raise SigningError("The PIN does not open the token.")
	except (p11.PinLocked, p11.PinExpired):
		raise SigningError("The token's PIN is locked or has expired; unlock it with the token's tools.")
	except p11.PKCS11Error as exc:
		text = str(exc)
		if "No token" in text:
			raise SigningError("No token labelled {0} is present.", spec.token_label)
		if "loading" in text or "OS exception" in text:
			raise SigningError("The PKCS#11 module {0} cannot be loaded.", spec.module_path)
		raise SigningError("The token could not be opened ({0}).", type(exc).__name__)


def _csc_authorization(session, session_info, credential_info, auth: CscAuth):
	"""A pyHanko CSC authorisation manager that calls ``credentials/authorize`` for each signature with
	the signer's PIN and/or one-time password (and the hashes, when the service pins them: SCAL 2).

	pyHanko turns any error raised here into its own generic one, so the plain-English reason is kept
	in ``failure`` for ``_sign`` to raise instead."""
	import aiohttp
	from pyhanko.sign.general import SigningError as HankoSigningError
	from pyhanko.sign.signers.csc_signer import CSCAuthorizationManager

	class PinAuthorization(CSCAuthorizationManager):
		failure = None

		def fail(self, error: SigningError):
			self.failure = error
			raise HankoSigningError(str(error))

		async def authorize_signature(self, hash_b64s):
			body = self.format_csc_auth_request(
				pin=auth.pin,
				otp=auth.otp,
				hash_b64s=hash_b64s if credential_info.hash_pinning_required else None,
				num_signatures=len(hash_b64s),
			)
			url = self.csc_session_info.endpoint_url("credentials/authorize")
			try:
				async with session.post(
					url,
					headers=self.auth_headers,
					json=body,
					timeout=aiohttp.ClientTimeout(total=NETWORK_TIMEOUT),
				) as response:
					if response.status in (400, 401, 403):
						self.fail(
							SigningError(
								"The remote signing service refused to authorise the signature (wrong PIN or one-time password?)."
							)
						)
					response.raise_for_status()
					data = await response.json()
			except (aiohttp.ClientError, TimeoutError):
				self.fail(
					SigningError(
						"The remote signing service at {0} did not answer.", session_info.service_url
					)
				)
			return self.parse_csc_auth_response(data)

	return PinAuthorization(session_info, credential_info)


class _OpenSigner:
	"""The pyHanko signer for a spec, opened on entry and closed (session, connection) on exit."""

	def __init__(self, spec: SignerSpec):
		self.spec = spec
		self._close = []

	async def __aenter__(self):
		try:
			return await self._open()
		except BaseException:
			await self.__aexit__(None, None, None)
			raise

	async def _open(self):
		spec = self.spec
		if isinstance(spec, Pkcs12Signer):
			return _pkcs12(spec)
		if isinstance(spec, Pkcs11Signer):
			from pyhanko.sign.pkcs11 import PKCS11Signer

			session = _pkcs11_session(spec)
			self._close.append(session.close)
			signer = PKCS11Signer(
				session, key_label=spec.key_label, cert_label=spec.key_label, other_certs_to_pull=None
			)
			try:
				signer.signing_cert
			except Exception:
				raise SigningError("The token holds no key and certificate labelled {0}.", spec.key_label)
			return signer
		if isinstance(spec, CscSigner):
			return await self._csc(spec)
		raise SigningError("Unknown kind of signer: {0}", type(spec).__name__)

	async def _csc(self, spec: CscSigner):
		import aiohttp
		from pyhanko.sign.signers import csc_signer

		session = aiohttp.ClientSession()
		self._close.append(session.close)
		info = csc_signer.CSCServiceSessionInfo(
			service_url=spec.service_url.rstrip("/"),
			credential_id=spec.credential_id,
			oauth_token=spec.auth.bearer_token,
		)
		try:
			credential = await csc_signer.fetch_certs_in_csc_credential(
				session, info, timeout=NETWORK_TIMEOUT
			)
		except Exception as exc:
			cause = exc.__cause__
			if isinstance(cause, aiohttp.ClientResponseError) and cause.status in (401, 403):
				raise SigningError("The remote signing service refused the credentials.")
			if isinstance(cause, aiohttp.ClientResponseError) and cause.status == 404:
				raise SigningError("The remote signing service has no credential {0}.", spec.credential_id)
			raise SigningError("The remote signing service at {0} did not answer.", spec.service_url)
		manager = _csc_authorization(session, info, credential, spec.auth)
		return csc_signer.CSCSigner(session, manager, sign_timeout=NETWORK_TIMEOUT)

	async def __aexit__(self, *exc):
		for close in reversed(self._close):
			result = close()
			if asyncio.iscoroutine(result):
				await result


def _field_name(writer) -> str:
	from pyhanko.sign.fields import enumerate_sig_fields

	taken = {name for name, *_rest in enumerate_sig_fields(writer.prev)}
	number = 1
	while f"{FIELD_PREFIX}{number}" in taken:
		number += 1
	return f"{FIELD_PREFIX}{number}"


@dataclass(frozen=True)
class _Options:
	name: str
	position: str
	place: str
	reason: str
	timestamp_url: str | None
	embed_validation: bool
	trust_roots: list | None
	page: int
	box: tuple | None
	heading: str
	time_zone: str | None = None


@functools.lru_cache(maxsize=8)
def _timestamper(url: str):
	"""One pyHanko time-stamping client per address: it keeps the size of a sample token, which it
	would otherwise ask the service for before every signature."""
	from pyhanko.sign.timestamps import HTTPTimeStamper

	return HTTPTimeStamper(url, timeout=NETWORK_TIMEOUT)


async def _sign_all(pdfs: list[bytes], spec: SignerSpec, options: _Options) -> list[bytes]:
	"""Open the signer once (one passphrase or PIN), then sign every PDF in turn."""
	from pyhanko_certvalidator import ValidationContext

	async with _OpenSigner(spec) as signer:
		if not options.name:
			# the block names whom the certificate names (a token's or a service's key is known only now)
			holder = _name_part(signer.signing_cert.subject, "common_name")
			if not holder:
				raise SigningError("The signer's certificate names no one.")
			options = dataclasses.replace(options, name=holder)
		validation_context = None
		if options.embed_validation:
			roots = _load_certificates(options.trust_roots) if options.trust_roots else _self_signed(signer)
			if not roots:
				raise SigningError(
					"Embedding validation data needs the trust root of the signer's certificate."
				)
			# one context for the batch: the OCSP responses and CRLs it fetches serve every letter
			validation_context = ValidationContext(
				trust_roots=roots,
				other_certs=list(signer.cert_registry),
				allow_fetching=True,
				revocation_mode="soft-fail",
			)
		timestamper = _timestamper(options.timestamp_url) if options.timestamp_url else None
		try:
			return [await _sign_one(pdf, signer, validation_context, timestamper, options) for pdf in pdfs]
		finally:
			if validation_context is not None:
				await _aclose(validation_context)


async def _sign_one(pdf: bytes, signer, validation_context, timestamper, options: _Options) -> bytes:
	from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
	from pyhanko.sign import fields
	from pyhanko.sign.general import SigningError as HankoSigningError
	from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner
	from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
	from pyhanko.sign.timestamps.common_utils import TimestampRequestError

	try:
		writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
		encrypted = writer.prev.encrypted
	except Exception:
		raise SigningError("The PDF is damaged and cannot be signed.")
	if encrypted:
		raise SigningError("The PDF is encrypted; sign it without protection.")
	try:
		field_name = _field_name(writer)
		box = tuple(options.box) if options.box is not None else signature_box(_page_box(pdf, options.page))
	except Exception:
		raise SigningError("The PDF is damaged and cannot be signed.")

	meta = PdfSignatureMetadata(
		field_name=field_name,
		md_algorithm=MD_ALGORITHM,
		name=options.name,
		location=options.place or None,
		reason=options.reason or None,
		subfilter=fields.SigSeedSubFilter.PADES,
		embed_validation_info=options.embed_validation,
		validation_context=validation_context,
		dss_settings=DSSContentSettings(
			placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
		),
	)
	pdf_signer = PdfSigner(
		meta,
		signer,
		timestamper=timestamper,
		stamp_style=_stamp_style(options.time_zone),
		new_field_spec=fields.SigFieldSpec(field_name, on_page=options.page, box=box),
	)
	params = {
		"heading": options.heading,
		"name": options.name,
		"position": options.position,
		"place": f"{options.place}, " if options.place else "",
	}
	try:
		output = await pdf_signer.async_sign_pdf(writer, appearance_text_params=params)
	except SigningError:
		raise
	except TimestampRequestError:
		raise SigningError("The time-stamping service at {0} did not answer.", options.timestamp_url)
	except HankoSigningError as exc:
		failure = getattr(getattr(signer, "auth_manager", None), "failure", None)
		if failure is not None:
			raise failure
		if "could not be validated" in str(exc):
			raise SigningError(
				"The signer's certificate does not chain to the trust roots, or it was revoked."
			)
		raise SigningError("The signature could not be made: {0}", str(exc))
	return output.getvalue()


def _self_signed(signer) -> list:
	return [cert for cert in signer.cert_registry if cert.self_signed]


def sign_pdf(pdf: bytes, signer: SignerSpec, **options) -> bytes:
	"""``pdf`` with a PAdES signature added as an incremental update (``pdf`` is a prefix of the result);
	``options`` as for ``sign_pdfs``."""
	return sign_pdfs([pdf], signer, **options)[0]


def sign_pdfs(
	pdfs: list[bytes],
	signer: SignerSpec,
	*,
	name: str | None,
	position: str,
	place: str,
	reason: str,
	timestamp_url: str | None,
	embed_validation: bool,
	trust_roots: list[bytes] | None,
	page: int = -1,
	box: tuple | None = None,
	heading: str = DEFAULT_HEADING,
	time_zone: str | None = None,
) -> list[bytes]:
	"""Each of ``pdfs`` with a PAdES signature added as an incremental update, with one opening of the
	signer (one passphrase or PIN entry, one token session, one fetch of the revocation information).
	Stops at the first failure.

	``name`` (the certificate's holder when empty), ``position`` and ``place`` appear in the visible
	block on ``page`` (the last by default) with the signing time, in ``box`` (x1, y1, x2, y2 in points;
	``signature_box`` of the page by default); ``name``, ``place`` and ``reason`` also go into the
	signature dictionary. With ``timestamp_url`` the signature gets an RFC 3161 timestamp (B-T); with
	``embed_validation`` the chain and the revocation information fetched from the certificates'
	OCSP/CRL addresses are embedded (B-LT), the chain built to ``trust_roots`` (DER or PEM; the
	signer's own self-signed CA when None). The block's time is in ``time_zone`` (an IANA name such as
	"Asia/Jakarta"; the server's zone when None). Raises ``SigningError`` with a plain-English message
	when the signature cannot be made."""
	if not isinstance(signer, Pkcs12Signer | Pkcs11Signer | CscSigner):
		raise SigningError("Unknown kind of signer: {0}", type(signer).__name__)
	if time_zone:
		from zoneinfo import ZoneInfo

		try:
			ZoneInfo(time_zone)
		except (ValueError, KeyError, OSError):
			raise SigningError("Unknown time zone: {0}", time_zone) from None
	options = _Options(
		name=(name or "").strip(),
		position=(position or "").strip(),
		place=(place or "").strip(),
		reason=(reason or "").strip(),
		timestamp_url=timestamp_url or None,
		embed_validation=bool(embed_validation),
		trust_roots=trust_roots,
		page=page,
		box=box,
		heading=heading,
		time_zone=time_zone,
	)
	try:
		return _run(_sign_all([bytes(pdf) for pdf in pdfs], signer, options))
	except SigningError:
		raise
	except Exception as exc:
		logger.exception("Signing failed")
		raise SigningError("The signature could not be made ({0}).", type(exc).__name__) from exc


# --- verifying --------------------------------------------------------------------------------------


def verify_pdf(pdf: bytes, trust_roots: list[bytes], *, fetch_revocation: bool = False) -> Verification:
	"""Check every signature in ``pdf`` against ``trust_roots`` (DER or PEM certificates).

	Revocation is checked with the information embedded in the file (B-LT), or, with
	``fetch_revocation``, fetched from the certificates' OCSP/CRL addresses. Never raises: a file that
	is not a PDF, or is damaged, gives a result whose ``problems`` say so."""
	try:
		roots = _load_certificates(trust_roots)
	except Exception:
		return Verification(signed=False, problems=["The trust roots are not readable certificates."])
	try:
		return _run(_verify(bytes(pdf or b""), roots, fetch_revocation))
	except Exception:
		logger.exception("Signature verification failed")
		return Verification(signed=False, problems=["The file is damaged: its signatures cannot be checked."])


def _read(pdf: bytes):
	from pyhanko.pdf_utils.reader import PdfFileReader

	if not pdf.startswith(b"%PDF-"):
		return None
	try:
		reader = PdfFileReader(io.BytesIO(pdf), strict=False)
		signatures = list(reader.embedded_regular_signatures)
	except Exception:
		return None
	return reader, signatures


async def _verify(pdf: bytes, roots, fetch_revocation: bool) -> Verification:
	read = _read(pdf)
	if read is None:
		return Verification(signed=False, problems=["The file is not a readable PDF."])
	reader, signatures = read
	if not signatures:
		return Verification(signed=False, problems=["The document carries no electronic signature."])
	dss = _document_security_store(reader)
	results = [await _verify_one(signature, roots, dss, fetch_revocation) for signature in signatures]
	last = results[-1]
	problems = []
	for number, result in enumerate(results, start=1):
		prefix = f"Signature {number}: " if len(results) > 1 else ""
		problems.extend(prefix + problem for problem in result["problems"])
	return Verification(
		signed=True,
		intact=all(result["intact"] for result in results),
		signer_name=last["signer_name"],
		signer_organisation=last["signer_organisation"],
		signing_time=last["signing_time"],
		timestamp_time=last["timestamp_time"],
		chain_trusted=last["chain_trusted"],
		revocation_checked=last["revocation_checked"],
		revoked=last["revoked"],
		problems=problems,
		signatures=len(results),
		level=last["level"],
	)


def _document_security_store(reader):
	"""The document security store (/DSS: certificates, OCSP responses, CRLs) of a B-LT file, or None."""
	from pyhanko.sign.validation import DocumentSecurityStore

	try:
		return DocumentSecurityStore.read_dss(reader)
	except Exception:
		return None


def _certificates(signature, dss) -> list:
	"""The certificates that come with a signature: in its CMS object and in the file's /DSS."""
	certificates = list(signature.other_embedded_certs)
	if dss is not None:
		certificates.extend(dss.load_certs())
	return certificates


def _revocation_information(dss) -> dict:
	"""The OCSP responses and CRLs in the file's /DSS."""
	from asn1crypto import crl, ocsp

	if dss is None:
		return {}
	return {
		"ocsps": [ocsp.OCSPResponse.load(ref.get_object().data) for ref in dss.ocsps],
		"crls": [crl.CertificateList.load(ref.get_object().data) for ref in dss.crls],
	}


async def _verify_one(signature, roots, dss, fetch_revocation: bool) -> dict:
	"""Two passes: integrity and the chain to the trust roots (revocation aside), then, when the file
	carries revocation information (or it may be fetched), the chain again with revocation information
	required for every certificate, at the time of the signature's timestamp."""
	from pyhanko.sign.validation import SignatureCoverageLevel, async_validate_pdf_signature
	from pyhanko.sign.validation.errors import SignatureValidationError
	from pyhanko_certvalidator import ValidationContext

	cert = signature.signer_cert
	result = {
		"signer_name": _name_part(cert.subject, "common_name"),
		"signer_organisation": _name_part(cert.subject, "organization_name"),
		"signing_time": signature.self_reported_timestamp,
		"timestamp_time": None,
		"intact": False,
		"chain_trusted": False,
		"revoked": False,
		"revocation_checked": False,
		"level": None,
		"problems": [],
	}
	problems = result["problems"]
	certificates = _certificates(signature, dss)
	context = ValidationContext(
		trust_roots=roots, other_certs=certificates, allow_fetching=False, revocation_mode="soft-fail"
	)
	try:
		status = await async_validate_pdf_signature(signature, context)
	except SignatureValidationError:
		problems.append("The signature cannot be checked: it is malformed.")
		return result
	except Exception:
		problems.append("The signature cannot be checked: the file is damaged.")
		return result
	finally:
		await _aclose(context)

	result["signing_time"] = status.signer_reported_dt or result["signing_time"]
	untouched = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
		status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
		and status.modification_level is not None
		and status.modification_level.name in ("NONE", "LTA_UPDATES")
		and status.docmdp_ok
	)
	if not status.intact:
		problems.append("The document was altered after it was signed: the signature no longer matches it.")
	elif not status.valid:
		problems.append("The signature value is not valid.")
	elif not untouched:
		problems.append("The document was changed after it was signed.")
	result["intact"] = bool(status.intact and status.valid and untouched)

	result["chain_trusted"] = status.trusted
	if status.intact and status.valid and not status.trusted:
		indication = status.trust_problem_indic.name if status.trust_problem_indic else ""
		if "EXPIRED" in indication or "OUT_OF_BOUNDS" in indication:
			problems.append("The signer's certificate was not valid at the time of signing.")
		else:
			problems.append("The signer's certificate does not chain to a trusted root.")

	timestamp = status.timestamp_validity
	if timestamp is not None:
		if timestamp.intact and timestamp.valid:
			result["timestamp_time"] = timestamp.timestamp
		if not (timestamp.intact and timestamp.valid):
			problems.append("The signature's timestamp is not valid.")
		elif not timestamp.trusted:
			problems.append("The signature's timestamp does not chain to a trusted root.")

	if status.trusted and (dss is not None or fetch_revocation):
		strict = await _strict_status(
			signature, roots, certificates, dss, fetch_revocation, result["timestamp_time"]
		)
		if strict is not None and strict.revoked:
			result["revoked"] = True
			problems.append("The signer's certificate has been revoked.")
		elif strict is not None and strict.trusted:
			result["revocation_checked"] = True
		else:
			problems.append("The certificate's revocation status could not be confirmed.")
	elif status.trusted:
		problems.append("Revocation status not checked: the file carries no revocation information.")

	if result["timestamp_time"] is None:
		result["level"] = "B-B"
	else:
		result["level"] = "B-LT" if result["revocation_checked"] and dss is not None else "B-T"
	return result


async def _strict_status(signature, roots, certificates, dss, fetch_revocation, timestamp_time):
	"""The signature's status with revocation information required for every certificate: the
	embedded information at the timestamp's time (it was fetched then), or fetched information now."""
	from pyhanko.sign.validation import async_validate_pdf_signature
	from pyhanko_certvalidator import ValidationContext

	arguments = {
		"trust_roots": roots,
		"other_certs": certificates,
		"allow_fetching": fetch_revocation,
		"revocation_mode": "hard-fail",
		**_revocation_information(dss),
	}
	if not fetch_revocation:
		arguments["retroactive_revinfo"] = True
		if timestamp_time is not None:
			arguments["moment"] = timestamp_time
	context = ValidationContext(**arguments)
	try:
		return await async_validate_pdf_signature(signature, context, skip_diff=True)
	except Exception:
		return None
	finally:
		await _aclose(context)
