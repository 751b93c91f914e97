"""PDF downloads that fail with a clear message instead of a server error."""

import frappe
from frappe import _


@frappe.whitelist(allow_guest=True)
def download_pdf(doctype, name, format=None, doc=None, no_letterhead=0, language=None, letterhead=None):
	"""frappe.utils.print_format.download_pdf, with bad arguments and a failed render answered in words.

	Corrects Frappe v15, where a document name that is not a string, or wkhtmltopdf failing to load the
	page's styles from the site's own address (a host name the server cannot resolve; `bench setup
	add-to-hosts` or DNS fixes that), ends as a 500 with a traceback. Permissions are Frappe's own
	(validate_print_permission). Re-check on an upgrade: the signature of download_pdf.
	"""
	from frappe.utils.print_format import download_pdf as frappe_download_pdf

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
