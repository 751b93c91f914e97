"""Values shown in the user's language where Frappe v15 shows them as stored.

A "Group By" dashboard chart labels its bars with the stored values (``get_group_by_chart_config``):
the *Complaints by Stage* chart read "Closed - Proven" on an Indonesian workspace, though Frappe
translates the same workflow states on forms (Workflow State is a translated doctype). ``install()``
wraps that function so that a chart grouped by a Select field, or by a Link to a translated doctype,
gets its labels through ``_()`` (the values it filters by are unchanged). Re-check on an upgrade:
that ``dashboard_chart.get`` still calls ``get_group_by_chart_config`` from its module's globals.
"""

import frappe
from frappe import _


def install():
	from frappe.desk.doctype.dashboard_chart import dashboard_chart

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
