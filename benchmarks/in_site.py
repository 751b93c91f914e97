"""Runs a benchmark function inside a site, from the bench's sites folder, with the bench's Python:

	cd frappe-bench/sites
	../env/bin/python /path/to/benchmarks/region_load.py --site kpu.localhost --kwargs "{'path': 'x.csv'}"

The benchmarks live outside the installed app, so they are not shipped to KPU's servers; this is
what `bench --site SITE execute module.run --kwargs ...` did for them when they were inside it.
"""

import argparse
import ast

import frappe


def main(run):
	parser = argparse.ArgumentParser(description=(run.__module__ or "") + ": " + (run.__doc__ or "").strip())
	parser.add_argument("--site", required=True)
	parser.add_argument("--kwargs", default="{}", help="a Python dict literal of run()'s arguments")
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	try:
		result = run(**ast.literal_eval(args.kwargs))
		frappe.db.commit()
		if result is not None:
			print(result)
	finally:
		frappe.destroy()
