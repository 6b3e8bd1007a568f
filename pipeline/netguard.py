"""Address checks made before every request, so a feed or a redirect cannot point us inward.

A source's feed could link (or redirect) to `http://127.0.0.1:9200/` or a cloud metadata
address; fetching it would leak internal data into the archive. Every hop is checked: the
scheme must be http(s) and every address the host resolves to must be public, unless the
caller allows private addresses (fixtures and the offline demo live on 127.0.0.1).

The name is resolved once: `checked_address` returns the address that passed, and the fetcher
dials exactly that address (`pipeline.dialer`), so a DNS answer that changes between the check
and the connect (rebinding) cannot point us inward.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

Resolver = Callable[[str, int], Awaitable[list[str]]]

SCHEMES = ("http", "https")


class AddressRefused(ValueError):
    """The URL may not be fetched; `kind` is 'bad_url' or 'private_address'."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def is_public(address: str) -> bool:
    """True for a globally routable unicast address (IPv4-mapped IPv6 judged as its IPv4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
        or ip.is_multicast or ip.is_unspecified
    )


async def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (IP literals resolve to themselves)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def split_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, or AddressRefused('bad_url')."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise AddressRefused("bad_url", f"malformed URL {url!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise AddressRefused("bad_url", f"only http and https URLs are fetched, not {url!r}")
    if not parts.hostname or any(char.isspace() for char in parts.hostname):
        raise AddressRefused("bad_url", f"URL has no usable host: {url!r}")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


async def checked_address(url: str, *, allow_private: bool, resolver: Resolver = resolve) -> tuple[str, int, str]:
    """(host, port, address to dial) for `url`; AddressRefused unless it is http(s) and (when
    required) every address its host resolves to is public.

    Resolution failures propagate as OSError (socket.gaierror): a network error, not a refusal.
    """
    _, host, port = split_url(url)
    try:
        addresses = await resolver(host, port)
    except UnicodeError:  # IDNA refuses the name (empty or over-long label)
        raise AddressRefused("bad_url", f"not a valid host name: {host!r}") from None
    if not addresses:
        raise OSError(f"{host} resolves to no address")
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise AddressRefused("private_address", f"{host} resolves to non-public address {address}")
    return host, port, addresses[0]


async def check_url(url: str, *, allow_private: bool, resolver: Resolver = resolve) -> None:
    """Raise AddressRefused unless `url` may be fetched (see `checked_address`)."""
    await checked_address(url, allow_private=allow_private, resolver=resolver)
