"""A demo certificate authority for KPU Etik (NOT FOR PRODUCTION), served on loopback only.

The authority is certomancer's configuration ``demo_pki/certomancer.yml`` with the keys in
``demo_pki/keys`` (public: they are in the repository). It has a root "KPU Etik DEMO Root CA — NOT FOR
PRODUCTION", an intermediate signing CA, a signer certificate for an invented KPU official
(``DEMO_SIGNER_NAME``), a time-stamping authority (RFC 3161), an OCSP responder and CRLs.

``start_demo_services()`` serves the TSA, OCSP and CRLs with certomancer's Animator (WSGI, werkzeug)
and, separately, a Cloud Signature Consortium API (certomancer-csc-dummy, aiohttp; it authorises a
signature only with ``DEMO_CSC_PIN``) on 127.0.0.1 on free ports, each in a background thread. The leaf and intermediate certificates carry the services' address
(OCSP and CRL URLs), so the signer's PKCS#12 file comes from the running services
(``services.signer_pkcs12()``); the root certificate is the same on every run (``demo_root()``).

Nothing here reaches the outside world. Needs ``certomancer[web-api]`` and ``certomancer-csc-dummy``
(imported when used, so the app runs without them).
"""

import asyncio
import os
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent / "demo_pki"
CONFIG_FILE = CONFIG_DIR / "certomancer.yml"
ARCH = "kpu-etik-demo"
SIGNER = "signer"
DEMO_SIGNER_NAME = "Ratna Dewi Kusumawati"
DEMO_SIGNER_ORGANISATION = "Komisi Pemilihan Umum (DEMO)"
DEMO_SIGNER_POSITION = "Ketua KPU Provinsi Jawa Tengah (DEMO)"
DEMO_PASSPHRASE = "demo-kpu-etik"
DEMO_CSC_PIN = "123456"  # what the demo CSC service asks to authorise each signature
# The address the certificates carry when no service runs (the root does not depend on it).
OFFLINE_PREFIX = "http://127.0.0.1:9"
SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


def _config(url_prefix: str):
	from certomancer.registry import CertomancerConfig

	return CertomancerConfig.from_file(str(CONFIG_FILE), external_url_prefix=url_prefix)


def _arch(url_prefix: str):
	from certomancer.registry import ArchLabel

	return _config(url_prefix).get_pki_arch(ArchLabel(ARCH))


def _pem(der: bytes, kind: str = "CERTIFICATE") -> bytes:
	from asn1crypto import pem

	return pem.armor(kind, der)


def demo_root(pem: bool = False) -> bytes:
	"""The demo root certificate, DER (or PEM with ``pem=True``); the same on every run."""
	from certomancer.registry import CertLabel

	der = _arch(OFFLINE_PREFIX).get_cert(CertLabel("root")).dump()
	return _pem(der) if pem else der


def demo_signer_pkcs12(
	url_prefix: str = OFFLINE_PREFIX, passphrase: str = DEMO_PASSPHRASE
) -> tuple[bytes, str]:
	"""The demo official's key and certificate chain as a PKCS#12 file, and its passphrase.

	``url_prefix`` is the address of the running services (``DemoServices.base_url``), which the
	certificates name for OCSP and CRLs; without it the revocation services cannot be reached."""
	from certomancer.registry import CertLabel

	pfx = _arch(url_prefix).package_pkcs12(CertLabel(SIGNER), password=passphrase.encode())
	return pfx, passphrase


def _animator(base):
	"""certomancer's Animator, answering with times in whole seconds.

	RFC 5280 forbids fractional seconds in certificate and CRL times; NSS (poppler's pdfsig, Firefox)
	does not read them in OCSP responses either, and treats such an answer as stale."""

	class Animator(base):
		def at_time(self, request):
			return super().at_time(request).replace(microsecond=0)

	return Animator


class _Dispatcher:
	"""A WSGI application set after the server has bound its port (the port is in the certificates)."""

	app = None

	def __call__(self, environ, start_response):
		return self.app(environ, start_response)


def _quiet_handler():
	from werkzeug.serving import WSGIRequestHandler

	class Quiet(WSGIRequestHandler):
		def log(self, *args, **kwargs):
			pass

	return Quiet


