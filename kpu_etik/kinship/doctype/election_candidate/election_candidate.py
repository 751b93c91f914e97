from frappe import _
from frappe.model.document import Document

from kpu_etik import rules
from kpu_etik.core.errors import RuleError
from kpu_etik.core.names import name_key
from kpu_etik.core.nik import parse_kk, parse_nik, plain_number
from kpu_etik.identity_log import LogsIdentityReads


class ElectionCandidate(LogsIdentityReads, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		birth_date: DF.Date | None
		candidate_role: DF.Literal[
			"",
			"Calon DPR",
			"Calon DPD",
			"Calon DPRD Provinsi",
			"Calon DPRD Kabupaten/Kota",
			"Tim Kampanye",
			"Peserta Pemilu",
		]
		electoral_district: DF.Data | None
		full_name: DF.Data
		name_key: DF.Data | None
		nik: DF.Data | None
		no_kk: DF.Data | None
		party: DF.Data | None
		region: DF.Link | None
		source_import: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.full_name = " ".join((self.full_name or "").split())
		self.name_key = name_key(self.full_name)
		self.nik = plain_number(self.nik or "") or None
		self.no_kk = plain_number(self.no_kk or "") or None
		try:
			if self.nik:
				info = parse_nik(self.nik, known_provinces=rules.known_provinces())
				self.birth_date = self.birth_date or info.birth_date
			if self.no_kk:
				parse_kk(self.no_kk, known_provinces=rules.known_provinces())
		except RuleError as exc:
			rules.throw(exc, title=_("Invalid Identity Number"))

	def on_update(self):
		from kpu_etik.kinship.screening import screen_candidate

		screen_candidate(self)
