import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime

from kpu_etik import rules, uploads
from kpu_etik.core.access import PORTAL_ROLE_FOR_BODY
from kpu_etik.core.name_search import search_words
from kpu_etik.core.nik import plain_number
from kpu_etik.core.officials import OfficialRecord, appraise, left_on
from kpu_etik.core.regions import ROOT_CODE
from kpu_etik.identity_log import LogsIdentityReads
from kpu_etik.organization.appraisal import SiteFacts, throw_problems
from kpu_etik.organization.doctype.ad_hoc_body.ad_hoc_body import refresh_body_composition
from kpu_etik.permissions import assert_can_grant
from kpu_etik.portal import end_portal_access

# The form's fields behind each field of the appraised record.
RECORD_FIELDS = {
	"nik": ("nik",),
	"no_kk": ("no_kk",),
	"region": ("region",),
	"position": ("position",),
	"status": ("status",),
	"body": ("ad_hoc_body",),
	"appointed_on": ("decree_date", "oath_date"),
}


class Official(LogsIdentityReads, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from kpu_etik.organization.doctype.official_status_change.official_status_change import (
			OfficialStatusChange,
		)

		ad_hoc_body: DF.Link | None
		address: DF.SmallText | None
		birth_date: DF.Date | None
		decree_date: DF.Date | None
		decree_number: DF.Data | None
		email: DF.Data | None
		full_name: DF.Data
		integrity_pact: DF.Attach | None
		leaves_on: DF.Date | None
		level: DF.Literal[
			"", "KPU RI", "KPU Provinsi", "KPU Kabupaten/Kota", "Sekretariat", "PPK", "PPS", "KPPS"
		]
		mobile_no: DF.Data | None
		nik: DF.Data
		no_kk: DF.Data | None
		oath_date: DF.Date | None
		official_import: DF.Link | None
		office_region: DF.Link | None
		position: DF.Literal["", "Ketua", "Anggota", "Sekretaris", "Staf"]
		region: DF.Link | None
		sex: DF.Literal["", "Male", "Female"]
		status: DF.Literal["Active", "Suspended", "Dismissed", "Term Ended", "Resigned"]
		status_history: DF.Table[OfficialStatusChange]
		status_reason: DF.SmallText | None
		user: DF.Link | None

	# end: auto-generated types
	def validate(self):
		if self.identity_removed_on and not self.is_new():
			# An archive: its identity is gone, so no rule that reads the NIK can be applied to it again.
			frappe.throw(
				_(
					"The identity of this official was removed on {0} at the end of its retention period; "
					"the record is kept as an archive and cannot be changed."
				).format(frappe.format(self.identity_removed_on, "Date")),
				title=_("Archived Record"),
			)
		self.full_name = " ".join((self.full_name or "").split())
		self.search_name = search_words(self.full_name)
		self.nik = plain_number(self.nik or "")
		self.no_kk = plain_number(self.no_kk or "") or None
		body_type, body_status, office_level = self.set_region()
		facts = SiteFacts(
			[self.nik], [self.ad_hoc_body], lock_bodies=True, from_sanction=bool(self.flags.from_sanction)
		)
		result = appraise(self.as_record(body_type, body_status, office_level), facts)
		if result.problems:
			throw_problems(result.problems, lambda field: _(self.meta.get_label(field)))
		for _field, warning in result.warnings:
			rules.warn(warning)
		self.sex = result.nik.sex
		self.birth_date = result.nik.birth_date
		if not self.region:
			frappe.throw(_("Please choose the body or the office region of this official."))
		if self.has_value_changed("integrity_pact") and self.integrity_pact:
			validate_pdf_attachment(self.integrity_pact)
		self.check_portal_grant()
		self.record_status_change()

	def check_portal_grant(self):
		"""Seating an account on a PPK or PPS grants it the portal role (grant_portal_access): whoever
		saves it must be allowed to grant that role, to that account, there."""
		role = PORTAL_ROLE_FOR_BODY.get(self.level)
		if not (role and self.user and self.status == "Active"):
			return
		if not self.is_new() and not any(
			self.has_value_changed(field) for field in ("user", "region", "level", "status")
		):
			return
		if not frappe.db.exists("Region Access", {"user": self.user, "role": role, "region": self.region}):
			assert_can_grant(self.user, role, self.region)

	def set_region(self):
		"""The record's region (which decides who reaches it) follows from its body or office."""
		body_type = body_status = office_level = None
		if self.level == "KPU RI":
			self.ad_hoc_body = None
			self.office_region = ROOT_CODE
		if self.ad_hoc_body:
			body_type, body_region, body_status = frappe.db.get_value(
				"Ad Hoc Body", self.ad_hoc_body, ["body_type", "region", "status"]
			) or (None, None, None)
			if self.office_region and self.level != "KPU RI":
				frappe.throw(_("An official belongs either to a body or to a KPU office, not both."))
			self.region = body_region
		elif self.office_region:
			office_level = frappe.db.get_value("Region", self.office_region, "level")
			self.region = self.office_region
		return body_type, body_status, office_level

	def as_record(self, body_type, body_status, office_level) -> OfficialRecord:
		"""This form's values as the record the appraisal reads (with the fields this save changes)."""
		return OfficialRecord(
			nik=self.nik,
			full_name=self.full_name,
			level=self.level,
			position=self.position,
			status=self.status,
			no_kk=self.no_kk,
			name=None if self.is_new() else self.name,
			body=self.ad_hoc_body,
			body_type=body_type,
			body_status=body_status,
			office_level=office_level,
			region=self.region,
			appointed_on=getdate(self.decree_date or self.oath_date or None),
			changed=[
				field
				for field, form_fields in RECORD_FIELDS.items()
				if any(self.has_value_changed(f) for f in form_fields)
			],
		)

	def record_status_change(self):
		previous = self.get_doc_before_save()
		before = previous.status if previous else ""
		self.left_on = left_on(self.status, self.left_on, getdate())
		if before == self.status:
			return
		self.append(
			"status_history",
			{
				"from_status": before,
				"to_status": self.status,
				"changed_on": now_datetime(),
				"changed_by": frappe.session.user,
				"reason": self.status_reason,
			},
		)
		self.status_reason = None

	def on_update(self):
		previous = self.get_doc_before_save()
		refresh_body_composition(self.ad_hoc_body)
		if previous and previous.ad_hoc_body != self.ad_hoc_body:
			refresh_body_composition(previous.ad_hoc_body)
		self.grant_portal_access()
		end_portal_access(self)
		if not previous or any(self.has_value_changed(f) for f in ("full_name", "nik", "no_kk", "region")):
			from kpu_etik.kinship.screening import screen_one

			screen_one(self.name)

	def after_delete(self):
		refresh_body_composition(self.ad_hoc_body)

	def grant_portal_access(self):
		"""A PPK or PPS member with an account reaches their own body's region on the portal."""
		role = PORTAL_ROLE_FOR_BODY.get(self.level)
		if not (role and self.user and self.status == "Active"):
			return
		if frappe.db.exists("Region Access", {"user": self.user, "role": role, "region": self.region}):
			return
		grant = frappe.get_doc(
			{
				"doctype": "Region Access",
				"user": self.user,
				"role": role,
				"region": self.region,
				"note": _("Member of {0}").format(self.ad_hoc_body),
			}
		)
		grant.flags.ignore_permissions = True
		grant.flags.ignore_grant_check = True  # checked in validate, as whoever seated the account
		grant.insert()


def validate_pdf_attachment(file_url: str):
	"""The signed integrity pact must be a real, readable, unencrypted PDF with at least one page."""
	file_name = frappe.db.get_value("File", {"file_url": file_url}, "name")
	if not file_name:
		frappe.throw(_("The attached file {0} was not found.").format(file_url))
	content = frappe.get_doc("File", file_name).get_content()
	if isinstance(content, str):
		content = content.encode()
	uploads.check(content or b"", "Official", "integrity_pact")
