"""What a certified electronic signature costs per decree and for a batch of letters (no Frappe).

  .venv/bin/python benchmarks/signing_cost.py [--letters 1000] [--out benchmarks/results/signing_cost.json]

Every letter is a two-page A4 letter stamped as the app stamps decrees (number, verification code and
QR code on every page, kpu_etik.core.stamp), each with its own number. Measured, one process, one letter
after another:

- ``stamped``: stamping only, what an unsigned letter costs today;
- ``b_t``: ``sign_pdf`` per letter with the demo PKCS#12 signer and an RFC 3161 timestamp (PAdES B-T);
  each call opens the PKCS#12 file again, as when every letter is signed on its own;
- ``b_lt``: the same with the chain and the OCSP/CRL answers embedded (PAdES B-LT);
- ``b_t_batch`` and ``b_lt_batch``: ``sign_pdfs`` over all the letters: one opening of the key (one
  passphrase), one fetch of the revocation answers for the whole batch.

The demo time-stamping authority, OCSP responder and CRLs (kpu_etik.signing.demo_pki) run in a separate
process on loopback, so the figures hold no network latency: a real TSA (BSrE's, say) adds its round
trip to every signature, and B-LT adds the OCSP/CRL round trips (once per batch with ``sign_pdfs``).
Results are printed and written as JSON.
"""

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
import urllib.request
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import segno

from kpu_etik.core.pdf import blank_pdf
from kpu_etik.core.stamp import stamp_pdf, stamp_text
from kpu_etik.signing import demo_pki
from kpu_etik.signing.engine import Pkcs12Signer, sign_pdf, sign_pdfs, verify_pdf

SERVE = """
import json, sys
from kpu_etik.signing import demo_pki
services = demo_pki.start_demo_services(csc=False)
print(json.dumps({"base_url": services.base_url, "tsa_url": services.tsa_url}), flush=True)
sys.stdin.read()
services.stop()
"""


def start_services():
	"""The demo services in a child process; returns it and its URLs (closing its stdin stops it)."""
	child = subprocess.Popen(
		[sys.executable, "-c", SERVE],
		cwd=ROOT,
		stdin=subprocess.PIPE,
		stdout=subprocess.PIPE,
		stderr=subprocess.DEVNULL,
		text=True,
	)
	return child, json.loads(child.stdout.readline())


def letter(number: int) -> bytes:
	unstamped = blank_pdf(2)
	digest = hashlib.sha256(unstamped + str(number).encode()).hexdigest()
	qr = segno.make(f"https://kpu-etik.example/verify/{digest[:16]}", error="m", micro=False)
	modules = [[bool(dark) for dark in row] for row in qr.matrix]
	return stamp_pdf(unstamped, stamp_text(f"{number:04d}/PP.05-SD/33/2026", digest), qr=modules)


def measure(name, work, count, results, inputs=None):
	started = time.perf_counter()
	outputs = work()
	wall = time.perf_counter() - started
	row = results[name] = {
		"letters": count,
		"wall_s": round(wall, 2),
		"per_letter_ms": round(wall / count * 1000, 1),
	}
	size = ""
	if isinstance(outputs[0], bytes):
		row["avg_file_kb"] = round(sum(map(len, outputs)) / count / 1024, 1)
		size = f"{row['avg_file_kb']:7.1f} KB/file"
	if inputs is not None:
		row["added_kb"] = round((sum(map(len, outputs)) - sum(map(len, inputs))) / count / 1024, 1)
	print(
		f"{name:<12} {count:>6} letters  {wall:9.2f} s  {wall / count * 1000:8.1f} ms/letter  {size}",
		flush=True,
	)
	return outputs


def tsa_round_trip_ms(url: str, times: int = 20) -> float:
	"""How long the demo TSA takes to answer one request, seen from here."""
	from asn1crypto import tsp

	imprint = {"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": hashlib.sha256(b"x").digest()}
	request = tsp.TimeStampReq({"version": 1, "message_imprint": imprint, "cert_req": True}).dump()
	headers = {"Content-Type": "application/timestamp-query"}
	started = time.perf_counter()
	for _ in range(times):
		urllib.request.urlopen(urllib.request.Request(url, data=request, headers=headers), timeout=30).read()
	return round((time.perf_counter() - started) / times * 1000, 1)


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--letters", type=int, default=1000)
	parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "signing_cost.json"))
	args = parser.parse_args()
	count = args.letters

	child, urls = start_services()
	try:
		pfx, passphrase = demo_pki.demo_signer_pkcs12(urls["base_url"])
		signer = Pkcs12Signer(pfx, passphrase)
		root = demo_pki.demo_root()
		common = {
			"name": demo_pki.DEMO_SIGNER_NAME,
			"position": demo_pki.DEMO_SIGNER_POSITION,
			"place": "Semarang",
			"reason": "Keputusan tentang sanksi etik (DEMO)",
			"trust_roots": [root],
		}
		bt = {"timestamp_url": urls["tsa_url"], "embed_validation": False}
		blt = {"timestamp_url": urls["tsa_url"], "embed_validation": True}
		# warm up: imports, the first TLS-free connections, pyHanko's caches
		sign_pdf(letter(0), signer, **common, **blt)

		results = {}
		tsa_ms = tsa_round_trip_ms(urls["tsa_url"])
		print(f"demo TSA round trip: {tsa_ms} ms", flush=True)
		stamped = measure("stamped", lambda: [letter(n) for n in range(1, count + 1)], count, results)
		measure(
			"b_t", lambda: [sign_pdf(p, signer, **common, **bt) for p in stamped], count, results, stamped
		)
		last = measure(
			"b_lt", lambda: [sign_pdf(p, signer, **common, **blt) for p in stamped], count, results, stamped
		)
		measure("b_t_batch", lambda: sign_pdfs(stamped, signer, **common, **bt), count, results, stamped)
		measure("b_lt_batch", lambda: sign_pdfs(stamped, signer, **common, **blt), count, results, stamped)
		sample = last[:100]
		checks = measure("verify_b_lt", lambda: [verify_pdf(p, [root]) for p in sample], len(sample), results)
		assert all(v.valid and v.revocation_checked for v in checks), "a signed letter did not verify"
	finally:
		child.stdin.close()
		child.wait(30)

	report = {
		"benchmark": "signing_cost",
		"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
		"machine": {
			"python": platform.python_version(),
			"cpus": os.cpu_count(),
			"platform": platform.platform(),
			**{
				name: metadata.version(name)
				for name in ("pyHanko", "pyhanko-certvalidator", "cryptography", "pypdf")
			},
		},
		"notes": (
			"one process, letters one after another; demo TSA/OCSP/CRL in another process on loopback "
			"(no network latency); RSA-2048, SHA-256; per_letter_ms of the signed modes is the signing "
			"alone, on top of the stamping ('stamped')"
		),
		"demo_tsa_round_trip_ms": tsa_ms,
		"results": results,
	}
	out = Path(args.out)
	out.parent.mkdir(parents=True, exist_ok=True)
	out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
	print(f"written to {out}")


if __name__ == "__main__":
	main()
