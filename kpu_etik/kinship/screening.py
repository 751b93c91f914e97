"""Conflict screening in the site: officials and their declared relatives against the imported
candidate and campaign-team lists. The matching rules are in kpu_etik.core.screening; this module
reads the rows, and turns hits into Conflict Review Items that an officer confirms or dismisses.
A review item keeps its decision: screening again never reopens a confirmed or dismissed item."""

import frappe
from frappe import _

from kpu_etik.core.names import name_key
from kpu_etik.core.screening import (
	Candidate,
	CandidateIndex,
	DeclaredRelative,
	Person,
	review_key,
	screen_all_results,
	screen_official,
	spouse_pairs,
)
from kpu_etik.jobs import enqueue_long

# The declared relatives with their declaration (d.official is the declaring official), as r and d.
# Raw SQL: screening reads and marks them for a whole kabupaten at once, measured in
# benchmarks/screening_benchmark.py.
RELATIVES = "`tabDeclared Relative` r join `tabKinship Declaration` d on d.name = r.parent"

KIND_LABELS = {"same_nik": "Same NIK", "same_kk": "Same KK", "name": "Similar Name"}
CANDIDATE_FIELDS = (
	"name, full_name, nik, no_kk, birth_date, region, candidate_role, party, electoral_district"
)
OFFICIAL_CHUNK = 20000
SCREENING_SHARDS = 2  # jobs a full screening is cut into: one per core, given a worker per core


def _candidate(row) -> Candidate:
	return Candidate(
		ref=row.name,
		full_name=row.full_name,
		nik=row.nik,
		no_kk=row.no_kk,
		birth_date=row.birth_date,
		region=row.region,
		role=row.candidate_role,
		party=row.party,
		district=row.electoral_district,
	)


def _person(row) -> Person:
	return Person(
		ref=row.name,
		full_name=row.full_name,
		nik=row.nik,
		no_kk=row.no_kk,
		birth_date=row.birth_date,
		region=row.region,
	)


def every_candidate(chunk: int = 50_000):
	"""Every listed person, read a chunk at a time: the rows of 300,000 at once would double the
	screening job's memory."""
	after = ""
	while True:
		rows = frappe.db.sql(
			f"""select {CANDIDATE_FIELDS} from `tabElection Candidate` where name > %s
			order by name limit %s""",
			(after, chunk),
			as_dict=True,
		)
		if not rows:
			return
		after = rows[-1].name
		yield from map(_candidate, rows)


def relatives_for(officials: list[str]) -> dict[str, list[DeclaredRelative]]:
	if not officials:
		return {}
	rows = frappe.db.sql(
		f"""select d.official, r.relative_name, r.relative_nik, r.relationship
		from {RELATIVES}
		where r.parenttype = 'Kinship Declaration' and d.official in %(officials)s""",
		{"officials": officials},
		as_dict=True,
	)
	result: dict[str, list[DeclaredRelative]] = {}
	for row in rows:
		result.setdefault(row.official, []).append(
			DeclaredRelative(row.official, row.relative_name, row.relative_nik, row.relationship)
		)
	return result


def screen_one(official_name: str):
	"""Screen one official (on save): only the candidates that could match are read."""
	if not frappe.db.count("Election Candidate"):
		return None
	official = frappe.db.get_value(
		"Official", official_name, ["name", "full_name", "nik", "no_kk", "birth_date", "region"], as_dict=True
	)
	relatives = relatives_for([official_name]).get(official_name, [])
	keys = [name_key(official.full_name)] + [name_key(r.full_name) for r in relatives]
	niks = [n for n in [official.nik] + [r.nik for r in relatives] if n]
	pool = frappe.db.sql(
		f"""select {CANDIDATE_FIELDS} from `tabElection Candidate`
		where nik in %(niks)s or name_key in %(keys)s
			or (%(kk)s is not null and no_kk = %(kk)s)
			or (%(birth_date)s is not null and birth_date = %(birth_date)s)""",
		{"niks": niks or [""], "keys": keys, "kk": official.no_kk, "birth_date": official.birth_date},
		as_dict=True,
	)
	result = screen_official(CandidateIndex([_candidate(r) for r in pool]), _person(official), relatives)
	for hit in result.hits:
		record_hit(hit)
	link_declared_matches(result.declared_matches)
	return result


