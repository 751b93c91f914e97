"""Shared by the compliance reports: filters by region and period, counted through frappe.get_list so
every report keeps to the regions the user may see."""

import os

import frappe
from frappe import _
from frappe.utils import getdate

from kpu_etik import emails
from kpu_etik.core.dates import format_indonesian_date
from kpu_etik.core.inputs import Structured
from kpu_etik.core.portal import DECLARED_STATES
from kpu_etik.inputs import accepts
from kpu_etik.jobs import enqueue_long
from kpu_etik.permissions import within


def region_filter(filters) -> dict:
	"""The report filter on a region's subtree, refusing a region that does not exist."""
	region = frappe._dict(filters or {}).region
	if not region:
		return {}
	if not frappe.db.exists("Region", region):
		frappe.throw(_("Region {0} does not exist.").format(region))
	return {"region": within(region)}


def region_columns(width: int = 200) -> list[dict]:
	"""A report's region as people name it ("Kabupaten Luwu Utara"), then its code (a link, to
	open or filter by): fill the name with ``add_region_names``."""
	return [
		{"fieldname": "region_name", "label": _("Region"), "fieldtype": "Data", "width": width},
		{
			"fieldname": "region",
			"label": _("Region Code"),
			"fieldtype": "Link",
			"options": "Region",
			"width": 110,
		},
	]


def add_region_names(rows) -> list:
	"""Each row's ``region_name`` from its ``region`` code, in one query."""
	codes = {row.get("region") for row in rows if row.get("region")}
	names = dict(
		frappe.get_all(
			"Region",
			filters={"name": ("in", list(codes) or [""])},
			fields=["name", "region_name"],
			as_list=True,
		)
	)
	for row in rows:
		row["region_name"] = names.get(row.get("region"), row.get("region") or "")
	return rows


def period_filters(filters, date_field: str) -> dict:
	filters = frappe._dict(filters or {})
	conditions = region_filter(filters)
	if filters.from_date and filters.to_date:
		conditions[date_field] = ("between", [filters.from_date, filters.to_date])
	elif filters.from_date:
		conditions[date_field] = (">=", filters.from_date)
	elif filters.to_date:
		conditions[date_field] = ("<=", filters.to_date)
	return conditions


def count_by(doctype: str, group_field: str, conditions: dict, extra_fields=()) -> list[dict]:
	return frappe.get_list(
		doctype,
		filters=conditions,
		fields=[group_field, *extra_fields, "count(*) as total"],
		group_by=", ".join([group_field, *extra_fields]),
		order_by=group_field,
		limit_page_length=0,
	)


# --- scheduled compliance reports ----------------------------------------------------------------
SECTIONS = ("Schedule Adherence", "Kinship Declaration Coverage", "Complaints by Stage", "Sanctions by Type")
ATTEMPTS = 3


def report_period(frequency: str, day) -> tuple:
	"""The last full week (Monday to Sunday) or calendar month before `day`."""
	from datetime import timedelta

	from frappe.utils import getdate

	day = getdate(day)
	if frequency == "Weekly":
		end = day - timedelta(days=day.weekday() + 1)
		return end - timedelta(days=6), end
	end = day.replace(day=1) - timedelta(days=1)
	return end.replace(day=1), end


@frappe.read_only()  # counts of a past period: the replica serves them where there is one
def render_section(title: str, region: str, start, end) -> bytes:
	"""One report as a PDF page: the Script Report's own columns and rows, as an HTML table."""
	from frappe.desk.query_report import run
	from frappe.utils.pdf import get_pdf

	filters = {"region": region, "from_date": str(start), "to_date": str(end)}
	note = ""
	if title == "Kinship Declaration Coverage":
		from kpu_etik.core.regions import ancestors_of

		round_name = frappe.db.get_value(
			"Kinship Declaration Round",
			{"region": ("in", [region, *ancestors_of(region)])},
			"name",
			order_by="deadline desc",
		)
		filters = {"round": round_name, "region": region}
		if not round_name:
			note = _("No declaration round covers this region.")
	result = run(title, filters=filters) if not note else {"columns": [], "result": []}
	columns = [c for c in result["columns"] if isinstance(c, dict)]
	rows = [
		["" if row.get(c["fieldname"]) is None else str(row.get(c["fieldname"])) for c in columns]
		for row in result["result"]
		if isinstance(row, dict)
	]
	html = frappe.render_template(
		"templates/compliance/section.html",
		{
			"title": _(title),
			"columns": [{"label": _(c.get("label") or "")} for c in columns],
			"rows": rows,
			"note": note or _("No rows for this period."),
		},
	)
	return get_pdf(html)


