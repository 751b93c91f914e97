"""Benchmark: what the query guard (kpu_etik/query_guard.py) adds to a list query, measured in the
same run against the same queries with Frappe's own DatabaseQuery methods put back.

  ../env/bin/python /path/to/benchmarks/query_guard.py --site SITE --kwargs "{'user': 'hukum.luwuutara@kpu-etik.test'}"

Runs on any site with data (the demo, or the national roster when it exists); writes nothing but the
Identity Access Log entries of the NIK list it reads, which it removes.
"""

import statistics
import time

import frappe

QUERIES = {
	"Official first page": lambda: frappe.get_list(
		"Official", fields=["name", "full_name", "status"], limit=20
	),
	"Official count": lambda: frappe.get_list("Official", fields=["count(*) as n"]),
	"Official by status": lambda: frappe.get_list(
		"Official", filters={"status": "Active"}, fields=["name"], limit=20
	),
	"Official with NIK": lambda: frappe.get_list("Official", fields=["name", "nik"], limit=20),
	"Complaint first page": lambda: frappe.get_list("Complaint", fields=["name", "workflow_state"], limit=20),
	"File list": lambda: frappe.get_list("File", fields=["name", "file_url"], limit=20),
}


def timed(query, repeat):
	samples = []
	for _ in range(repeat):
		start = time.perf_counter()
		query()
		samples.append((time.perf_counter() - start) * 1000)
	return statistics.median(samples), sorted(samples)[int(len(samples) * 0.95) - 1]


def run(user: str = "hukum.luwuutara@kpu-etik.test", repeat: int = 200):
	from kpu_etik.overrides import list_queries as query_guard

	query_guard.install()
	guarded = {key: getattr(*key) for key in query_guard.ORIGINALS}
	started = frappe.utils.now()
	frappe.set_user(user)
	print(f"user {user}, {repeat} runs each; median / p95 ms")
	print(f"{'query':24}{'Frappe alone':>18}{'with the guard':>18}{'ratio':>8}")
	try:
		for name, query in QUERIES.items():
			query()  # warm the metadata caches
			for (owner, attribute), original in query_guard.ORIGINALS.items():
				setattr(owner, attribute, original)
			base = timed(query, repeat)
			for (owner, attribute), wrapper in guarded.items():
				setattr(owner, attribute, wrapper)
			with_guard = timed(query, repeat)
			print(
				f"{name:24}{base[0]:>9.2f} /{base[1]:>6.2f}{with_guard[0]:>10.2f} /{with_guard[1]:>6.2f}"
				f"{with_guard[0] / base[0]:>8.2f}"
			)
	finally:
		for (owner, attribute), wrapper in guarded.items():
			setattr(owner, attribute, wrapper)
		frappe.set_user("Administrator")
		frappe.db.delete("Identity Access Log", {"user": user, "accessed_on": (">=", started)})
		frappe.db.commit()


if __name__ == "__main__":
	from in_site import main

	main(run)
