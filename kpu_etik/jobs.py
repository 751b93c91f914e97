"""The app's long background jobs (imports, screening): one way to queue them."""

import frappe

LONG_TIMEOUT = 4 * 3600  # a national import or screening, with room to spare


def enqueue_long(method: str, job_id: str | None = None, **kwargs):
	"""Queue ``method`` on the long queue once the current transaction commits (at once in tests).
	With a ``job_id``, asking again while that job is queued or running queues nothing more."""
	frappe.enqueue(
		method,
		queue="long",
		timeout=LONG_TIMEOUT,
		job_id=job_id,
		deduplicate=bool(job_id),
		now=frappe.flags.in_test,
		enqueue_after_commit=True,
		**kwargs,
	)
