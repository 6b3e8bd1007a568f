"""Address checks: which addresses count as public, and refusals before any connection."""

from __future__ import annotations

import pytest

from pipeline.netguard import AddressRefused, check_url, is_public

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fe80::1%eth0",
    "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2001:db8::1",
])
def test_non_public_addresses(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "212.42.96.1", "2a00:1450:4001::1", "::ffff:8.8.8.8"])
def test_public_addresses(address: str) -> None:
    assert is_public(address)


def fake_resolver(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    async def resolver(host: str, port: int) -> list[str]:
        return table[host]

    return resolver


async def test_host_with_any_private_address_is_refused() -> None:
    resolver = fake_resolver({"news.example": ["93.184.216.34", "10.0.0.5"], "ok.example": ["93.184.216.34"]})
    with pytest.raises(AddressRefused) as caught:
        await check_url("https://news.example/a", allow_private=False, resolver=resolver)
    assert caught.value.kind == "private_address"
    await check_url("https://ok.example/a", allow_private=False, resolver=resolver)


async def test_literal_loopback_is_refused_with_the_real_resolver() -> None:
    with pytest.raises(AddressRefused) as caught:
        await check_url("http://127.0.0.1:8080/x", allow_private=False)
    assert caught.value.kind == "private_address"
    with pytest.raises(AddressRefused):
        await check_url("http://[::1]/x", allow_private=False)
    await check_url("http://127.0.0.1:8080/x", allow_private=True)


@pytest.mark.parametrize("url", ["ftp://example.org/", "file:///etc/passwd", "javascript:alert(1)",
                                 "http://", "http://example.org:99999/", "example.org/page", "http://[::1/",
                                 "http://exa mple.org/", "http://a..b/", "http://" + "a" * 70 + ".org/"])
async def test_bad_urls(url: str) -> None:
    with pytest.raises(AddressRefused) as caught:
        await check_url(url, allow_private=False)
    assert caught.value.kind == "bad_url"
