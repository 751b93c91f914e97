"""Rate limits of the public forms: keyed on the client's real address, counting what was accepted."""

from functools import wraps

import frappe
from frappe import _
from frappe.utils import cint

from kpu_etik.core.network import DEFAULT_TRUSTED_PROXIES, client_address


def set_client_address():
	"""before_request: the address that rate limits and logs see is the client's.

	Corrects Frappe v15's HTTPRequest.set_request_ip, which takes the first X-Forwarded-For entry
	from any client, so a script walked past every rate limit with a random address per call, or used
	up somebody else's. Here X-Forwarded-For counts only from a trusted proxy (site config
	`kpu_etik_trusted_proxies`, a list of addresses or networks; default: this machine, where
	`bench setup production` puts nginx), and then its last untrusted entry is the client.
	Re-check on an upgrade: frappe/auth.py set_request_ip, and that before_request runs after it.
	"""
	request = getattr(frappe.local, "request", None)
	if request is None:
		return
	proxies = frappe.conf.get("kpu_etik_trusted_proxies") or DEFAULT_TRUSTED_PROXIES
	frappe.local.request_ip = client_address(
		request.remote_addr, request.headers.get("X-Forwarded-For"), proxies
	)


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
