"""Benchmark: every screen a KPU user opens, measured in a site holding national-size data
(benchmarks/national_data.py fills one), as three users: a kabupaten legal officer (Luwu Utara,
73.22), a province user (Sulawesi Selatan, 73) and a KPU RI user (ID).

	cd frappe-bench/sites
	../env/bin/python /path/to/benchmarks/national_screens.py --site SITE --kwargs "{}"

Each call goes through Frappe's own request path for a whitelisted method, as the Desk sends it:
`frappe.handler.execute_cmd` (so `override_whitelisted_methods`, the whitelist and HTTP-method
checks apply) with `frappe.form_dict` holding the arguments as the browser encodes them (lists and
dicts as JSON). Before every run the request-level state is reset as a new request would have it
(`frappe.set_user`, the request cache, anything a previous run left on `frappe.local`); what is not
measured is the HTTP layer itself (session lookup, JSON encoding of the answer). One warm-up run,
then `repeat` timed runs; median and p95 (nearest rank: with 7 runs, the slowest) in ms. Every run
is rolled back, so the benchmark writes nothing but the bench users it creates when missing:

  bench.legal@example.invalid     KPU Kabkota Legal Officer at 73.22 (Kabupaten Luwu Utara)
  bench.provinsi@example.invalid  KPU Provinsi User at 73 (Sulawesi Selatan)
  bench.ri@example.invalid        KPU RI User at ID
  bench.pps@example.invalid       a PPS member of 73.22 (only when the site has no PPS member account)

granted through the app's own `grant_region_role` (what `bench kpu-grant-role` runs), and the PPS
member linked to their Official as `portal.invite_official` does (Official.on_update grants the seat).

Calls: the Official and Ad Hoc Body list (reportview.get, first page of 20 with the list view's
fields, with and without a filter), its count (reportview.get_count as the list view asks, limited
to 1001, and exact; and frappe.client.get_count, which the app overrides), the sidebar (group-by
counts, tag stats), a link search for an official by a common given name, the form of an official
and of a body, the user's workspace, every report of the app with its default filters, every number
card and dashboard chart, saving an official (Administrator), and the member portal home (a PPS
member). An error is reported for its call and the run goes on. Targets (issue): list first page
<= 50 ms and count <= 100 ms for the kabupaten and province users; every report <= 3 s for the
province user; no target elsewhere ("-"). For a call that misses its target or fails, the slowest
SQL statement of its last run is printed with its EXPLAIN.

Arguments: repeat (7), warmup (1), only (a substring of the call names to run just those), users
(labels to run just theirs: "kabupaten,province,RI,Administrator,PPS member"),
budget_seconds (120: a call whose warm-up shows that `repeat` runs would take longer gets 3 runs).
"""

import json
import math
import random
import statistics
import sys
import time
import traceback
from pathlib import Path

import frappe
from frappe.handler import execute_cmd
from frappe.utils import set_request

APP = Path(__file__).resolve().parents[1] / "kpu_etik"
USERS = (
	# (label, login, role, region, full name, workspace)
	(
		"kabupaten",
		"bench.legal@example.invalid",
		"KPU Kabkota Legal Officer",
		"73.22",
		"Bench Legal Luwu Utara",
		"KPU Kabupaten Kota",
	),
	(
		"province",
		"bench.provinsi@example.invalid",
		"KPU Provinsi User",
		"73",
		"Bench Provinsi Sulsel",
		"KPU Provinsi",
	),
	("RI", "bench.ri@example.invalid", "KPU RI User", "ID", "Bench KPU RI", "KPU RI"),
)
PPS_USER = "bench.pps@example.invalid"
KABUPATEN = "73.22"
# The list filters a user sets most: officials by status, bodies by type.
LIST_FILTERS = {"Official": ("status", "Active"), "Ad Hoc Body": ("body_type", "KPPS")}
LIST_MS, COUNT_MS, REPORT_MS = 50, 100, 3000
HOME_MS = 500  # the action lists: a share of the one second the whole home workspace may take
SLOW_MS = 1000  # a call without a target slower than this gets its slowest SQL and EXPLAIN printed too
COUNT_UPPER_BOUND = 1001  # list_view.js count_upper_bound
PAGE_LENGTH = 20
# frappe/public/js/frappe/model/model.js std_fields_list
STD_FIELDS = (
	"name",
	"owner",
	"creation",
	"modified",
	"modified_by",
	"_user_tags",
	"_comments",
	"_assign",
	"_liked_by",
	"docstatus",
	"idx",
)


