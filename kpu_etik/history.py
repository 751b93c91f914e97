"""Document history that never shows a value the form hides.

Frappe v15 keeps every change of a tracked document in a Version (old and new values of each field,
rows added, removed and changed in its tables) and returns it with the form
(`frappe.desk.form.load.get_docinfo`), whatever the user's permission levels: after an edit of a
NIK or a complainant's contact, anyone who may open the record read the old and new values. So the
values of fields kept at a permission level above 0 (NIK, No. KK, birth date, address, contact,
complainant identity) are masked when the Version is written: the history still says that the field
changed, by whom and when, on every route that reads it. On a Frappe upgrade, re-check the shape of
Version.data (frappe/core/doctype/version/version.py, get_diff).
"""

import json

import frappe

from kpu_etik.core.privacy import redact_version_data


def protected_fields(doctype: str) -> tuple[set[str], dict[str, set[str]]]:
	meta = frappe.get_meta(doctype)
	hidden = {df.fieldname for df in meta.fields if df.permlevel}
	in_table = {}
	for table in meta.get_table_fields():
		child = {df.fieldname for df in frappe.get_meta(table.options).fields if df.permlevel}
		if child:
			in_table[table.fieldname] = child
	return hidden, in_table


def redact_version(doc, method=None):
	"""doc_events Version before_insert: mask the protected values of this app's documents."""
	from kpu_etik.doctypes import app_doctypes

	if doc.ref_doctype not in app_doctypes() or not doc.data:
		return
	hidden, in_table = protected_fields(doc.ref_doctype)
	if not hidden and not in_table:
		return
	try:
		data = json.loads(doc.data)
	except ValueError:
		return
	doc.data = frappe.as_json(redact_version_data(data, hidden, in_table), indent=None)


def redact_existing_versions():
	"""Patch: mask what earlier Versions of this app's documents kept."""
	from kpu_etik.doctypes import app_doctypes

	for doctype in sorted(app_doctypes()):
		hidden, in_table = protected_fields(doctype)
		if not hidden and not in_table:
			continue
		for name, data in frappe.get_all(
			"Version", filters={"ref_doctype": doctype}, fields=["name", "data"], as_list=True
		):
			try:
				redacted = frappe.as_json(
					redact_version_data(json.loads(data), hidden, in_table), indent=None
				)
			except ValueError:
				continue
			if redacted != data:
				frappe.db.set_value("Version", name, "data", redacted, update_modified=False)
