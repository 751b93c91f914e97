#!/usr/bin/env bash
# A real MariaDB replica on loopback for a site: a second server with its own data folder and port,
# a GTID replica of the machine's MariaDB, and the site pointed at it (`read_from_replica`,
# `replica_host`, `replica_db_port`), as Frappe reads from a replica in production.
#
#   scripts/replica.sh start --site SITE [--port 3307] [--copy-datadir]
#   scripts/replica.sh stop  --site SITE
#   scripts/replica.sh test  --site SITE      start, run the tests that read from it, stop
#
# start: turns on the machine's binary log if it is off (server_id 1, ROW format: a config file
#   and one restart of the machine's MariaDB, kept afterwards, as a primary needs it), makes the
#   replica's data folder, copies the site's database into it (mariadb-dump with its GTID position;
#   --copy-datadir copies the whole stopped data folder instead, faster for a national database),
#   starts replication from that position and sets the site's config. The replica is read-only: a
#   write sent there by mistake fails instead of forking the data.
# stop: takes the site's replica settings out and stops the replica; its data folder is deleted.
# test: the tests that read through the replica, with replication live, then stop (always).
# Runs as root (it starts a server as the mysql user); the replica's folder is $KPU_REPLICA_DIR.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ACTION="${1:-}"; shift || true
SITE=""
PORT="${KPU_REPLICA_PORT:-3307}"
COPY_DATADIR=0
while [ $# -gt 0 ]; do
	case "$1" in
		--site) SITE="$2"; shift 2 ;;
		--port) PORT="$2"; shift 2 ;;
		--copy-datadir) COPY_DATADIR=1; shift ;;
		-h|--help) sed -n 2,19p "$0"; exit 0 ;;
		*) die "unknown option $1 (see --help)" ;;
	esac
done
[ -n "$SITE" ] || die "--site is required (see --help)"
[ "$(id -u)" = 0 ] || die "run as root: the replica server runs as the mysql user"
BENCH_DIR="$(find_bench)" || die "no Frappe bench found (see README)"
SITE_CONFIG="$BENCH_DIR/sites/$SITE/site_config.json"
[ -f "$SITE_CONFIG" ] || die "no site $SITE in $BENCH_DIR"
DIR="${KPU_REPLICA_DIR:-/var/lib/kpu-etik-replica-$PORT}"
SOCK="$DIR/mysqld.sock"
PRIMARY_CNF=/etc/mysql/my.cnf
MARK="# kpu_etik: the machine's MariaDB is a replication primary (scripts/replica.sh)"

site_value() { python3 -c "import json,sys;print(json.load(open('$SITE_CONFIG')).get(sys.argv[1],''))" "$1"; }
primary() { mariadb -h127.0.0.1 -P3306 -u"$DB_ROOT_USER" -p"$DB_ROOT_PASSWORD" -N "$@"; }
replica() { mariadb -S "$SOCK" -uroot -N "$@"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # PORT open|closed
	for _ in $(seq 1 120); do
		if port_open "$1"; then [ "$2" = open ] && return 0; else [ "$2" = closed ] && return 0; fi
		sleep 0.5
	done
	return 1
}

restart_primary() {
	mariadb -uroot -e "shutdown" 2>/dev/null || primary -e "shutdown"
	wait_port 3306 closed || die "the machine's MariaDB did not stop"
	for _ in $(seq 1 60); do pgrep -x mariadbd -u mysql >/dev/null || break; sleep 0.5; done
	start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || service mariadb start
	wait_port 3306 open || die "the machine's MariaDB did not start again"
}

ensure_binary_log() {
	[ "$(primary -e 'select @@log_bin')" = 1 ] && return 0
	say "Turning on the binary log of the machine's MariaDB (one restart)"
	if [ -d /etc/mysql/mariadb.conf.d ]; then
		printf '%s\n[mariadbd]\nserver_id = 1\nlog_bin = kpu-etik-binlog\nbinlog_format = ROW\nexpire_logs_days = 2\n' \
			"$MARK" >/etc/mysql/mariadb.conf.d/70-kpu-etik-primary.cnf
	elif ! grep -qF "$MARK" "$PRIMARY_CNF"; then
		printf '\n%s\n[mariadbd]\nserver_id = 1\nlog_bin = kpu-etik-binlog\nbinlog_format = ROW\nexpire_logs_days = 2\n' \
			"$MARK" >>"$PRIMARY_CNF"
	fi
	restart_primary
	[ "$(primary -e 'select @@log_bin')" = 1 ] || die "the binary log is still off (see $PRIMARY_CNF)"
}

