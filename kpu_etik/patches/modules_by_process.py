"""Sites made when every doctype was in the one module "KPU Etik": each doctype, report, print format,
workspace, number card and chart is moved to the module of its process (Organization, Kinship,
Complaints, Sanctions, Supervision), as its JSON file now says, before the model sync looks for its
controller there. Records are only relabelled: no row of any document is touched."""

import json
from pathlib import Path

import frappe

APP = Path(__file__).resolve().parents[1]
KINDS = {
	"doctype": "DocType",
	"report": "Report",
	"print_format": "Print Format",
	"workspace": "Workspace",
	"number_card": "Number Card",
	"dashboard_chart": "Dashboard Chart",
}


def standard_records():
	"""(doctype, name, module, definition) of every standard record the app ships in a module folder."""
	for folder, doctype in KINDS.items():
		for path in sorted(APP.glob(f"*/{folder}/*/*.json")):
			definition = json.loads(path.read_text(encoding="utf-8"))
			if definition.get("doctype") == doctype and definition.get("module"):
				yield doctype, definition["name"], definition["module"], definition


def execute():
	for module in frappe.get_module_list("kpu_etik"):
		if not frappe.db.exists("Module Def", module):
			frappe.get_doc({"doctype": "Module Def", "module_name": module, "app_name": "kpu_etik"}).insert(
				ignore_permissions=True
			)
	for doctype, name, module, definition in standard_records():
		if not frappe.db.exists(doctype, name):
			continue  # new with this version: the model sync creates it in its module
		frappe.db.set_value(doctype, name, "module", module, update_modified=False)
		if doctype == "Number Card" and definition.get("method"):
			# the card's method moved with the services of its process
			frappe.db.set_value(doctype, name, "method", definition["method"], update_modified=False)
	frappe.clear_cache()
