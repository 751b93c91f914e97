#!/usr/bin/env bash
# benchmarks/load_test.py over worker counts, with and without the replica, on one site:
#
#   benchmarks/load_matrix.sh SITE FIXTURE RATE SECONDS [CONFIGS]
#
# CONFIGS is a list of GUNICORN:RQ:REPLICA, by default "1:1:off 2:1:off 4:1:off 4:3:off 1:1:on
# 2:1:on 4:1:on 4:3:on" (REPLICA on needs `scripts/replica.sh start --site SITE` first). For each,
# on loopback only: nginx on 127.0.0.1:8090 serves /assets and proxies to gunicorn with that many
# workers on 127.0.0.1:8010 (as `bench setup production` does), that many RQ workers take the long,
# default and short queues, a roster import and a screening job are queued, and the load runs for
# SECONDS at RATE requests a second. Everything started is stopped after each run. Prints one JSON
# line per configuration. Run as root from the repository; needs nginx (apt-get install nginx).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
SITE="$1"; FIXTURE="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; RATE="$3"; DURATION="$4"
CONFIGS="${5:-1:1:off 2:1:off 4:1:off 4:3:off 1:1:on 2:1:on 4:1:on 4:3:on}"
BENCH_DIR="$(find_bench)" || die "no bench"
SITES="$BENCH_DIR/sites"
NGINX_CONF=/tmp/kpu-etik-load-nginx.conf
PYTHON="$REPO/.venv/bin/python"

cat >"$NGINX_CONF" <<EOF
worker_processes 1;
pid /tmp/kpu-etik-load-nginx.pid;
error_log /tmp/kpu-etik-load-nginx.error.log;
events { worker_connections 1024; }
http {
	include /etc/nginx/mime.types;
	access_log off;
	upstream frappe { server 127.0.0.1:8010 fail_timeout=0; keepalive 32; }
	server {
		listen 127.0.0.1:8090;
		root $SITES;
		location /assets { try_files \$uri =404; }
		location / {
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host $SITE;
			proxy_set_header X-Frappe-Site-Name $SITE;
			proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
			proxy_read_timeout 120;
			proxy_pass http://frappe;
		}
	}
}
EOF

stop_all() {
	pkill -f "gunicorn -b 127.0.0.1:8010" 2>/dev/null || true
	pkill -9 -f "frappe --site $SITE worker" 2>/dev/null || true
	nginx -c "$NGINX_CONF" -s stop 2>/dev/null || true
	sleep 1
}
trap stop_all EXIT
stop_all
nginx -c "$NGINX_CONF"

for config in $CONFIGS; do
	IFS=: read -r web rq replica <<<"$config"
	if [ "$replica" = on ]; then
		run_bench --site "$SITE" set-config -p read_from_replica 1 >/dev/null
	else
		run_bench --site "$SITE" set-config -p read_from_replica 0 >/dev/null
	fi
	(cd "$SITES" && as_bench_user ../env/bin/gunicorn -b 127.0.0.1:8010 -w "$web" -t 120 --preload \
		frappe.app:application >/tmp/kpu-etik-load-gunicorn.log 2>&1) &
	for _ in $(seq 1 120); do
		curl -fsS http://127.0.0.1:8090/api/method/ping >/dev/null 2>&1 && break
		sleep 0.5
	done
	for _ in $(seq 1 "$rq"); do
		(cd "$SITES" && as_bench_user ../env/bin/python -m frappe.utils.bench_helper frappe --site "$SITE" worker \
			--queue long,default,short >>/tmp/kpu-etik-load-workers.log 2>&1) &
	done
	jobs_started="$(cd "$SITES" && as_bench_user ../env/bin/python "$REPO/benchmarks/load_test.py" --site "$SITE" \
		--kwargs "{'kecamatan': '73.22.01'}" | tail -1)"
	result="$("$PYTHON" benchmarks/load_test.py --url http://127.0.0.1:8090 --fixture "$FIXTURE" --rate "$RATE" \
		--seconds "$DURATION")"
	echo "{\"gunicorn\": $web, \"rq\": $rq, \"replica\": \"$replica\", \"jobs\": $jobs_started, \"load\": $result}"
	pkill -f "gunicorn -b 127.0.0.1:8010" 2>/dev/null || true
	# The workers are killed, not asked to finish their job: a job left running would load the next
	# configuration's run (and a killed job is safe to run again: its locks go with its connection).
	pkill -9 -f "frappe --site $SITE worker" 2>/dev/null || true
	while pgrep -f "frappe --site $SITE worker" >/dev/null || pgrep -f "gunicorn -b 127.0.0.1:8010" >/dev/null; do
		sleep 0.5
	done
	sleep 2
done