class Call:
	def __init__(
		self, name, user_label, user, target=None, cmd=None, args=None, http="POST", fn=None, prepare=None
	):
		self.name, self.user_label, self.user, self.target = name, user_label, user, target
		self.cmd, self.args, self.http, self.fn, self.prepare = cmd, args or {}, http, fn, prepare


def run(repeat: int = 7, warmup: int = 1, only: str = "", users: str = "", budget_seconds: float = 120):
	started = time.perf_counter()
	frappe.flags.mute_emails = True
	frappe.set_user("Administrator")
	site = frappe.local.site
	print(f"site {site}: setting up the bench users", flush=True)
	accounts = {
		label: ensure_user(login, role, region, full_name)
		for label, login, role, region, full_name, _w in USERS
	}
	member = ensure_pps_member()
	frappe.db.commit()
	context = sample_data()
	print(
		f"PPS member {member}; sample official {context.official}, body {context.body}, "
		f"search text {context.given_name!r}, declaration round {context.round}",
		flush=True,
	)
	calls = plan(accounts, member, context)
	if only:
		calls = [c for c in calls if only.lower() in c.name.lower()]
	if users:
		wanted = {u.strip() for u in users.split(",")}
		calls = [c for c in calls if c.user_label in wanted]
	bench = Bench(repeat, warmup, budget_seconds)
	for call in calls:
		bench.measure(call)
	frappe.set_user("Administrator")
	frappe.db.rollback()
	counts = {
		dt: frappe.db.count(dt) for dt in ("Official", "Ad Hoc Body", "Polling Station", "Election Candidate")
	}
	print_report(site, bench.rows, counts, time.perf_counter() - started, repeat, warmup)


# --- set-up ----------------------------------------------------------------------------------------


def ensure_user(login: str, role: str, region: str, full_name: str) -> str:
	from kpu_etik.organization.doctype.region_access.region_access import grant_region_role

	if not frappe.db.exists("User", login):
		first, _sep, last = full_name.partition(" ")
		frappe.get_doc(
			{
				"doctype": "User",
				"email": login,
				"first_name": first,
				"last_name": last,
				"user_type": "System User",
				"send_welcome_email": 0,
			}
		).insert(ignore_permissions=True)
	grant_region_role(login, role, region)  # returns the existing grant when there is one
	# Frappe makes the first desk user of a site without one a System Manager: not a bench user,
	# whose figures must be those of their region.
	if "System Manager" in frappe.get_roles(login):
		frappe.get_doc("User", login).remove_roles("System Manager")
	return login


def ensure_pps_member() -> str:
	"""An account of a PPS member: one already linked in 73.22, else anywhere, else a new one linked
	to a PPS member of 73.22 the way portal.invite_official links it."""
	for pattern in (f"{KABUPATEN}.%", "%"):
		user = frappe.db.sql(
			"""select o.user from `tabOfficial` o join `tabUser` u on u.name = o.user and u.enabled = 1
			where o.level = 'PPS' and o.status = 'Active' and o.region like %s and ifnull(o.user, '') != ''
			order by o.region like %s desc, o.name limit 1""",
			(pattern, f"{KABUPATEN}.%"),
		)
		if user:
			return user[0][0]
	official = frappe.db.get_value(
		"Official",
		{"level": "PPS", "status": "Active", "region": ("like", f"{KABUPATEN}.%"), "position": "Anggota"},
		["name", "full_name"],
		as_dict=True,
		order_by="name",
	)
	if not official:
		return ""
	if not frappe.db.exists("User", PPS_USER):
		first, _sep, last = official.full_name.partition(" ")
		frappe.get_doc(
			{
				"doctype": "User",
				"email": PPS_USER,
				"first_name": first,
				"last_name": last or None,
				"user_type": "Website User",
				"language": "id",
				"send_welcome_email": 0,
			}
		).insert(ignore_permissions=True)
	doc = frappe.get_doc("Official", official.name)
	doc.user = PPS_USER
	doc.flags.ignore_permissions = True
	doc.save()
	return PPS_USER


