"""Correction: PDFs that do not depend on the site's own web server, and downloads that fail in words.

Frappe's print view links its stylesheets from the site's own address (`host_name`, else the
request's). Setting `host_name` is the documented way to point wkhtmltopdf at a server that answers,
but a background job, a test run or a server that cannot resolve its own public name has no such
server to point at: every PDF of the site failed there. So the stylesheets are inlined from disk.
"""

import os
import re

import frappe
from frappe import _

from kpu_etik.core.inputs import Anything, Flag, Text
from kpu_etik.inputs import DocumentType, accepts
from kpu_etik.overrides.base import Correction, is_ours, looks_up

# A stylesheet of the site's assets, as Frappe's print view links it (relative, or made absolute by
# scrub_urls): `<link ... href="/assets/frappe/dist/css/print.bundle.X.css">`.
ASSET_LINK = re.compile(
	r"<link\b[^>]*?href=\"(?:https?://[^/\"]+)?/assets/([^\"?#]+\.css)[^\"]*\"[^>]*>", re.I
)


def inline_assets(html: str) -> str:
	"""The page with its asset stylesheets inlined from the bench's sites/assets folder."""
	root = os.path.abspath(frappe.get_site_path("..", "assets"))

	def inline(match):
		# normpath, not realpath: the bench links each app's assets into sites/assets
		path = os.path.normpath(os.path.join(root, match.group(1)))
		if not path.startswith(root + os.sep) or not os.path.isfile(path):
			return match.group(0)
		with open(path, encoding="utf-8") as stylesheet:
			return f"<style>{stylesheet.read()}</style>"

	return ASSET_LINK.sub(inline, html)


def install():
	"""Wrap frappe.utils.pdf.get_pdf so that wkhtmltopdf reads the print styles from disk.

	Corrects Frappe v15, whose print view links its stylesheet from the site's own address: where
	that address does not answer (no web server for a background job or a test, a host name the
	server cannot resolve), wkhtmltopdf stops with a network error and every PDF of the site fails.
	Re-check on an upgrade: frappe.get_print and print_format import get_pdf as they do now.
	"""
	from frappe.utils import pdf, print_format

	if getattr(pdf.get_pdf, "_kpu_etik_inlined", False):
		return
	original = pdf.get_pdf

	def get_pdf(html, options=None, output=None):
		return original(inline_assets(html), options=options, output=output)

	get_pdf._kpu_etik_inlined = True
	pdf.get_pdf = get_pdf
	print_format.get_pdf = get_pdf


def check() -> str | None:
	from frappe.utils import pdf, print_format

	for owner in (pdf, print_format):
		if not is_ours(owner.get_pdf, "_kpu_etik_inlined"):
			return f"{owner.__name__}.get_pdf is not the app's wrapper"
	if not looks_up(frappe.get_print, "get_pdf", pdf):
		return "frappe.get_print no longer imports get_pdf from frappe.utils.pdf"
	return None


CORRECTION = Correction(
	name="pdf",
	frappe_does="The print view links its stylesheets from the site's own address, unreachable from a job or test",
	app_needs="Every PDF renders wherever it is made: the asset stylesheets inlined from sites/assets",
	checked_on=("15.44.2",),
	guards_personal_data=False,
	install=install,
	check=check,
)


@frappe.whitelist(allow_guest=True)
@accepts(
	doctype=DocumentType("Document Type"),
	name=Text("Name", required=True),
	format=Text("Print Format"),
	doc=Anything("Document"),
	no_letterhead=Flag("No Letterhead"),
	language=Text("Language", max_length=10),
	letterhead=Text("Letter Head"),
)
def download_pdf(doctype, name, format=None, doc=None, no_letterhead=0, language=None, letterhead=None):
	"""frappe.utils.print_format.download_pdf, with bad arguments and a failed render answered in words.

	Corrects Frappe v15, where a document name that is not a string, or wkhtmltopdf failing to load the
	page's styles from the site's own address (a host name the server cannot resolve; `bench setup
	add-to-hosts` or DNS fixes that), ends as a 500 with a traceback. Permissions are Frappe's own
	(validate_print_permission). Re-check on an upgrade: the signature of download_pdf.
	"""
	from frappe.utils.print_format import download_pdf as frappe_download_pdf

	install()

	if not isinstance(doctype, str) or not isinstance(name, str) or doc is not None:
		frappe.throw(_("Name the document type and the document to print."), frappe.ValidationError)
	try:
		return frappe_download_pdf(doctype, name, format, None, no_letterhead, language, letterhead)
	except OSError:
		frappe.log_error(title="PDF rendering failed", reference_doctype=doctype, reference_name=name)
		frappe.throw(
			_(
				"The PDF could not be made on this server right now. Open the print view and print from the browser, or ask the site administrator to check the PDF renderer."
			),
			frappe.ValidationError,
		)
