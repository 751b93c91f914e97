#!/usr/bin/env bash
# Sets up KPU Etik on this machine: a Frappe v15 bench (created or reused), a site with kpu_etik
# installed, the regions and the demo data loaded, and the site started.
#
#   scripts/setup.sh [--frappe-path DIR] [--bench DIR] [--site NAME] [--regions FILE] [--no-demo] [--no-start]
#
# --frappe-path takes Frappe from a local checkout (a git repository with the version-15 branch)
# instead of its public repository, for offices with poor connectivity.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

FRAPPE_PATH=""
SITE="${KPU_SITE:-kpu.localhost}"
REGIONS=""
DEMO=1
START=1
ADMIN_PASSWORD="${KPU_ADMIN_PASSWORD:-admin}"
while [ $# -gt 0 ]; do
	case "$1" in
		--frappe-path) FRAPPE_PATH="$(cd "$2" && pwd)"; shift 2 ;;
		--bench) export KPU_BENCH="$2"; shift 2 ;;
		--site) SITE="$2"; shift 2 ;;
		--regions) REGIONS="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
		--no-demo) DEMO=0; shift ;;
		--no-start) START=0; shift ;;
		-h|--help) sed -n 2,9p "$0"; exit 0 ;;
		*) die "unknown option $1 (see --help)" ;;
	esac
done

# --- prerequisites -------------------------------------------------------------------------
if [ "$(id -u)" = 0 ]; then
	id "$BENCH_USER" >/dev/null 2>&1 || { say "Creating the user $BENCH_USER"; useradd -m -s /bin/bash "$BENCH_USER"; }
	missing=""
	for pair in git:git crontab:cron python3:python3 pip3:python3-pip redis-cli:redis-tools mariadb:mariadb-client \
		wkhtmltopdf:wkhtmltopdf chromium:chromium chromedriver:chromium-driver \
		pdfsig:poppler-utils softhsm2-util:softhsm2 certutil:libnss3-tools; do
		command -v "${pair%%:*}" >/dev/null || missing="$missing ${pair#*:}"
	done
	python3 -c "import venv, ensurepip" 2>/dev/null || missing="$missing python3-venv"
	[ -e /usr/include/python3*/Python.h ] || [ -n "$(ls /usr/include/python3*/Python.h 2>/dev/null)" ] || missing="$missing python3-dev"
	if [ -n "$missing" ]; then
		say "Installing:$missing"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
	fi
	if ! command -v yarn >/dev/null || ! yarn --version | grep -q '^1\.'; then
		say "Installing yarn 1 (Frappe's front-end build needs it)"
		npm install -g --silent yarn@1
	fi
fi
for tool in git node npm yarn python3 mariadb; do
	command -v "$tool" >/dev/null || die "$tool is required (see README: Requirements)"
done
node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)' || die "Node.js 18 or newer is required"
ensure_services
ensure_mariadb_charset

# --- bench -----------------------------------------------------------------------------------
if BENCH_DIR="$(find_bench)"; then
	say "Reusing the bench at $BENCH_DIR"
else
	BENCH_DIR="${KPU_BENCH:-$(bench_home)/frappe-bench}"
	set_aside_half_made_bench "$BENCH_DIR"
	[ -n "$FRAPPE_PATH" ] && trust_frappe_checkout "$FRAPPE_PATH"
	ensure_bench_cli
	say "Creating a Frappe $FRAPPE_BRANCH bench at $BENCH_DIR"
	init_args=(--frappe-branch "$FRAPPE_BRANCH" --no-backups --python "$(as_bench_user bash -c 'command -v python3')")
	[ -n "$FRAPPE_PATH" ] && init_args+=(--frappe-path "$FRAPPE_PATH")
	(cd "$(dirname "$BENCH_DIR")" && as_bench_user bench init "${init_args[@]}" "$(basename "$BENCH_DIR")")
fi
use_machine_redis
load_db_admin
# Frappe v15 imports pkg_resources, which setuptools 81 and later no longer ship.
if ! (cd "$BENCH_DIR/sites" && as_bench_user ../env/bin/python -c "import pkg_resources") >/dev/null 2>&1; then
	say "Installing setuptools<81 into the bench (Frappe v15 imports pkg_resources)"
	(cd "$BENCH_DIR" && as_bench_user env/bin/python -m pip install --quiet "setuptools<81")
fi

# --- app and site ----------------------------------------------------------------------------
say "Installing kpu_etik from $REPO"
sync_app
if [ -d "$BENCH_DIR/sites/$SITE" ] && run_bench --site "$SITE" list-apps >/dev/null 2>&1; then
	grep -q kpu_etik <(run_bench --site "$SITE" list-apps 2>/dev/null) || run_bench --site "$SITE" install-app kpu_etik
	run_bench --site "$SITE" migrate
else
	run_bench new-site "$SITE" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
		--admin-password "$ADMIN_PASSWORD" --no-mariadb-socket --install-app kpu_etik --force
fi
# The default site answers on 127.0.0.1 too.
run_bench set-config -g default_site "$SITE" >/dev/null
ensure_host "$SITE"
run_bench --site "$SITE" execute kpu_etik.install.complete_site_setup

if [ -z "$REGIONS" ]; then
	if [ -f "$REPO/../shared/data/wilayah.csv" ]; then
		REGIONS="$REPO/../shared/data/wilayah.csv"
	else
		REGIONS="$REPO/kpu_etik/data/wilayah_seed.csv"
	fi
fi
say "Loading regions from $REGIONS"
as_bench_user mkdir -p "$BENCH_DIR/sites/$SITE/private/kpu_etik"
as_bench_user tee "$BENCH_DIR/sites/$SITE/private/kpu_etik/wilayah.csv" <"$REGIONS" >/dev/null
run_bench --site "$SITE" kpu-load-regions "$BENCH_DIR/sites/$SITE/private/kpu_etik/wilayah.csv"
if [ "$DEMO" = 1 ]; then
	install_demo_pki || echo "warning: the demo certificate authority (certomancer) is not installed; the demo's letters are not signed"
	say "Loading demo data"
	run_bench --site "$SITE" kpu-load-demo
fi

# --- start -----------------------------------------------------------------------------------
PORT="$(python3 -c "import json;print(json.load(open('$BENCH_DIR/sites/common_site_config.json')).get('webserver_port', 8000))")"
if [ "$START" = 1 ]; then
	if curl -fsS -H "Host: $SITE" "http://127.0.0.1:$PORT/api/method/frappe.ping" >/dev/null 2>&1; then
		say "The bench is already running"
	else
		ensure_bench_cli
		say "Starting the bench (log: $BENCH_DIR/logs/kpu-etik-start.log)"
		(cd "$BENCH_DIR" && as_bench_user nohup bench start >"$BENCH_DIR/logs/kpu-etik-start.log" 2>&1 &)
		for _ in $(seq 1 60); do
			curl -fsS -H "Host: $SITE" "http://127.0.0.1:$PORT/api/method/frappe.ping" >/dev/null 2>&1 && break
			sleep 2
		done
	fi
fi
cat <<TXT

KPU Etik is ready.
  URL:    http://$SITE:$PORT  (or http://127.0.0.1:$PORT)
  Login:  Administrator / $ADMIN_PASSWORD
  Bench:  $BENCH_DIR (user $BENCH_USER)
TXT
[ "$DEMO" = 1 ] && echo "  Demo users: see the list printed by kpu-load-demo above."
exit 0
