#!/usr/bin/env bash
# The roster import before and after issue 27, in turns (ABAB) on one site: A is the app as it was
# (a copy of its kpu_etik folder, e.g. `git archive <commit> kpu_etik | tar -x -C DIR`) on the schema
# it had (no full-text index, no nation list indexes); B is this checkout on today's schema. The
# indexes are dropped and made again between turns: the site holds no officials then, so that is instant.
#
#   benchmarks/roster_before_after.sh SITE BEFORE_DIR [WILAYAH] [PAIRS]   (from anywhere; needs root)
#
# KPU_ROSTER_ARGS adds arguments of roster_first.py, e.g. the nation's file:
#   KPU_ROSTER_ARGS="'path': '/tmp/nation.csv', 'region': 'ID'" benchmarks/roster_before_after.sh SITE DIR "" 1
set -euo pipefail
SITE="$1"; BEFORE="$2"; WILAYAH="${3:-}"; WILAYAH="${WILAYAH:-$(cd "$(dirname "$0")/../.." && pwd)/shared/data/wilayah.csv}"; PAIRS="${4:-3}"
HERE="$(cd "$(dirname "$0")" && pwd)"
BENCH="${KPU_BENCH:-/home/frappe/frappe-bench}"
COPY="$(mktemp -d)"; cp "$HERE"/*.py "$COPY"/; chown -R frappe "$COPY" "$BEFORE"
cd "$BENCH/sites"
DB=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['db_name'])" "$SITE/site_config.json")
as_bench() { runuser -u frappe -- env HOME="$(getent passwd frappe | cut -d: -f6)" "$@"; }
run() { as_bench "$@" ../env/bin/python "$COPY/roster_first.py" --site "$SITE" \
	--kwargs "{'wilayah': '$WILAYAH', 'times': 1${KPU_ROSTER_ARGS:+, $KPU_ROSTER_ARGS}}" 2>&1 | grep "^run 0\|^peak"; }
for pair in $(seq "$PAIRS"); do
	mariadb -uroot "$DB" -e "alter table tabOfficial drop index if exists search_name, drop index if exists status_modified,
		drop index if exists level_modified, drop index if exists position_modified;
		alter table \`tabAd Hoc Body\` drop index if exists status_modified, drop index if exists body_type_modified"
	echo "A (before) pair $pair"; run PYTHONPATH="$BEFORE"
	for step in ensure_ancestor_columns ensure_search_names; do
		as_bench ../env/bin/python -m frappe.utils.bench_helper frappe --site "$SITE" execute "kpu_etik.install.$step" >/dev/null
	done
	echo "B (after) pair $pair"; run
done
rm -rf "$COPY"