start_replica_server() { # [more mariadbd options]
	start-stop-daemon --start --background --pidfile "$DIR/mysqld.pid" --chuid mysql --exec /usr/sbin/mariadbd -- --no-defaults \
		--datadir="$DIR/data" --socket="$SOCK" --pid-file="$DIR/mysqld.pid" --port="$PORT" \
		--bind-address=127.0.0.1 --skip-name-resolve --server-id=2 --read-only=1 \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
		--innodb-buffer-pool-size="${KPU_REPLICA_BUFFER_POOL:-512M}" --log-error="$DIR/error.log" "$@"
	wait_port "$PORT" open || die "the replica did not start (see $DIR/error.log)"
	for _ in $(seq 1 40); do replica -e "select 1" >/dev/null 2>&1 && return 0; sleep 0.5; done
	die "the replica does not answer on $SOCK"
}

start() {
	load_db_admin
	ensure_services
	port_open "$PORT" && die "port $PORT is taken; stop what runs there or choose --port"
	ensure_binary_log
	local db db_password repl_password position
	db="$(site_value db_name)"; db_password="$(site_value db_password)"
	repl_password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
	rm -rf "$DIR"; mkdir -p "$DIR"; chown mysql:mysql "$DIR"
	primary -e "CREATE USER IF NOT EXISTS 'kpu_etik_repl'@'127.0.0.1' IDENTIFIED BY '$repl_password';
		ALTER USER 'kpu_etik_repl'@'127.0.0.1' IDENTIFIED BY '$repl_password';
		GRANT REPLICATION SLAVE ON *.* TO 'kpu_etik_repl'@'127.0.0.1';"
	if [ "$COPY_DATADIR" = 1 ]; then
		say "Copying the stopped data folder of the machine's MariaDB to $DIR/data"
		position="$(primary -e 'select @@gtid_binlog_pos')"
		mariadb -uroot -e "shutdown" 2>/dev/null || primary -e "shutdown"
		wait_port 3306 closed || die "the machine's MariaDB did not stop"
		for _ in $(seq 1 60); do pgrep -x mariadbd -u mysql >/dev/null || break; sleep 0.5; done
		cp -a /var/lib/mysql "$DIR/data"
		rm -f "$DIR"/data/kpu-etik-binlog.* "$DIR"/data/*.pid "$DIR"/data/*relay-bin* "$DIR"/data/master.info \
			"$DIR"/data/relay-log.info "$DIR"/data/multi-master.info
		start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || service mariadb start
		wait_port 3306 open || die "the machine's MariaDB did not start again"
		start_replica_server
	else
		say "Making the replica's data folder and copying $db into it"
		mariadb-install-db --no-defaults --user=mysql --datadir="$DIR/data" --auth-root-authentication-method=socket \
			--skip-test-db >"$DIR/install.log" 2>&1 || die "mariadb-install-db failed (see $DIR/install.log)"
		start_replica_server --replicate-wild-do-table="$db.%"  # the site's database only
		replica -e "CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
		for host in 127.0.0.1 '%'; do
			replica -e "CREATE USER '$db'@'$host' IDENTIFIED BY '$db_password'; GRANT ALL PRIVILEGES ON \`$db\`.* TO '$db'@'$host';"
		done
		mariadb-dump -h127.0.0.1 -P3306 -u"$DB_ROOT_USER" -p"$DB_ROOT_PASSWORD" --single-transaction --gtid \
			--master-data=2 --routines --events "$db" >"$DIR/site.sql"
		position="$(grep -m1 -o "gtid_slave_pos='[^']*'" "$DIR/site.sql" | cut -d"'" -f2)"
		replica "$db" <"$DIR/site.sql"
		rm -f "$DIR/site.sql"
	fi
	say "Replicating from GTID position '${position}' on 127.0.0.1:$PORT"
	replica -e "SET GLOBAL gtid_slave_pos = '$position';
		CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=3306, MASTER_USER='kpu_etik_repl',
			MASTER_PASSWORD='$repl_password', MASTER_USE_GTID=slave_pos;
		START SLAVE;"
	local running=0
	for _ in $(seq 1 60); do
		running="$(mariadb -S "$SOCK" -uroot -e "show slave status\G" | grep -cE "Slave_(IO|SQL)_Running: Yes" || true)"
		[ "$running" = 2 ] && break
		sleep 0.5
	done
	[ "$running" = 2 ] || die "replication is not running (see $DIR/error.log)"
	# An account with which the tests write a row on the replica alone and pause its replication.
	local admin_password; admin_password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
	replica -e "SET sql_log_bin = 0; CREATE USER 'kpu_etik_replica_admin'@'127.0.0.1' IDENTIFIED BY '$admin_password';
		GRANT ALL PRIVILEGES ON *.* TO 'kpu_etik_replica_admin'@'127.0.0.1';"
	run_bench --site "$SITE" set-config -p read_from_replica 1 >/dev/null
	run_bench --site "$SITE" set-config replica_host 127.0.0.1 >/dev/null
	run_bench --site "$SITE" set-config -p replica_db_port "$PORT" >/dev/null
	run_bench --site "$SITE" set-config kpu_replica_admin_password "$admin_password" >/dev/null
	say "The replica of $SITE answers on 127.0.0.1:$PORT (data in $DIR)"
}

stop() {
	for key in read_from_replica replica_host replica_db_port kpu_replica_admin_password; do
		as_bench_user python3 - "$SITE_CONFIG" "$key" <<'PY'
import json, sys
path, key = sys.argv[1], sys.argv[2]
config = json.load(open(path))
if config.pop(key, None) is not None:
	json.dump(config, open(path, "w"), indent=1, sort_keys=True)
PY
	done
	local pid=""
	[ -f "$DIR/mysqld.pid" ] && pid="$(cat "$DIR/mysqld.pid")"
	running() { [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = mariadbd ]; }
	if ! { [ -S "$SOCK" ] && replica -e "shutdown" 2>/dev/null; } && running; then
		kill "$pid"
	fi
	# The server still writes files (its buffer pool's dump) after it has closed its port: deleting
	# the folder before the process has ended failed now and then ("Directory not empty"), and the
	# suite with it.
	for _ in $(seq 1 120); do running || break; sleep 0.5; done
	if running; then die "the replica (process $pid) did not stop; its folder $DIR is left"; fi
	wait_port "$PORT" closed || true
	rm -rf "$DIR"
	say "The replica on port $PORT is stopped and $SITE reads from the primary again"
}

# The tests that read through the replica (reports, list counts, registers and their downloads,
# compliance builds, the portal and Desk homes), and the replica's own checks.
REPLICA_MODULES="kpu_etik.tests.test_replica kpu_etik.tests.test_reports_and_workspaces
kpu_etik.tests.test_portal kpu_etik.tests.test_region_scope
kpu_etik.supervision.doctype.compliance_report.test_compliance_report
kpu_etik.sanctions.doctype.sanction.test_sanction
kpu_etik.kinship.doctype.kinship_declaration.test_kinship_declaration"

run_tests() {
	local rc=0 module
	# A real site has a System Manager besides Administrator, and Frappe refuses to delete any user
	# without one, which the tests do in their clean-up; a new site gets one.
	if [ -z "$(run_bench --site "$SITE" execute frappe.utils.user.get_system_managers --kwargs "{'only_name': True}" 2>/dev/null | tr -d '[]" \n')" ]; then
		run_bench --site "$SITE" add-system-manager replica.suite@example.invalid --first-name Replica >/dev/null
	fi
	for module in $REPLICA_MODULES; do
		say "With the replica live: $module"
		CI=true run_bench --site "$SITE" run-tests --module "$module" 2>&1 || rc=1  # CI: exit 1 on a failure
	done
	return "$rc"
}

case "$ACTION" in
	start) start ;;
	stop) stop ;;
	test)
		trap stop EXIT
		start
		run_tests
		;;
	*) die "say start, stop or test (see --help)" ;;
esac