@dataclass
class DemoServices:
	"""The running demo services; ``stop()`` (or leaving a ``with`` block) ends them."""

	base_url: str
	tsa_url: str
	ocsp_url: str
	crl_url: str
	root_crl_url: str
	csc_url: str | None
	csc_credential_id: str
	_stoppers: list = field(default_factory=list, repr=False)

	def signer_pkcs12(self, passphrase: str = DEMO_PASSPHRASE) -> tuple[bytes, str]:
		return demo_signer_pkcs12(self.base_url, passphrase)

	def stop(self) -> None:
		while self._stoppers:
			self._stoppers.pop()()

	def __enter__(self):
		return self

	def __exit__(self, *exc):
		self.stop()


def start_demo_services(csc: bool = True) -> DemoServices:
	"""Serve the demo TSA, OCSP responder and CRLs (and a CSC signing API) on 127.0.0.1, free ports."""
	from certomancer.integrations.animator import Animator, AnimatorArchStore
	from werkzeug.serving import make_server

	dispatcher = _Dispatcher()
	server = make_server("127.0.0.1", 0, dispatcher, threaded=True, request_handler=_quiet_handler())
	base = f"http://127.0.0.1:{server.server_port}"
	config = _config(base)
	dispatcher.app = _animator(Animator)(AnimatorArchStore(config.pki_archs), with_web_ui=False)
	thread = threading.Thread(target=server.serve_forever, name="kpu-etik-demo-pki", daemon=True)
	thread.start()

	def stop_animator():
		server.shutdown()
		server.server_close()
		thread.join(5)

	services = DemoServices(
		base_url=base,
		tsa_url=f"{base}/{ARCH}/tsa/tsa",
		ocsp_url=f"{base}/{ARCH}/ocsp/interm",
		crl_url=f"{base}/{ARCH}/crls/interm/latest.crl",
		root_crl_url=f"{base}/{ARCH}/crls/root/latest.crl",
		csc_url=None,
		csc_credential_id=f"{ARCH}/{SIGNER}",
		_stoppers=[stop_animator],
	)
	if csc:
		try:
			services.csc_url, stop_csc = _start_csc(config)
		except BaseException:
			services.stop()
			raise
		services._stoppers.append(stop_csc)
	return services


def _start_csc(config):
	"""certomancer-csc-dummy (aiohttp) on its own event loop in a thread; returns its URL and a stop."""
	from aiohttp import web
	from csc_dummy.csc_dummy_server import CSCWithCertomancer, DummyServiceParams

	class WithPin(CSCWithCertomancer):
		"""The dummy service, authorising signatures only with the demo signer's PIN (as real ones do)."""

		async def credentials_authorize(self, request):
			if (await request.json()).get("PIN") != DEMO_CSC_PIN:
				raise web.HTTPUnauthorized()
			return await super().credentials_authorize(request)

	csc_app = WithPin(config, service_params=DummyServiceParams(hash_pinning_required=True))
	csc_app.register_routes()
	sock = socket.socket()
	sock.bind(("127.0.0.1", 0))
	port = sock.getsockname()[1]
	loop = asyncio.new_event_loop()
	runner = web.AppRunner(csc_app.app, access_log=None)
	loop.run_until_complete(runner.setup())
	loop.run_until_complete(web.SockSite(runner, sock).start())
	thread = threading.Thread(target=loop.run_forever, name="kpu-etik-demo-csc", daemon=True)
	thread.start()

	def stop():
		asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
		loop.call_soon_threadsafe(loop.stop)
		thread.join(5)
		loop.close()

	return f"http://127.0.0.1:{port}", stop


@dataclass(frozen=True)
class SoftHsmToken:
	"""A SoftHSM2 token holding the demo signer's key; set ``SOFTHSM2_CONF`` to ``conf`` before use."""

	module_path: str
	token_label: str
	key_label: str
	conf: str


