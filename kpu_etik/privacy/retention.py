"""The daily retention job: personal data removed when its retention period ends (UU 27/2022).

Set-based and batched, for six million officials: each batch picks the next expired records by an
index range, leaves out those under a hold, empties their identity fields, removes their files and
clears what history keeps of the removed values (Version, Comment, Communication, the email queue),
and commits with the run's counts. A removed record is marked (`identity_removed_on`), so a second
run finds nothing, and a run killed half-way loses at most its open batch, which the next run takes
again: files are unlinked before the batch commits, so a rerun finds the same rows to clear.
"""

import json
import os
import time

import frappe
from frappe.utils import getdate, now_datetime

from kpu_etik.core import retention
from kpu_etik.core.retention import (
	CANDIDATE_FIELDS,
	CLOSED_COMPLAINT_STATES,
	COMPLAINANT_FIELDS,
	OFFICIAL_IDENTITY_FIELDS,
	SANCTIONS_OVER,
	values_worth_masking,
)
from kpu_etik.privacy.settings import periods

BATCH = 5000
RUN_LOCK = "retention-run"
# Doctypes whose deleted copies hold personal data.
PERSONAL_DOCTYPES = (
	"Official",
	"Complaint",
	"Complaint Evidence",
	"Election Candidate",
	"Kinship Declaration",
	"Declared Relative",
	"Data Subject Request",
	"Official Import",
	"Candidate List Import",
)


def run_daily():
	"""The scheduler's entry (daily, long queue): one run at a time, when KPU has not switched it off."""
	if not frappe.db.get_single_value("KPU Etik Settings", "retention_enabled"):
		return
	from kpu_etik.jobs import exclusive

	with exclusive(RUN_LOCK, wait=0):
		run()


def run(as_of=None, batch: int = BATCH, stop_after: int | None = None) -> str:
	"""Remove what has expired as of `as_of` (today); the Retention Run's name.

	`stop_after` (batches) ends the run early, as a killed worker would, for the tests."""
	as_of = getdate(as_of)
	mark_interrupted_runs()
	run_doc = frappe.get_doc(
		{
			"doctype": "Retention Run",
			"as_of": as_of,
			"status": "Running",
			"started_on": now_datetime(),
			"started_by": frappe.session.user,
		}
	)
	run_doc.insert(ignore_permissions=True)
	commit()
	months = periods()
	state = Run(run_doc.name, batch, stop_after)
	try:
		for key, remove in REMOVERS.items():
			state.start(key)
			remove(state, retention.cutoff(as_of, months[key]), as_of)
			state.finish()
	except StopRun:
		return run_doc.name
	except Exception:
		frappe.db.rollback()
		frappe.db.set_value(
			"Retention Run",
			run_doc.name,
			{"status": "Failed", "finished_on": now_datetime(), "problem": frappe.get_traceback()[-1000:]},
			update_modified=False,
		)
		commit()
		raise
	frappe.db.set_value(
		"Retention Run",
		run_doc.name,
		{"status": "Completed", "finished_on": now_datetime()},
		update_modified=False,
	)
	commit()
	return run_doc.name


def commit():
	if not frappe.flags.in_test:
		frappe.db.commit()


class StopRun(Exception):
	pass


def mark_interrupted_runs():
	"""A run left Running by a killed worker (the lock is free, or this run could not start)."""
	frappe.db.sql("update `tabRetention Run` set status = 'Interrupted' where status = 'Running'")