def sample_data() -> frappe._dict:
	within = f"{KABUPATEN}.%"
	given = frappe.db.sql(
		"""select substring_index(full_name, ' ', 1) as given, count(*) as n from `tabOfficial`
		where region like %s group by given order by n desc limit 1""",
		within,
	)
	kpps_member = frappe.db.get_value(
		"Official", {"level": "KPPS", "status": "Active", "region": ("like", within)}, "name", order_by="name"
	)
	body = frappe.db.get_value(
		"Ad Hoc Body", {"body_type": "PPS", "region": ("like", within)}, "name", order_by="name"
	)
	rounds = frappe.get_all(
		"Kinship Declaration Round",
		filters={"region": ("in", [KABUPATEN, KABUPATEN[:2]])},
		fields=["name"],
		order_by="is_open desc, creation desc",
		limit=1,
	) or frappe.get_all("Kinship Declaration Round", fields=["name"], order_by="is_open desc", limit=1)
	return frappe._dict(
		given_name=given[0][0] if given else "Muhammad",
		official=kpps_member,
		body=body,
		round=rounds[0].name if rounds else None,
	)


def list_fields(doctype: str) -> list[str]:
	"""The fields the Desk's list view asks for (list_view.js set_fields, base_list.js _add_field)."""
	from frappe.model import no_value_fields

	meta = frappe.get_meta(doctype)
	in_list = [
		df.fieldname
		for df in meta.fields
		if (df.fieldtype not in no_value_fields and df.in_list_view and not df.permlevel)
		or (df.fieldtype == "Currency" and df.options and ":" not in df.options)
		or df.fieldname == "status"
	]
	wanted = [
		*STD_FIELDS,
		*in_list,
		meta.title_field,
		meta.image_field,
		"_seen" if meta.track_seen else None,
		meta.sort_field or "modified",
		"enabled",
		"disabled",
		"color",
	]
	fields = []
	for fieldname in wanted:
		if not fieldname or fieldname in fields:
			continue
		df = meta.get_field(fieldname)
		if (fieldname in STD_FIELDS or df or fieldname == "_seen") and not (df and df.is_virtual):
			fields.append(fieldname)
	return [f"`tab{doctype}`.`{f}`" for f in fields]


def app_reports() -> list[str]:
	names = []
	for path in sorted(APP.glob("*/report/*/*.json")):
		doc = json.loads(path.read_text())
		if doc.get("doctype") == "Report":
			names.append(doc["name"])
	return names


def app_records(folder: str, doctype: str) -> list[str]:
	names = [json.loads(p.read_text())["name"] for p in sorted(APP.glob(f"*/{folder}/*/*.json"))]
	modules = frappe.get_module_list("kpu_etik")
	names += frappe.get_all(
		doctype, filters={"module": ("in", modules), "name": ("not in", names)}, pluck="name"
	)
	return names


