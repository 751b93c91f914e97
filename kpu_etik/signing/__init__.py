"""Certified electronic signatures (PAdES) on KPU decrees, without Frappe.

``kpu_etik.signing.engine`` signs stamped decree PDFs with pyHanko (a PKCS#12 file, a PKCS#11 token or
a remote Cloud Signature Consortium service) and checks signed PDFs. ``kpu_etik.signing.demo_pki`` is a
demo certificate authority (certomancer) with its own time-stamping, OCSP and CRL services on loopback,
for the demo site and the tests: nothing it signs proves anything.
"""
