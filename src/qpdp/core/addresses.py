"""The client's address, the same for the audit log and the login lockout (django-axes).

Behind a reverse proxy every request comes from the proxy: its address would lock every officer
out after five failures anywhere, and the audit log would show one address. The address in
``X-Forwarded-For`` is believed only when the request came from a proxy listed in
``QPDP_TRUSTED_PROXIES`` (addresses or networks); the header is read from the right, skipping
those proxies, so a client cannot choose its address by sending the header itself.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str | None:
    """The peer's address, or the forwarded one when the peer is a trusted proxy."""
    peer = request.META.get("REMOTE_ADDR")
    networks = _networks(tuple(settings.QPDP_TRUSTED_PROXIES))
    if not peer or not networks or not _trusted(peer, networks):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a malformed chain: keep what the connection says
        if not _trusted(hop, networks):
            return hop
    return peer
