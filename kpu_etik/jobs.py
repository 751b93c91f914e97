"""The app's long background jobs (imports, screening, compliance reports): one way to queue them,
safe on several workers at once and after a worker dies.

- Every long job runs on the `long` queue with `LONG_TIMEOUT`, under a lock named after what it
  writes (an office's roster, a shard of the screening, one office's report for one period).
- The lock is MariaDB's own `GET_LOCK` on the primary: it holds across every worker and machine
  that share the database, a second job with the same lock waits its turn, and it is freed by the
  server the moment a dead worker's connection drops, so a retry never waits for a ghost.
- Each job is idempotent under its lock (upserts, a period key, a claim on a queued request), so a
  job that waited, or a job run again after a worker died, leaves what one run leaves.
"""

import hashlib
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils.background_jobs import get_job
from rq.job import JobStatus

LONG_TIMEOUT = 4 * 3600  # a national import or screening, with room to spare


def enqueue_long(
	method: str,
	job_id: str | None = None,
	lock: str | None = None,
	now: bool = False,
	after_commit: bool = True,
	**kwargs,
):
	"""Queue ``method`` on the long queue once the current transaction commits (at once with
	``after_commit=False``, for a read that commits nothing; run now with ``now`` and in tests,
	returning its result). With a ``job_id``, asking again while that job is queued or
	running queues nothing more; the job runs holding ``lock`` (default: the job id).

	Frappe's own `deduplicate` is not used: it takes a job that RQ still lists as started for a
	running one, which after a worker died (SIGKILL, a lost machine) is true until the job's timeout,
	four hours here, so a retry would be silently dropped. A started job is running only while its
	lock is held."""
	now = now or frappe.flags.in_test
	if job_id and not now and (known := get_job(job_id)):
		if job_is_working(known, lock or job_id):
			return None
		known.delete()  # RQ keeps the old job's arguments under a reused id (rq/rq#793)
	return frappe.enqueue(
		"kpu_etik.jobs.run_alone",
		queue="long",
		timeout=LONG_TIMEOUT,
		job_id=job_id,
		now=now,
		enqueue_after_commit=after_commit,
		job_method=method,
		job_lock=lock or job_id,
		**kwargs,
	)


def run_alone(job_method: str, job_lock: str | None = None, **kwargs):
	"""The job itself: ``job_method`` run while holding ``job_lock``."""
	with exclusive(job_lock):
		return frappe.get_attr(job_method)(**kwargs)


def lock_name(key: str) -> str:
	# MariaDB's locks are server-wide and their names at most 64 characters: one site's, hashed.
	return "kpu_etik:" + hashlib.sha1(f"{frappe.conf.db_name}:{key}".encode()).hexdigest()


@contextmanager
def exclusive(key: str | None, wait: int = LONG_TIMEOUT):
	"""Hold the lock ``key`` (waiting up to ``wait`` seconds for another job to release it)."""
	if not key:
		yield
		return
	name = lock_name(key)
	if frappe.db.sql("select get_lock(%s, %s)", (name, wait))[0][0] != 1:
		frappe.throw(_("Another job is still working on the same records; try again later."))
	try:
		yield
	finally:
		frappe.db.sql("select release_lock(%s)", (name,))


def is_working(job_id: str, lock: str | None = None) -> bool:
	"""True while the job waits in the queue, or RQ lists it as started and its lock is held (a dead
	worker's lock is freed with its connection)."""
	job = get_job(job_id)
	return bool(job) and job_is_working(job, lock or job_id)


def job_is_working(job, lock: str) -> bool:
	status = job.get_status()
	return status == JobStatus.QUEUED or (status == JobStatus.STARTED and lock_in_use(lock))


def claim(doctype: str, name: str, from_status: str, to_status: str) -> bool:
	"""Take a queued request for this job: True for the one job whose update found it still
	``from_status`` (committed at once, so every other worker sees it taken)."""
	frappe.db.sql(
		f"update `tab{doctype}` set status = %s where name = %s and status = %s",
		(to_status, name, from_status),
	)
	taken = frappe.db._cursor.rowcount == 1
	if not frappe.flags.in_test:
		frappe.db.commit()
	return taken


def lock_in_use(key: str) -> bool:
	return frappe.db.sql("select is_used_lock(%s)", (lock_name(key),))[0][0] is not None
