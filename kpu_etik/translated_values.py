"""Values shown in the user's language where Frappe v15 shows them as stored.

- A "Group By" dashboard chart labels its bars with the stored values (``get_group_by_chart_config``):
  the *Complaints by Stage* chart read "Closed - Proven" on an Indonesian workspace, though Frappe
  translates the same workflow states on forms (Workflow State is a translated doctype).
- A form's history ("changed the value of Tahap from Examination to Plenary") shows the stored
  values of the Versions that ``frappe.desk.form.load.get_versions`` returns with the form.

``install()`` wraps both so that a value of a Select field, or of a Link to a translated doctype,
is shown through ``_()``; what is stored and filtered by is unchanged. Re-check on an upgrade: that
``dashboard_chart.get`` still calls ``get_group_by_chart_config``, and ``load.get_docinfo`` still
calls ``get_versions``, from their modules' globals, and the shape of Version.data.
"""

import json

import frappe
from frappe import _


def install():
	from frappe.desk.doctype.dashboard_chart import dashboard_chart
	from frappe.desk.form import load

	if not getattr(load.get_versions, "_kpu_etik_translated", False):
		original_versions = load.get_versions

		def get_versions(doc):
			return [translate_version(doc.doctype, version) for version in original_versions(doc)]

		get_versions._kpu_etik_translated = True
		load.get_versions = get_versions

	if getattr(dashboard_chart.get_group_by_chart_config, "_kpu_etik_translated", False):
		return
	original = dashboard_chart.get_group_by_chart_config

	def get_group_by_chart_config(chart, filters):
		config = original(chart, filters)
		if config and shows_translated_values(chart.document_type, chart.group_by_based_on):
			config["labels"] = [_(label) if isinstance(label, str) else label for label in config["labels"]]
		return config

	get_group_by_chart_config._kpu_etik_translated = True
	dashboard_chart.get_group_by_chart_config = get_group_by_chart_config


def translate_version(doctype: str, version: dict) -> dict:
	"""A Version of one of this app's documents as the form shows it: the old and new values of
	its translated fields (its own and its tables' rows) in the user's language."""
	from kpu_etik.permissions import app_doctypes

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


def speak_the_site_language(*args, **kwargs):
	"""Background jobs and bench commands in the site's language (System Settings), not English.

	Frappe v15 starts a job or a command with ``frappe.local.lang`` from the site config, "en" when it
	has none, so the scheduled compliance reports were built with English headings and sections on an
	Indonesian site. A ``before_job`` hook and the app's commands call this. Re-check on an upgrade:
	that ``frappe.init`` still sets the language from ``conf.lang`` alone.
	"""
	frappe.local.lang = frappe.db.get_default("lang") or frappe.local.lang