def plan(users: dict, member: str, context) -> list[Call]:
	calls = []
	reports = app_reports()
	cards = app_records("number_card", "Number Card")
	charts = app_records("dashboard_chart", "Dashboard Chart")
	workspaces = {label: workspace for label, *_rest, workspace in USERS}
	for label, user in users.items():
		scoped = label in ("kabupaten", "province")
		list_target = LIST_MS if scoped else None
		count_target = COUNT_MS if scoped else None

		def add(name, target=None, **kwargs):
			calls.append(Call(name, label, user, target, **kwargs))

		for doctype, (field, value) in LIST_FILTERS.items():
			fields = list_fields(doctype)
			order_by = f"`tab{doctype}`.`modified` desc"
			comments = 0 if not frappe.db.exists("List View Settings", doctype) else 1
			for suffix, filters in (("", []), (f" {field}={value}", [[doctype, field, "=", value]])):
				add(
					f"reportview.get {doctype}{suffix}",
					list_target,
					cmd="frappe.desk.reportview.get",
					args={
						"doctype": doctype,
						"fields": fields,
						"filters": filters,
						"order_by": order_by,
						"start": 0,
						"page_length": PAGE_LENGTH,
						"view": "List",
						"with_comment_count": comments,
					},
				)
				count_args = {"doctype": doctype, "filters": filters, "fields": [], "distinct": False}
				add(
					f"reportview.get_count {doctype}{suffix} (limit {COUNT_UPPER_BOUND})",
					count_target,
					cmd="frappe.desk.reportview.get_count",
					args={**count_args, "limit": COUNT_UPPER_BOUND},
				)
				add(
					f"reportview.get_count {doctype}{suffix} (exact)",
					count_target,
					cmd="frappe.desk.reportview.get_count",
					args=count_args,
				)
				add(
					f"client.get_count -> kpu_etik.permissions.get_count {doctype}{suffix}",
					count_target,
					cmd="frappe.client.get_count",
					args={"doctype": doctype, "filters": filters},
				)
			add(
				f"reportview.get_sidebar_stats {doctype}",
				cmd="frappe.desk.reportview.get_sidebar_stats",
				http="GET",
				args={"stats": ["_user_tags"], "doctype": doctype, "filters": []},
			)
		for field in ("status", "ad_hoc_body", "assigned_to", "owner"):
			add(
				f"listview.get_group_by_count Official by {field}",
				cmd="frappe.desk.listview.get_group_by_count",
				args={"doctype": "Official", "current_filters": [], "field": field},
			)
		add(
			f"search_link -> kpu_etik.permissions.search_link Official {context.given_name!r}",
			cmd="frappe.desk.search.search_link",
			args={
				"txt": context.given_name,
				"doctype": "Official",
				"ignore_user_permissions": 0,
				"reference_doctype": "",
				"page_length": 10,
			},
		)
		for doctype, name in (("Official", context.official), ("Ad Hoc Body", context.body)):
			if name:
				add(
					f"form.load.getdoc {doctype}",
					cmd="frappe.desk.form.load.getdoc",
					http="GET",
					args={"doctype": doctype, "name": name},
				)
		add(
			f"desktop.get_desktop_page {workspaces[label]}",
			cmd="frappe.desk.desktop.get_desktop_page",
			args={"page": {"name": workspaces[label], "title": workspaces[label], "public": 1}},
		)
		add(
			"api.desk.todays_work (the home's action lists)",
			HOME_MS if label in ("kabupaten", "province") else None,
			cmd="kpu_etik.api.desk.todays_work",
			http="GET",
		)
		for report in reports:
			filters = {}
			if report == "Kinship Declaration Coverage":
				filters = {"round": context.round}
			add(
				f"query_report.run {report}",
				REPORT_MS if label == "province" else None,
				cmd="frappe.desk.query_report.run",
				args={
					"report_name": report,
					"filters": filters,
					"ignore_prepared_report": False,
					"are_default_filters": True,
				},
			)
		for card in cards:
			add(f"number card {card}", **number_card_call(card))
		for chart in charts:
			add(f"dashboard chart {chart}", **chart_call(chart))
	if context.official:
		calls.append(
			Call(
				f"save Official (KPPS member {context.official}, new mobile_no)",
				"Administrator",
				"Administrator",
				prepare=lambda: frappe.get_doc("Official", context.official),
				fn=save_official,
			)
		)
	if member:
		calls.append(Call("GET /member-portal (PPS member home)", "PPS member", member, fn=member_portal))
	return calls


