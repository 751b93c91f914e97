"""A record of who read identity data: every form, REST or list read that returns an official's NIK
or a complainant's identity in full writes an Identity Access Log entry (who, when, which record,
which route). Only KPU RI and provincial users read the log, and nobody edits or deletes it."""

import frappe
from frappe.utils import now_datetime

from kpu_etik.core.privacy import IDENTITY_FIELDS, identity_fields_read


def log_document_read(doc):
	"""After Frappe stripped the fields the user may not read: log the identity fields left."""
	fields = [f for f in IDENTITY_FIELDS.get(doc.doctype, ()) if doc.get(f)]
	if fields:
		write(doc.doctype, doc.name, fields, 1, doc.get("region"))


def log_list_read(doctype: str, selected_fields, count: int):
	fields = identity_fields_read(doctype, selected_fields)
	if fields:
		write(doctype, None, fields, count, None)


@frappe.write_only()  # the log is written on the primary, even from a list read on the replica
def write(doctype, name, fields, count, region):
	user = frappe.session.user
	if user == "Administrator" or frappe.flags.in_install or frappe.flags.in_migrate:
		return
	request = getattr(frappe.local, "request", None)
	frappe.get_doc(
		{
			"doctype": "Identity Access Log",
			"user": user,
			"accessed_on": now_datetime(),
			"reference_doctype": doctype,
			"reference_name": name,
			"fields_read": ", ".join(fields),
			"records": count,
			"region": region,
			"route": (request.path[:140] if request else "") or "",
		}
	).db_insert()
	# A read arrives as GET, after which Frappe commits only when asked to.
	frappe.local.flags.commit = True


class LogsIdentityReads:
	"""Mixin for the controllers of doctypes with IDENTITY_FIELDS.

	Overrides Document.apply_fieldlevel_read_permissions, which Frappe v15 calls on every route that
	returns one document to a user (desk form load, v1 and v2 REST, frappe.client.get): after Frappe
	strips the fields the user may not read, what is left of the identity is logged. Re-check on an
	upgrade that those routes still call it (grep `apply_fieldlevel_read_permissions()` in frappe).
	"""

	def apply_fieldlevel_read_permissions(self):
		super().apply_fieldlevel_read_permissions()
		log_document_read(self)
