"""Correction: a form's history in the user's language.

A form's history ("changed the value of Tahap from Examination to Plenary") shows the stored values
of the Versions that ``frappe.desk.form.load.get_versions`` returns with the form. ``install()``
wraps it so that a value of a Select field, or of a Link to a translated doctype, of the app's own
documents is shown through ``_()``; what is stored and filtered by is unchanged, and other doctypes'
history is Frappe's own.
"""

import json

import frappe
from frappe import _

from kpu_etik.overrides.base import Correction, is_ours, looks_up


def install():
	from frappe.desk.form import load

	if getattr(load.get_versions, "_kpu_etik_translated", False):
		return
	original_versions = load.get_versions

	def get_versions(doc):
		return [translate_version(doc.doctype, version) for version in original_versions(doc)]

	get_versions._kpu_etik_translated = True
	load.get_versions = get_versions


def check() -> str | None:
	from frappe.desk.form import load

	if not is_ours(load.get_versions, "_kpu_etik_translated"):
		return "frappe.desk.form.load.get_versions is not the app's wrapper"
	if not looks_up(load.get_docinfo, "get_versions", load):
		return "load.get_docinfo no longer calls get_versions from its module"
	return None


CORRECTION = Correction(
	name="form_history",
	frappe_does="A form's history shows the stored values of Select fields and workflow states",
	app_needs="The app's documents' history in the user's language (stored values unchanged)",
	checked_on=("15.44.2",),
	guards_personal_data=False,
	install=install,
	check=check,
)


def translate_version(doctype: str, version: dict) -> dict:
	"""A Version of one of this app's documents as the form shows it: the old and new values of
	its translated fields (its own and its tables' rows) in the user's language."""
	from kpu_etik.doctypes import app_doctypes

	if doctype not in app_doctypes() or not version.get("data"):
		return version
	try:
		data = json.loads(version["data"])
	except ValueError:
		return version

	def shown(child_doctype, changes):
		for change in changes or ():
			if (
				isinstance(change, list)
				and len(change) == 3
				and shows_translated_values(child_doctype, change[0])
			):
				change[1], change[2] = (_(v) if isinstance(v, str) and v else v for v in change[1:])

	shown(doctype, data.get("changed"))
	meta = frappe.get_meta(doctype)
	for row in data.get("row_changed") or ():  # [table field, row index, row name, changes]
		table = meta.get_field(row[0]) if isinstance(row, list) and len(row) == 4 else None
		if table and table.options:
			shown(table.options, row[3])
	return frappe._dict(version, data=frappe.as_json(data, indent=None))


def shows_translated_values(doctype: str, fieldname: str) -> bool:
	"""Whether Frappe's form shows this field's values translated: a Select, or a Link to a
	translated doctype (Workflow State, among others)."""
	from frappe.translate import get_translated_doctypes

	field = frappe.get_meta(doctype).get_field(fieldname) if doctype and fieldname else None
	if not field:
		return False
	if field.fieldtype == "Select":
		return True
	return field.fieldtype == "Link" and field.options in get_translated_doctypes()
