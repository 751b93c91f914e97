#!/usr/bin/env bash
# Benchmark: server time of the PPK/PPS member portal home (/member-portal) for 20 signed-in members
# at once, on a site holding a kabupaten's bodies and officials (Luwu Utara, 73.22: ~190 bodies of
# PPK/PPS, ~1,400 KPPS, ~10,000 officials), served by gunicorn as in production, measured with wrk
# on loopback. Baselines in the same run: Frappe's cheapest signed-in call and its own /me page.
#
#   sudo benchmarks/portal_home_benchmark.sh   # or as the bench user; ~3 min, ~6 with a new site
#
# Env: PORTAL_BENCH_SITE (benchportal.localhost), PORTAL_BENCH_PORT (8011), PORTAL_BENCH_WORKERS (2 x CPUs + 1),
# PORTAL_BENCH_DURATION (30s), PORTAL_BENCH_WARMUP (5s), PORTAL_BENCH_ALONE_DURATION (10s, the run with
# one connection), KPU_BENCH (bench folder).
# Target: /member-portal p95 < 300 ms. Results: benchmarks/results/portal_home.txt.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/lib.sh" # find_bench, as_bench_user, run_bench, load_db_admin

SITE="${PORTAL_BENCH_SITE:-benchportal.localhost}"
PORT="${PORTAL_BENCH_PORT:-8011}"
WORKERS="${PORTAL_BENCH_WORKERS:-$(($(nproc) * 2 + 1))}" # what bench setup production uses: 2 x CPUs + 1
DURATION="${PORTAL_BENCH_DURATION:-30s}"
WARMUP="${PORTAL_BENCH_WARMUP:-5s}"
ALONE_DURATION="${PORTAL_BENCH_ALONE_DURATION:-10s}"
CONNECTIONS=20 # one per member signed in at the same time
TARGET_P95_MS=300
PASSWORD="Bench-Portal-2029"
URL="http://127.0.0.1:$PORT"
RESULTS="$HERE/results/portal_home.txt"

