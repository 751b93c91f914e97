"""Benchmark: a KPU user's home workspace as the browser measures it, on national-size data (a site
that benchmarks/national_data.py filled): the time from navigation start until its action lists
(kpu_etik.api.desk.todays_work) are drawn and every number card shows its number ("time to the last
card"), against a baseline measured in the same run: the app's general workspace (KPU Etik, links
only, no card and no list), which is what the Desk costs with no data on the page.

1. In the site (bench's Python, from frappe-bench/sites): the bench users of national_screens.py,
   with a password, and their workspaces:

	../env/bin/python /path/to/benchmarks/home_workspace.py --site SITE --kwargs "{'password': 'x'}"

2. Against the site served by Frappe (any Python with selenium; Debian's chromium and chromedriver):

	python benchmarks/home_workspace.py --url http://127.0.0.1:8000 --password x [--runs 7]

Each user signs in once, opens the page once to warm the caches, then `runs` times; median and p95
(nearest rank) in ms, as performance.now() reads them in the page.

Measure the site as production serves it: gunicorn with several workers behind nginx, which serves
/assets itself (`bench setup production`). Frappe's one-process development server answers the
widgets' requests one after another, and gunicorn alone serves no /assets.
"""

import argparse
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASELINE_ROUTE = "kpu-etik"
# The workspace's own blocks drawn (Frappe first shows a skeleton of placeholder shortcut boxes,
# which an earlier version of this benchmark mistook for the page).
BASELINE_READY = """
	const drawn = document.querySelector('#editorjs .ce-block .shortcut-widget-box');
	return drawn && !document.querySelector('.workspace-skeleton') ? Math.round(performance.now()) : null;
"""


def prepare(password: str) -> list:
	"""In the site: the bench users of national_screens.py, each with ``password``."""
	import frappe
	from frappe.utils.password import update_password
	from national_screens import USERS, ensure_user

	users = []
	operator = (
		"operator",
		"bench.operator@example.invalid",
		"KPU Kabkota Operator",
		"73.22",
		"Bench Operator",
		"KPU Kabupaten Kota",
	)
	for label, login, role, region, full_name, workspace in (*USERS, operator):
		ensure_user(login, role, region, full_name)
		update_password(login, password)
		frappe.db.set_value("User", login, "language", "id")
		users.append((label, login, frappe.scrub(workspace).replace("_", "-")))
	frappe.db.commit()
	return users


def measure(url: str, password: str, runs: int, users) -> list[dict]:
	sys.path[:0] = [str(HERE.parent), str(HERE.parent / "browser_tests")]
	from conftest import make_browser, sign_in, wait
	from test_desk_home import TODAY_STATE

	rows = []
	for label, login, route in users:
		driver = make_browser((1366, 900))
		try:
			sign_in(driver, url, login, password)
			for page, script in ((route, TODAY_STATE), (BASELINE_ROUTE, BASELINE_READY)):
				times = []
				for attempt in range(runs + 1):
					driver.get(f"{url}/app/{page}")
					state = wait(driver, 60).until(lambda d, s=script: d.execute_script(s))
					if attempt:  # the first opening warms the caches
						times.append(state["ms"] if isinstance(state, dict) else state)
				times.sort()
				rows.append(
					{
						"user": label,
						"page": page,
						"median_ms": statistics.median(times),
						"p95_ms": times[max(0, -(-95 * len(times) // 100) - 1)],
					}
				)
		finally:
			driver.quit()
	return rows


def report(rows: list[dict]) -> str:
	baseline = {row["user"]: row["median_ms"] for row in rows if row["page"] == BASELINE_ROUTE}
	lines = ["| user | page | median ms | p95 ms | x baseline |", "|---|---|---:|---:|---:|"]
	for row in rows:
		ratio = row["median_ms"] / baseline[row["user"]] if baseline.get(row["user"]) else 0
		lines.append(
			f"| {row['user']} | /app/{row['page']} | {row['median_ms']:.0f} | {row['p95_ms']:.0f} | {ratio:.2f} |"
		)
	return "\n".join(lines)


if __name__ == "__main__":
	if "--site" in sys.argv:
		sys.path.insert(0, str(HERE))
		from in_site import main

		main(prepare)
	else:
		parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
		parser.add_argument("--url", required=True)
		parser.add_argument("--password", required=True)
		parser.add_argument("--runs", type=int, default=7)
		parser.add_argument(
			"--users",
			default="operator:bench.operator@example.invalid:kpu-kabupaten-kota,"
			"province:bench.provinsi@example.invalid:kpu-provinsi,ri:bench.ri@example.invalid:kpu-ri",
		)
		args = parser.parse_args()
		users = [tuple(one.split(":")) for one in args.users.split(",")]
		print(report(measure(args.url.rstrip("/"), args.password, args.runs, users)))
