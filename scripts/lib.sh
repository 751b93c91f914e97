# Shared by scripts/setup.sh and scripts/test.sh: where the bench is, who owns it, how to reach
# MariaDB and Redis. Sourced, not run.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FRAPPE_BRANCH="${KPU_FRAPPE_BRANCH:-version-15}"
REDIS_URL="${KPU_REDIS_URL:-redis://127.0.0.1:6379}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# bench refuses to run as root without asking, so as root everything runs as an ordinary user.
if [ "$(id -u)" = 0 ]; then
	BENCH_USER="${KPU_BENCH_USER:-frappe}"
else
	BENCH_USER="$(id -un)"
fi

bench_home() { getent passwd "$BENCH_USER" | cut -d: -f6; }

# Run a command as the bench user, with the bench CLI on PATH.
as_bench_user() {
	local home; home="$(bench_home)"
	local path="$home/.local/kpu-etik-bench-cli/bin:$home/.local/bin:/usr/local/bin:/usr/bin:/bin"
	# bench installs Python packages with uv; let it trust the system's certificate store.
	if [ "$(id -un)" = "$BENCH_USER" ]; then
		PATH="$path:$PATH" UV_NATIVE_TLS=1 "$@"
	else
		runuser -u "$BENCH_USER" -- env HOME="$home" PATH="$path" UV_NATIVE_TLS=1 "$@"
	fi
}

# How a bench is found: $KPU_BENCH when set (and only it), else frappe-bench beside this repo,
# else in the bench user's home. A bench is a folder with apps/frappe and env/bin/python.
find_bench() {
	local candidate candidates=("$REPO/../frappe-bench" "$(bench_home 2>/dev/null)/frappe-bench")
	# An explicit bench is the only candidate.
	[ -n "${KPU_BENCH:-}" ] && candidates=("$KPU_BENCH")
	for candidate in "${candidates[@]}"; do
		if [ -n "$candidate" ] && [ -d "$candidate/apps/frappe" ] && [ -x "$candidate/env/bin/python" ]; then
			(cd "$candidate" && pwd)
			return 0
		fi
	done
	return 1
}

# A local Frappe checkout for `bench init --frappe-path`: the bench user must be able to read it, and
# git refuses a repository owned by another user ("dubious ownership") unless it is trusted.
trust_frappe_checkout() {
	local dir="$1" owner
	[ -d "$dir/.git" ] || die "$dir is not a git checkout of Frappe (no .git folder)"
	as_bench_user test -r "$dir/.git/HEAD" ||
		die "$BENCH_USER cannot read $dir; give it read access (chmod -R a+rX $dir) or run: chown -R $BENCH_USER $dir"
	owner="$(stat -c %U "$dir")"
	[ "$owner" = "$BENCH_USER" ] && return 0
	# A clone from a local path is checked at the repository's .git folder, other commands at the
	# work tree: both are trusted.
	local path
	for path in "$dir" "$dir/.git"; do
		if ! as_bench_user git config --global --get-all safe.directory 2>/dev/null | grep -qxF "$path"; then
			say "Trusting $path (owned by $owner) as a git safe.directory for $BENCH_USER"
			as_bench_user git config --global --add safe.directory "$path"
		fi
	done
}

# A bench folder left by a `bench init` that failed half-way (no Frappe app or no virtualenv yet)
# makes the next `bench init` stop with "Bench instance already exists". Such a folder holds no site
# data, so it is moved aside (never deleted) and the bench is made again; a folder that holds a site
# is left alone, with a message.
set_aside_half_made_bench() {
	local dir="$1" aside
	[ -e "$dir" ] || return 0
	if [ -d "$dir/apps/frappe" ] && [ -x "$dir/env/bin/python" ]; then
		return 0
	fi
	if compgen -G "$dir/sites/*/site_config.json" >/dev/null; then
		die "$dir is not a complete bench but holds a site; repair it, or move it away, and run again"
	fi
	aside="$dir.incomplete-$(date +%Y%m%d%H%M%S)"
	say "$dir is a bench that was not completed; moving it to $aside and making it again"
	mv "$dir" "$aside"
}

# Frappe's own commands, run the way the bench CLI runs them (so tests need no bench CLI).
run_bench() { (cd "$BENCH_DIR/sites" && as_bench_user ../env/bin/python -m frappe.utils.bench_helper frappe "$@"); }