def screen_declaration(declaration):
	screen_one(declaration.official)
	check_spouses([declaration.official])


def screen_candidate(candidate):
	"""A candidate entered or corrected by hand is screened against the officials it could match."""
	officials = frappe.db.sql(
		"""select name from `tabOfficial`
		where (%(nik)s is not null and nik = %(nik)s) or (%(kk)s is not null and no_kk = %(kk)s)
			or (%(birth_date)s is not null and birth_date = %(birth_date)s)""",
		{"nik": candidate.nik, "kk": candidate.no_kk, "birth_date": candidate.birth_date},
		pluck="name",
	)
	for official in officials:
		screen_one(official)


def screen_all_officials(
	commit: bool = True, official_import: str | None = None, first: str = "", until: str | None = None
) -> int:
	"""Every official against every candidate (after a list import), or only the officials a roster
	import wrote, or those named from ``first`` up to (not including) ``until`` (a shard, see
	enqueue_screening). Returns the hits recorded.

	As a background job it commits chunk by chunk; a caller inside a larger transaction says not to."""
	index = CandidateIndex(every_candidate())
	if not len(index):
		return 0
	condition = "and official_import = %(official_import)s" if official_import else ""
	if until is not None:
		condition += " and name < %(until)s"
	hits, after = 0, None
	args = {"chunk": OFFICIAL_CHUNK, "official_import": official_import, "until": until, "first": first}
	while True:
		# Tuples, not dicts: at national size reading the rows costs as much as screening them.
		start = "name >= %(first)s" if after is None else "name > %(after)s"
		officials = frappe.db.sql(
			f"""select name, full_name, nik, no_kk, birth_date, region from `tabOfficial`
			where {start} {condition} order by name limit %(chunk)s""",
			{**args, "after": after},
		)
		if not officials:
			break
		after = officials[-1][0]
		names = [o[0] for o in officials]
		relatives = relatives_for(names)
		people = (Person(*o) for o in officials)
		for result in screen_all_results(index, people, relatives):
			for hit in result.hits:
				hits += record_hit(hit)
			link_declared_matches(result.declared_matches)
		if official_import:
			check_spouses(names)
		if commit:
			frappe.db.commit()
	if not official_import and not first:
		check_spouses(None)
	if commit:
		frappe.db.commit()
	return hits


