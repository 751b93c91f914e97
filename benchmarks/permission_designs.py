"""Benchmark: region scope on a million officials, three designs measured in one run.

  ../env/bin/python /path/to/benchmarks/permission_designs.py --site SITE --kwargs "{'officials': 1000000}"

Designs, each restricting a user to a kabupaten (Luwu Utara, 73.22) and to a province
(Sulawesi Selatan, 73):
  A. code-prefix range: the permission query condition this app ships
     (`region = '73.22' or region like '73.22.%'`, one index range on tabOfficial.region);
  B. Frappe User Permissions on the Region tree (stock Frappe: `region in (<every descendant>)`,
     also applied to every other Link to Region on the doctype) -- the baseline;
  C. nested set: `region in (select name from tabRegion where lft >= L and rgt <= R)`.
Figures are medians over `repeat` runs; ratios are against B in the same run. Needs the full
region table (kpu-load-regions with wilayah.csv). Synthetic rows are removed at the end unless
keep=True.
"""

import statistics
import time

import frappe

from kpu_etik.permissions import subtree_condition

PREFIX = "BENCH-"
SCOPES = {"kabupaten 73.22 Luwu Utara": "73.22", "province 73 Sulawesi Selatan": "73"}
USER_A = "bench.prefix@kpu-etik.test"
USER_B = "bench.userperm@kpu-etik.test"


def run(officials: int = 1_000_000, repeat: int = 15, keep: bool = False):
	frappe.flags.mute_emails = True
	desas = frappe.get_all("Region", {"level": "Desa/Kelurahan"}, pluck="name", order_by="name")
	if len(desas) < 50000:
		print(f"Only {len(desas)} desa/kelurahan loaded; load the full wilayah.csv first for a fair spread.")
	ensure_officials(officials, desas)
	total = frappe.db.count("Official")
	print(f"tabOfficial holds {total:,} rows spread over {len(desas):,} desa/kelurahan")

	report = []
	for label, scope in SCOPES.items():
		set_up_users(scope)
		lft, rgt = frappe.db.get_value("Region", scope, ["lft", "rgt"])
		descendants = frappe.db.count("Region", {"lft": (">=", lft), "rgt": ("<=", rgt)})
		sql_conditions = {
			"A prefix range": subtree_condition("region", [scope]),
			"B user permission": user_permission_condition(scope),
			"C nested set": f"region in (select name from `tabRegion` where lft >= {lft} and rgt <= {rgt})",
		}
		expected = frappe.db.sql(
			f"select count(*) from `tabOfficial` where {sql_conditions['A prefix range']}"
		)[0][0]
		print(f"\n== {label}: {descendants:,} regions in the subtree, {expected:,} officials reachable ==")
		rows = {}
		for design, condition in sql_conditions.items():
			count = frappe.db.sql(f"select count(*) from `tabOfficial` where {condition}")[0][0]
			assert count == expected, (design, count, expected)
			rows[design] = {
				"SQL count": median_ms(
					lambda c=condition: frappe.db.sql(f"select count(*) from `tabOfficial` where {c}"), repeat
				),
				"SQL first page": median_ms(
					lambda c=condition: frappe.db.sql(
						f"select name, full_name, region from `tabOfficial` where {c} order by modified desc limit 20"
					),
					repeat,
				),
			}
		# End to end through Frappe, as the Desk list and REST API run it.
		for design, user in (("A prefix range", USER_A), ("B user permission", USER_B)):
			frappe.set_user(user)
			frappe.clear_cache(user=user)
			names = frappe.get_list("Official", fields=["count(*) as n"], as_list=True)
			assert names[0][0] == expected, (design, names, expected)
			rows[design]["get_list count"] = median_ms(
				lambda: frappe.get_list("Official", fields=["count(*) as n"], as_list=True), repeat
			)
			rows[design]["get_list first page"] = median_ms(
				lambda: frappe.get_list(
					"Official", fields=["name", "full_name", "region"], limit_page_length=20
				),
				repeat,
			)
			doc = frappe.get_doc(
				"Official",
				frappe.db.sql(
					f"select name from `tabOfficial` where {sql_conditions['A prefix range']} limit 1"
				)[0][0],
			)
			assert frappe.has_permission("Official", doc=doc, user=user)
			rows[design]["has_permission (one doc)"] = median_ms(
				lambda d=doc, u=user: frappe.has_permission("Official", doc=d, user=u), repeat * 10
			)
			frappe.set_user("Administrator")
		report.append((label, rows))
		print_table(rows)

	if not keep:
		remove_officials()
	return report