def dashboard_filters(doc) -> list:
	"""frappe.dashboard_utils.get_all_filters: the saved filters and the dynamic ones."""
	filters = json.loads(doc.filters_json or "null") or []
	dynamic = json.loads(doc.dynamic_filters_json or "null")
	if dynamic:
		# Their values are JavaScript the browser evaluates; the ones the app's cards use, evaluated.
		values = {"frappe.datetime.get_today()": frappe.utils.today()}
		filters = [*filters, *([*f[:3], values.get(f[3], f[3]), *f[4:]] for f in dynamic)]
	return filters


def chart_call(chart: str) -> dict:
	"""chart_widget.js: a Custom chart through its source's method (as the browser reads it from the
	source's script), any other through dashboard_chart.get."""
	doc = frappe.get_doc("Dashboard Chart", chart)
	filters = dashboard_filters(doc)
	if doc.chart_type == "Custom":
		source = frappe.get_doc("Dashboard Chart Source", doc.source)
		module = frappe.scrub(frappe.db.get_value("Module Def", source.module, "app_name") or "kpu_etik")
		method = f"{module}.{frappe.scrub(source.module)}.dashboard_chart_source.{frappe.scrub(source.name)}.{frappe.scrub(source.name)}.get"
		return {"cmd": method, "args": {"chart_name": chart, "filters": filters}}
	return {
		"cmd": "frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
		"args": {"chart_name": chart, "filters": filters, "refresh": 1},
	}


def number_card_call(card: str) -> dict:
	"""number_card_widget.js get_settings: a Document Type card through number_card.get_result with
	the card document, a Custom one through its method."""
	doc = frappe.get_doc("Number Card", card)
	filters = dashboard_filters(doc)
	if doc.type == "Custom":
		return {"cmd": doc.method, "args": {"filters": filters}}
	if doc.type == "Report":
		return {
			"cmd": "frappe.desk.query_report.run",
			"args": {"report_name": doc.report_name, "filters": filters, "ignore_prepared_report": 1},
		}
	return {
		"cmd": "frappe.desk.doctype.number_card.number_card.get_result",
		"args": {"doc": json.loads(frappe.as_json(doc.as_dict())), "filters": filters},
	}


def save_official(doc):
	doc.mobile_no = f"0812{random.randint(10_000_000, 99_999_999)}"
	doc.save()
	return doc.name


def member_portal():
	from frappe.website.serve import get_response

	set_request(method="GET", path="/member-portal")
	frappe.local.form_dict = frappe._dict()
	response = get_response("member-portal")
	if response.status_code != 200:
		raise RuntimeError(f"HTTP {response.status_code}: {response.get_data(as_text=True)[:300]}")
	return response


# --- measuring -------------------------------------------------------------------------------------


