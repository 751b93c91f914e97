"""Correction: who read identity data, on every route that returns one document.

Frappe v15 has no hook on reading a document. The controllers of the doctypes holding identity data
(Official, Complaint, Election Candidate) take `identity_log.LogsIdentityReads`, which logs what is
left of the identity after Frappe strips the fields the user may not read, in
`Document.apply_fieldlevel_read_permissions`. Nothing is patched; but the log is only complete while
every route that returns one document still calls that method, so `check()` proves it for the form
load, `frappe.client.get` and the v1 and v2 REST reads. A Frappe that reads documents another way
would leave reads unlogged: the app then fails closed.
"""

from kpu_etik.overrides.base import Correction, names_in


def install():
	"""Nothing to install: the app's controllers inherit `LogsIdentityReads`."""


def check() -> str | None:
	import frappe.client
	from frappe.api import v1, v2
	from frappe.desk.form import load

	for function in (load.getdoc, frappe.client.get, v1.read_doc, v2.read_doc):
		if "apply_fieldlevel_read_permissions" not in names_in(function):
			return (
				f"{function.__module__}.{function.__name__} no longer calls apply_fieldlevel_read_permissions"
			)
	return None


CORRECTION = Correction(
	name="identity_reads",
	frappe_does="No hook on reading a document: a form, REST or frappe.client read of a NIK leaves no trace",
	app_needs="Every read that returns identity data in full logged (Identity Access Log)",
	checked_on=("15.44.2",),
	guards_personal_data=True,
	install=install,
	check=check,
)
