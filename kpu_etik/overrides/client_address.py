"""Correction: the address that rate limits and logs see is the client's own.

Frappe v15's ``HTTPRequest.set_request_ip`` takes the first X-Forwarded-For entry from any client, so
a script walked past every rate limit with a random address per call, or used up somebody else's.
Here X-Forwarded-For counts only from a proxy the site names as trusted (site config
``kpu_etik_trusted_proxies``, a list of addresses or networks; none by default, so a server reached
directly keys on its peer's address), and then its last untrusted entry is the client.
docs/deployment.md says what the proxy must set.
"""

import frappe

from kpu_etik.core.network import client_address
from kpu_etik.overrides.base import Correction


def set_client_address():
	"""before_request: the address that rate limits and logs see is the client's."""
	request = getattr(frappe.local, "request", None)
	if request is None:
		return
	proxies = frappe.conf.get("kpu_etik_trusted_proxies") or ()
	frappe.local.request_ip = client_address(
		request.remote_addr, request.headers.get("X-Forwarded-For"), proxies
	)


def install():
	"""Nothing to install: `set_client_address` is a `before_request` hook."""


def check() -> str | None:
	from frappe import app

	if f"{__name__}.set_client_address" not in (frappe.get_hooks("before_request") or []):
		return "set_client_address is not a before_request hook"
	# init_request sets request_ip (HTTPRequest) before it runs the before_request hooks
	if "before_request" not in str(app.init_request.__code__.co_consts) and "before_request" not in (
		app.init_request.__code__.co_names
	):
		return "frappe.app.init_request no longer runs the before_request hooks"
	return None


CORRECTION = Correction(
	name="client_address",
	frappe_does="request_ip is the first X-Forwarded-For entry any client sends",
	app_needs="X-Forwarded-For believed only from a proxy the site trusts; else the peer's address",
	checked_on=("15.44.2",),
	guards_personal_data=False,
	install=install,
	check=check,
)