class Run:
	"""The counts of one run, written with each batch (so an interrupted run says what it removed)."""

	def __init__(self, name: str, batch: int, stop_after: int | None):
		self.name, self.batch, self.stop_after = name, batch, stop_after
		self.batches = 0
		self.row = None

	def start(self, key: str):
		self.row = frappe._dict(
			kind=key, records=0, files=0, history_entries=0, held=0, started=time.monotonic()
		)
		self.row_name = frappe.generate_hash(length=10)
		frappe.db.sql(
			"""insert into `tabRetention Run Count` (name, creation, modified, owner, modified_by, parent,
				parenttype, parentfield, idx, kind, records, files, history_entries, held, seconds)
			values (%s, now(), now(), 'Administrator', 'Administrator', %s, 'Retention Run', 'counts',
				(select ifnull(max(c.idx), 0) + 1 from `tabRetention Run Count` c where c.parent = %s),
				%s, 0, 0, 0, 0, 0)""",
			(self.row_name, self.name, self.name, key),
		)

	def add(self, records=0, files=0, history=0, held=0):
		"""Count one batch and commit it: the batch's removals and its counts land together."""
		row = self.row
		row.records += records
		row.files += files
		row.history_entries += history
		row.held += held
		frappe.db.sql(
			"""update `tabRetention Run Count` set records = %s, files = %s, history_entries = %s, held = %s,
				seconds = %s where name = %s""",
			(
				row.records,
				row.files,
				row.history_entries,
				row.held,
				time.monotonic() - row.started,
				self.row_name,
			),
		)
		frappe.db.sql(
			"update `tabRetention Run` set records_removed = records_removed + %s where name = %s",
			(records, self.name),
		)
		commit()
		self.batches += 1
		if self.stop_after is not None and self.batches >= self.stop_after:
			raise StopRun

	def finish(self):
		self.add()  # the seconds of a kind with nothing to remove, and a commit


# --- what a record under a hold is --------------------------------------------------------------


def manual_hold(doctype: str, alias: str) -> str:
	return f"""exists (select 1 from `tabRetention Hold` hold where hold.reference_doctype = '{doctype}'
		and hold.reference_name = {alias}.name and (hold.held_until is null or hold.held_until >= %(as_of)s))"""


def official_hold(alias: str = "o") -> str:
	"""An official is held by a manual hold, an open complaint about them or a sanction not over."""
	closed = ", ".join(f"'{state}'" for state in CLOSED_COMPLAINT_STATES)
	over = ", ".join(f"'{state}'" for state in SANCTIONS_OVER)
	return f"""({manual_hold("Official", alias)}
		or exists (select 1 from `tabComplaint Respondent` r join `tabComplaint` c on c.name = r.parent
			where r.official = {alias}.name and ifnull(c.workflow_state, '') not in ({closed}))
		or exists (select 1 from `tabSanction` s where s.official = {alias}.name and s.docstatus < 2
			and ifnull(s.workflow_state, '') not in ({over})))"""


# --- officials ------------------------------------------------------------------------------------


def remove_official_identity(state: Run, cutoff, as_of):
	"""Officials who left before `cutoff` (`left_on`), and members of bodies whose term ended before it."""
	values = {"cutoff": cutoff, "as_of": as_of}
	after = ("0001-01-01", "")
	while True:
		rows = frappe.db.sql(
			f"""select o.name, o.left_on, {official_hold()} as held from `tabOfficial` o
			where o.left_on < %(cutoff)s and o.identity_removed_on is null
				and (o.left_on > %(after_date)s or (o.left_on = %(after_date)s and o.name > %(after_name)s))
			order by o.left_on, o.name limit {int(state.batch)}""",
			{**values, "after_date": after[0], "after_name": after[1]},
			as_dict=True,
		)
		if not rows:
			break
		after = (str(rows[-1].left_on), rows[-1].name)
		clear_officials(state, [row.name for row in rows if not row.held], sum(row.held for row in rows))
	after_body = ""
	while True:
		bodies = frappe.db.sql_list(
			f"""select name from `tabAd Hoc Body` where period_end < %(cutoff)s and name > %(after)s
			order by name limit {max(1, int(state.batch) // 8)}""",
			{**values, "after": after_body},
		)
		if not bodies:
			break
		after_body = bodies[-1]
		rows = frappe.db.sql(
			f"""select o.name, {official_hold()} as held from `tabOfficial` o
			where o.ad_hoc_body in %(bodies)s and o.identity_removed_on is null""",
			{**values, "bodies": bodies},
			as_dict=True,
		)
		clear_officials(state, [row.name for row in rows if not row.held], sum(row.held for row in rows))


