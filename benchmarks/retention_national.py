"""The retention job (kpu_etik.privacy.retention.run, UU 27/2022) over a million expired officials of
a national site (benchmarks/national_data.py with 6,000,000 officials), against the obvious way:

	cd frappe-bench/sites
	../env/bin/python /path/to/benchmarks/retention_national.py --site SITE [--kwargs "{'kill_at': 500000}"]

(`expired`, `sample` and `kill_at` smaller for a trial on a region's site: "{'expired': 20000,
'sample': 1000, 'kill_at': 10000}".)

What it does, in one run (31 minutes at national size on 2 cores; re-runnable: the second time it starts
from the snapshot of the first instead of marking again):
1. Marks EXPIRED (1,000,000) officials as past retention in SQL: status Term Ended, `left_on` a day of
   2019; chosen by CRC32 of the name, so spread over the nation, plus up to HELD_BY_CASE officials with
   an open complaint or a sanction not over (held by the job's own rule). HOLDS of them get a Retention
   Hold (some without end, some until 2030) and EXPIRED_HOLDS one that ended in 2020 (not a hold).
   PLANTED of them (with an email; some held) get findable values: a Version and a Comment holding
   their NIK, phone and email (and Frappe's `_comments` copy on the official), and an Email Queue
   message with its Email Queue Recipient to their email.
   Then snapshots what the job changes: the officials' identity columns and the candidates' in
   `bak_ret_official` and `bak_ret_candidate`, the smaller tables whole (`bak_ret_<table>`).
2. Baseline, in a process of its own: BASELINE expired officials (not held) the obvious way with
   Frappe's ORM: frappe.get_doc, the identity fields emptied, doc.db_update(), and their Versions and
   Comments by frappe.get_all and one update a row; commit every 500. Time and peak RSS, extrapolated
   to EXPIRED (extrapolated, not run). The sample is restored from the snapshot afterwards.
3. The job, in a process of its own, over everything (the EXPIRED officials and whatever else has
   expired on the site, e.g. the candidate lists of 2024): wall time, peak RSS, its Retention Run's
   counts per kind. Checksums of what it changed (officials, candidates, Versions, Comments, the email
   queue, declarations, files).
4. A second run: every count of records 0, and the checksums unchanged.
5. The planted values searched in every text column of every table of the site's database (except
   the snapshot's `bak_ret_` tables): SEARCHED expired officials' NIK, phone and email must be found
   nowhere after the run (they are found before it), held officials' must still be found.
6. Kill and rerun: the snapshot restored, the job started again and SIGKILLed once its Retention
   Run has removed `kill_at` records, then run again to the end: the checksums must equal step 3's.
Prints a table and writes benchmarks/results/retention_national.json. The site is left as after the
job (officials removed); the `bak_ret_` tables stay for a re-run (drop them to start afresh).
"""

import json
import os
import resource
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import frappe
from frappe.utils import getdate

# Scripts run by path have their own folder on sys.path; said once more for a run from elsewhere.
sys.path.insert(0, str(Path(__file__).resolve().parent))

