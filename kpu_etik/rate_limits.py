"""Rate limits of the public forms, counting what was accepted, keyed on the client's address
(`frappe.local.request_ip`, made trustworthy by kpu_etik.overrides.client_address)."""

from functools import wraps

import frappe
from frappe import _
from frappe.utils import cint


def limit_accepted(limit: int, seconds: int):
	"""Like frappe.rate_limiter.rate_limit, but only calls that succeed count: people behind one
	shared address (a school, an office) are not locked out by each other's mistakes."""

	def decorator(fn):
		@wraps(fn)
		def wrapper(*args, **kwargs):
			if not getattr(frappe.local, "request", None):
				return fn(*args, **kwargs)
			key = frappe.cache.make_key(
				f"kpu_etik:accepted:{fn.__module__}.{fn.__name__}:{frappe.local.request_ip}"
			)
			if cint(frappe.cache.get(key)) >= limit:
				frappe.throw(
					_("Too many submissions from your address. Please try again later."),
					frappe.RateLimitExceededError,
				)
			result = fn(*args, **kwargs)
			if not frappe.cache.get(key):
				frappe.cache.setex(key, seconds, 0)
			frappe.cache.incrby(key, 1)
			return result

		return wrapper

	return decorator