def clear_officials(state: Run, names: list[str], held: int):
	if not names:
		state.add(held=held)
		return
	fields = ", ".join(f"`{field}`" for field in OFFICIAL_IDENTITY_FIELDS)
	people = frappe.db.sql(
		f"select name, full_name, {fields} from `tabOfficial` where name in %(names)s",
		{"names": names},
		as_dict=True,
	)
	# sex is a word ("Female"), not a value to look for in text
	removed = values_worth_masking(
		person.get(field) for person in people for field in OFFICIAL_IDENTITY_FIELDS if field != "sex"
	)
	declarations = frappe.db.sql_list(
		"select name from `tabKinship Declaration` where official in %(names)s", {"names": names}
	)
	removed = values_worth_masking(
		[
			*removed,
			*frappe.db.sql_list(
				"select relative_nik from `tabDeclared Relative` where parent in %(parents)s",
				{"parents": declarations or [""]},
			),
		]
	)
	files = remove_files("Official", names) + remove_files("Kinship Declaration", declarations)
	if declarations:
		frappe.db.sql(
			"""update `tabDeclared Relative` set relative_nik = null
			where parent in %(parents)s and relative_nik is not null""",
			{"parents": declarations},
		)
		frappe.db.sql(
			"update `tabKinship Declaration` set statement = null where name in %(parents)s",
			{"parents": declarations},
		)
	emails = [person.email for person in people if person.email]
	history = (
		mask_history("Official", names, removed)
		+ mask_history("Kinship Declaration", declarations, removed)
		+ mask_text_fields("Conflict Review Item", ("evidence",), "official", names, removed)
		+ forget_emails(emails, removed)
	)
	mark_removed("Official", OFFICIAL_IDENTITY_FIELDS, names)
	state.add(records=len(names), files=files, history=history, held=held)


# --- complainants ---------------------------------------------------------------------------------


def remove_complainant_identity(state: Run, cutoff, as_of):
	"""Complaints closed before `cutoff`: the complainant's identity and the evidence files."""
	closed = ", ".join(f"'{stage}'" for stage in CLOSED_COMPLAINT_STATES)

	def files_and_history(names, removed):
		files = remove_files("Complaint", names)
		frappe.db.sql(
			"update `tabComplaint Evidence` set file = null where parent in %(names)s", {"names": names}
		)
		return files, mask_history("Complaint", names, removed)

	clear_expired(
		state,
		"Complaint",
		f"""select c.name, {manual_hold("Complaint", "c")} as held from `tabComplaint` c
		where c.workflow_state in ({closed}) and c.stage_entered_on < %(cutoff)s
			and c.identity_removed_on is null and c.name > %(after)s""",
		{"cutoff": cutoff, "as_of": as_of},
		COMPLAINANT_FIELDS,
		files_and_history,
	)


# --- candidates -------------------------------------------------------------------------------------


def remove_candidate_identity(state: Run, cutoff, as_of):
	"""Candidates of lists whose election (or import, when no election day is given) was before `cutoff`."""

	def files_and_history(names, removed):
		return 0, mask_history("Election Candidate", names, removed) + mask_text_fields(
			"Conflict Review Item", ("evidence",), "candidate", names, removed
		)

	clear_expired(
		state,
		"Election Candidate",
		f"""select e.name, {manual_hold("Election Candidate", "e")} as held
		from `tabElection Candidate` e join `tabCandidate List Import` i on i.name = e.source_import
		where ifnull(i.election_date, date(i.creation)) < %(cutoff)s and e.identity_removed_on is null
			and e.name > %(after)s""",
		{"cutoff": cutoff, "as_of": as_of},
		CANDIDATE_FIELDS,
		files_and_history,
	)


def clear_expired(state: Run, doctype: str, query: str, values: dict, fields, files_and_history):
	"""The expired records `query` finds (`name`, `held`; keyset on the name), batch by batch: their
	`fields` emptied and what `files_and_history(names, removed values)` removes besides (files and
	history entries, counted)."""
	after = ""
	while True:
		rows = frappe.db.sql(
			f"{query} order by 1 limit {int(state.batch)}", {**values, "after": after}, as_dict=True
		)
		if not rows:
			break
		after = rows[-1].name
		names = [row.name for row in rows if not row.held]
		held = sum(row.held for row in rows)
		if not names:
			state.add(held=held)
			continue
		people = frappe.db.sql(
			f"select {', '.join(fields)} from `tab{doctype}` where name in %(names)s",
			{"names": names},
			as_dict=True,
		)
		removed = values_worth_masking(value for person in people for value in person.values())
		files, history = files_and_history(names, removed)
		mark_removed(doctype, fields, names)
		state.add(records=len(names), files=files, history=history, held=held)


