"""The client's address behind trusted proxies, whatever X-Forwarded-For the client sends."""

import pytest

from kpu_etik.core.network import client_address, is_trusted

# nginx on the same machine and a load balancer, as a site would list them in kpu_etik_trusted_proxies
PROXIES = ("127.0.0.1", "::1", "10.0.0.0/8")


@pytest.mark.parametrize(
	"peer, forwarded, expected",
	[
		("203.0.113.9", None, "203.0.113.9"),
		# a client that talks to the application directly cannot choose its address
		("203.0.113.9", "198.51.100.1", "203.0.113.9"),
		# behind nginx: nginx appends the address it saw; what the client wrote before is ignored
		("127.0.0.1", "198.51.100.1", "198.51.100.1"),
		("127.0.0.1", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
		# behind a load balancer and nginx
		("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.5", "198.51.100.1"),
		# garbage in the header: the proxy's own peer is what remains
		("127.0.0.1", "198.51.100.1, not-an-ip", "127.0.0.1"),
		("::1", "2001:db8::7", "2001:db8::7"),
		("127.0.0.1", "10.0.0.5", "127.0.0.1"),
		(None, None, "0.0.0.0"),
	],
)
def test_the_client_is_the_last_untrusted_hop(peer, forwarded, expected):
	assert client_address(peer, forwarded, PROXIES) == expected


def test_trust_is_by_network_and_bad_entries_are_not_trusted():
	assert is_trusted("10.1.2.3", PROXIES)
	assert not is_trusted("11.1.2.3", PROXIES)
	assert not is_trusted("x", PROXIES)
	assert not is_trusted("10.1.2.3", ("not-a-network",))


@pytest.mark.parametrize("peer", ["127.0.0.1", "::1", "10.0.0.5", "203.0.113.9"])
def test_with_no_proxy_named_nothing_the_client_writes_counts(peer):
	# the default: a site that lists no trusted proxy keys on the peer, loopback included
	for forwarded in ("198.51.100.1", "1.2.3.4, 198.51.100.1", "garbage"):
		assert client_address(peer, forwarded, ()) == peer
