#!/usr/bin/env bash
# Runs the tests: always the framework-free suite (pytest), and, whenever a Frappe bench is found
# (see README: "How the tests find a bench"), the Frappe integration suite on a fresh throwaway
# site, followed by two migrations and an uninstall that must leave no table behind.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"

status=0
passed=0
failed=0

# --- framework-free suite --------------------------------------------------------------------
say "Framework-free suite (pytest)"
if [ ! -x .venv/bin/python ]; then
	python3 -m venv .venv || die "python3 -m venv failed (install python3-venv)"
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check pytest hypothesis "pypdf>=3.17" python-dateutil rapidfuzz pillow babel \
	segno "pyhanko[pkcs11,async-http]>=0.34.1,<0.35" "pyhanko-certvalidator>=0.30.2" pyhanko-cli \
	"certomancer[web-api]>=0.15.1" "certomancer-csc-dummy>=0.4.2" ||
	die "could not install the test dependencies"
# The signature tests check with poppler's pdfsig (and an NSS database) and sign on a SoftHSM2 token.
if [ "$(id -u)" = 0 ] && { ! command -v pdfsig || ! command -v certutil || ! command -v softhsm2-util; } >/dev/null; then
	say "Installing Debian's poppler-utils, libnss3-tools and softhsm2 (signature tests)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils libnss3-tools softhsm2 >/dev/null 2>&1 ||
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils libnss3-tools softhsm2 >/dev/null)
fi
.venv/bin/python -m pytest -q -p no:cacheprovider --junitxml=.venv/pytest-report.xml
pytest_rc=$?
read -r py_total py_failed < <(.venv/bin/python - <<'PY'
import xml.etree.ElementTree as ET
try:
	root = ET.parse(".venv/pytest-report.xml").getroot()
	suite = root if root.tag == "testsuite" else root.find("testsuite")
	total = int(suite.get("tests")) - int(suite.get("skipped"))
	print(total, int(suite.get("failures")) + int(suite.get("errors")))
except Exception:
	print(0, 1)
PY
)
passed=$((passed + py_total - py_failed)); failed=$((failed + py_failed))
[ "$pytest_rc" = 0 ] || status=1
suites="framework-free suite: ran ($((py_total - py_failed)) passed, $py_failed failed)"

# --- browser suite helpers -------------------------------------------------------------------
ensure_chromium() {
	command -v chromium >/dev/null && command -v chromedriver >/dev/null && return 0
	[ "$(id -u)" = 0 ] || return 0
	say "Installing Debian's chromium and chromium-driver (browser tests)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 ||
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null)
}

# Serve the test site with Frappe's own web server, prepare the demo data, run browser_tests/.
run_browser_suite() {
	local site="$1" port="${KPU_BROWSER_PORT:-8123}" fixture="$REPO/test-artifacts/browser-fixture.json"
	say "Browser suite (headless Chromium) on $site"
	.venv/bin/python -m pip install --quiet --disable-pip-version-check "selenium>=4.20" requests ||
		{ browser="NOT RUN (could not install selenium)"; status=1; return; }
	# axe-core for the page audit (browser_tests/test_pages_audit.py), from the npm registry, major
	# version pinned; kept in test-artifacts/axe between runs.
	if [ ! -f "$REPO/test-artifacts/axe/node_modules/axe-core/axe.min.js" ] &&
		! npm install --prefix "$REPO/test-artifacts/axe" --no-audit --no-fund --silent axe-core@4 >>"$LOG" 2>&1; then
		browser="NOT RUN (could not install axe-core with npm; see $LOG)"; status=1; return
	fi
	if ! run_bench --site "$site" execute kpu_etik.tests.browser_fixture.prepare >"$fixture" 2>>"$LOG"; then
		browser="failed (could not prepare the site; see $LOG)"; failed=$((failed + 1)); status=1; return
	fi
	(cd "$BENCH_DIR/sites" && as_bench_user ../env/bin/python -m frappe.utils.bench_helper frappe \
		--site "$site" serve --port "$port" --noreload >>"$REPO/test-artifacts/browser-server.log" 2>&1) &
	for _ in $(seq 1 60); do
		curl -fsS "http://127.0.0.1:$port/api/method/ping" >/dev/null 2>&1 && break
		sleep 1
	done
	KPU_BROWSER_URL="http://127.0.0.1:$port" KPU_BROWSER_FIXTURE="$fixture" \
		KPU_SCREENSHOTS="$REPO/test-artifacts/screenshots" \
		.venv/bin/python -m pytest -q -p no:cacheprovider browser_tests --junitxml=.venv/browser-report.xml
	local rc=$?
	pkill -f "bench_helper frappe --site $site serve" 2>/dev/null || true
	read -r b_total b_failed < <(.venv/bin/python - <<'PY'
import xml.etree.ElementTree as ET
try:
	root = ET.parse(".venv/browser-report.xml").getroot()
	suite = root if root.tag == "testsuite" else root.find("testsuite")
	print(int(suite.get("tests")) - int(suite.get("skipped")), int(suite.get("failures")) + int(suite.get("errors")))
except Exception:
	print(0, 1)
PY
)
	passed=$((passed + b_total - b_failed)); failed=$((failed + b_failed))
	{ [ "$rc" = 0 ] && [ "$b_total" -gt 0 ]; } || status=1
	browser="ran ($((b_total - b_failed)) passed, $b_failed failed; screenshots in test-artifacts/screenshots, page audit in test-artifacts/page-audit.md)"
}