ensure_bench_cli() {
	as_bench_user bash -c 'command -v bench' >/dev/null && return 0
	say "Installing the bench CLI (frappe-bench) for $BENCH_USER"
	as_bench_user python3 -m venv "$(bench_home)/.local/kpu-etik-bench-cli"
	as_bench_user "$(bench_home)/.local/kpu-etik-bench-cli/bin/pip" install --quiet frappe-bench
}

# The machine's MariaDB and Redis are started before a session begins; one stopped since (a crash
# test, a server restarted from a shell that has ended) is started again the way the machine starts it.
ensure_services() {
	local port_open='(exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null'
	if ! eval "$port_open" && [ "$(id -u)" = 0 ] && [ -x /usr/sbin/mariadbd ]; then
		say "MariaDB does not answer on 127.0.0.1:3306; starting it"
		start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd ||
			service mariadb start >/dev/null 2>&1 || true
		for _ in $(seq 1 60); do eval "$port_open" && break; sleep 1; done
	fi
	eval "$port_open" || die "MariaDB does not answer on 127.0.0.1:3306 (see README: Requirements)"
	if command -v redis-server >/dev/null && ! redis-cli -u "$REDIS_URL" ping 2>/dev/null | grep -q PONG &&
		[ "$REDIS_URL" = "redis://127.0.0.1:6379" ]; then
		say "Redis does not answer on 127.0.0.1:6379; starting it"
		redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || true
	fi
}

# MariaDB credentials able to create and drop site databases. Frappe prompts for a root password
# when it has none, so a passwordless root (socket auth) gets a dedicated admin user with a
# generated password, kept in the bench user's home (one file for every bench on the machine, as
# the MariaDB user is one), readable by the bench user only.
load_db_admin() {
	local file; file="$(bench_home)/.kpu_etik_db_admin"
	if [ -n "${KPU_DB_ROOT_PASSWORD:-}" ]; then
		DB_ROOT_USER="${KPU_DB_ROOT_USER:-root}"; DB_ROOT_PASSWORD="$KPU_DB_ROOT_PASSWORD"; return 0
	fi
	if [ -f "$file" ]; then
		DB_ROOT_USER="$(cut -d: -f1 "$file")"; DB_ROOT_PASSWORD="$(cut -d: -f2- "$file")"; return 0
	fi
	command -v mariadb >/dev/null || die "no mariadb client; set KPU_DB_ROOT_USER and KPU_DB_ROOT_PASSWORD"
	mariadb -uroot -e "select 1" >/dev/null 2>&1 ||
		die "cannot reach MariaDB as root without a password; set KPU_DB_ROOT_USER and KPU_DB_ROOT_PASSWORD"
	DB_ROOT_USER="kpu_etik_admin"
	DB_ROOT_PASSWORD="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
	local host
	for host in localhost 127.0.0.1 ::1; do
		mariadb -uroot -e "CREATE USER IF NOT EXISTS '$DB_ROOT_USER'@'$host' IDENTIFIED BY '$DB_ROOT_PASSWORD';
			ALTER USER '$DB_ROOT_USER'@'$host' IDENTIFIED BY '$DB_ROOT_PASSWORD';
			GRANT ALL PRIVILEGES ON *.* TO '$DB_ROOT_USER'@'$host' WITH GRANT OPTION;"
	done
	(umask 077 && printf '%s:%s\n' "$DB_ROOT_USER" "$DB_ROOT_PASSWORD" >"$file")
	[ "$(id -u)" = 0 ] && chown "$BENCH_USER" "$file"
	return 0
}

# Frappe needs utf8mb4 with utf8mb4_unicode_ci.
ensure_mariadb_charset() {
	local collation
	collation="$(mariadb -uroot -N -e 'select @@collation_server' 2>/dev/null || true)"
	[ "$collation" = "utf8mb4_unicode_ci" ] && return 0
	if [ -z "$collation" ]; then
		say "Cannot check MariaDB's collation; it must be utf8mb4_unicode_ci"
		return 0
	fi
	say "Setting MariaDB to utf8mb4 / utf8mb4_unicode_ci"
	mariadb -uroot -e "SET GLOBAL character_set_server='utf8mb4'; SET GLOBAL collation_server='utf8mb4_unicode_ci';"
	for dir in /etc/mysql/mariadb.conf.d /etc/mysql/conf.d; do
		if [ -d "$dir" ] && [ -w "$dir" ]; then
			printf '[mysqld]\ncharacter-set-client-handshake = FALSE\ncharacter-set-server = utf8mb4\ncollation-server = utf8mb4_unicode_ci\n\n[mysql]\ndefault-character-set = utf8mb4\n' \
				>"$dir/60-kpu-etik-frappe.cnf"
			break
		fi
	done
}

# Use the machine's Redis when it answers; bench then needs no Redis processes of its own.
use_machine_redis() {
	command -v redis-cli >/dev/null || return 0
	redis-cli -u "$REDIS_URL" ping 2>/dev/null | grep -q PONG || return 0
	local key
	for key in redis_cache redis_queue redis_socketio; do
		run_bench set-config -g "$key" "$REDIS_URL" >/dev/null
	done
	as_bench_user sed -i '/^redis_cache:/d;/^redis_queue:/d' "$BENCH_DIR/Procfile"
}

# Put this checkout's app into the bench (a copy: the bench user may not be able to read the
# checkout's own folder) and make sure the bench's Python imports it.
sync_app() {
	local target="$BENCH_DIR/apps/kpu_etik"
	as_bench_user mkdir -p "$target"
	# The files git would commit (tracked, or new and not ignored): no caches, no virtualenvs.
	(cd "$REPO" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf -) |
		as_bench_user bash -c "cd '$target' && find . -mindepth 1 -delete && umask 022 && tar -xf -"
	# (Re)install into the bench's Python when the app is new there or its dependencies changed.
	local stamp="$BENCH_DIR/env/.kpu_etik_pyproject"
	if ! (cd "$BENCH_DIR/sites" && as_bench_user ../env/bin/python -c "import kpu_etik.hooks") >/dev/null 2>&1 ||
		! cmp -s "$target/pyproject.toml" "$stamp"; then
		as_bench_user "$BENCH_DIR/env/bin/python" -m pip install --quiet -e "$target" &&
			as_bench_user cp "$target/pyproject.toml" "$stamp"
	fi
	grep -qx kpu_etik "$BENCH_DIR/sites/apps.txt" || printf '\nkpu_etik' | as_bench_user tee -a "$BENCH_DIR/sites/apps.txt" >/dev/null
	as_bench_user sed -i '/^$/d' "$BENCH_DIR/sites/apps.txt"
	# The app's public files under /assets/kpu_etik (what `bench get-app` does with `bench build`).
	[ -e "$BENCH_DIR/sites/assets/kpu_etik" ] ||
		(cd "$BENCH_DIR/sites" && as_bench_user ../env/bin/python -m frappe.utils.bench_helper frappe build --app kpu_etik >/dev/null)
}

# The demo certificate authority (kpu_etik.signing.demo_pki: certomancer's TSA, OCSP, CRL and CSC
# services on loopback) in the bench's Python, for the demo's signed letters and the signature tests;
# Frappe's own cryptography stays as Frappe pinned it.
install_demo_pki() {
	(cd "$BENCH_DIR/sites" && as_bench_user ../env/bin/python -c "import certomancer, certomancer_csc_dummy, pyhanko.cli") >/dev/null 2>&1 && return 0
	local pinned
	pinned="$(cd "$BENCH_DIR" && env/bin/python -c 'import cryptography; print(cryptography.__version__)')"
	(cd "$BENCH_DIR" && as_bench_user env/bin/python -m pip install --quiet --disable-pip-version-check \
		"certomancer[web-api]>=0.15.1" "certomancer-csc-dummy>=0.4.2" "pyhanko-cli>=0.3.1" "cryptography==$pinned")
}

# The site's name must resolve on this machine: wkhtmltopdf loads a printed page's styles from the
# site's own address (what `bench setup add-to-hosts` does; a real deployment has DNS for it).
ensure_host() {
	getent hosts "$1" >/dev/null 2>&1 && return 0
	if [ -w /etc/hosts ]; then
		printf '127.0.0.1\t%s\t# kpu_etik\n' "$1" >>/etc/hosts
	else
		echo "note: add '127.0.0.1 $1' to /etc/hosts so that PDFs can load their styles" >&2
	fi
}

forget_host() {
	[ -w /etc/hosts ] || return 0
	sed -i "/^127\.0\.0\.1\t$1\t# kpu_etik$/d" /etc/hosts
}