def softhsm_token(
	directory: str,
	pfx: bytes,
	passphrase: str,
	pin: str,
	token_label: str = "KPU Etik DEMO",
	key_label: str = "demo-signer",
	module_path: str = SOFTHSM_MODULE,
) -> SoftHsmToken:
	"""A new SoftHSM2 token in ``directory`` with the key and certificates of the PKCS#12 file ``pfx``.

	Needs Debian's ``softhsm2`` (``softhsm2-util``) and ``python-pkcs11``. Sets ``SOFTHSM2_CONF`` in
	this process's environment, since SoftHSM2 reads it when the module is first loaded."""
	import pkcs11
	from cryptography.hazmat.primitives.serialization import Encoding, PrivateFormat, pkcs12
	from pkcs11.util.rsa import decode_rsa_private_key

	if not shutil.which("softhsm2-util"):
		raise FileNotFoundError("softhsm2-util is not installed (Debian package softhsm2)")
	tokens = Path(directory) / "tokens"
	tokens.mkdir(parents=True, exist_ok=True)
	conf = Path(directory) / "softhsm2.conf"
	conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
	os.environ["SOFTHSM2_CONF"] = str(conf)
	subprocess.run(
		[
			"softhsm2-util",
			"--init-token",
			"--free",
			"--label",
			token_label,
			"--pin",
			pin,
			"--so-pin",
			pin + "-so",
		],
		check=True,
		capture_output=True,
		env={**os.environ, "SOFTHSM2_CONF": str(conf)},
	)
	key, cert, chain = pkcs12.load_key_and_certificates(pfx, passphrase.encode())
	key_der = key.private_bytes(Encoding.DER, PrivateFormat.TraditionalOpenSSL, _no_encryption())
	token = pkcs11.lib(module_path).get_token(token_label=token_label)
	with token.open(rw=True, user_pin=pin) as session:
		attributes = decode_rsa_private_key(key_der)
		attributes.update(
			{
				pkcs11.Attribute.LABEL: key_label,
				pkcs11.Attribute.ID: b"\x01",
				pkcs11.Attribute.TOKEN: True,
				pkcs11.Attribute.SENSITIVE: True,
				pkcs11.Attribute.EXTRACTABLE: False,
			}
		)
		session.create_object(attributes)
		for index, certificate in enumerate([cert, *chain]):
			session.create_object(
				{
					pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
					pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
					pkcs11.Attribute.TOKEN: True,
					pkcs11.Attribute.LABEL: key_label if index == 0 else f"ca-{index}",
					pkcs11.Attribute.ID: b"\x01" if index == 0 else bytes([0x10 + index]),
					pkcs11.Attribute.VALUE: certificate.public_bytes(Encoding.DER),
					pkcs11.Attribute.SUBJECT: certificate.subject.public_bytes(),
					pkcs11.Attribute.ISSUER: certificate.issuer.public_bytes(),
					pkcs11.Attribute.SERIAL_NUMBER: _der_integer(certificate.serial_number),
				}
			)
	return SoftHsmToken(module_path, token_label, key_label, str(conf))


def _der_integer(value: int) -> bytes:
	from asn1crypto.core import Integer

	return Integer(value).dump()


def _no_encryption():
	from cryptography.hazmat.primitives.serialization import NoEncryption

	return NoEncryption()


# --- checking a signed file with tools nobody here wrote (tests and the demo's own check) -------------


def nss_database(directory: str, root_pem: bytes) -> str:
	"""An NSS database in ``directory`` (what poppler's pdfsig reads) trusting ``root_pem`` for
	signatures; returns pdfsig's ``-nssdir`` argument. Needs Debian's ``libnss3-tools`` (certutil)."""
	path = Path(directory)
	path.mkdir(parents=True, exist_ok=True)
	(path / "root.pem").write_bytes(root_pem)
	database = f"sql:{path}"
	subprocess.run(["certutil", "-N", "-d", database, "--empty-password"], check=True, capture_output=True)
	subprocess.run(
		[
			"certutil",
			"-A",
			"-d",
			database,
			"-n",
			"KPU Etik DEMO Root",
			"-t",
			"CT,C,C",
			"-i",
			str(path / "root.pem"),
		],
		check=True,
		capture_output=True,
	)
	return database


def pdfsig(nss_database: str, pdf_path: str, online: bool = True) -> str:
	"""What poppler's ``pdfsig`` (Debian's ``poppler-utils``) says of a file's signatures; not
	``online``: without asking the certificate's OCSP responder (the demo's stops with the demo)."""
	result = subprocess.run(
		["pdfsig", "-nssdir", nss_database, *([] if online else ["-no-ocsp"]), str(pdf_path)],
		capture_output=True,
		text=True,
		timeout=60,
	)
	return result.stdout + result.stderr


def pyhanko_validate(cli: str, root_pem_path: str, pdf_path: str) -> subprocess.CompletedProcess:
	"""pyHanko's own validator (``pyhanko sign validate``, package pyhanko-cli) with ``root_pem_path``
	as the only trust root."""
	return subprocess.run(
		[
			cli,
			"sign",
			"validate",
			"--trust",
			str(root_pem_path),
			"--trust-replace",
			"--pretty-print",
			str(pdf_path),
		],
		capture_output=True,
		text=True,
		timeout=120,
	)
