"""Every text field of the app's documents holds plain text, whichever path wrote it (form, REST,
portal, public page, import through a document): doc_events validate, with kpu_etik.core.text."""

import frappe
from frappe import _

from kpu_etik import rules
from kpu_etik.core.errors import RuleError
from kpu_etik.core.text import is_blank, plain_text

# Field types whose value is shown as text; Text Editor keeps Frappe's own HTML sanitiser.
TEXT_TYPES = frozenset({"Data", "Small Text", "Text", "Long Text"})


def clean_document(doc, method=None):
	"""doc_events "*" validate: the app's documents and their rows get plain text only."""
	from kpu_etik.permissions import app_doctypes

	if doc.doctype not in app_doctypes():
		return
	for row in [doc, *doc.get_all_children()]:
		for df in row.meta.fields:
			if df.fieldtype not in TEXT_TYPES or df.options in ("Password",):
				continue
			value = row.get(df.fieldname)
			if not isinstance(value, str) or not value:
				continue
			try:
				cleaned = plain_text(value)
			except RuleError as exc:
				rules.throw(exc, title=_("{0}: {1}").format(_(row.meta.name), _(df.label)))
			if df.reqd and is_blank(cleaned):
				frappe.throw(_("{0} is empty.").format(_(df.label)), frappe.MandatoryError)
			if cleaned != value:
				row.set(df.fieldname, cleaned)
