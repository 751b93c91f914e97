"""The upload check on every path: a file attached to one of this app's documents, however it comes
(public complaint form, member portal, Desk form field or sidebar attachment, REST, import), is
checked by content with kpu_etik.core.uploads when its File record is created, and kept private."""

from urllib.parse import unquote

from frappe import _

from kpu_etik import rules
from kpu_etik.core.errors import RuleError
from kpu_etik.core.uploads import check_upload

MB = 1024 * 1024
# What each kind of attachment may be, and how large; any other attachment of the app's documents
# is a document, a picture or a spreadsheet.
ALLOWED = {
	("Official", "integrity_pact"): (("pdf",), 5 * MB),
	("Kinship Declaration", "statement"): (("pdf",), 5 * MB),
	("Candidate List Import", "import_file"): (("csv", "xlsx"), 100 * MB),
	# A province's roster; the nation's goes in with the bench command kpu-import-officials.
	("Official Import", None): (("csv", "xlsx"), 100 * MB),
	("Complaint", None): (("pdf", "png", "jpg"), 5 * MB),
}
DEFAULT = (("pdf", "png", "jpg", "csv", "xlsx"), 10 * MB)


def allowed_for(doctype: str, field: str | None) -> tuple[tuple[str, ...], int]:
	return ALLOWED.get((doctype, field)) or ALLOWED.get((doctype, None)) or DEFAULT


def check(content: bytes, doctype: str, field: str | None = None) -> str:
	"""The one check, called by every path before anything is written; a translated refusal."""
	kinds, max_bytes = allowed_for(doctype, field)
	try:
		return check_upload(content, kinds, max_bytes)
	except RuleError as exc:
		rules.throw(exc, title=_("File Not Accepted"))


def validate_file(doc, method=None):
	"""doc_events File validate: new files of this app's documents are checked and kept private."""
	from kpu_etik.doctypes import app_doctypes

	if not doc.is_new() or doc.attached_to_doctype not in app_doctypes():
		return
	doc.is_private = 1
	content = doc.content if doc.content is not None else doc.get_content()
	if isinstance(content, str):
		content = content.encode()
	check(content or b"", doc.attached_to_doctype, doc.attached_to_field)


def serve_files_as_downloads(response=None, request=None):
	"""after_request: private files, and every download of the app, go out as attachments that the
	browser may not sniff into another type.

	Corrects Frappe v15's `send_private_file`, which lets the browser open a private PDF or image
	inline (only .svg, .html and .xml are forced to download). Re-check on an upgrade:
	frappe/utils/response.py send_private_file and the after_request hook.
	"""
	if response is None or request is None:
		return
	downloaded = request.path.startswith("/private/files/") or "attachment" in (
		response.headers.get("Content-Disposition") or ""
	)
	if not downloaded:
		return
	response.headers["X-Content-Type-Options"] = "nosniff"
	if request.path.startswith("/private/files/"):
		filename = request.path.rsplit("/", 1)[-1]
		response.headers.pop("Content-Disposition", None)
		response.headers.add("Content-Disposition", "attachment", filename=unquote(filename))