EXPIRED = 1_000_000
HELD_BY_CASE = 20  # of each: an open complaint, a sanction not over
HOLDS = 300
EXPIRED_HOLDS = 20
PLANTED = 1000
PLANTED_HELD = 20  # of PLANTED, held by a Retention Hold
BASELINE = 20_000
SEARCHED = 20
SEARCHED_HELD = 5
PREFIX = "bak_ret_"
RESULTS = Path(__file__).resolve().parent / "results" / "retention_national.json"
IDENTITY = ("nik", "no_kk", "sex", "birth_date", "mobile_no", "email", "address", "integrity_pact")
OFFICIAL_SNAPSHOT = (*IDENTITY, "identity_removed_on", "_comments", "status", "left_on")
CANDIDATE_SNAPSHOT = ("nik", "no_kk", "birth_date", "identity_removed_on")
# What the job writes besides officials and candidates: copied whole (small tables).
WHOLE = (
	"Version",
	"Comment",
	"Communication",
	"Email Queue",
	"Email Queue Recipient",
	"File",
	"Kinship Declaration",
	"Declared Relative",
	"Conflict Review Item",
	"Complaint",
	"Complaint Evidence",
	"Identity Access Log",
	"Official Import",
	"Candidate List Import",
	"Deleted Document",
	"Retention Hold",
	"Retention Run",
	"Retention Run Count",
)
SEARCH_CHUNK = 200_000
TEXT_TYPES = ("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "json")


def run(
	kill_at: int = 500_000,
	phase: str = "all",
	as_of: str = "",
	batch: int = 5000,
	expired: int = EXPIRED,
	sample: int = BASELINE,
):
	"""The retention job at national size: baseline, job, second run, planted values, kill and rerun."""
	global EXPIRED, BASELINE
	EXPIRED, BASELINE = expired, sample  # smaller for a trial on a region's site
	if phase == "baseline":
		return child_result(baseline())
	if phase == "job":
		return child_result(job(as_of, batch))
	frappe.flags.mute_emails = True
	as_of = as_of or str(date.today())
	result = {"site": frappe.local.site, "as_of": as_of, "batch": batch}
	started = time.perf_counter()
	result["prepare"] = prepare(as_of)
	candidates = result["prepare"].pop("search_values")
	say(f"prepared in {time.perf_counter() - started:.0f} s: {result['prepare']}")

	result["baseline"] = in_child("baseline", as_of, batch)
	restore(officials="baseline")
	sample_rate = result["baseline"]["records"] / result["baseline"]["seconds"]
	result["baseline"]["rate"] = sample_rate
	result["baseline"]["extrapolated_seconds_for_expired"] = EXPIRED / sample_rate
	say(f"baseline: {result['baseline']}")

	searched = search(candidates)
	values = pick(candidates, searched)
	result["search_before"] = {
		**searched,
		"values": len(values),
		"found": {value: tables for value, tables in searched["found"].items() if value in values},
		"held_values": [value for value in searched["held_values"] if value in values],
	}
	say(f"search before the run: {summary(result['search_before'])}")

	result["job"] = in_child("job", as_of, batch)
	result["job"]["rate"] = result["job"]["counts"]["Official Identity"]["records"] / max(
		result["job"]["counts"]["Official Identity"]["seconds"], 1e-9
	)
	result["job"]["ratio_to_baseline"] = result["job"]["rate"] / sample_rate
	full = checksums()
	result["checksums_full_run"] = full
	say(f"job: {result['job']}")

	result["second_run"] = in_child("job", as_of, batch)
	result["second_run"]["checksums_unchanged"] = checksums() == full
	say(f"second run: {result['second_run']}")

	result["search_after"] = search(values)
	result["search_after"]["passed"] = planted_gone(result["search_after"], values)
	say(f"search after the run: {summary(result['search_after'])}")

	restore(officials="all")
	result["kill_and_rerun"] = kill_and_rerun(as_of, batch, kill_at)
	rerun = checksums()
	result["kill_and_rerun"]["checksums"] = rerun
	result["kill_and_rerun"]["equal_to_full_run"] = rerun == full
	result["kill_and_rerun"]["differing"] = sorted(key for key in full if full[key] != rerun.get(key))
	result["seconds"] = time.perf_counter() - started
	write(result)
	print_table(result)


# --- the two timed runs, each in a process of its own ------------------------------------------------


def baseline() -> dict:
	"""The obvious way, one document at a time through the ORM."""
	from kpu_etik.core.retention import mask, values_worth_masking

	names = frappe.db.sql_list(f"select name from `{PREFIX}chosen` where baseline = 1 order by seq")
	today = getdate()
	history = 0
	started = time.perf_counter()
	for count, name in enumerate(names, 1):
		doc = frappe.get_doc("Official", name)
		removed = values_worth_masking(doc.get(field) for field in IDENTITY if field != "sex")
		for field in IDENTITY:
			doc.set(field, None)
		doc.identity_removed_on = today
		doc.db_update()
		for doctype, key, doctype_field, text_field in (
			("Version", "docname", "ref_doctype", "data"),
			("Comment", "reference_name", "reference_doctype", "content"),
		):
			for row in frappe.get_all(
				doctype, filters={doctype_field: "Official", key: name}, fields=["name", text_field]
			):
				masked = mask(row[text_field], removed)
				if masked != row[text_field]:
					frappe.db.set_value(doctype, row.name, text_field, masked, update_modified=False)
					history += 1
		if count % 500 == 0:
			frappe.db.commit()
	frappe.db.commit()
	return {
		"records": len(names),
		"history_entries": history,
		"seconds": time.perf_counter() - started,
		"peak_rss_mb": peak_rss_mb(),
	}


def job(as_of: str, batch: int) -> dict:
	from kpu_etik.privacy import retention

	started = time.perf_counter()
	name = retention.run(as_of=as_of, batch=batch)
	seconds = time.perf_counter() - started
	return {"run": name, "seconds": seconds, "peak_rss_mb": peak_rss_mb(), **run_counts(name)}


def run_counts(name: str) -> dict:
	run_row = frappe.db.get_value("Retention Run", name, ["status", "records_removed"], as_dict=True)
	counts = frappe.db.sql(
		"""select kind, records, files, history_entries, held, seconds from `tabRetention Run Count`
		where parent = %s order by idx""",
		name,
		as_dict=True,
	)
	return {
		"status": run_row.status,
		"records_removed": run_row.records_removed,
		"counts": {row.pop("kind"): row for row in counts},
	}


def peak_rss_mb() -> float:
	return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_result(result: dict):
	print("RESULT " + json.dumps(result, default=str), flush=True)


def child(phase: str, as_of: str, batch: int, stdout=subprocess.PIPE) -> subprocess.Popen:
	frappe.db.commit()
	kwargs = repr({"phase": phase, "as_of": as_of, "batch": batch})
	return subprocess.Popen(
		[sys.executable, str(Path(__file__).resolve()), "--site", frappe.local.site, "--kwargs", kwargs],
		stdout=stdout,
		text=True,
	)


def in_child(phase: str, as_of: str, batch: int) -> dict:
	process = child(phase, as_of, batch)
	out, _ = process.communicate()
	if process.returncode:
		raise RuntimeError(f"{phase} failed ({process.returncode}): {out[-2000:]}")
	line = next(line for line in out.splitlines() if line.startswith("RESULT "))
	return json.loads(line[len("RESULT ") :])


def kill_and_rerun(as_of: str, batch: int, kill_at: int) -> dict:
	process = child("job", as_of, batch, stdout=subprocess.DEVNULL)
	removed, started = 0, time.perf_counter()
	while process.poll() is None:
		time.sleep(0.5)
		frappe.db.commit()  # a fresh read of what the job committed
		removed = frappe.db.sql(
			"select ifnull(max(records_removed), 0) from `tabRetention Run` where status = 'Running'"
		)[0][0]
		if removed >= kill_at:
			os.kill(process.pid, signal.SIGKILL)
			process.wait()
			break
	else:
		raise RuntimeError(f"the job ended ({process.returncode}) before removing {kill_at} records")
	killed = {"killed_after_seconds": time.perf_counter() - started, "records_removed_when_killed": removed}
	say(f"killed: {killed}")
	rerun = in_child("job", as_of, batch)
	frappe.db.commit()
	interrupted = frappe.db.sql(
		"select name, status, records_removed from `tabRetention Run` where name != %s order by creation desc limit 1",
		rerun["run"],
		as_dict=True,
	)
	return {**killed, "killed_run": interrupted[0] if interrupted else None, "rerun": rerun}


# --- the data: marked, planted, snapshot, restored --------------------------------------------------


def prepare(as_of: str) -> dict:
	"""Mark and plant once (then snapshot); a later run restores the snapshot instead."""
	if frappe.db.sql(f"show tables like '{PREFIX}complete'"):
		say("snapshot found: restoring it instead of marking again")
		restore(officials="all")
	else:
		mark()
		plant()
		snapshot(as_of)
	sql = frappe.db.sql
	chosen = f"`{PREFIX}chosen`"
	return {
		"officials": sql("select count(*) from `tabOfficial`")[0][0],
		"expired": sql(f"select count(*) from {chosen}")[0][0],
		"provinces": sql(
			f"select count(distinct left(o.region, 2)) from {chosen} c join `tabOfficial` o using (name)"
		)[0][0],
		"held_by_hold": sql(f"select count(*) from {chosen} where held = 'hold'")[0][0],
		"held_by_complaint": sql(f"select count(*) from {chosen} where held = 'complaint'")[0][0],
		"held_by_sanction": sql(f"select count(*) from {chosen} where held = 'sanction'")[0][0],
		"ended_holds": sql(f"select count(*) from {chosen} where held = 'ended'")[0][0],
		"planted": sql(f"select count(*) from {chosen} where planted = 1")[0][0],
		"candidates": sql("select count(*) from `tabElection Candidate`")[0][0],
		"search_values": search_candidates(),
	}


def mark():
	sql = frappe.db.sql
	chosen = f"`{PREFIX}chosen`"
	sql(f"drop table if exists {chosen}")
	sql(
		f"""create table {chosen} (name varchar(140) primary key, seq int not null, held varchar(20),
		planted tinyint not null default 0, baseline tinyint not null default 0, key (seq))"""
	)
	closed = "'Closed - Proven', 'Closed - Not Proven', 'Rejected', 'Forwarded'"
	by_complaint = sql(
		f"""select distinct r.official from `tabComplaint Respondent` r join `tabComplaint` c on c.name = r.parent
		where ifnull(c.workflow_state, '') not in ({closed}) and ifnull(r.official, '') != ''
		order by r.official limit {HELD_BY_CASE}"""
	)
	by_sanction = sql(
		f"""select distinct s.official from `tabSanction` s where s.docstatus < 2
		and ifnull(s.workflow_state, '') not in ('Ended', 'Cancelled') and ifnull(s.official, '') != ''
		order by s.official limit {HELD_BY_CASE}"""
	)
	seq = 0
	for rows, held in ((by_complaint, "complaint"), (by_sanction, "sanction")):
		for (name,) in rows:
			seq += 1
			sql(f"insert ignore into {chosen} (name, seq, held) values (%s, %s, %s)", (name, seq, held))
	frappe.db.commit()
	# the rest by CRC32 of the name: deterministic, and spread over every region
	sql(
		f"""insert into {chosen} (name, seq)
		select name, %s + row_number() over (order by crc32(name), name) from (
			select o.name from `tabOfficial` o left join {chosen} c on c.name = o.name
			where c.name is null and o.identity_removed_on is null
				and (o.left_on is null or o.left_on between '2019-01-01' and '2019-12-31')
			order by crc32(o.name), o.name limit %s) picked""",
		(seq, EXPIRED - sql(f"select count(*) from {chosen}")[0][0]),
	)
	# Retention Holds: HOLDS held, EXPIRED_HOLDS whose hold ended in 2020 (removed all the same)
	step = max(EXPIRED // (HOLDS + EXPIRED_HOLDS), 3)
	sql(
		f"update {chosen} set held = 'hold' where held is null and mod(seq, {step}) = 1 order by seq limit {HOLDS}"
	)
	sql(
		f"""update {chosen} set held = 'ended' where held is null and mod(seq, {step}) = 2
		order by seq desc limit {EXPIRED_HOLDS}"""
	)
	sql("delete from `tabRetention Hold` where name like 'HOLD-BENCH-%'")  # of a mark cut short
	sql("set @hold := 0")
	sql(
		f"""insert into `tabRetention Hold` (name, creation, modified, modified_by, owner, docstatus, idx,
			reference_doctype, reference_name, reason, held_until, held_by)
		select concat('HOLD-BENCH-', lpad(@hold := @hold + 1, 6, '0')), now(), now(), 'Administrator',
			'Administrator', 0, 0, 'Official', name, 'Benchmark: evidence kept for a court case',
			case when held = 'ended' then '2020-06-30' when mod(seq, 2) = 0 then null else '2030-12-31' end,
			'Administrator'
		from {chosen} where held in ('hold', 'ended') order by seq"""
	)
	# the values planted: officials with an email, some of them held
	# (MariaDB takes no LIMIT in an UPDATE with a join, nor in an IN subquery: a derived table)
	sql(
		f"""update {chosen} set planted = 1 where name in (select name from (
			select c.name from {chosen} c join `tabOfficial` o using (name)
			where c.held = 'hold' and ifnull(o.email, '') != '' order by c.seq limit {PLANTED_HELD}) x)"""
	)
	sql(
		f"""update {chosen} set planted = 1 where name in (select name from (
			select c.name from {chosen} c join `tabOfficial` o using (name)
			where c.held is null and ifnull(o.email, '') != '' and ifnull(o.mobile_no, '') != ''
			order by crc32(concat('plant', c.name)) limit %s) x)""",
		PLANTED - sql(f"select count(*) from {chosen} where planted = 1")[0][0],
	)
	sql(
		f"""update {chosen} set baseline = 1 where held is null
		order by crc32(concat('baseline', name)) limit {BASELINE}"""
	)
	sql(
		f"""update `tabOfficial` o join {chosen} c using (name)
		set o.status = 'Term Ended', o.left_on = date_add('2019-01-01', interval mod(c.seq, 365) day)"""
	)
	frappe.db.commit()
	say("marked")


def plant():
	sql = frappe.db.sql
	planted = f"from `tabOfficial` o join `{PREFIX}chosen` c using (name) where c.planted = 1"
	standard = "now(), now(), 'Administrator', 'Administrator', 0, 0"
	for doctype, prefix in (("Version", "RETV"), ("Comment", "RETC"), ("Email Queue", "RETQ")):
		sql(f"delete from `tab{doctype}` where name like '{prefix}-%'")  # of a plant cut short
	sql("delete from `tabEmail Queue Recipient` where name like 'RETR-%'")
	sql(
		f"""insert into `tabVersion` (name, creation, modified, modified_by, owner, docstatus, idx,
			ref_doctype, docname, data)
		select concat('RETV-', o.name), {standard}, 'Official', o.name,
			json_object('changed', json_array(json_array('nik', null, o.nik), json_array('mobile_no', null,
				o.mobile_no), json_array('email', null, o.email)), 'added', json_array(), 'removed',
				json_array(), 'row_changed', json_array(), 'data_import', null, 'updater_reference', null)
		{planted}"""
	)
	content = (
		"concat('<p>Dihubungi di ', o.mobile_no, ' dan ', o.email, ' untuk verifikasi NIK ', o.nik, '</p>')"
	)
	sql(
		f"""insert into `tabComment` (name, creation, modified, modified_by, owner, docstatus, idx,
			comment_type, comment_email, comment_by, reference_doctype, reference_name, content)
		select concat('RETC-', o.name), {standard}, 'Comment', 'Administrator', 'Administrator',
			'Official', o.name, {content}
		{planted}"""
	)
	sql(
		f"""update `tabOfficial` o join `{PREFIX}chosen` c using (name)
		set o._comments = json_array(json_object('comment', {content}, 'by', 'Administrator',
			'name', concat('RETC-', o.name)))
		where c.planted = 1"""
	)
	sql(
		f"""insert into `tabEmail Queue` (name, creation, modified, modified_by, owner, docstatus, idx,
			sender, message, status, reference_doctype, reference_name, priority)
		select concat('RETQ-', o.name), {standard}, 'kpu@example.invalid',
			concat('Subject: Pakta integritas\n\nYth. ', o.full_name, ' (NIK ', o.nik, ')'), 'Not Sent',
			'Official', o.name, 1
		{planted}"""
	)
	sql(
		f"""insert into `tabEmail Queue Recipient` (name, creation, modified, modified_by, owner, docstatus,
			idx, recipient, status, parent, parentfield, parenttype)
		select concat('RETR-', o.name), {standard}, o.email, 'Not Sent', concat('RETQ-', o.name),
			'recipients', 'Email Queue'
		{planted}"""
	)
	frappe.db.commit()
	say("planted")


def snapshot(as_of: str):
	from kpu_etik.core.retention import cutoff
	from kpu_etik.privacy.settings import periods

	sql = frappe.db.sql
	official_cutoff = cutoff(getdate(as_of), periods()["Official Identity"])
	sql(f"drop table if exists `{PREFIX}official`")
	sql(
		f"""create table `{PREFIX}official` (primary key (name)) as
		select name, {", ".join(OFFICIAL_SNAPSHOT)} from `tabOfficial` where left_on is not null
		or ad_hoc_body in (select name from `tabAd Hoc Body` where period_end < %s)""",
		official_cutoff,
	)
	sql(f"drop table if exists `{PREFIX}candidate`")
	sql(
		f"""create table `{PREFIX}candidate` (primary key (name)) as
		select name, {", ".join(CANDIDATE_SNAPSHOT)} from `tabElection Candidate`"""
	)
	for doctype in WHOLE:
		copy = whole_copy(doctype)
		sql(f"drop table if exists {copy}")
		sql(f"create table {copy} like `tab{doctype}`")
		sql(f"insert into {copy} select * from `tab{doctype}`")
		frappe.db.commit()  # Frappe takes no DDL after a write in the same transaction
	sql(f"create table if not exists `{PREFIX}complete` (taken datetime)")  # what a re-run looks for
	say("snapshot taken")


def whole_copy(doctype: str) -> str:
	return f"`{PREFIX}{doctype.lower().replace(' ', '_')}`"


def restore(officials: str):
	"""Back to the snapshot: the baseline's sample of officials, or all of them, and candidates."""
	sql = frappe.db.sql
	for doctype in WHOLE:
		sql(f"delete from `tab{doctype}`")
		sql(f"insert into `tab{doctype}` select * from {whole_copy(doctype)}")
	join = f"join `{PREFIX}official` b using (name)"
	if officials == "baseline":
		join += f" join `{PREFIX}chosen` c on c.name = b.name and c.baseline = 1"
	else:
		# the candidates only here: the baseline does not touch them
		sql(
			f"""update `tabElection Candidate` e join `{PREFIX}candidate` b using (name)
			set {", ".join(f"e.`{field}` = b.`{field}`" for field in CANDIDATE_SNAPSHOT)}"""
		)
	sql(f"update `tabOfficial` o {join} set {', '.join(f'o.`{f}` = b.`{f}`' for f in OFFICIAL_SNAPSHOT)}")
	frappe.db.commit()
	say(f"restored ({officials})")


# --- checks ------------------------------------------------------------------------------------------


def checksums() -> dict:
	"""A checksum of each table's columns the job changes: equal state, equal checksums."""

	def of(table, columns, where=""):
		row = ", ".join(f"ifnull(`{column}`, '\\0')" for column in columns)
		count, crc = frappe.db.sql(
			f"select count(*), ifnull(bit_xor(crc32(concat_ws('|', {row}))), 0) from `{table}` {where}"
		)[0]
		return f"{count}:{crc}"

	frappe.db.commit()
	return {
		"Official": of("tabOfficial", ("name", *IDENTITY, "identity_removed_on", "_comments")),
		"Election Candidate": of("tabElection Candidate", ("name", *CANDIDATE_SNAPSHOT)),
		"Version": of("tabVersion", ("name", "data")),
		"Comment": of("tabComment", ("name", "content")),
		"Communication": of("tabCommunication", ("name", "subject", "content", "recipients")),
		"Email Queue": of("tabEmail Queue", ("name", "message")),
		"Email Queue Recipient": of("tabEmail Queue Recipient", ("name", "recipient")),
		"Kinship Declaration": of("tabKinship Declaration", ("name", "statement")),
		"Declared Relative": of("tabDeclared Relative", ("name", "relative_nik")),
		"File": of("tabFile", ("name", "file_url")),
		"Complaint": of("tabComplaint", ("name", "complainant_nik", "identity_removed_on")),
		"Identity Access Log": of("tabIdentity Access Log", ("name",)),
	}


def search_candidates() -> dict:
	"""NIK, phone and email of planted officials, held and not: {value: {official, field, held}}.
	Twice as many as searched, for `pick` to keep those found only where planted."""
	values = {}
	for held, limit in ((0, SEARCHED), (1, SEARCHED_HELD)):
		for row in frappe.db.sql(
			f"""select b.name, b.nik, b.mobile_no, b.email from `{PREFIX}chosen` c
			join `{PREFIX}official` b using (name)
			where c.planted = 1 and (ifnull(c.held, '') = 'hold') = %s order by crc32(concat('search', c.name))
			limit %s""",
			(held, limit * 2),
			as_dict=True,
		):
			for field in ("nik", "mobile_no", "email"):
				values[row[field]] = {"official": row.name, "field": field, "held": bool(held)}
	return values


PLANTED_IN = {"tabOfficial", "tabVersion", "tabComment", "tabEmail Queue", "tabEmail Queue Recipient"}


def pick(candidates: dict, before: dict) -> dict:
	"""The officials all of whose values were found, before the run, only in their own official's row and
	the planted rows (a phone another official has too, or that is the start of another's, is left out)."""
	by_official = {}
	for value, what in candidates.items():
		by_official.setdefault(what["official"], []).append(value)
	picked, counts = {}, {True: 0, False: 0}
	for _official, values in sorted(by_official.items()):
		held = candidates[values[0]]["held"]
		if counts[held] == (SEARCHED_HELD if held else SEARCHED):
			continue
		found = [before["found"].get(value, []) for value in values]
		if all(tables.count("tabOfficial") == 1 and set(tables) <= PLANTED_IN for tables in found):
			picked.update({value: candidates[value] for value in values})
			counts[held] += 1
	return picked


def search(values: dict) -> dict:
	"""Every row of every table (text columns) holding one of `values`: {value: [table, ...]}, a table
	once a row. The row's text columns joined and compared as bytes (INSTR of a binary string is a
	plain substring search, ~40 times faster than LIKE or REGEXP in a collation), SEARCH_CHUNK rows at
	a time in a derived table that MariaDB materialises (its LIMIT), so that the join is made once a row."""
	schema = frappe.conf.db_name
	columns, keyed = {}, set()
	for table, column, key in frappe.db.sql(
		"""select table_name, column_name, column_key from information_schema.columns
		where table_schema = %s and data_type in %s and table_name not like %s
		order by table_name, ordinal_position""",
		(schema, TEXT_TYPES, PREFIX.replace("_", "\\_") + "%"),
	):
		columns.setdefault(table, []).append(column)
		if column == "name" and key == "PRI":
			keyed.add(table)
	params = {f"v{i}": value for i, value in enumerate(values)}
	wanted = " or ".join(f"instr(b, %({key})s) > 0" for key in params)
	found = {value: [] for value in values}
	started = time.perf_counter()
	for table, names in columns.items():
		text = "cast(concat_ws(char(1), " + ", ".join(f"`{name}`" for name in names) + ") as binary)"
		after = None
		while True:
			bound = None
			if table in keyed:
				bound = frappe.db.sql(
					f"select name from `{table}` where name > %s order by name limit 1 offset {SEARCH_CHUNK - 1}",
					after or "",
				)
				bound = bound[0][0] if bound else None
				where = "where name > %(after)s" + (" and name <= %(bound)s" if bound else "")
			else:
				where = ""
			rows = frappe.db.sql(
				f"""select b from (select {text} as b from `{table}` {where} limit {SEARCH_CHUNK if bound else 10**12})
				chunk where {wanted}""",
				{**params, "after": after or "", "bound": bound},
			)
			for (row,) in rows:
				row = row.decode("utf-8", "replace") if isinstance(row, bytes) else str(row)
				for value in values:
					if value in row:
						found[value].append(table)
			if not bound:
				break
			after = bound
	return {
		"tables": len(columns),
		"seconds": time.perf_counter() - started,
		"values": len(values),
		"found": {value: tables for value, tables in found.items() if tables},
		"held_values": [value for value, what in values.items() if what["held"]],
	}


def planted_gone(after: dict, values: dict) -> bool:
	removed_found = [value for value in after["found"] if not values[value]["held"]]
	held_missing = [value for value, what in values.items() if what["held"] and value not in after["found"]]
	after["removed_values_found"] = removed_found
	after["held_values_not_found"] = held_missing
	return not removed_found and not held_missing


def summary(searched: dict) -> str:
	return (
		f"{len(searched['found'])} of {searched['values']} values found in {searched['tables']} tables "
		f"({searched['seconds']:.0f} s)"
	)


# --- output ------------------------------------------------------------------------------------------


def write(result: dict):
	RESULTS.parent.mkdir(parents=True, exist_ok=True)
	RESULTS.write_text(json.dumps(result, indent=1, default=str) + "\n")


def print_table(result: dict):
	base, first, second, kill = (
		result["baseline"],
		result["job"],
		result["second_run"],
		result["kill_and_rerun"],
	)
	lines = [
		("officials on the site", f"{result['prepare']['officials']:,}"),
		("expired (marked)", f"{result['prepare']['expired']:,}"),
		(
			"baseline, ORM per document",
			f"{base['records']:,} in {base['seconds']:.0f} s = {base['rate']:.0f}/s, peak RSS "
			f"{base['peak_rss_mb']:.0f} MB; {EXPIRED:,} extrapolated: {base['extrapolated_seconds_for_expired']:.0f} s",
		),
		(
			"job, all kinds",
			f"{first['seconds']:.0f} s, peak RSS {first['peak_rss_mb']:.0f} MB, {first['records_removed']:,} records",
		),
	]
	for kind, row in first["counts"].items():
		lines.append(
			(
				f"  {kind}",
				f"{row['records']:,} records, {row['held']:,} held, {row['history_entries']:,} history, "
				f"{row['files']:,} files, {row['seconds']:.0f} s",
			)
		)
	lines += [
		("job rate, officials", f"{first['rate']:.0f}/s = {first['ratio_to_baseline']:.1f}x the baseline"),
		(
			"second run",
			f"{second['records_removed']} records ({second['seconds']:.0f} s), "
			f"checksums unchanged: {second['checksums_unchanged']}",
		),
		("planted values before", summary(result["search_before"])),
		(
			"planted values after",
			f"{summary(result['search_after'])}; passed: {result['search_after']['passed']}",
		),
		(
			"kill and rerun",
			f"killed at {kill['records_removed_when_killed']:,} removed, rerun {kill['rerun']['records_removed']:,} "
			f"in {kill['rerun']['seconds']:.0f} s; checksums equal: {kill['equal_to_full_run']}",
		),
	]
	width = max(len(label) for label, _ in lines)
	for label, text in lines:
		print(f"{label:<{width}}  {text}")
	print(f"written to {RESULTS}")


def say(text: str):
	print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


if __name__ == "__main__":
	from in_site import main

	main(run)