class Bench:
	def __init__(self, repeat: int, warmup: int, budget_seconds: float):
		self.repeat, self.warmup, self.budget = repeat, warmup, budget_seconds
		self.rows = []
		self.baseline_keys = {key for key, _value in frappe.local}
		self.baseline_flags = dict(frappe.local.flags)
		self.log = []

	def fresh_request(self, user: str):
		"""What a new request starts with: no request caches, the user set afresh."""
		for key, _value in list(frappe.local):
			if key not in self.baseline_keys:
				delattr(frappe.local, key)
		frappe.local.flags = frappe._dict(self.baseline_flags)
		frappe.local.valid_columns = {}
		frappe.local.response = frappe._dict({"docs": []})
		frappe.local.message_log = []
		frappe.local.debug_log = []
		frappe.set_user(user)

	def once(self, call: Call):
		self.fresh_request(call.user)
		state = call.prepare() if call.prepare else None
		if call.cmd:
			set_request(method=call.http, path=f"/api/method/{call.cmd}")
			frappe.local.form_dict = frappe._dict({k: encode(v) for k, v in call.args.items()}, cmd=call.cmd)
		self.log = []
		begin = time.perf_counter()
		if call.cmd:
			result = execute_cmd(call.cmd)
		else:
			result = call.fn(state) if call.prepare else call.fn()
		elapsed = (time.perf_counter() - begin) * 1000
		return elapsed, result

	def measure(self, call: Call):
		row = frappe._dict(call=call.name, user=call.user_label, target=call.target, error=None, runs=0)
		original_sql = frappe.db.sql

		def traced(query, *args, **kwargs):
			begin = time.perf_counter()
			try:
				return original_sql(query, *args, **kwargs)
			finally:
				values = args[0] if args else kwargs.get("values")
				self.log.append(((time.perf_counter() - begin) * 1000, query, values))

		frappe.db.sql = traced
		timings, queries = [], []
		try:
			for _ in range(self.warmup):
				first, result = self.once(call)
				frappe.db.rollback()
			runs = self.repeat
			if self.warmup and first * self.repeat > self.budget * 1000:
				runs = min(self.repeat, 3)
			for _ in range(runs):
				elapsed, result = self.once(call)
				timings.append(elapsed)
				queries = list(self.log)
				frappe.db.rollback()
			row.result = describe(result)
		except Exception as exc:
			queries = list(self.log)
			row.error = f"{type(exc).__name__}: {frappe.utils.strip_html(str(exc))[:500]}"
			row.traceback = where(exc)
			# The statement that failed, or the last one before the error (traced() logs both).
			row.last_query = shown(*self.log[-1][1:])[:2000] if self.log else ""
			try:
				frappe.db.rollback()
			except Exception:
				pass
		finally:
			del frappe.db.sql
			frappe.set_user("Administrator")
			frappe.local.form_dict = frappe._dict()
			frappe.local.message_log = []
		row.queries = queries if timings or row.error else []
		if timings:
			row.runs = len(timings)
			row.median = statistics.median(timings)
			row.p95 = sorted(timings)[math.ceil(0.95 * len(timings)) - 1]
		row.met = (
			"error"
			if row.error
			else "-"
			if row.target is None
			else ("yes" if row.p95 <= row.target else "NO")
		)
		self.rows.append(row)
		figure = f"median {row.median:.1f} ms, p95 {row.p95:.1f} ms" if timings else row.error
		print(f"  {row.user:>13} | {row.call}: {figure} [{row.met}]", flush=True)


def where(exc) -> str:
	"""The innermost frames of the error in Frappe or the app (not the database driver)."""
	frames = [f for f in traceback.extract_tb(exc.__traceback__) if "site-packages" not in f.filename]
	return "".join(f"  {f.filename}:{f.lineno} in {f.name}: {f.line}\n" for f in frames[-8:])


def encode(value):
	"""As frappe.call in the browser sends an argument: objects as JSON, booleans as JSON."""
	if isinstance(value, dict | list | bool):
		return json.dumps(value)
	return value if value is None else str(value)


def describe(result) -> str:
	if result is None:
		docs = frappe.local.response.get("docs") or []
		return f"{len(docs)} docs" if docs else "nothing (no data)"
	if hasattr(result, "status_code"):
		return f"HTTP {result.status_code}, {len(result.get_data())} bytes"
	if isinstance(result, dict) and "values" in result:
		return f"{len(result['values'])} rows"
	if isinstance(result, dict) and "result" in result:
		return f"{len(result.get('result') or [])} report rows"
	if isinstance(result, dict) and "value" in result:
		return f"value {result['value']}"
	if isinstance(result, dict) and "stats" in result:
		return f"{sum(len(v or []) for v in result['stats'].values())} stats"
	if isinstance(result, dict) and "datasets" in result:
		return f"{len(result.get('labels') or [])} groups"
	if isinstance(result, list):
		return f"{len(result)} rows"
	if isinstance(result, int | float):
		return f"value {result:,}" if isinstance(result, int) else f"value {result}"
	return type(result).__name__