def mark_removed(doctype: str, fields, names: list[str]):
	"""The records' personal `fields` emptied, and the day marked (a second run does not find them)."""
	frappe.db.sql(
		f"""update `tab{doctype}` set {", ".join(f"`{field}` = null" for field in fields)},
			identity_removed_on = %(today)s where name in %(names)s""",
		{"names": names, "today": getdate()},
	)


# --- the access log, import files and deleted copies ---------------------------------------------


def remove_access_log(state: Run, cutoff, as_of):
	"""Entries read before `cutoff`, except inside the window of a breach still open."""
	while True:
		frappe.db.sql(
			f"""delete from `tabIdentity Access Log` where accessed_on < %(cutoff)s
			and not exists (select 1 from `tabData Breach` b where b.status != 'Closed'
				and b.window_start <= `tabIdentity Access Log`.accessed_on
				and b.window_end >= `tabIdentity Access Log`.accessed_on)
			limit {int(state.batch)}""",
			{"cutoff": cutoff},
		)
		deleted = frappe.db._cursor.rowcount
		if not deleted:
			break
		state.add(records=deleted)


IMPORT_FILE_FIELDS = {
	"Official Import": ("import_file", "refused_file"),
	"Candidate List Import": ("import_file",),
}


def remove_import_files(state: Run, cutoff, as_of):
	for doctype, fields in IMPORT_FILE_FIELDS.items():
		while True:
			names = frappe.db.sql_list(
				f"""select name from `tab{doctype}` where creation < %(cutoff)s
				and ({" or ".join(f"`{field}` is not null and `{field}` != ''" for field in fields)})
				order by name limit {int(state.batch)}""",
				{"cutoff": cutoff},
			)
			if not names:
				break
			files = remove_files(doctype, names)
			frappe.db.sql(
				f"""update `tab{doctype}` set {", ".join(f"`{field}` = null" for field in fields)}
				where name in %(names)s""",
				{"names": names},
			)
			state.add(records=len(names), files=files)


def remove_deleted_records(state: Run, cutoff, as_of):
	while True:
		frappe.db.sql(
			f"""delete from `tabDeleted Document` where deleted_doctype in %(doctypes)s
			and creation < %(cutoff)s limit {int(state.batch)}""",
			{"doctypes": PERSONAL_DOCTYPES, "cutoff": cutoff},
		)
		deleted = frappe.db._cursor.rowcount
		if not deleted:
			break
		state.add(records=deleted)


REMOVERS = {
	"Official Identity": remove_official_identity,
	"Complainant Identity": remove_complainant_identity,
	"Candidate Lists": remove_candidate_identity,
	"Identity Access Log": remove_access_log,
	"Import Files": remove_import_files,
	"Deleted Records": remove_deleted_records,
}
assert tuple(REMOVERS) == retention.KIND_KEYS


# --- files and history -------------------------------------------------------------------------------


def remove_files(doctype: str, names: list[str]) -> int:
	"""Every file attached to these records: off the disk first, then the File rows (a rerun after a
	kill finds the rows again and finishes)."""
	if not names:
		return 0
	files = frappe.db.sql(
		"""select name, file_url from `tabFile` where attached_to_doctype = %(doctype)s
		and attached_to_name in %(names)s and is_folder = 0""",
		{"doctype": doctype, "names": names},
		as_dict=True,
	)
	if not files:
		return 0
	ids = [row.name for row in files]
	shared = set(
		frappe.db.sql_list(
			"select distinct file_url from `tabFile` where file_url in %(urls)s and name not in %(ids)s",
			{"urls": [row.file_url for row in files if row.file_url] or [""], "ids": ids},
		)
	)
	for row in files:
		if row.file_url and row.file_url not in shared:
			unlink(row.file_url)
	frappe.db.sql("delete from `tabFile` where name in %(ids)s", {"ids": ids})
	return len(files)


def unlink(file_url: str):
	"""Frappe's own path rule for a file URL (private or public files of this site)."""
	parts = file_url.strip("/").split("/")
	if ".." in parts or len(parts) < 2:
		return
	folder = ("private", "files") if parts[0] == "private" else ("public", "files")
	path = frappe.utils.get_site_path(*folder, parts[-1])
	if os.path.exists(path):
		os.remove(path)


