"""The site's answers to an official's appraisal (kpu_etik.core.officials.appraise).

``SiteFacts`` reads, for a batch of records, each fact the rules need with one query per kind of
fact: the form asks for a batch of one, the roster import for a few thousand rows at a time. The
import's ``FileFacts`` adds the rows of the file read so far (kept in a temporary table of the
import's connection, so a national file is never held in memory).
"""

from collections import defaultdict

import frappe
from frappe import _

from kpu_etik import rules
from kpu_etik.core.officials import SEATED_STATUSES, Dismissal, Seat
from kpu_etik.kinship.screening import RELATIVES

RECORD_COLUMNS = """name, nik, full_name, no_kk, level, position, ad_hoc_body, region, status, mobile_no,
	email, decree_number, decree_date, oath_date, address, search_name, modified, modified_by"""


def _in(values) -> list:
	# MariaDB refuses "in ()": a value no column holds stands for an empty list.
	return list(values) or [""]


def nik_list(niks) -> str:
	"""The NIKs as an SQL list, written once for a batch's queries rather than escaped value by value
	in each (a few thousand a query). Only a NIK of ASCII digits can match a stored one (every stored
	NIK is checked), so only those are listed, and they need no escaping."""
	return ", ".join(f"'{n}'" for n in niks if n and n.isascii() and n.isdigit()) or "''"


class SiteFacts:
	"""Facts for the officials with ``niks`` and the bodies ``bodies``, read once for the batch."""

	def __init__(
		self,
		niks,
		bodies,
		*,
		region_codes_exist=None,
		lock_bodies=False,
		lock_officials=False,
		from_sanction=False,
	):
		niks = nik_list(set(niks))
		bodies = _in({b for b in bodies if b})
		self.known_provinces = rules.known_provinces()
		self._region_codes_exist = region_codes_exist or rules.region_codes_exist
		self._eligibility = rules.eligibility_checks()
		self._rules = {}
		if lock_bodies:
			# Locked, so that two officials seated at once cannot both take a body's last seat.
			frappe.db.sql("select name from `tabAd Hoc Body` where name in %(b)s for update", {"b": bodies})
		# The records of these people, as the import compares them with its rows.
		self.records = {
			row.nik: row
			for row in frappe.db.sql(
				f"""select {RECORD_COLUMNS} from `tabOfficial` where nik in ({niks})
				{"for update" if lock_officials else ""}""",
				as_dict=True,
			)
		}
		self.seats = {nik: Seat(row.name, row.ad_hoc_body, row.status) for nik, row in self.records.items()}
		self.positions = defaultdict(list)
		for row in frappe.db.sql(
			"""select ad_hoc_body, name, nik, position from `tabOfficial`
			where ad_hoc_body in %(b)s and status in %(seated)s""",
			{"b": bodies, "seated": SEATED_STATUSES},
			as_dict=True,
		):
			self.positions[row.ad_hoc_body].append(row)
		self.dismissals = {} if from_sanction else dismissals_in_force(niks)
		self.roles = defaultdict(list)
		for nik, role in frappe.db.sql(
			f"select nik, candidate_role from `tabElection Candidate` where nik in ({niks})"
		):
			self.roles[nik].append(role or _("Candidate"))
		self.spouses = organizer_spouses(niks)

	def region_codes_exist(self, codes):
		return self._region_codes_exist(codes)

	def dismissal(self, nik):
		return self.dismissals.get(nik)

	def seat_of(self, nik):
		return self.seats.get(nik)

	def other_positions(self, body, official):
		return [row.position for row in self.positions.get(body, ()) if row.name != official]

	def composition_rule(self, body_type):
		if body_type not in self._rules:
			self._rules[body_type] = rules.composition_rule(body_type)
		return self._rules[body_type]

	def eligibility(self):
		return self._eligibility

	def candidate_roles(self, nik):
		return self.roles.get(nik, [])

	def organizer_spouses(self, nik):
		return self.spouses.get(nik, [])


def dismissals_in_force(niks: str) -> dict[str, Dismissal]:
	"""The permanent dismissals in force of these people (``niks``: a nik_list), whatever record
	they were on."""
	found = {}
	for row in frappe.db.sql(
		f"""select o.nik, s.letter_number, s.letter_date from `tabSanction` s
		join `tabOfficial` o on o.name = s.official
		where o.nik in ({niks}) and s.docstatus = 1 and s.workflow_state = 'In Force'
			and s.effect = 'Dismissal'
		order by s.letter_date""",
		as_dict=True,
	):
		found[row.nik] = Dismissal(row.letter_number, frappe.utils.formatdate(row.letter_date))
	return found


def organizer_spouses(niks: str) -> dict[str, list[str]]:
	"""Seated organizers declared (by either of the two) as the spouse of each of these people
	(``niks``: a nik_list)."""
	kinds = frappe.get_all("Kinship Relationship", filters={"is_spouse": 1}, pluck="name")
	if not kinds:
		return {}
	found = defaultdict(set)
	args = {"kinds": kinds, "seated": SEATED_STATUSES}
	# Declared by the organizer: their relative's NIK is this person's.
	for nik, official in frappe.db.sql(
		f"""select r.relative_nik, o.full_name from {RELATIVES} join `tabOfficial` o on o.name = d.official
		where r.parenttype = 'Kinship Declaration' and r.relative_nik in ({niks})
			and r.relationship in %(kinds)s and o.status in %(seated)s and o.nik != r.relative_nik""",
		args,
	):
		found[nik].add(official)
	# Declared by this person: their declared spouse is a seated organizer.
	for nik, official in frappe.db.sql(
		f"""select me.nik, o.full_name from {RELATIVES} join `tabOfficial` me on me.name = d.official
		join `tabOfficial` o on o.nik = r.relative_nik
		where r.parenttype = 'Kinship Declaration' and me.nik in ({niks})
			and r.relationship in %(kinds)s and o.status in %(seated)s and o.name != me.name""",
		args,
	):
		found[nik].add(official)
	return {nik: sorted(names) for nik, names in found.items()}


def throw_problems(problems, label):
	"""The appraisal's problems as one translated message (each with its field's label)."""
	messages = [f"{label(p.field)}: {_(p.error.template).format(*p.error.args)}" for p in problems]
	frappe.throw("<br>".join(messages), title=_("Please check the official"))
