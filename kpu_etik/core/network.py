"""Which address a request comes from, when proxies stand in front of the application.

A client may put anything in X-Forwarded-For. Only a proxy the site trusts (nginx on the same
machine, a load balancer) adds true entries, each appending the address it received the request
from. So the client is the rightmost entry that is not a trusted proxy, and X-Forwarded-For counts
only when the direct peer is a trusted proxy. No proxy is trusted unless the site names it (site
config `kpu_etik_trusted_proxies`): a loopback peer is not one by default, since anything on the
machine, or a server port reached by mistake, would then choose its own address.
"""

import ipaddress
from collections.abc import Iterable


def _address(text: str):
	try:
		return ipaddress.ip_address(text.strip().strip("[]"))
	except ValueError:
		return None


def is_trusted(address, proxies: Iterable[str]) -> bool:
	ip = _address(address) if isinstance(address, str) else address
	if ip is None:
		return False
	for proxy in proxies:
		try:
			if ip in ipaddress.ip_network(proxy.strip(), strict=False):
				return True
		except ValueError:
			continue
	return False


def client_address(peer: str | None, forwarded_for: str | None, proxies: Iterable[str]) -> str:
	"""The client's address: the peer, or, behind trusted proxies, the last untrusted forwarded one."""
	proxies = tuple(proxies)
	peer = (peer or "").strip() or "0.0.0.0"
	if not forwarded_for or not is_trusted(peer, proxies):
		return peer
	for entry in reversed(forwarded_for.split(",")):
		ip = _address(entry)
		if ip is None:
			break  # a malformed entry was written by the client: nothing left of it can be believed
		if not is_trusted(ip, proxies):
			return str(ip)
	return peer
