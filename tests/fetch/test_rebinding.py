"""DNS rebinding and redirects inward, against real local servers.

The resolver is ours (it answers what each test scripts, and counts the questions) and the
network layer under the connection pool records every address a connection dials and refuses
anything outside 127.0.0.0/8 before a packet leaves. A documentation-style public address
(93.184.216.34) stands for "the internet": the layer records it and routes it to a local
server, so no test ever sends traffic beyond loopback.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import typing
from collections.abc import Iterator
from pathlib import Path

import httpcore
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pipeline.fetch import FetchError, Fetcher, FetchOptions
from tests.support.misbehaving_server import MisbehavingServer, redirect, respond, robots

pytestmark = pytest.mark.anyio

PUBLIC = "93.184.216.34"  # a global address; never dialled for real (routed to a local server)
OPTIONS = FetchOptions(user_agent="KabarchyTest/1.0", timeout_s=2.0, retries=0, host_delay_s=0.0,
                       respect_robots=False)


class LoopbackOnly(httpcore.AsyncNetworkBackend):
    """Records each dialled address; routes PUBLIC to loopback; refuses the rest of the world."""

    def __init__(self, route_public_to: str = "127.0.0.1") -> None:
        self.dialled: list[str] = []
        self._inner = httpcore.AnyIOBackend()
        self._route = route_public_to

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.AsyncNetworkStream:
        self.dialled.append(host)
        target = self._route if host == PUBLIC else host
        if ipaddress.ip_address(target) not in ipaddress.ip_network("127.0.0.0/8"):
            raise httpcore.ConnectError(f"test network: refusing to dial {host}")
        return await self._inner.connect_tcp(target, port, timeout=timeout, local_address=local_address,
                                             socket_options=socket_options)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: typing.Iterable[typing.Any] | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("no unix sockets in these tests")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class ScriptedResolver:
    """Answers each host from a script: the first answers in turn, then the last one forever."""

    def __init__(self, script: dict[str, list[str]]) -> None:
        self.script = script
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        answers = self.script[host]
        index = min(self.asked.count(host), len(answers)) - 1
        return [answers[index]]


@pytest.fixture
def public() -> Iterator[MisbehavingServer]:
    with MisbehavingServer() as server:
        yield server


async def test_rebinding_answer_is_never_dialled(public: MisbehavingServer) -> None:
    """Checked as public, then the name turns to an internal address: we still dial the checked one."""
    port = public.bound_port
    public.route("/news", respond("<p>public page</p>"))
    # The "internal service" on another loopback address, same port: a second lookup would reach it.
    with MisbehavingServer(host="127.0.0.2", port=port) as internal:
        internal.route("/news", respond("<p>internal secret</p>"))
        resolver = ScriptedResolver({"news.test": [PUBLIC, "127.0.0.2"]})
        network = LoopbackOnly()
        async with Fetcher(OPTIONS, resolver=resolver, network=network) as fetcher:
            result = await fetcher.fetch(f"http://news.test:{port}/news")
        assert result.text == "<p>public page</p>"
        assert internal.requests == []
    assert resolver.asked == ["news.test"]  # resolved once
    assert network.dialled == [PUBLIC]
    assert public.requests[0].headers["host"] == f"news.test:{port}"


async def test_rebinding_cannot_reach_internal_through_robots_or_second_fetch(public: MisbehavingServer) -> None:
    port = public.bound_port
    public.route("/robots.txt", robots("User-agent: *\nAllow: /\n"))
    public.route("/a", respond("a"))
    resolver = ScriptedResolver({"news.test": [PUBLIC, "169.254.169.254"]})
    network = LoopbackOnly()
    options = FetchOptions(user_agent="KabarchyTest/1.0", timeout_s=2.0, retries=0, host_delay_s=0.0)
    async with Fetcher(options, resolver=resolver, network=network) as fetcher:
        # The page's lookup is checked (public); robots.txt's own lookup turns inward and is refused.
        assert (await fetcher.fetch(f"http://news.test:{port}/a")).text == "a"
        with pytest.raises(FetchError) as caught:  # every later lookup answers 169.254.169.254
            await fetcher.fetch(f"http://news.test:{port}/a")
    assert caught.value.kind == "private_address"
    assert network.dialled == [PUBLIC]  # one connection, to the checked address
    assert public.hits("/robots.txt") == 0 and public.hits("/a") == 1


async def test_redirect_to_private_address_is_refused_before_dialling(public: MisbehavingServer) -> None:
    port = public.bound_port
    public.route("/to-metadata", redirect(f"http://metadata.test:{port}/latest/meta-data/"))
    public.route("/to-loopback", redirect(f"http://127.0.0.1:{port}/secret"))
    public.route("/to-lan", redirect(f"http://router.test:{port}/admin"))
    resolver = ScriptedResolver({"news.test": [PUBLIC], "metadata.test": ["169.254.169.254"],
                                 "127.0.0.1": ["127.0.0.1"], "router.test": ["192.168.1.1"]})
    network = LoopbackOnly()
    async with Fetcher(OPTIONS, resolver=resolver, network=network) as fetcher:
        for path in ("/to-metadata", "/to-loopback", "/to-lan"):
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(f"http://news.test:{port}{path}")
            assert caught.value.kind == "private_address", path
    assert set(network.dialled) == {PUBLIC}
    assert [r.path for r in public.requests] == ["/to-metadata", "/to-loopback", "/to-lan"]


def _certificate(tmp_path: Path, name: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A self-signed certificate for `name`: (server context, client context trusting it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_file, key_file)
    client = ssl.create_default_context(cafile=str(cert_file))
    return server, client


async def test_tls_keeps_the_server_name_while_dialling_the_checked_address(tmp_path: Path) -> None:
    server_tls, client_tls = _certificate(tmp_path, "news.test")
    with MisbehavingServer(tls=server_tls) as server:
        server.route("/secure", respond("<p>over TLS</p>"))
        resolver = ScriptedResolver({"news.test": [PUBLIC, "10.0.0.5"]})
        network = LoopbackOnly()
        async with Fetcher(OPTIONS, resolver=resolver, network=network, verify=client_tls) as fetcher:
            result = await fetcher.fetch(f"https://news.test:{server.bound_port}/secure")
        assert result.text == "<p>over TLS</p>"
        assert server.server_names == ["news.test"]  # SNI is the URL's name, not the address
        assert server.requests[0].headers["host"] == f"news.test:{server.bound_port}"
        assert network.dialled == [PUBLIC]


async def test_certificate_for_another_name_is_refused(tmp_path: Path) -> None:
    server_tls, client_tls = _certificate(tmp_path, "other.test")
    with MisbehavingServer(tls=server_tls) as server:
        server.route("/secure", respond("x"))
        resolver = ScriptedResolver({"news.test": [PUBLIC]})
        async with Fetcher(OPTIONS, resolver=resolver, network=LoopbackOnly(), verify=client_tls) as fetcher:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(f"https://news.test:{server.bound_port}/secure")
        assert caught.value.kind == "network"
        assert server.requests == []


async def test_a_non_ascii_host_name_dials_its_checked_address(public: MisbehavingServer) -> None:
    port = public.bound_port
    public.route("/news", respond("<p>кабар</p>"))
    resolver = ScriptedResolver({"кабар.test": [PUBLIC, "127.0.0.2"]})
    network = LoopbackOnly()
    async with Fetcher(OPTIONS, resolver=resolver, network=network) as fetcher:
        assert (await fetcher.fetch(f"http://кабар.test:{port}/news")).text == "<p>кабар</p>"
    assert network.dialled == [PUBLIC] and resolver.asked == ["кабар.test"]
    assert public.requests[0].headers["host"] == f"xn--80aac8a7a.test:{port}"