command -v wrk >/dev/null || die "wrk is not installed"
BENCH_DIR="$(find_bench)" || die "no Frappe bench found (set KPU_BENCH)"
# Owned by the bench user: gunicorn writes its pid file here, the Lua script reads the cookies.
WORK="$(as_bench_user mktemp -d /tmp/portal-bench.XXXXXX)"
GUNICORN_PID=""
cleanup() {
	local status=$?
	[ "$status" = 0 ] || [ ! -s "$WORK/gunicorn.log" ] || tail -n 20 "$WORK/gunicorn.log" >&2
	if [ -f "$WORK/gunicorn.pid" ]; then
		kill -TERM "$(cat "$WORK/gunicorn.pid")" 2>/dev/null || true
	elif [ -n "$GUNICORN_PID" ]; then
		kill -TERM "$GUNICORN_PID" 2>/dev/null || true
	fi
	[ -n "$GUNICORN_PID" ] && wait "$GUNICORN_PID" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# 1. The site, with the region tree.
if [ ! -f "$BENCH_DIR/sites/$SITE/site_config.json" ]; then
	load_db_admin
	say "Creating $SITE"
	run_bench new-site "$SITE" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
		--admin-password admin --no-mariadb-socket --install-app kpu_etik
fi
if ! run_bench --site "$SITE" execute frappe.db.exists --args '["Region", "73.22"]' | grep -q '73.22'; then
	say "Loading regions"
	csv="$BENCH_DIR/sites/$SITE/private/files/wilayah.csv" # where the bench user can read it
	as_bench_user cp "${KPU_REGIONS:-$HERE/../../shared/data/wilayah.csv}" "$csv" # the full wilayah.csv
	run_bench --site "$SITE" kpu-load-regions "$csv"
fi

# 2. Bodies, officials, schedule and member accounts (idempotent).
say "Loading the kabupaten's data"
(cd "$BENCH_DIR/sites" && as_bench_user ../env/bin/python "$HERE/portal_home_data.py" --site "$SITE" \
	--password "$PASSWORD") >"$WORK/data.txt"
mapfile -t MEMBERS < <(awk '$1 == "MEMBER" { sub(/^MEMBER /, ""); print }' "$WORK/data.txt")
[ "${#MEMBERS[@]}" -ge "$CONNECTIONS" ] || die "expected $CONNECTIONS member accounts, got ${#MEMBERS[@]}"

# Routes cached while the app's files were being replaced would answer 404.
run_bench --site "$SITE" clear-website-cache

# 3. gunicorn as Frappe production runs it; the Host header picks the site (default_site is another).
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && die "port $PORT is already in use"
say "Starting gunicorn on $URL ($WORKERS workers)"
(cd "$BENCH_DIR/sites" && as_bench_user ../env/bin/gunicorn -b "127.0.0.1:$PORT" -w "$WORKERS" -t 120 \
	--pid "$WORK/gunicorn.pid" frappe.app:application --preload) >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
get() { curl -s -H "Host: $SITE" "$@"; }
for _ in $(seq 60); do
	[ "$(get -o /dev/null -w '%{http_code}' "$URL/api/method/ping")" = 200 ] && break
	kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$WORK/gunicorn.log"; die "gunicorn did not start"; }
	sleep 1
done
[ "$(get -o /dev/null -w '%{http_code}' "$URL/api/method/ping")" = 200 ] || die "gunicorn does not answer"

# 4. Sign the members in, and check each one gets their own home page.
say "Signing in ${#MEMBERS[@]} members"
: >"$WORK/sids"
for member in "${MEMBERS[@]}"; do
	login="${member%% *}"
	body_name="${member#* }"
	sid="$(get -o /dev/null -c - --data-urlencode "usr=$login" --data-urlencode "pwd=$PASSWORD" \
		"$URL/api/method/login" | awk '$6 == "sid" { print $7 }')"
	[ -n "$sid" ] && [ "$sid" != Guest ] || die "$login could not sign in"
	page="$(get -b "sid=$sid" -w '\n%{http_code}' "$URL/member-portal")"
	[ "${page##*$'\n'}" = 200 ] || die "/member-portal answered ${page##*$'\n'} to $login"
	grep -qF "$body_name" <<<"$page" || die "/member-portal of $login does not show $body_name"
	echo "$sid" >>"$WORK/sids"
done
sid="$(head -1 "$WORK/sids")"
[ "$(get -o /dev/null -w '%{http_code}' -b "sid=$sid" "$URL/me")" = 200 ] || die "/me did not answer 200"
[[ "$(get -b "sid=$sid" "$URL/api/method/frappe.auth.get_logged_user")" == *"${MEMBERS[0]%% *}"* ]] ||
	die "get_logged_user did not answer with the member"

# 5. wrk per endpoint: one connection alone, then a warm-up and the measured run with 20.
ENDPOINTS=("/api/method/frappe.auth.get_logged_user" "/me" "/member-portal")
# A long timeout: wrk leaves requests slower than its default 2 s out of the latencies.
wrk_run() {
	PORTAL_HOST="$SITE" PORTAL_SIDS="$WORK/sids" wrk -t"$(($3 < 2 ? $3 : 2))" -c"$3" -d"$2" --timeout 60s \
		-s "$HERE/portal_home.lua" "$URL$1" | grep '^RESULT ' || die "wrk gave no result for $1"
}
# wrk leaves requests queued in gunicorn when it stops: wait until a ping is answered at once again.
drain() {
	for _ in $(seq 120); do
		[[ "$(get -o /dev/null -w '%{time_total}' "$URL/api/method/ping")" == 0.0* ]] && break # < 100 ms
		sleep 0.5
	done
	sleep 1
}
declare -A RESULT ALONE
# Other work on the machine slows every endpoint alike; the ratios to the baseline hold up better.
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for path in "${ENDPOINTS[@]}"; do
	say "wrk $path"
	drain
	# One connection: the server time without waiting behind other members' requests.
	ALONE[$path]="$(wrk_run "$path" "$ALONE_DURATION" 1)"
	wrk_run "$path" "$WARMUP" "$CONNECTIONS" >/dev/null
	RESULT[$path]="$(wrk_run "$path" "$DURATION" "$CONNECTIONS")"
done

field() { sed -E "s/.* $2=([0-9.]+).*/\1/" <<<"${RESULT[$1]}"; }
alone() { sed -E "s/.* $2=([0-9.]+).*/\1/" <<<"${ALONE[$1]}"; }
base_p95="$(field "${ENDPOINTS[0]}" p95)"
bad_total=0
mkdir -p "$(dirname "$RESULTS")"
{
	echo "Member portal home benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))," \
		"$(free -g | awk '/^Mem/ { print $2 }') GB RAM, load average before the runs: $LOAD_BEFORE"
	echo "server: gunicorn -w $WORKERS (sync) --preload, site $SITE, Frappe" \
		"$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$BENCH_DIR/apps/frappe/frappe/__init__.py")"
	echo "load: wrk -t2 -c$CONNECTIONS -d$DURATION on loopback after a $WARMUP warm-up," \
		"${#MEMBERS[@]} members' sessions in turn"
	echo "data (kabupaten 73.22):$(awk '$1 == "COUNT" { printf " %s=%s", $2, $3 }' "$WORK/data.txt")"
	echo
	printf '%-40s %7s %7s %7s %7s %7s %9s %10s %8s\n' endpoint "p50 ms" "p90 ms" "p95 ms" "p99 ms" "req/s" \
		"p95/base" "alone p50" "non-200"
	for path in "${ENDPOINTS[@]}"; do
		bad=$(($(field "$path" non200) + $(field "$path" socket_errors) + $(alone "$path" non200) +
			$(alone "$path" socket_errors)))
		bad_total=$((bad_total + bad))
		printf '%-40s %7s %7s %7s %7s %7s %9s %10s %8s\n' "$path" "$(field "$path" p50)" "$(field "$path" p90)" \
			"$(field "$path" p95)" "$(field "$path" p99)" "$(field "$path" rps)" \
			"$(awk -v a="$(field "$path" p95)" -v b="$base_p95" 'BEGIN { printf "%.2fx", a / b }')" \
			"$(alone "$path" p50)" "$bad"
	done
	echo "(alone p50: the same requests over one connection, $ALONE_DURATION: server time without queueing)"
	echo
	p95="$(field /member-portal p95)"
	echo "target /member-portal p95 < $TARGET_P95_MS ms: $(awk -v p="$p95" -v t="$TARGET_P95_MS" \
		'BEGIN { print (p < t) ? "PASS" : "FAIL" }') ($p95 ms)"
	[ "$bad_total" = 0 ] || echo "INVALID: $bad_total requests were not answered 200"
} >"$RESULTS"
cat "$RESULTS"
! grep -q '^INVALID' "$RESULTS" || die "some requests were not answered 200: the numbers are not valid"