@frappe.read_only()
def render_cover(office: str, region: str, start, end) -> bytes:
	"""The report's cover, from templates/compliance/cover.html (KPU may restyle it there)."""
	from frappe.utils.pdf import get_pdf

	period = f"{format_indonesian_date(start, False)} - {format_indonesian_date(end, False)}"
	html = frappe.render_template(
		"templates/compliance/cover.html",
		{
			"office": f"KPU {office} ({region})",
			"period": period,
			"sections": [_(title) for title in SECTIONS],
		},
	)
	return get_pdf(html)


def build_report(settings, start, end) -> str | None:
	"""Render, assemble, store and send one report; one record per office and period, whatever retries."""
	from kpu_etik.core.report_pdf import assemble, outline_titles, page_count, sha256

	period_key = f"{settings.name}|{start}|{end}"
	if frappe.db.exists("Compliance Report", {"period_key": period_key}):
		return None
	office = frappe.db.get_value("Region", settings.region, "region_name")
	sections = [(_(title), render_section(title, settings.region, start, end)) for title in SECTIONS]
	pdf = assemble(
		f"Laporan Kepatuhan Kode Etik - {office}",
		sections,
		author="KPU Etik",
		subject=f"{format_indonesian_date(start, False)} - {format_indonesian_date(end, False)}",
		cover=render_cover(office, settings.region, start, end),
		metadata={"/KPU-Region": settings.region},
	)
	report = frappe.get_doc(
		{
			"doctype": "Compliance Report",
			"settings": settings.name,
			"region": settings.region,
			"period_start": start,
			"period_end": end,
			"period_key": period_key,
			"sha256": sha256(pdf),
			"pages": page_count(pdf),
			"sections": len(outline_titles(pdf)) - 1,
		}
	)
	report.flags.ignore_permissions = True
	report.insert()
	file_doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"laporan-kepatuhan-{settings.region}-{start}.pdf",
			"content": pdf,
			"attached_to_doctype": "Compliance Report",
			"attached_to_name": report.name,
			"is_private": 1,
		}
	)
	file_doc.flags.ignore_permissions = True
	file_doc.insert()
	frappe.flags.kpu_etik_report_path = file_doc.get_full_path()  # removed again if the attempt fails
	report.db_set("report_file", file_doc.file_url)
	if frappe.flags.kpu_etik_fail_report_once:  # tests inject one failure here, after the writes
		frappe.flags.kpu_etik_fail_report_once = False
		raise RuntimeError("injected failure")
	roles = [row.role for row in settings.recipient_roles]
	recipients = frappe.get_all(
		"Region Access",
		filters={"region": settings.region, "role": ("in", roles or [""])},
		pluck="user",
		distinct=True,
	)
	if recipients:
		emails.send(
			"KPU Etik: Compliance Report",
			recipients,
			{
				"office": office,
				"period_start": format_indonesian_date(getdate(start), with_day=False),
				"period_end": format_indonesian_date(getdate(end), with_day=False),
			},
			attachments=[{"fname": file_doc.file_name, "fcontent": pdf}],
			reference_doctype="Compliance Report",
			reference_name=report.name,
		)
	return report.name