def mask_history(doctype: str, names: list[str], removed: list[str]) -> int:
	"""The removed values out of the records' Versions, Comments and Communications."""
	if not names or not removed:
		return 0
	changed = 0
	for table, name_field, doctype_field, text_fields in (
		("Version", "docname", "ref_doctype", ("data",)),
		("Comment", "reference_name", "reference_doctype", ("content",)),
		(
			"Communication",
			"reference_name",
			"reference_doctype",
			("subject", "content", "recipients", "cc", "bcc", "sender", "sender_full_name", "phone_no"),
		),
		# A message about the record still in the queue (to whomever it goes)
		("Email Queue", "reference_name", "reference_doctype", ("message",)),
	):
		changed += mask_text_fields(table, text_fields, name_field, names, removed, doctype_field, doctype)
	# Frappe's copy of the latest comments on the record itself
	return changed + mask_text_fields(doctype, ("_comments",), "name", names, removed)


def mask_text_fields(
	table: str,
	fields: tuple[str, ...],
	key_field: str,
	keys: list[str],
	removed: list[str],
	doctype_field: str | None = None,
	doctype: str | None = None,
) -> int:
	"""Rewrite the rows of `table` whose `key_field` is one of `keys`, masking the removed values in
	`fields`; the number of rows changed. A Version's JSON is masked value by value, so it stays JSON."""
	if not keys or not removed:
		return 0
	where = f"`{key_field}` in %(keys)s" + (f" and `{doctype_field}` = %(doctype)s" if doctype_field else "")
	rows = frappe.db.sql(
		f"select name, {', '.join(f'`{field}`' for field in fields)} from `tab{table}` where {where}",
		{"keys": keys, "doctype": doctype},
		as_dict=True,
	)
	changed = 0
	for row in rows:
		updates = {}
		for field in fields:
			text = row.get(field)
			if not isinstance(text, str) or not any(value in text for value in removed):
				continue
			updates[field] = mask_json(text, removed) if table == "Version" else retention.mask(text, removed)
		if updates:
			frappe.db.sql(
				f"update `tab{table}` set {', '.join(f'`{field}` = %({field})s' for field in updates)} where name = %(name)s",
				{**updates, "name": row.name},
			)
			changed += 1
	return changed


def mask_json(text: str, removed: list[str]) -> str:
	try:
		data = json.loads(text)
	except ValueError:
		return retention.mask(text, removed)

	def walk(value):
		if isinstance(value, str):
			return retention.mask(value, removed)
		if isinstance(value, list):
			return [walk(item) for item in value]
		if isinstance(value, dict):
			return {key: walk(item) for key, item in value.items()}
		return value

	return json.dumps(walk(data), separators=(",", ":"), default=str)


def forget_emails(emails: list[str], removed: list[str]) -> int:
	"""These addresses leave the email queue: their recipient rows go, a message left with no other
	recipient goes, and the removed values are masked in a message that still goes to someone else."""
	if not emails:
		return 0
	queued = frappe.db.sql_list(
		"select distinct parent from `tabEmail Queue Recipient` where recipient in %(emails)s",
		{"emails": emails},
	)
	if not queued:
		return 0
	frappe.db.sql(
		"delete from `tabEmail Queue Recipient` where parent in %(queued)s and recipient in %(emails)s",
		{"queued": queued, "emails": emails},
	)
	alone = frappe.db.sql_list(
		"""select q.name from `tabEmail Queue` q where q.name in %(queued)s
		and not exists (select 1 from `tabEmail Queue Recipient` r where r.parent = q.name)""",
		{"queued": queued},
	)
	if alone:
		frappe.db.sql("delete from `tabEmail Queue` where name in %(alone)s", {"alone": alone})
	shared = [name for name in queued if name not in set(alone)]
	return len(alone) + mask_text_fields("Email Queue", ("message",), "name", shared, removed)


class OneOff(Run):
	"""Counts of an erasure a person asked for (no Retention Run): kept on the request instead."""

	def __init__(self):
		self.records = 0

	def add(self, records=0, files=0, history=0, held=0):
		self.records += records


def erase_officials(names: list[str]) -> int:
	"""The retention job's removal, for these officials now (an erasure KPU granted)."""
	state = OneOff()
	clear_officials(state, names, 0)
	return state.records