def median_ms(fn, repeat: int) -> float:
	fn()  # warm the caches: measure steady state
	timings = []
	for _ in range(repeat):
		start = time.perf_counter()
		fn()
		timings.append((time.perf_counter() - start) * 1000)
	return statistics.median(timings)


def print_table(rows):
	metrics = list(next(iter(rows.values())).keys())
	baseline = rows["B user permission"]
	print(f"{'metric':28}" + "".join(f"{design:>26}" for design in rows))
	for metric in metrics:
		cells = []
		for design in rows:
			value = rows[design].get(metric)
			if value is None:
				cells.append(f"{'-':>26}")
			else:
				ratio = value / baseline[metric] if baseline.get(metric) else float("nan")
				cells.append(f"{value:>12.2f} ms ({ratio:5.2f}x)".rjust(26))
		print(f"{metric:28}" + "".join(cells))


def user_permission_condition(scope: str) -> str:
	"""The condition Frappe builds for a User Permission on a tree node: every descendant, listed."""
	lft, rgt = frappe.db.get_value("Region", scope, ["lft", "rgt"])
	names = frappe.db.sql_list("select name from `tabRegion` where lft >= %s and rgt <= %s", (lft, rgt))
	listed = ", ".join(frappe.db.escape(n) for n in names)
	return f"(region in ({listed}) or ifnull(region, '') = '') and (office_region in ({listed}) or ifnull(office_region, '') = '')"


def set_up_users(scope: str):
	from frappe.permissions import add_user_permission

	for email in (USER_A, USER_B):
		if not frappe.db.exists("User", email):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": email.split("@")[0],
					"send_welcome_email": 0,
				}
			).insert(ignore_permissions=True)
	frappe.db.delete("Region Access", {"user": USER_A})
	frappe.db.delete("User Permission", {"user": USER_B})
	role_a = "KPU Provinsi User" if scope.count(".") == 0 else "KPU Kabkota Legal Officer"
	frappe.get_doc({"doctype": "Region Access", "user": USER_A, "role": role_a, "region": scope}).insert(
		ignore_permissions=True
	)
	user_b = frappe.get_doc("User", USER_B)
	user_b.flags.ignore_permissions = True
	user_b.add_roles("KPU RI User")  # our hook leaves KPU RI unrestricted: only the User Permission applies
	add_user_permission("Region", scope, USER_B, ignore_permissions=True, applicable_for="Official")
	frappe.db.commit()
	frappe.clear_cache(user=USER_A)
	frappe.clear_cache(user=USER_B)
	from kpu_etik.permissions import clear_user_regions

	clear_user_regions(USER_A)


def ensure_officials(officials: int, desas: list[str]):
	present = frappe.db.count("Official", {"name": ("like", f"{PREFIX}%")})
	if present >= officials:
		return
	started = time.perf_counter()
	columns = (
		"name",
		"full_name",
		"level",
		"position",
		"region",
		"status",
		"nik",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"idx",
	)
	now = frappe.utils.now()
	chunk = 10000
	for start in range(present, officials, chunk):
		values = []
		for i in range(start, min(start + chunk, officials)):
			values.append(
				(
					f"{PREFIX}{i:08d}",
					f"Petugas {i}",
					"KPPS",
					"Anggota",
					desas[i % len(desas)],
					"Active",
					f"99{i:014d}",
					now,
					now,
					"Administrator",
					"Administrator",
					0,
					0,
				)
			)
		placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
		frappe.db.sql(
			f"insert into `tabOfficial` ({', '.join(f'`{c}`' for c in columns)}) values {', '.join([placeholders] * len(values))}",
			[v for row in values for v in row],
		)
		frappe.db.commit()
	print(f"inserted {officials - present:,} synthetic officials in {time.perf_counter() - started:.1f} s")


def remove_officials():
	frappe.db.sql("delete from `tabOfficial` where name like %s", f"{PREFIX}%")
	frappe.db.delete("Region Access", {"user": USER_A})
	frappe.db.delete("User Permission", {"user": USER_B})
	frappe.db.commit()


if __name__ == "__main__":
	from in_site import main

	main(run)
