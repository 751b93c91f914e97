import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from kpu_etik import rules, uploads
from kpu_etik.core.access import PORTAL_ROLE_FOR_BODY
from kpu_etik.core.bodies import COUNTED_POSITIONS, check_member_fits, check_official_placement
from kpu_etik.core.errors import RuleError
from kpu_etik.core.nik import kk_region_warnings, nik_region_warnings, parse_kk, parse_nik
from kpu_etik.core.regions import ROOT_CODE
from kpu_etik.identity_log import LogsIdentityReads
from kpu_etik.organization.doctype.ad_hoc_body.ad_hoc_body import SEATED_STATUSES, refresh_body_composition
from kpu_etik.portal import end_portal_access

BODY_LEVELS = ("PPK", "PPS", "KPPS")


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
		self.full_name = " ".join((self.full_name or "").split())
		if not self.full_name:
			frappe.throw(_("Please enter the official's full name."))
		self.set_region()
		self.validate_nik()
		self.refuse_dismissed_person()
		self.validate_kk()
		self.check_seat()
		if self.has_value_changed("integrity_pact") and self.integrity_pact:
			validate_pdf_attachment(self.integrity_pact)
		self.record_status_change()

	def set_region(self):
		"""The record's region (which decides who reaches it) follows from its body or office."""
		body_type = office_level = None
		if self.level == "KPU RI":
			self.ad_hoc_body = None
			self.office_region = ROOT_CODE
		if self.ad_hoc_body:
			body_type, body_region = frappe.db.get_value(
				"Ad Hoc Body", self.ad_hoc_body, ["body_type", "region"]
			) or (None, None)
			if self.office_region and self.level != "KPU RI":
				frappe.throw(_("An official belongs either to a body or to a KPU office, not both."))
			self.region = body_region
		elif self.office_region:
			office_level = frappe.db.get_value("Region", self.office_region, "level")
			self.region = self.office_region
		try:
			check_official_placement(self.level, self.position, body_type, office_level)
		except RuleError as exc:
			rules.throw(exc, title=_("Wrong Placement"))
		if not self.region:
			frappe.throw(_("Please choose the body or the office region of this official."))

	def validate_nik(self):
		self.nik = (self.nik or "").strip()
		try:
			info = parse_nik(self.nik, known_provinces=rules.known_provinces())
		except RuleError as exc:
			rules.throw(exc, title=_("Invalid NIK"))
		self.sex = info.sex
		self.birth_date = info.birth_date
		duplicate = frappe.db.get_value("Official", {"nik": self.nik, "name": ("!=", self.name)})
		if duplicate:
			frappe.throw(
				_("This NIK is already registered for another official ({0}).").format(duplicate),
				title=_("Duplicate NIK"),
			)
		if self.is_new() or self.has_value_changed("nik") or self.has_value_changed("region"):
			known = rules.region_codes_exist([info.regency_code, info.district_code])
			for warning in nik_region_warnings(info, known_region_codes=known, official_region=self.region):
				rules.warn(warning)

	def refuse_dismissed_person(self):
		"""A person permanently dismissed is not appointed again, to any body."""
		if self.flags.from_sanction or self.status != "Active":
			return
		if not (self.is_new() or self.has_value_changed("ad_hoc_body") or self.has_value_changed("status")):
			return
		from kpu_etik.sanctions.sanctioning import dismissal_in_force

		dismissal = dismissal_in_force(self.nik)
		if dismissal:
			frappe.throw(
				_(
					"This person was dismissed permanently by decision {0} of {1} and cannot be appointed."
				).format(dismissal.letter_number, frappe.utils.formatdate(dismissal.letter_date)),
				title=_("Dismissed"),
			)

	def validate_kk(self):
		self.no_kk = (self.no_kk or "").strip() or None
		if not self.no_kk:
			return
		try:
			district = parse_kk(self.no_kk, known_provinces=rules.known_provinces())
		except RuleError as exc:
			rules.throw(exc, title=_("Invalid No. KK"))
		if self.is_new() or self.has_value_changed("no_kk"):
			known = rules.region_codes_exist([district.rsplit(".", 1)[0], district])
			for warning in kk_region_warnings(
				self.no_kk, known_region_codes=known, official_region=self.region
			):
				rules.warn(warning)

	def check_seat(self):
		"""Composition rules: no body gets more seats or ketua than the settings allow."""
		if (
			not self.ad_hoc_body
			or self.position not in COUNTED_POSITIONS
			or self.status not in SEATED_STATUSES
		):
			return
		if not (
			self.is_new()
			or self.has_value_changed("ad_hoc_body")
			or self.has_value_changed("position")
			or self.has_value_changed("status")
		):
			return
		# Lock the body row so two members added at once cannot both take the last seat.
		# Locked, so that two officials seated at once cannot both take the body's last seat.
		body_type, body_status = frappe.db.get_value(
			"Ad Hoc Body", self.ad_hoc_body, ["body_type", "status"], for_update=True
		)
		if body_status == "Dissolved":
			frappe.throw(_("{0} has been dissolved; it takes no members.").format(self.ad_hoc_body))
		others = frappe.get_all(
			"Official",
			filters={
				"ad_hoc_body": self.ad_hoc_body,
				"status": ("in", SEATED_STATUSES),
				"name": ("!=", self.name),
			},
			pluck="position",
		)
		try:
			check_member_fits(rules.composition_rule(body_type), others, self.position)
		except RuleError as exc:
			rules.throw(exc, title=_("Body Full"))

	def record_status_change(self):
		previous = self.get_doc_before_save()
		before = previous.status if previous else ""
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
		grant.flags.ignore_grant_check = True
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
