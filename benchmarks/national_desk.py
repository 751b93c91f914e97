"""Benchmark: the Desk calls of a KPU RI user at national size, each with the app and, beside it in
the same run, as Frappe makes it without the app's changes (the baseline).

	cd frappe-bench/sites
	../env/bin/python /path/to/benchmarks/national_desk.py --site SITE --kwargs "{}"

The site holds the nation (benchmarks/national_data.py with 'officials': 5000000). The user is
bench.ri@example.invalid, KPU RI User at ID (created as benchmarks/national_screens.py creates it).
Each call goes through `frappe.handler.execute_cmd` as the Desk sends it (national_screens.Bench: a
fresh request per run, one warm-up, then `repeat` runs, median and p95 in ms, every run rolled back).

The baseline ("Frappe") runs the same call with the app's changes to these paths taken out for the
call: Frappe's own whitelisted function instead of the app's override (`override_whitelisted_methods`),
no `standard_queries` entry for Official (so the link search is Frappe's search_widget, LIKE on name,
full name, level and position), and Frappe's own DatabaseQuery and reportview functions instead of the
app's wrappers (kpu_etik.overrides.list_queries.ORIGINALS: no name index, no guard). The permission
hooks stay (a KPU RI user has no region condition), and so do the tables' indexes.

Arguments: repeat (5), warmup (1), only (a substring of call names), baseline (True), search ("andi
amir"), variant ("moh harahap": a spelling the data holds only as Muhammad).
"""

import contextlib
import sys
import time
from pathlib import Path

import frappe
from frappe.handler import execute_cmd
from frappe.utils import set_request

sys.path.insert(0, str(Path(__file__).resolve().parent))

from national_screens import Bench, Call, encode, ensure_user, list_fields

RI_USER = ("bench.ri@example.invalid", "KPU RI User", "ID", "Bench KPU RI")
PAGE = 20
GET_METHODS = {"kpu_etik.api.desk.todays_work", "frappe.desk.reportview.get_sidebar_stats"}


def run(
	repeat: int = 5,
	warmup: int = 1,
	only: str = "",
	baseline: bool = True,
	search: str = "andi amir",
	variant: str = "moh harahap",
):
	started = time.perf_counter()
	frappe.flags.mute_emails = True
	frappe.set_user("Administrator")
	user = ensure_user(*RI_USER)
	frappe.db.commit()
	officials = frappe.db.count("Official")
	print(f"site {frappe.local.site}: {officials:,} officials; user {user}", flush=True)
	bench = Bench(repeat, warmup, budget_seconds=60)
	results = []
	for name, cmd, args in plan(search, variant):
		if only and only.lower() not in name.lower():
			continue
		row = {"call": name}
		for mode in ("app", "frappe") if baseline else ("app",):
			call = Call(
				f"{name} [{mode}]", "RI", user, fn=lambda cmd=cmd, args=args, mode=mode: once(cmd, args, mode)
			)
			bench.measure(call)
			measured = bench.rows[-1]
			row[mode] = measured.get("median")
			row[f"{mode} result"] = measured.get("result") or measured.get("error")
		results.append(row)
	frappe.set_user("Administrator")
	frappe.db.rollback()
	print(f"\n## KPU RI user, {officials:,} officials: median of {repeat} runs after {warmup} warm-up (ms)\n")
	print("| call | app | Frappe (baseline) | app result | baseline result |")
	print("| --- | ---: | ---: | --- | --- |")
	for row in results:
		app = f"{row['app']:,.0f}" if row.get("app") is not None else "error"
		base = f"{row['frappe']:,.0f}" if row.get("frappe") is not None else ("error" if baseline else "-")
		print(
			f"| {row['call']} | {app} | {base} | {row.get('app result')} | {row.get('frappe result', '-')} |"
		)
	print(f"\nwhole benchmark: {time.perf_counter() - started:.0f} s")


