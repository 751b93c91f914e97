"""What signing adds to issuing a decision letter on the Desk, end to end on a site (issue 29):

	cd frappe-bench/sites
	../env/bin/python /path/to/benchmarks/letter_issue_cost.py --site kpu.localhost --kwargs "{'letters': 20}"

``issue_letter`` (render the decree with wkhtmltopdf, stamp, sign, attach) is timed for one demo
sanction of KPU Luwu Utara, ``letters`` times in each mode, in one process, in this order:

- ``unsigned``: the office without a signing key (what every letter cost before issue 29);
- ``b_b``: signed with the demo PKCS#12 certificate, no timestamp;
- ``b_t``: with the demo time-stamping authority (loopback);
- ``b_lt``: with the chain and the OCSP/CRL answers embedded.

Everything the run writes is rolled back, and the files it made are deleted. Needs the demo data
(``bench kpu-load-demo``) and certomancer (scripts/lib.sh ``install_demo_pki``).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import frappe
from in_site import main

from kpu_etik.sanctions import signatures
from kpu_etik.sanctions.sanctioning import issue_letter
from kpu_etik.signing import demo_pki

OFFICE = "73.22"


def run(letters: int = 20):
	sanction = frappe.db.get_value(
		"Sanction", {"region": ("like", OFFICE + ".%"), "workflow_state": "In Force"}, "name"
	)
	assert sanction, "no demo sanction of KPU Luwu Utara in force: load the demo first"
	services = demo_pki.start_demo_services(csc=False)
	made, results = [], {}
	try:
		pfx, passphrase = services.signer_pkcs12()
		settings = frappe.get_single("KPU Etik Settings")
		settings.trust_roots = demo_pki.demo_root(pem=True).decode()
		settings.save(ignore_permissions=True)
		modes = (
			("unsigned", None),
			("b_b", {"timestamp_url": None, "embed_validation": 0}),
			("b_t", {"timestamp_url": services.tsa_url, "embed_validation": 0}),
			("b_lt", {"timestamp_url": services.tsa_url, "embed_validation": 1}),
		)
		for mode, setup in modes:
			if setup is None:
				frappe.db.set_value("KPU Office", OFFICE, "signing_method", None)
			else:
				signatures.store_certificate(OFFICE, pfx, passphrase)
				frappe.db.set_value("KPU Office", OFFICE, setup)
			issue_letter("Sanction", sanction, secret=passphrase)  # warm up
			made.append(frappe.db.get_value("Sanction", sanction, "letter_file"))
			times = []
			for _ in range(letters):
				started = time.perf_counter()
				issue_letter("Sanction", sanction, secret=passphrase)
				times.append((time.perf_counter() - started) * 1000)
				made.append(frappe.db.get_value("Sanction", sanction, "letter_file"))
			results[mode] = {
				"letters": letters,
				"median_ms": round(statistics.median(times), 1),
				"mean_ms": round(statistics.fmean(times), 1),
			}
			print(mode, results[mode], flush=True)
	finally:
		services.stop()
		frappe.db.rollback()
		for url in made:
			path = frappe.get_site_path(url.lstrip("/")) if url else None
			if path and os.path.exists(path):
				os.remove(path)
	base = results["unsigned"]["median_ms"]
	for mode in ("b_b", "b_t", "b_lt"):
		results[mode]["added_ms"] = round(results[mode]["median_ms"] - base, 1)
		results[mode]["ratio_to_unsigned"] = round(results[mode]["median_ms"] / base, 2)
	return results


if __name__ == "__main__":
	main(run)
