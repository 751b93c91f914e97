"""Correction: the app's documents are checked field by field before Frappe checks their links.

Frappe v15's insert and save check links (``Document._validate_links``) before any hook can run, and
count each link value in a dict: a list given for a Link field over REST ended as a 500
("unhashable type: 'list'"). ``install()`` runs ``plain_text.clean_document`` (kind, size, date
range, plain text of every field of the app's documents) just before that check. The doc_events hook
(``before_validate``) stays for processes that did not install this (a script saving without a
request); where both run, the save is checked once. Other doctypes are untouched.
"""

from kpu_etik.overrides.base import Correction, is_ours, looks_up
from kpu_etik.plain_text import clean_document


def install():
	from frappe.model.document import Document

	if getattr(Document._validate_links, "_kpu_etik_checked", False):
		return
	original = Document._validate_links

	def _validate_links(self):
		clean_document(self)
		self.flags.kpu_etik_text_checked = True
		return original(self)

	_validate_links._kpu_etik_checked = True
	Document._validate_links = _validate_links


def check() -> str | None:
	from frappe.model import document

	if not is_ours(document.Document._validate_links, "_kpu_etik_checked"):
		return "Document._validate_links is not the app's wrapper"
	for method in (document.Document.insert, document.Document._save):
		if not looks_up(method, "_validate_links", document):
			return f"Document.{method.__name__} no longer calls _validate_links"
	return None


CORRECTION = Correction(
	name="document_checks",
	frappe_does="Insert and save check links before any hook runs: a list for a Link field over REST is a 500",
	app_needs="The app's documents checked field by field (kind, size, date range, plain text) first",
	checked_on=("15.44.2",),
	guards_personal_data=False,
	install=install,
	check=check,
)