def plan(search: str, variant: str) -> list[tuple[str, str, dict]]:
	calls = []
	official_fields = list_fields("Official")
	body_fields = list_fields("Ad Hoc Body")

	def listing(doctype, filters, fields):
		return {
			"doctype": doctype,
			"fields": fields,
			"filters": filters,
			"order_by": f"`tab{doctype}`.`modified` desc",
			"start": 0,
			"page_length": PAGE,
			"view": "List",
			"with_comment_count": 1,
		}

	calls.append(
		(
			f"link search for an official, {search!r}",
			"frappe.desk.search.search_link",
			{
				"txt": search,
				"doctype": "Official",
				"ignore_user_permissions": 0,
				"reference_doctype": "",
				"page_length": 10,
			},
		)
	)
	calls.append(
		(
			f"link search, a spelling variant ({variant!r})",
			"frappe.desk.search.search_link",
			{
				"txt": variant,
				"doctype": "Official",
				"ignore_user_permissions": 0,
				"reference_doctype": "",
				"page_length": 10,
			},
		)
	)
	calls.append(
		(
			f"Official list, name filter like %{search}% (list search, awesome bar 'Find')",
			"frappe.desk.reportview.get",
			listing("Official", [["Official", "full_name", "like", f"%{search}%"]], official_fields),
		)
	)
	calls.append(
		(
			f"Official list, ID filter like %{search}% (awesome bar '... in Official')",
			"frappe.desk.reportview.get",
			listing("Official", [["Official", "name", "like", f"%{search}%"]], official_fields),
		)
	)
	calls.append(
		("Official list, first page", "frappe.desk.reportview.get", listing("Official", [], official_fields))
	)
	# a desa of a PPS, and a KPPS with its members
	region = frappe.db.get_value("Official", {"level": "PPS"}, "region", order_by="name desc")
	body = frappe.db.get_value("Official", {"level": "KPPS"}, "ad_hoc_body", order_by="name desc")
	for field, value in (
		("status", "Suspended"),
		("status", "Dismissed"),
		("level", "PPK"),
		("position", "Sekretaris"),
		("region", region),
		("ad_hoc_body", body),
	):
		filters = [["Official", field, "=", value]]
		calls.append(
			(
				f"Official list, {field} = {value}",
				"frappe.desk.reportview.get",
				listing("Official", filters, official_fields),
			)
		)
		if field in ("status", "level"):
			calls.append(
				(
					f"Official count, {field} = {value} (exact)",
					"frappe.desk.reportview.get_count",
					{"doctype": "Official", "filters": filters, "fields": [], "distinct": False},
				)
			)
	calls.append(
		(
			"Official count, status = Active (exact)",
			"frappe.desk.reportview.get_count",
			{
				"doctype": "Official",
				"filters": [["Official", "status", "=", "Active"]],
				"fields": [],
				"distinct": False,
			},
		)
	)
	calls.append(
		(
			"Official count, no filter (exact)",
			"frappe.desk.reportview.get_count",
			{"doctype": "Official", "filters": [], "fields": [], "distinct": False},
		)
	)
	calls.append(
		(
			"Official count, no filter (list view, limit 1001)",
			"frappe.desk.reportview.get_count",
			{"doctype": "Official", "filters": [], "fields": [], "distinct": False, "limit": 1001},
		)
	)
	for doctype, field, value in (
		("Ad Hoc Body", "body_type", "PPK"),
		("Ad Hoc Body", "status", "Dissolved"),
	):
		calls.append(
			(
				f"{doctype} list, {field} = {value}",
				"frappe.desk.reportview.get",
				listing(doctype, [[doctype, field, "=", value]], body_fields),
			)
		)
	calls.append(
		(
			"list sidebar: tag counts (get_sidebar_stats)",
			"frappe.desk.reportview.get_sidebar_stats",
			{"stats": ["_user_tags"], "doctype": "Official", "filters": []},
		)
	)
	for field in ("owner", "assigned_to", "status", "level"):
		calls.append(
			(
				f"list sidebar: group-by count by {field}",
				"frappe.desk.listview.get_group_by_count",
				{"doctype": "Official", "current_filters": [], "field": field},
			)
		)
	calls.append(
		(
			"report Officials by Region",
			"frappe.desk.query_report.run",
			{
				"report_name": "Officials by Region",
				"filters": {},
				"ignore_prepared_report": False,
				"are_default_filters": True,
			},
		)
	)
	calls.append(("home: today's work (api.desk.todays_work)", "kpu_etik.api.desk.todays_work", {}))
	return calls


def once(cmd: str, args: dict, mode: str):
	# As the Desk sends them: the home's lists and the sidebar's tag counts with GET.
	method = "GET" if cmd in GET_METHODS else "POST"
	set_request(method=method, path=f"/api/method/{cmd}")
	frappe.local.form_dict = frappe._dict({k: encode(v) for k, v in args.items()}, cmd=cmd)
	if mode == "app":
		return execute_cmd(cmd)
	with frappe_alone():
		method = frappe.get_attr(cmd)  # Frappe's own function, not the app's override
		return frappe.call(method, **{k: v for k, v in frappe.local.form_dict.items() if k != "cmd"})


@contextlib.contextmanager
def frappe_alone():
	"""Frappe's own list functions and link search for the duration of one call."""
	from frappe.desk import reportview
	from frappe.model.db_query import DatabaseQuery

	from kpu_etik.overrides.list_queries import ORIGINALS

	saved = {key: getattr(*key) for key in ORIGINALS}
	get_hooks = frappe.get_hooks

	def without_standard_queries(hook=None, *args, **kwargs):
		hooks = get_hooks(hook, *args, **kwargs)
		if hook is None:
			hooks = frappe._dict(hooks)
			hooks["standard_queries"] = {
				k: v for k, v in (hooks.get("standard_queries") or {}).items() if k != "Official"
			}
		elif hook == "standard_queries":
			hooks = {k: v for k, v in (hooks or {}).items() if k != "Official"}
		return hooks

	try:
		for (owner, name), original in ORIGINALS.items():
			setattr(owner, name, original)
		frappe.get_hooks = without_standard_queries
		yield
	finally:
		frappe.get_hooks = get_hooks
		for (owner, name), wrapper in saved.items():
			setattr(owner, name, wrapper)
	assert DatabaseQuery.prepare_args is saved[(DatabaseQuery, "prepare_args")]
	assert reportview.parse_json is saved[(reportview, "parse_json")]


if __name__ == "__main__":
	from in_site import main

	main(run)
