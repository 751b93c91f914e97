"""Every text field of the app's documents holds plain text, whichever path wrote it (form, REST,
portal, public page, import through a document): doc_events validate, with kpu_etik.core.text."""

import frappe
from frappe import _

from kpu_etik import rules
from kpu_etik.core.errors import RuleError
from kpu_etik.core.inputs import (
	COLUMN_LIMITS,
	MAX_WHOLE_NUMBER,
	Day,
	Flag,
	InputRejected,
	Text,
	WholeNumber,
)
from kpu_etik.core.text import accepted_text, is_blank, plain_text
from kpu_etik.inputs import refuse

# Field types whose value is shown as text; Text Editor keeps Frappe's own HTML sanitiser.
TEXT_TYPES = frozenset({"Data", "Small Text", "Text", "Long Text"})
# What each other kind of field may hold, read with the same schema fields as the endpoints.
VALUE_FIELDS = {
	"Link": lambda label: Text(label),
	"Select": lambda label: Text(label),
	"Dynamic Link": lambda label: Text(label),
	"Int": lambda label: WholeNumber(label, low=-MAX_WHOLE_NUMBER),
	"Check": lambda label: Flag(label),
	"Date": lambda label: Day(label),
}


def clean_document(doc, method=None):
	"""doc_events "*" before_validate: the app's documents and their rows hold values of their
	field's kind (no list for a name, no date in the year 99999) and plain text only: markup is
	refused naming the field, never removed (only surrounding whitespace of a one-line value and
	the Unicode form change silently).

	Runs before the controllers' `validate`, which Frappe v15 calls before its own type, length and
	mandatory checks (Document._validate); so a REST body with a list for a name reaches no
	controller. Re-check on an upgrade: the order in Document.run_before_save_methods.
	"""
	from kpu_etik.doctypes import app_doctypes

	if doc.doctype not in app_doctypes() or (method and doc.flags.kpu_etik_text_checked):
		return  # the hook, in a process where install() already checked this save
	for row in [doc, *doc.get_all_children()]:
		for df in row.meta.fields:
			value = row.get(df.fieldname)
			if value is None or value == "" or df.fieldtype in ("Table", "Table MultiSelect"):
				continue
			label = _(df.label or df.fieldname)
			try:
				if df.fieldtype in VALUE_FIELDS:
					row.set(df.fieldname, VALUE_FIELDS[df.fieldtype](df.label).read(value))
					continue
				if df.fieldtype not in TEXT_TYPES or df.options == "Password":
					if isinstance(value, list | dict | tuple | set):
						raise InputRejected("{0} must be text.", df.label)
					continue
				limit = (df.fieldtype == "Data" and df.length) or COLUMN_LIMITS[df.fieldtype]
				if df.fieldtype == "Data" and isinstance(value, str):
					value = value.strip()  # one line: a NIK with a space around it is that NIK
				cleaned = accepted_text(Text(df.label, max_length=limit).read(value) or "", label)
			except InputRejected as exc:
				refuse(exc)
			except RuleError as exc:
				rules.throw(exc, title=_("{0}: {1}").format(_(row.meta.name), label))
			if df.reqd and is_blank(cleaned):
				frappe.throw(_("{0} is empty.").format(label), frappe.MandatoryError)
			if cleaned != row.get(df.fieldname):
				row.set(df.fieldname, cleaned)


def clean_stored_text(batch: int = 5000, commit: bool = True) -> dict:
	"""Text stored before the rule existed, made plain in place (the patch of the same name).

	Only rows holding a "<" or a NUL are read, a batch at a time by name; `modified` is kept, since
	no one edited them. A required value that would be left empty is kept as it was and counted, for
	an officer to correct in the form. Run again, it finds nothing more to change.
	"""
	from kpu_etik.doctypes import app_doctypes

	changed = kept = 0
	for doctype in sorted(app_doctypes()):
		meta = frappe.get_meta(doctype)
		if meta.issingle or meta.is_virtual:
			continue
		fields = [df for df in meta.fields if df.fieldtype in TEXT_TYPES and df.options != "Password"]
		if not fields:
			continue
		table = f"tab{doctype}"
		columns = ", ".join(f"`{df.fieldname}`" for df in fields)
		suspect = " or ".join(
			f"`{df.fieldname}` like '%%<%%' or instr(`{df.fieldname}`, char(0)) > 0" for df in fields
		)
		last = ""
		while True:
			rows = frappe.db.sql(
				f"select name, {columns} from `{table}` where name > %s and ({suspect}) order by name limit %s",
				(last, batch),
				as_dict=True,
			)
			if not rows:
				break
			for row in rows:
				updates = {}
				for df in fields:
					value = row.get(df.fieldname)
					if not isinstance(value, str) or not value:
						continue
					cleaned = plain_text(value.replace("\x00", ""))
					if cleaned == value:
						continue
					if df.reqd and is_blank(cleaned):
						kept += 1
						continue
					updates[df.fieldname] = cleaned
				if updates:
					frappe.db.set_value(doctype, row.name, updates, update_modified=False)
					changed += 1
			last = rows[-1].name
			if commit:
				frappe.db.commit()
	return {"changed": changed, "kept_for_review": kept}