def send_compliance_reports(frequency: str | None = None, day=None, now: bool = False) -> list[str]:
	"""Scheduler: each office's report for the last full week or month, a job of its own on the long
	queue (made at once with ``now``, as the demo does, and in tests; then the names of the reports
	made are returned). A national month is
	some 550 offices: several workers make them side by side, and none is made twice (its period
	key is the job's lock)."""
	from frappe.utils import today

	made = []
	filters = {"enabled": 1, **({"frequency": frequency} if frequency else {})}
	for name, settings_frequency in frappe.get_all(
		"Compliance Report Settings", filters=filters, fields=["name", "frequency"], as_list=True
	):
		start, end = report_period(settings_frequency, day or today())
		report = enqueue_long(
			"kpu_etik.supervision.compliance.make_office_report",
			job_id=f"compliance-report::{name}|{start}|{end}",
			settings_name=name,
			now=now,
			start=start,
			end=end,
		)
		if isinstance(report, str):
			made.append(report)
	return made


def make_office_report(settings_name: str, start, end) -> str | None:
	"""The job: one office's report, retried up to three times; a failed attempt is rolled back
	whole, and a run that keeps failing is logged. A report made is committed at once."""
	settings = frappe.get_doc("Compliance Report Settings", settings_name)
	for attempt in range(1, ATTEMPTS + 1):
		frappe.db.savepoint("kpu_etik_report")
		try:
			report = build_report(settings, start, end)
			frappe.db.release_savepoint("kpu_etik_report")
			if not frappe.flags.in_test:
				frappe.db.commit()
			return report
		except Exception:
			frappe.db.rollback(save_point="kpu_etik_report")
			path = frappe.flags.pop("kpu_etik_report_path", None)
			if path and os.path.exists(path):
				os.remove(path)
			if attempt == ATTEMPTS:
				frappe.log_error(f"Compliance report {settings_name} {start}..{end}")
	return None


def send_weekly_reports():
	send_compliance_reports("Weekly")


def send_monthly_reports():
	send_compliance_reports("Monthly")


@frappe.whitelist()
@accepts(filters=Structured("Filters", kinds=(dict, list)))
def undeclared_officials_card(filters=None) -> dict:
	"""Number card: active officials in the user's regions without a submitted declaration in an
	open round (the declaration coverage at a glance)."""
	import hashlib
	import time

	from kpu_etik.permissions import get_permission_query_conditions

	rounds = frappe.get_all("Kinship Declaration Round", filters={"is_open": 1}, pluck="name")
	scope = get_permission_query_conditions(frappe.session.user, "Official") or "1=1"
	# A province's or the nation's count reads millions of index entries (1.6 s for six million): such
	# a count is kept for a few minutes, shared by every user of the same scope. A kabupaten's count
	# is quick and always exact.
	key = "kpu_etik:undeclared:" + hashlib.sha1(f"{scope}|{sorted(rounds)}".encode()).hexdigest()
	cached = frappe.cache.get_value(key)
	if cached is not None:
		value = cached
	else:
		started = time.monotonic()
		value = count_undeclared(scope, rounds)
		if time.monotonic() - started > SLOW_COUNT_SECONDS:
			frappe.cache.set_value(key, value, expires_in_sec=SLOW_COUNT_KEPT_SECONDS)
	return {"value": value, "fieldtype": "Int", "route": ["query-report", "Kinship Declaration Coverage"]}


SLOW_COUNT_SECONDS = 0.3
SLOW_COUNT_KEPT_SECONDS = 300


@frappe.read_only()
def count_undeclared(scope: str, rounds: list[str]) -> int:
	# The active officials less those who declared: two counts on indexes. An anti-join per official
	# read every active official's row (6.4 s for the nation's six million).
	active = frappe.db.sql(f"select count(*) from `tabOfficial` where status = 'Active' and {scope}")[0][0]
	declared = frappe.db.sql(
		f"""select count(distinct d.official) from `tabKinship Declaration` d
		join `tabOfficial` on `tabOfficial`.name = d.official
		where d.round in %(rounds)s and d.workflow_state in %(declared)s
			and `tabOfficial`.status = 'Active' and {scope}""",
		{"rounds": rounds or [""], "declared": DECLARED_STATES},
	)[0][0]
	return active - declared
