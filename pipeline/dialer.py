"""Dial only addresses that were checked: the answer to DNS rebinding.

`netguard` resolves a host once and checks every address; the fetcher then *pins* the checked
address here, and the connection pool's network backend dials that pinned IP instead of
resolving the name again. The URL keeps its host name, so the Host header, the TLS server name
(SNI) and certificate verification are the original ones, and the pool keeps one connection
per host name, never sharing a TLS session between names on one IP. A host with no pin is
refused before a packet leaves: nothing reaches the network without passing the check.
"""

from __future__ import annotations

import typing

import httpcore
import httpx


class UncheckedHost(httpcore.ConnectError):
    """A connection was asked for a host the fetcher never checked (a bug, never a fallback)."""


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects to the checked address of (host, port); `inner` does the real dialling."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.AnyIOBackend()
        self._pins: dict[tuple[str, int], str] = {}

    def pin(self, host: str, port: int, address: str) -> None:
        """From now on (host, port) connects to `address`, which the caller has checked.

        The pool dials a non-ASCII name in its IDNA (punycode) form, so that form is pinned too.
        """
        name = host.lower().strip("[]")
        self._pins[(name, port)] = address
        if not name.isascii():
            try:
                self._pins[(httpx.URL(f"http://{name}/").raw_host.decode("ascii"), port)] = address
            except (httpx.InvalidURL, UnicodeError):
                pass  # not a name httpx can dial either: the request fails as a bad URL

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.AsyncNetworkStream:
        address = self._pins.get((host.lower().strip("[]"), port))
        if address is None:
            raise UncheckedHost(f"refusing to connect to unchecked host {host}:{port}")
        return await self._inner.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                             socket_options=socket_options)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: typing.Iterable[typing.Any] | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        raise UncheckedHost("unix sockets are never used for fetching")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (request conversion, error mapping) over a pool that dials pins.

    httpx does not take a network backend, so the pool it built is replaced by one that has
    ours, with the same TLS context and limits.
    """

    def __init__(self, backend: PinnedBackend, *, limits: httpx.Limits,
                 verify: typing.Any = True) -> None:
        super().__init__(verify=verify, limits=limits, trust_env=False)
        ssl_context = self._pool._ssl_context  # type: ignore[attr-defined]
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )
