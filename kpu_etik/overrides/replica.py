"""Correction: heavy reads on a MariaDB replica, the Frappe way (`read_from_replica`, `replica_host`,
`replica_db_port` in the site config), made safe for an election office.

Frappe sends a function decorated with `frappe.read_only()` to the replica: list views and their
counts, query reports, exports, sidebar stats, the workspace's cards. The app marks its own heavy
reads the same way (`frappe.read_only()` on the public registers and their download, the portal
home, the Desk home's counts, the compliance report's sections).

What stays on the primary, and why:
- every form load, save, workflow action and link search: the officer expects to see what was just
  written, and the controllers read before they write (a replica cannot take the write);
- a read in a transaction that has already written (a job building one office's report after
  another, a test): only the primary has those rows (noted by `notes_writes`);
- a signed-in user's reads for a moment after their own write, until the replica shows it
  (`MASTER_GTID_WAIT` on their last GTID, at most `CATCH_UP_SECONDS`);
- whatever decides a duplicate (a compliance report's period key, an import's claim, a complaint's
  receipt code): such checks are part of the write that follows them;
- every read of the scheduler and the job queue's claims and locks (`jobs.py`), which are writes.
"""

import frappe
from frappe import _

from kpu_etik.overrides.base import Correction, is_ours, looks_up

DOWN_KEY = "kpu_etik:replica_down"
LAST_WRITE_KEY = "kpu_etik:last_write_gtid"
DOWN_SECONDS = 30  # a replica that refused is not tried again for this long (site-wide)
CATCH_UP_SECONDS = 0.5  # how long a read waits for the replica to show the user's own last write
REMEMBER_WRITE_SECONDS = 300
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def install():
	"""`before_request` / `before_job`: every `frappe.read_only()` read goes through `connect_replica`,
	the database connection knows whether its transaction has written, and an error logged while
	reading on the replica is written later, on the primary."""
	from frappe.database.database import Database

	if frappe.connect_replica is not connect_replica:
		frappe.connect_replica = connect_replica
	if not getattr(Database.check_transaction_status, "kpu_etik", False):
		Database.check_transaction_status = notes_writes(Database.check_transaction_status)
	if not getattr(frappe.log_error, "kpu_etik", False):
		frappe.log_error = defers_on_replica(frappe.log_error)


def check() -> str | None:
	from frappe.database import database

	if frappe.connect_replica is not connect_replica:
		return "frappe.connect_replica is not the app's"
	if not looks_up(frappe.read_only, "connect_replica", frappe):
		return "frappe.read_only no longer calls frappe.connect_replica"
	if not is_ours(database.Database.check_transaction_status, "kpu_etik"):
		return "Database.check_transaction_status is not the app's wrapper"
	if not looks_up(database.Database.sql, "check_transaction_status", database):
		return "Database.sql no longer calls check_transaction_status"
	if not is_ours(frappe.log_error, "kpu_etik"):
		return "frappe.log_error is not the app's wrapper"
	return None


CORRECTION = Correction(
	name="replica",
	frappe_does=(
		"frappe.read_only() opens the replica lazily (a stopped replica is a 500), reads on the primary"
		" after a first read_only block, misses the user's own recent write, forgets writes before a"
		" savepoint, and writes an error log on the read-only replica"
	),
	app_needs=(
		"The replica checked before the switch (else the primary), read-your-writes by GTID, writes noted"
		" until commit, errors logged on the primary"
	),
	checked_on=("15.44.2",),
	guards_personal_data=False,
	install=install,
	check=check,
)


def notes_writes(check_transaction_status):
	"""Wraps `Database.check_transaction_status`, which every query passes through. Frappe's own
	count (`transaction_writes`) is set back to 0 by `rollback to savepoint`, though the writes made
	before the savepoint are still in the transaction, and misses `replace`: `wrote` is kept
	until the transaction itself commits or rolls back."""

	def wrapper(self, query):
		check_transaction_status(self, query)
		head = query.lstrip()[:8].lower()
		if head.startswith(("insert", "update", "delete", "replace")):
			self.kpu_etik_wrote = True
		elif query.strip().lower() in ("commit", "rollback"):
			self.kpu_etik_wrote = False

	wrapper.kpu_etik = True
	return wrapper


def defers_on_replica(log_error):
	"""Wraps `frappe.log_error`: inside a read on the replica (a report that fails), the Error Log is
	queued for a later insert (Frappe's own `defer_insert`) instead of being written on the replica,
	which refuses it (read-only) and turned the report's error into a 500."""

	def wrapper(*args, **kwargs):
		if reading_from_replica():
			kwargs["defer_insert"] = True
		return log_error(*args, **kwargs)

	wrapper.kpu_etik = True
	return wrapper


def connect_replica() -> bool:
	"""Replaces `frappe.connect_replica`, which `frappe.read_only()` and the maintenance mode call.

	Corrects three things in Frappe v15:
	1. a replica that is stopped or refuses made every read-only request end as a 500 (the replica
	   connection is opened lazily, inside the read): the connection is opened here, and on failure
	   the read is made on the primary; the replica is left alone for `DOWN_SECONDS`;
	2. after a first `read_only` block, `local.primary_db` and `local.replica_db` stay set, so every
	   later block of the same request or job silently read on the primary: it connects again;
	3. a read that must see a write the replica may not have (this transaction's, or the user's last
	   request's) is made on the primary.
	Returns True when the connection was switched (the caller switches back), as Frappe's does.
	Re-check on upgrade: `frappe.read_only`, `frappe.connect_replica` and
	`frappe.app.setup_read_only_mode`, which must still look `connect_replica` up at call time.
	"""
	local = frappe.local
	if getattr(local, "replica_db", None) is not None and local.db is local.replica_db:
		return False  # already reading from the replica (a nested read_only block)
	if not must_read_primary() and (replica := open_replica()):
		local.replica_db = replica
		local.primary_db = local.db
		local.db = replica
		return True
	return False


def must_read_primary() -> bool:
	# (expires=True: read from Redis each time, not from the request's own copy of the cache)
	db = frappe.local.db
	return bool(db and getattr(db, "kpu_etik_wrote", False)) or bool(
		frappe.cache.get_value(DOWN_KEY, expires=True)
	)


def open_replica():
	"""A connection to the replica, or None (logged) when it cannot be had or lags behind the user."""
	from frappe.database import get_db

	conf = frappe.local.conf
	user, password = conf.db_name, conf.db_password
	if conf.different_credentials_for_replica:
		user, password = conf.replica_db_name, conf.replica_db_password
	replica = get_db(
		host=conf.replica_host,
		port=conf.replica_db_port,
		user=user,
		password=password,
		cur_db_name=conf.db_name,
	)
	try:
		replica.connect()
		gtid = last_write_to_see()
		if (
			gtid
			and not has_applied(replica, gtid)
			and replica.sql("select master_gtid_wait(%s, %s)", (gtid, CATCH_UP_SECONDS))[0][0] != 0
		):
			replica.close()
			return None  # lagging behind this user's own write: read it where it is
	except Exception:
		frappe.cache.set_value(DOWN_KEY, 1, expires_in_sec=DOWN_SECONDS)
		frappe.log_error(_("The database replica could not be reached; reading from the primary"))
		return None
	return replica


def last_write_to_see() -> str | None:
	"""The newest GTID this read must see: the last transaction committed on this connection (a job,
	a test, this request) or the signed-in user's last write in an earlier request."""
	seen = [frappe.local.db.sql("select @@last_gtid")[0][0]]
	user = getattr(getattr(frappe.local, "session", None), "user", None)
	if user and user != "Guest":
		seen.append(frappe.cache.get_value(f"{LAST_WRITE_KEY}:{user}", expires=True))
	return newest_gtid(seen)


def has_applied(connection, gtid: str) -> bool:
	"""Whether the server behind `connection` already has the transaction `gtid` ('0-1-120').

	MASTER_GTID_WAIT only follows what replication applied (`gtid_slave_pos`): asked on a
	`replica_host` that is the primary itself (Frappe's own TestReplicaConnections, a single-server
	setup), it waited out `CATCH_UP_SECONDS` for the primary's own commit and the read stayed there.
	`gtid_current_pos` also holds what the server wrote itself."""
	domain, _server, sequence = gtid.split("-")
	for position in str(connection.sql("select @@gtid_current_pos")[0][0] or "").split(","):
		parts = position.strip().split("-")
		if len(parts) == 3 and parts[0] == domain and parts[2].isdigit() and int(parts[2]) >= int(sequence):
			return True
	return False


def newest_gtid(gtids) -> str | None:
	"""'0-1-120' of ['0-1-99', '0-1-120', None]: the highest sequence number (one replication domain)."""
	known = [g for g in gtids if g and g.count("-") == 2 and g.rsplit("-", 1)[1].isdigit()]
	return max(known, key=lambda g: int(g.rsplit("-", 1)[1]), default=None)


def remember_own_write():
	"""`after_request`: the GTID of a signed-in user's write, so their next reads wait for it."""
	request = getattr(frappe.local, "request", None)
	db = frappe.local.db
	if (
		not frappe.conf.read_from_replica
		or request is None
		or request.method not in UNSAFE_METHODS
		or not db
		or frappe.session.user == "Guest"
	):
		return
	try:
		gtid = db.sql("select @@last_gtid")[0][0]
	except Exception:
		return
	if gtid:
		frappe.cache.set_value(
			f"{LAST_WRITE_KEY}:{frappe.session.user}", gtid, expires_in_sec=REMEMBER_WRITE_SECONDS
		)


def reading_from_replica() -> bool:
	"""True inside a read that is being served by the replica (for tests and the load test)."""
	replica = getattr(frappe.local, "replica_db", None)
	return replica is not None and frappe.local.db is replica