# --- the report ------------------------------------------------------------------------------------


def print_report(site, rows, counts, seconds, repeat, warmup):
	print(f"\n## {site}: every screen, median and p95 of {repeat} runs after {warmup} warm-up (ms)\n")
	print("| call | user | median | p95 | target | met |")
	print("| --- | --- | ---: | ---: | ---: | --- |")
	for row in rows:
		median = f"{row.median:.1f}" if row.get("median") is not None else "error"
		p95 = f"{row.p95:.1f}" if row.get("p95") is not None else "error"
		target = f"<= {row.target:,}" if row.target else "-"
		print(f"| {row.call} | {row.user} | {median} | {p95} | {target} | {row.met} |")
	fewer = [r for r in rows if r.runs and r.runs < repeat]
	if fewer:
		print(
			f"\nWith fewer runs (warm-up x {repeat} over the time budget): "
			+ "; ".join(f"{r.call} ({r.user}): {r.runs}" for r in fewer)
		)
	print(
		"\nResults (last run): "
		+ "; ".join(f"{r.call} ({r.user}): {r.get('result') or '-'}, {len(r.queries)} SQL" for r in rows)
	)
	findings = [r for r in rows if r.met in ("NO", "error")]
	# Calls without a target that take over a second: where their time goes too.
	findings += [r for r in rows if r.met == "-" and (r.get("median") or 0) > SLOW_MS]
	print(f"\n## Misses, errors, and calls over {SLOW_MS:,} ms without a target: {len(findings)}")
	for row in findings:
		print(f"\n### {row.call} ({row.user})")
		if row.error:
			print(
				f"error: {row.error}\n```\n{row.traceback}```\nlast SQL statement (failed, or before the error): {row.last_query}"
			)
			continue
		print(
			f"median {row.median:.1f} ms, p95 {row.p95:.1f} ms, target {row.target or '-'} ms; {len(row.queries)} SQL statements"
		)
		print_slowest(row.queries)
	print("\n## Row counts\n")
	for doctype, count in counts.items():
		print(f"- {doctype}: {count:,}")
	print(f"\nwhole benchmark: {seconds:.0f} s")


def print_slowest(queries, top=3):
	if not queries:
		return
	total = sum(q[0] for q in queries)
	print(f"SQL time {total:.1f} ms in {len(queries)} statements; slowest:")
	ranked = sorted(queries, key=lambda q: q[0], reverse=True)[:top]
	for ms, query, values in ranked:
		print(f"- {ms:.1f} ms: `{shown(query, values)[:1500]}`")
	ms, query, values = ranked[0]
	text = str(query).strip()
	if text.lower().startswith(("select", "(select", "with")):
		try:
			plan = (
				frappe.db.sql(f"explain {text}", values, as_dict=True)
				if values
				else frappe.db.sql(f"explain {text}", as_dict=True)
			)
		except Exception as exc:
			print(f"EXPLAIN failed: {exc}")
			return
		columns = (
			"id",
			"select_type",
			"table",
			"type",
			"possible_keys",
			"key",
			"key_len",
			"ref",
			"rows",
			"Extra",
		)
		print("\nEXPLAIN of the slowest:\n")
		print("| " + " | ".join(columns) + " |")
		print("|" + " --- |" * len(columns))
		for line in plan:
			print(
				"| " + " | ".join(str(line.get(c) if line.get(c) is not None else "") for c in columns) + " |"
			)


def shown(query, values) -> str:
	try:
		text = frappe.db.mogrify(str(query), values) if values else str(query)
	except Exception:
		text = f"{query} -- values {values!r}"
	return " ".join(str(text).split())


if __name__ == "__main__":
	sys.path.insert(0, str(Path(__file__).resolve().parent))
	from in_site import main

	main(run)
