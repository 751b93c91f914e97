"""The markdown tables of docs/deployment.md from load_matrix.sh's JSON lines:

python benchmarks/load_table.py matrix.json [more.json ...]
"""

import json
import sys

KINDS = (
	("member_home", "member home"),
	("member_declare", "declare"),
	("officer_list", "officer list"),
	("officer_count", "list count"),
	("officer_form", "form"),
	("public_register", "register"),
	("public_download", "download"),
	("public_complaint", "complaint"),
)


def rows(paths):
	for path in paths:
		with open(path) as lines:
			for line in lines:
				if line.startswith("{"):
					yield json.loads(line)


def summary(runs) -> str:
	head = "| gunicorn | RQ | replica | rate /s | achieved /s | p50 ms | p95 ms | p99 ms | errors | p95 by 10 s (ms) |"
	lines = [head, "|" + " --- |" * 10]
	for run in runs:
		load = run["load"]
		every = [k for k in load["kinds"].values()]
		weights = sum(k["n"] for k in every) or 1
		# every request of the run; for runs from before `all_ms` was kept, each kind's percentile
		# weighted by its share of the requests (marked ~)
		p = load.get("all_ms") or {
			q: f"~{round(sum(k[f'{q}_ms'] * k['n'] for k in every) / weights)}" for q in ("p50", "p95", "p99")
		}
		lines.append(
			f"| {run['gunicorn']} | {run['rq']} | {run['replica']} | {load['rate']:g} | {load['throughput']:g} "
			f"| {p['p50']} | {p['p95']} | {p['p99']} | {load['errors']} "
			f"| {' '.join(str(v) for v in load.get('p95_ms_by_10s', []))} |"
		)
	return "\n".join(lines)


def by_kind(runs) -> str:
	head = "| gunicorn | RQ | replica | rate /s | " + " | ".join(label for _k, label in KINDS) + " |"
	lines = [
		head,
		"|" + " --- |" * (4 + len(KINDS)),
	]
	for run in runs:
		load = run["load"]
		cells = []
		for kind, _label in KINDS:
			k = load["kinds"][kind]
			errors = sum(k["errors"].values())
			cells.append(
				f"{k['p50_ms']} / {k['p95_ms']} / {k['p99_ms']}" + (f" ({errors} err)" if errors else "")
			)
		lines.append(
			f"| {run['gunicorn']} | {run['rq']} | {run['replica']} | {load['rate']:g} | "
			+ " | ".join(cells)
			+ " |"
		)
	return "\n".join(lines)


if __name__ == "__main__":
	runs = list(rows(sys.argv[1:]))
	print(summary(runs))
	print()
	print("p50 / p95 / p99 in ms, per kind of request:")
	print()
	print(by_kind(runs))
