"""Benchmark: the compliance reports for a kabupaten and for a whole province, on a site loaded with a
province's worth of officials, meetings, visits and complaints, against a naive baseline in the same
run (read every row of the province with get_all and count in Python).

  ../env/bin/python /path/to/benchmarks/compliance_reports.py --site SITE --kwargs "{'province': '73'}"

Needs the full region table. Synthetic rows are tagged and removed at the end unless keep=True.
"""

import statistics
import time

import frappe
from frappe.utils import add_days, now, today

from kpu_etik.core.regions import ancestor_at
from kpu_etik.permissions import within

TAG = "BENCH-CR-"
REPORTS = ("Schedule Adherence", "Complaints by Stage", "Sanctions by Type", "Officials by Region")


def run(
	province: str = "73", kabupaten: str = "73.22", per_desa: int = 30, repeat: int = 5, keep: bool = False
):
	desas = frappe.get_all("Region", {"name": within(province), "level": "Desa/Kelurahan"}, pluck="name")
	load(desas, per_desa)
	counts = {
		dt: frappe.db.count(dt, {"region": within(province)})
		for dt in ("Official", "Coordination Meeting", "Supervision Visit", "Complaint")
	}
	print(f"province {province}: {len(desas):,} desa; " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
	users = {
		"kabupaten": user_at("bench.cr.kab@kpu-etik.test", "KPU Kabkota Legal Officer", kabupaten),
		"province": user_at("bench.cr.prov@kpu-etik.test", "KPU Provinsi User", province),
	}
	from frappe.desk.query_report import run as run_report

	print(f"{'report':24}{'scope':>12}{'report ms':>12}{'naive ms':>12}{'ratio':>8}")
	results = []
	for scope, user in users.items():
		frappe.set_user(user)
		region = kabupaten if scope == "kabupaten" else province
		for report in REPORTS:
			report_ms = median_ms(lambda r=report: run_report(r, filters={}), repeat)
			naive_ms = median_ms(lambda r=report, g=region: naive(r, g), repeat)
			results.append((report, scope, report_ms, naive_ms))
			print(f"{report:24}{scope:>12}{report_ms:>12.1f}{naive_ms:>12.1f}{report_ms / naive_ms:>8.3f}")
		frappe.set_user("Administrator")
	if not keep:
		unload()
	return results


def naive(report: str, region: str):
	"""What a report written without SQL grouping does: fetch every row, count in Python."""
	doctype, field = {
		"Schedule Adherence": ("Supervision Visit", "visit_state"),
		"Complaints by Stage": ("Complaint", "workflow_state"),
		"Sanctions by Type": ("Sanction", "sanction_type"),
		"Officials by Region": ("Official", "region"),
	}[report]
	counts = {}
	for row in frappe.get_all(doctype, filters={"region": within(region)}, fields=["name", field, "region"]):
		counts[row[field]] = counts.get(row[field], 0) + 1
	return counts


def median_ms(fn, repeat):
	fn()
	timings = []
	for _ in range(repeat):
		start = time.perf_counter()
		fn()
		timings.append((time.perf_counter() - start) * 1000)
	return statistics.median(timings)


def user_at(email, role, region):
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": "Bench", "send_welcome_email": 0}
		).insert(ignore_permissions=True)
	if not frappe.db.exists("Region Access", {"user": email, "role": role, "region": region}):
		frappe.get_doc({"doctype": "Region Access", "user": email, "role": role, "region": region}).insert(
			ignore_permissions=True
		)
	frappe.db.commit()
	return email


def insert(doctype, columns, rows):
	placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
	for start in range(0, len(rows), 5000):
		chunk = rows[start : start + 5000]
		frappe.db.sql(
			f"insert into `tab{doctype}` ({', '.join(f'`{c}`' for c in columns)}) values {', '.join([placeholders] * len(chunk))}",
			[v for row in chunk for v in row],
		)
	frappe.db.commit()


def load(desas, per_desa):
	if frappe.db.exists("Official", {"name": ("like", f"{TAG}%")}):
		return
	started, stamp = time.perf_counter(), now()
	base = ("creation", "modified", "owner", "modified_by", "docstatus", "idx")
	meta = (stamp, stamp, "Administrator", "Administrator", 0, 0)
	officials = [
		(f"{TAG}{i:08d}", f"Petugas {i}", "KPPS", "Anggota", desa, "Active", f"98{i:014d}", *meta)
		for i, desa in enumerate(d for d in desas for _ in range(per_desa))
	]
	insert(
		"Official", ("name", "full_name", "level", "position", "region", "status", "nik", *base), officials
	)
	states = ("Held", "Missed", "Late", "Planned")
	visits = [
		(f"{TAG}V{i:07d}", desa, add_days(today(), -(i % 60)), states[i % 4], *meta)
		for i, desa in enumerate(desas * 2)
	]
	insert("Supervision Visit", ("name", "region", "planned_on", "visit_state", *base), visits)
	kabs = sorted({ancestor_at(d, "Kabupaten/Kota") for d in desas})
	meetings = [
		(
			f"{TAG}M{i:06d}",
			f"Rakor {i}",
			kab,
			f"{add_days(today(), -(i % 90))} 09:00:00",
			("Held", "Planned")[i % 2],
			*meta,
		)
		for i, kab in enumerate(kabs * 40)
	]
	insert("Coordination Meeting", ("name", "topic", "region", "starts_on", "status", *base), meetings)
	stages = ("Received", "Clarification", "Examination", "Closed - Proven", "Rejected")
	complaints = [
		(
			f"{TAG}C{i:06d}",
			"Laporan",
			kab,
			stages[i % 5],
			add_days(today(), -(i % 30)),
			add_days(today(), 3 - i % 7),
			f"Kronologi {i}",
			*meta,
		)
		for i, kab in enumerate(kabs * 100)
	]
	insert(
		"Complaint",
		("name", "source", "region", "workflow_state", "filed_on", "stage_deadline", "chronology", *base),
		complaints,
	)
	print(
		f"loaded {len(officials):,} officials, {len(visits):,} visits, {len(meetings):,} meetings, {len(complaints):,} complaints in {time.perf_counter() - started:.1f} s"
	)


def unload():
	for doctype in ("Official", "Supervision Visit", "Coordination Meeting", "Complaint"):
		frappe.db.sql(f"delete from `tab{doctype}` where name like %s", f"{TAG}%")
	frappe.db.commit()


if __name__ == "__main__":
	from in_site import main

	main(run)
