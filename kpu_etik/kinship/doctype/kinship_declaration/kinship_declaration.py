import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from kpu_etik import rules
from kpu_etik.core.errors import RuleError
from kpu_etik.core.kinship import missing_for_submission
from kpu_etik.core.nik import parse_nik
from kpu_etik.core.regions import is_within
from kpu_etik.organization.doctype.official.official import validate_pdf_attachment
from kpu_etik.permissions import is_portal_member

# States in which the declaring official (or an operator on their behalf) may still change it.
EDITABLE_STATES = ("Draft", "Returned")
CHANNEL_FIELDS = ("channel_website", "channel_notice_board", "channel_mass_media", "channel_social_media")


class KinshipDeclaration(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from kpu_etik.kinship.doctype.declared_relative.declared_relative import DeclaredRelative

		ad_hoc_body: DF.Link | None
		channel_mass_media: DF.Check
		channel_notice_board: DF.Check
		channel_social_media: DF.Check
		channel_website: DF.Check
		no_family_tie: DF.Check
		official: DF.Link
		official_name: DF.Data | None
		pleno_date: DF.Date | None
		publication_date: DF.Date | None
		publication_link: DF.Data | None
		region: DF.Link | None
		relatives: DF.Table[DeclaredRelative]
		return_reason: DF.SmallText | None
		round: DF.Link
		statement: DF.Attach | None
		verified_by: DF.Link | None
		verified_on: DF.Date | None
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.set_official_fields()
		self.check_one_per_round()
		self.check_member_edits()
		self.validate_relatives()
		if self.has_value_changed("statement") and self.statement:
			validate_pdf_attachment(self.statement)
		self.check_state_requirements()

	def set_official_fields(self):
		official = frappe.db.get_value(
			"Official", self.official, ["full_name", "region", "ad_hoc_body", "status"], as_dict=True
		)
		if not official:
			frappe.throw(_("Official {0} does not exist.").format(self.official))
		self.official_name, self.region, self.ad_hoc_body = (
			official.full_name,
			official.region,
			official.ad_hoc_body,
		)
		round_region, is_open = frappe.db.get_value(
			"Kinship Declaration Round", self.round, ["region", "is_open"]
		)
		if not is_within(self.region, round_region):
			frappe.throw(
				_("This declaration round covers {0}; the official serves outside it.").format(round_region)
			)
		if self.is_new() and not is_open:
			frappe.throw(_("This declaration round is closed."))

	def check_one_per_round(self):
		other = frappe.db.get_value(
			"Kinship Declaration",
			{"official": self.official, "round": self.round, "name": ("!=", self.name)},
		)
		if other:
			frappe.throw(_("This official already has a declaration in this round ({0}).").format(other))

	def check_member_edits(self):
		"""A member changes their declaration only while it is a draft or returned to them."""
		previous = self.get_doc_before_save()
		if not previous or not is_portal_member():
			return
		if previous.workflow_state not in EDITABLE_STATES and self.workflow_state == previous.workflow_state:
			frappe.throw(_("This declaration is with KPU for verification and cannot be changed now."))

	def validate_relatives(self):
		if self.no_family_tie and self.relatives:
			frappe.throw(_("Either declare no family tie or list your relatives, not both."))
		for row in self.relatives:
			row.relative_name = " ".join((row.relative_name or "").split())
			row.relative_nik = (row.relative_nik or "").strip() or None
			if row.relative_nik:
				try:
					parse_nik(row.relative_nik, known_provinces=rules.known_provinces())
				except RuleError as exc:
					frappe.throw(
						_("Row {0} ({1}): {2}").format(
							row.idx, row.relative_name, _(exc.template).format(*exc.args)
						),
						title=_("Invalid NIK"),
					)

	def check_state_requirements(self):
		previous = self.get_doc_before_save()
		if not previous or previous.workflow_state == self.workflow_state:
			return
		state = self.workflow_state
		if state == "Submitted":
			# The same list the member's page shows beside its submit button.
			missing = missing_for_submission(self)
			if missing:
				frappe.throw(" ".join(_(template).format(*args) for template, args in missing))
			self.return_reason = None
		elif state == "Returned":
			if not self.return_reason:
				frappe.throw(_("Please write the reason for returning the declaration."))
		elif state == "Verified":
			self.verified_by = frappe.session.user
			self.verified_on = today()
		elif state == "Announced":
			if not (self.pleno_date and self.publication_date):
				frappe.throw(_("An announcement needs the plenary date and the publication date."))
			if getdate(self.publication_date) < getdate(self.pleno_date):
				frappe.throw(_("The publication date cannot be before the plenary date."))
			if not any(self.get(field) for field in CHANNEL_FIELDS):
				frappe.throw(_("Choose at least one channel the announcement was published on."))

	def on_update(self):
		from kpu_etik.kinship.screening import screen_declaration

		screen_declaration(self)