# Stop a process and every process it started (a server started in the background, as the bench user).
kill_tree() {
	local child
	for child in $(pgrep -P "$1"); do kill_tree "$child"; done
	kill "$1" 2>/dev/null || true
}

# Frappe's own tests of every mechanism the app corrects (kpu_etik/tests/frappe_suite.py), on the site
# with the app, with Frappe's test settings (put back after), served by Frappe's own web server (a few
# tests call the site's address), one module per process as `run-tests --module` runs it. The tests
# the app changes on purpose are skipped there by name (docs/frappe-corrections.md).
run_frappe_suite() {
	local site="$1" port="${KPU_FRAPPE_SUITE_PORT:-}" flog="$REPO/test-artifacts/frappe-suite.log"
	local started server module out summary m_ran m_bad m_skipped modules=0 identicon=0 served=0
	local f_ran=0 f_bad=0 f_skipped=0 failing=""
	say "Frappe's own tests of the corrected mechanisms on $site"
	started=$(date +%s)
	: >"$flog"
	# Frappe's test dependencies (what `bench setup requirements --dev` installs).
	local dev_deps
	dev_deps="$(cd "$BENCH_DIR" && env/bin/python -c 'import tomllib
deps = tomllib.load(open("apps/frappe/pyproject.toml", "rb"))["tool"]["bench"]["dev-dependencies"]
print(" ".join(name + version for name, version in deps.items()))')"
	# shellcheck disable=SC2086
	if ! (cd "$BENCH_DIR" && as_bench_user env/bin/python -m pip install --quiet --disable-pip-version-check $dev_deps) >>"$flog" 2>&1; then
		frappe_suite="NOT RUN (could not install Frappe's test dependencies; see $flog)"; failed=$((failed + 1)); status=1; return
	fi
	[ -e "$BENCH_DIR/sites/identicon.png" ] || identicon=1  # Frappe's TestIdenticon writes it there
	# A free port: another run of this script on the machine may be serving its own site.
	[ -n "$port" ] || port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
	run_bench --site "$site" set-config webserver_port "$port" >/dev/null
	(cd "$BENCH_DIR/sites" && as_bench_user ../env/bin/python -m frappe.utils.bench_helper frappe \
		--site "$site" serve --port "$port" --noreload >>"$REPO/test-artifacts/frappe-suite-server.log" 2>&1) &
	server=$!
	for _ in $(seq 1 60); do
		curl -fsS "http://$site:$port/api/method/ping" >/dev/null 2>&1 && { served=1; break; }
		sleep 1
	done
	if [ "$served" = 0 ]; then
		kill_tree "$server"
		run_bench --site "$site" set-config webserver_port None >/dev/null
		frappe_suite="NOT RUN (Frappe's web server did not answer on $site:$port; see test-artifacts/frappe-suite-server.log)"
		failed=$((failed + 1)); status=1; return
	fi
	run_bench --site "$site" execute kpu_etik.tests.frappe_suite.prepare >>"$flog" 2>&1 || f_bad=1
	for module in $(python3 -c 'import ast
for node in ast.parse(open("kpu_etik/tests/frappe_suite.py").read()).body:
	if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "MODULES":
		print(" ".join(ast.literal_eval(node.value)))'); do
		out="$(cd "$BENCH_DIR/sites" && as_bench_user env KPU_FRAPPE_TEST_MODULE="$module" ../env/bin/python \
			-m frappe.utils.bench_helper frappe --site "$site" run-tests --module kpu_etik.tests.frappe_suite 2>&1)"
		printf '==> %s\n%s\n' "$module" "$out" >>"$flog"
		# run-tests exits 0 on failures unless CI is set (which changes Frappe's behaviour): its summary says.
		m_ran="$(grep -Eo '^Ran [0-9]+ tests?' <<<"$out" | tail -1 | grep -Eo '[0-9]+' || echo 0)"
		summary="$(grep -E '^(OK|FAILED)( \(.*\))?$' <<<"$out" | tail -1)"
		m_bad="$(grep -Eo '(failures|errors)=[0-9]+' <<<"$summary" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')"
		m_skipped="$(grep -Eo 'skipped=[0-9]+' <<<"$summary" | grep -Eo '[0-9]+' || echo 0)"
		{ [ -z "$summary" ] || [ "$m_ran" = 0 ]; } && [ "$m_bad" = 0 ] && m_bad=1  # it did not run
		[ "$m_bad" = 0 ] || failing="$failing $module"
		f_ran=$((f_ran + m_ran)); f_bad=$((f_bad + m_bad)); f_skipped=$((f_skipped + m_skipped))
		modules=$((modules + 1))
	done
	run_bench --site "$site" execute kpu_etik.tests.frappe_suite.restore >>"$flog" 2>&1 || f_bad=$((f_bad + 1))
	kill_tree "$server"
	run_bench --site "$site" set-config webserver_port None >/dev/null
	[ "$identicon" = 1 ] && rm -f "$BENCH_DIR/sites/identicon.png"
	passed=$((passed + f_ran - f_bad - f_skipped)); failed=$((failed + f_bad))
	{ [ "$f_bad" = 0 ] && [ "$f_ran" -gt 0 ]; } || { status=1; grep -E '^(==>|FAIL:|ERROR:)' "$flog" | tail -40; }
	frappe_suite="ran $modules modules in $(($(date +%s) - started)) s ($((f_ran - f_bad - f_skipped)) passed, $f_bad failed, $f_skipped skipped${failing:+; failing in:$failing}; log in $flog)"
}

# --- Frappe integration suite ----------------------------------------------------------------
if ! BENCH_DIR="$(find_bench)"; then
	suites="$suites
integration suite: NOT RUN (no Frappe bench found; set KPU_BENCH or run scripts/setup.sh)"
else
	say "Frappe integration suite on the bench at $BENCH_DIR"
	SITE="kpu-test-$(date +%s)-$$.localhost"
	ensure_host "$SITE"
	LOG="$REPO/test-artifacts/integration.log"
	mkdir -p "$REPO/test-artifacts"
	if ! command -v wkhtmltopdf >/dev/null && [ "$(id -u)" = 0 ]; then
		# Frappe renders letters to PDF with it (a normal Frappe prerequisite).
		apt-get install -y -qq wkhtmltopdf >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wkhtmltopdf >/dev/null)
	fi
	ensure_services
	load_db_admin
	use_machine_redis
	sync_app
	# The scheduled-report test delivers to a real SMTP server on loopback.
	(cd "$BENCH_DIR" && as_bench_user env/bin/python -m pip install --quiet aiosmtpd) || echo "warning: aiosmtpd not installed"
	install_demo_pki || echo "warning: the demo certificate authority (certomancer) is not installed"
	integration_rc=0
	{
		run_bench new-site "$SITE" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
			--admin-password admin --no-mariadb-socket --install-app kpu_etik &&
			run_bench --site "$SITE" set-config allow_tests true &&
			# The app's suite and Frappe's own, one after the other on this throwaway site, make more
			# accounts within an hour than Frappe's sign-up throttle allows (60, throttle_user_creation); below
			# 301, which Frappe's own test_signup expects to be throttled.
			run_bench --site "$SITE" set-config --parse throttle_user_limit 300 &&
			run_bench --site "$SITE" run-tests --app kpu_etik
	} 2>&1 | tee "$LOG"
	integration_rc=${PIPESTATUS[0]}
	ran="$(grep -Eo '^Ran [0-9]+ tests?' "$LOG" | tail -1 | grep -Eo '[0-9]+' || echo 0)"
	# (failures and errors; skipped tests are not failures)
	bad="$(grep -E '^FAILED \(' "$LOG" | tail -1 | grep -Eo '(failures|errors)=[0-9]+' | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')"
	[ "$integration_rc" != 0 ] && [ "$bad" = 0 ] && bad=1
	passed=$((passed + ran - bad)); failed=$((failed + bad))

	# --- Frappe's own tests of the mechanisms the app corrects, on the same site ------------------
	if [ "$integration_rc" = 0 ]; then
		run_frappe_suite "$SITE"
	else
		frappe_suite="skipped (the integration tests failed)"
	fi

	# --- the same site with a live MariaDB replica (scripts/replica.sh test), before the browser
	# suite loads the demo data into it ----------------------------------------------------------
	replica_suite="NOT RUN (needs root, to start a second MariaDB server)"
	if [ "$integration_rc" != 0 ]; then
		replica_suite="skipped (the integration tests failed)"
	elif [ "$(id -u)" = 0 ]; then
		say "Replica suite: the tests that read through a live MariaDB replica"
		RLOG="$REPO/test-artifacts/replica.log"
		bash scripts/replica.sh test --site "$SITE" >"$RLOG" 2>&1
		replica_rc=$?
		sum() { grep -Eo "$1" "$RLOG" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}'; }
		r_ran="$(sum '^Ran [0-9]+ tests?')"
		r_bad="$(grep -E '^FAILED \(' "$RLOG" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')"
		r_skipped="$(sum 'skipped=[0-9]+')"
		# A skipped replica test means the replica was not there: that is a failure here.
		r_bad=$((r_bad + r_skipped))
		[ "$replica_rc" != 0 ] && [ "$r_bad" = 0 ] && r_bad=1
		passed=$((passed + r_ran - r_bad)); failed=$((failed + r_bad))
		[ "$r_bad" = 0 ] || { status=1; tail -40 "$RLOG"; }
		replica_suite="ran ($((r_ran - r_bad)) passed, $r_bad failed; log in $RLOG)"
	fi

	# --- browser suite: headless Debian Chromium driving the same site over HTTP ----------------
	browser="NOT RUN"
	if [ "$integration_rc" = 0 ]; then
		ensure_chromium
		if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
			run_browser_suite "$SITE"
		else
			browser="NOT RUN (install Debian's chromium and chromium-driver: scripts/setup.sh does)"
			status=1
		fi
	else
		browser="skipped (the integration tests failed)"
	fi

	# The app survives two migrations and its uninstall drops every table it created.
	lifecycle="ok"
	if [ "$integration_rc" = 0 ]; then
		if ! run_bench --site "$SITE" migrate >>"$LOG" 2>&1 || ! run_bench --site "$SITE" migrate >>"$LOG" 2>&1; then
			lifecycle="bench migrate failed (see $LOG)"
		elif ! run_bench --site "$SITE" uninstall-app kpu_etik --yes --no-backup --force >>"$LOG" 2>&1; then
			lifecycle="uninstall-app failed (see $LOG)"
		else
			db_name="$(python3 -c "import json;print(json.load(open('$BENCH_DIR/sites/$SITE/site_config.json'))['db_name'])")"
			app_tables="$(python3 -c "import glob,json;print(','.join(\"'tab\"+json.load(open(f))['name']+\"'\" for f in glob.glob('kpu_etik/*/doctype/*/*.json')))")"
			left="$(mariadb -u"$DB_ROOT_USER" -p"$DB_ROOT_PASSWORD" -N -e "select table_name from information_schema.tables where table_schema='$db_name' and table_name in ($app_tables)" 2>&1)"
			[ -n "$left" ] && lifecycle="tables left after uninstall: $left"
		fi
	else
		lifecycle="skipped (the integration tests failed)"
	fi
	if [ "$lifecycle" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
	run_bench drop-site "$SITE" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
		--no-backup --force >/dev/null 2>&1 || echo "warning: could not drop the test site $SITE"
	forget_host "$SITE"
	# Frappe's run-tests exits 0 on failures unless CI is set: judge by its summary too.
	{ [ "$integration_rc" = 0 ] && [ "$bad" = 0 ] && [ "$ran" != 0 ]; } || status=1
	suites="$suites
integration suite: ran on $SITE ($((ran - bad)) passed, $bad failed; migrate twice + uninstall: $lifecycle)
Frappe's own tests: $frappe_suite
browser suite: $browser
replica suite: $replica_suite"
fi

echo
echo "== Suites =="
echo "$suites"
echo "kpu_etik: $passed passed, $failed failed"
exit "$status"