def shard_bounds(shards: int) -> list[tuple[str, str | None]]:
	"""The officials cut into ``shards`` ranges of names of about the same size: (first, until)."""
	total = frappe.db.count("Official")
	cuts = []
	for k in range(1, shards):
		cut = frappe.db.sql(
			"select name from `tabOfficial` order by name limit 1 offset %s", (total * k // shards,)
		)
		if cut and (not cuts or cut[0][0] > cuts[-1]):
			cuts.append(cut[0][0])
	return list(zip(["", *cuts], [*cuts, None], strict=True))


def enqueue_screening(candidate_import: str | None = None, shards: int = SCREENING_SHARDS):
	"""Every official screened again, in ``shards`` jobs on the long queue: with a worker per core,
	the shards run side by side. Each adds its hits to the candidate list import's count."""
	for first, until in shard_bounds(shards):
		enqueue_long(
			"kpu_etik.kinship.screening.screen_shard",
			job_id=f"screening::{first or 'start'}",
			first=first,
			until=until,
			candidate_import=candidate_import,
		)


def screen_shard(first: str, until: str | None, candidate_import: str | None = None) -> int:
	hits = screen_all_officials(commit=not frappe.flags.in_test, first=first, until=until)
	if candidate_import:
		frappe.db.sql(
			"update `tabCandidate List Import` set hits_found = ifnull(hits_found, 0) + %s where name = %s",
			(hits, candidate_import),
		)
		if not frappe.flags.in_test:
			frappe.db.commit()
	return hits


def screen_imported_officials(official_import: str) -> int:
	"""After a roster import: its officials against the candidate lists, one job on the index."""
	return screen_all_officials(commit=not frappe.flags.in_test, official_import=official_import)


def record_hit(hit) -> int:
	return upsert_review_item(
		official=hit.official_ref,
		kind=KIND_LABELS[hit.kind],
		score=hit.score,
		evidence="\n".join(hit.evidence),
		key=review_key(hit),
		candidate=hit.candidate_ref,
	)


def upsert_review_item(official, kind, score, evidence, key, candidate=None, other_official=None) -> int:
	"""Insert a new review item, refresh an open one; a decided one is left as decided. Returns 1 if new."""
	existing = frappe.db.get_value(
		"Conflict Review Item", {"review_key": key}, ["name", "status"], as_dict=True
	)
	if existing:
		if existing.status == "Open":
			frappe.db.set_value(
				"Conflict Review Item",
				existing.name,
				{"score": score, "evidence": evidence},
				update_modified=False,
			)
		return 0
	item = frappe.get_doc(
		{
			"doctype": "Conflict Review Item",
			"official": official,
			"kind": kind,
			"score": score,
			"evidence": evidence,
			"review_key": key,
			"candidate": candidate,
			"other_official": other_official,
			"status": "Open",
		}
	)
	item.flags.ignore_permissions = True
	try:
		item.insert()
	except frappe.UniqueValidationError:
		return 0  # a job screening the same officials at the same time recorded it first (review_key)
	return 1


def link_declared_matches(matches):
	"""A declared relative found on a list is linked to that candidate; an open review of the same
	pair is closed, since the tie is now declared."""
	for match in matches:
		frappe.db.sql(
			f"""update {RELATIVES}
			set r.matched_candidate = %s
			where d.official = %s and r.relative_name = %s and r.parenttype = 'Kinship Declaration'""",
			(match.candidate_ref, match.official_ref, match.relative.full_name),
		)
		for item in frappe.get_all(
			"Conflict Review Item",
			filters={"official": match.official_ref, "candidate": match.candidate_ref, "status": "Open"},
			pluck="name",
		):
			frappe.db.set_value(
				"Conflict Review Item",
				item,
				{
					"status": "Not a Conflict",
					"decision_note": _("Declared as {0} ({1}).").format(
						match.relative.full_name, match.relative.relationship or "-"
					),
					"decided_by": "Administrator",
					"decided_on": frappe.utils.now_datetime(),
				},
			)


def check_spouses(officials: list[str] | None):
	"""Organizers may not be married to each other: a declared spouse who is an organizer is flagged."""
	spouse_kinds = frappe.get_all("Kinship Relationship", filters={"is_spouse": 1}, pluck="name")
	if not spouse_kinds:
		return
	condition = "and d.official in %(officials)s" if officials else ""
	relatives = frappe.db.sql(
		f"""select d.official, r.relative_name, r.relative_nik, r.relationship
		from {RELATIVES}
		where r.parenttype = 'Kinship Declaration' and r.relationship in %(kinds)s
			and ifnull(r.relative_nik, '') != '' {condition}""",
		{"kinds": spouse_kinds, "officials": officials or [""]},
		as_dict=True,
	)
	if not relatives:
		return
	niks = list({r.relative_nik for r in relatives})
	officials_by_nik = dict(
		frappe.db.sql("select nik, name from `tabOfficial` where nik in %(niks)s", {"niks": niks})
	)
	declared = [
		DeclaredRelative(r.official, r.relative_name, r.relative_nik, r.relationship) for r in relatives
	]
	for first, second in spouse_pairs(officials_by_nik, declared, spouse_relationships=tuple(spouse_kinds)):
		for official, other in ((first, second), (second, first)):
			upsert_review_item(
				official=official,
				kind="Organizer Spouse",
				score=100,
				evidence=_(
					"{0} and {1} are declared as spouses; organizers may not be married to each other."
				).format(first, second),
				key=f"{official}|{other}|spouse",
				other_official=other,
			)
