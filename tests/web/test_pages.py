"""Server-rendered pages: every state in the URL, the language chosen and kept, untrusted text
escaped, security headers, the rate limit and the token for actions that change state."""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.web.conftest import Site, build_site
from web.security import RateLimiter

PAGES = ["/", "/search?q=ЦИК", "/search?q=ЦИК&q=шайлоо", "/articles/ru-04", "/entities", "/entities?q=ЦИКа",
         "/entities/body:cec", "/statements", "/sources", "/api/docs"]


class ActiveContent(HTMLParser):
    """Collects what a browser would run or load from a page: script, frames, images, event
    handler attributes and javascript: addresses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "img", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.found.append(f"{tag}[{name}={value}]")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_a_strict_policy_and_no_inline_script(site: Site, path: str) -> None:
    resp = site.client.get(path)
    assert resp.status_code == 200
    csp = resp.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in resp.text.lower()
    assert re.search(r"<html lang=\"ru\">", resp.text)


@pytest.mark.parametrize(("lang", "header", "word"), [
    ("ky", None, "Издөө"), ("en", None, "Search"), (None, "en-US,en;q=0.9", "Search"),
    (None, "ky-KG;q=0.9,ru;q=0.5", "Издөө"), (None, "de-DE", "Поиск"), ("xx", None, "Поиск"),
])
def test_language_from_the_url_then_accept_language_then_russian(site: Site, lang: str | None, header: str | None,
                                                                  word: str) -> None:
    headers = {"Accept-Language": header} if header else {}
    resp = site.client.get("/search", params={"q": "ЦИК", **({"lang": lang} if lang else {})}, headers=headers)
    expected = {"Издөө": "ky", "Search": "en", "Поиск": "ru"}[word]
    assert f'<html lang="{expected}">' in resp.text
    assert f">{word}<" in resp.text


def test_the_chosen_language_is_kept_in_links_and_forms(site: Site) -> None:
    html = site.client.get("/search", params={"q": "ЦИК", "lang": "ky"}).text
    hrefs = re.findall(r'href="(/[^"]*)"', html)
    internal = [h for h in hrefs if not h.startswith(("/static", "/api"))]
    assert internal and all("lang=" in h for h in internal), [h for h in internal if "lang=" not in h]
    assert all("lang=ky" in h for h in internal if "lang=ru" not in h and "lang=en" not in h)
    assert '<input type="hidden" name="lang" value="ky">' in html
    switch = re.findall(r'hreflang="ru" href="([^"]*)"', html)[0]
    assert "q=%D0%A6%D0%98%D0%9A" in switch and "lang=ru" in switch


def test_dates_and_numbers_follow_the_interface_language(site: Site) -> None:
    ru = site.client.get("/articles/ru-04", params={"lang": "ru"}).text
    en = site.client.get("/articles/ru-04", params={"lang": "en"}).text
    assert "окт. 2021" in ru and "Oct 27, 2021" in en


def test_search_page_state_lives_in_the_url(site: Site) -> None:
    html = site.client.get("/search", params={"q": "ЦИК", "interval": "week", "scale": "share",
                                              "entity": "body:cec", "sort": "date"}).text
    assert 'name="interval" value="week"' in html and 'name="scale" value="share"' in html
    assert 'name="entity" value="body:cec"' in html
    assert '<option value="date" selected>' in html
    # every bar links to that bucket's articles, keeping the filters
    bars = re.findall(r'<a href="(/search\?[^"]*)"><rect class="bar"', html)
    assert bars and all("entity=body%3Acec" in b and "from=" in b and "to=" in b for b in bars)


def test_facet_links_add_a_filter_and_chips_remove_it(site: Site) -> None:
    html = site.client.get("/search", params={"q": "ЦИК"}).text
    assert "/search?q=%D0%A6%D0%98%D0%9A&amp;entity=body%3Acec" in html
    filtered = site.client.get("/search", params={"q": "ЦИК", "entity": "body:cec"}).text
    assert 'href="/search?q=%D0%A6%D0%98%D0%9A" aria-label' in filtered


def test_article_text_links_mentions_and_marks_statements(site: Site) -> None:
    html = site.client.get("/articles/ru-04").text
    assert re.search(r'<a class="mention" href="/entities/body%3Agknb"[^>]*>ГКНБ</a>', html)
    assert '<q class="statement"' in html


@pytest.mark.parametrize("path", ["/search?q=выборы", "/articles/hostile-01", "/entities/prov-person:evil",
                                  "/statements?q=итоги", "/sources", "/search?q=<script>alert(1)</script>"])
def test_untrusted_text_is_escaped_everywhere(site: Site, path: str) -> None:
    html = site.client.get(path).text
    assert active_content(html) == []
    if path == "/articles/hostile-01":
        assert "&lt;script&gt;window.__xss=&#39;title&#39;&lt;/script&gt;" in html  # shown as text


def test_rate_limit_answers_429_with_retry_after(tmp_path: Path) -> None:
    limited = build_site(tmp_path, "sqlite", rate_limit_per_minute=5)
    with limited.client as client:
        answers = [client.get("/api/sources").status_code for _ in range(6)]
        assert answers == [200] * 5 + [429]
        resp = client.get("/api/sources")
        assert resp.status_code == 429 and int(resp.headers["retry-after"]) >= 1
        assert "too many requests" in resp.json()["error"]["message"]
        assert client.get("/sources").status_code == 200  # pages are not rate-limited


def test_rate_limiter_refills_over_time() -> None:
    limiter = RateLimiter(60)
    assert all(limiter.check("a", now=0.0) == 0 for _ in range(60))
    assert limiter.check("a", now=0.0) > 0 and limiter.check("b", now=0.0) == 0
    assert limiter.check("a", now=2.0) == 0


def test_actions_need_the_configured_token(tmp_path: Path) -> None:
    ran = threading.Event()
    off = build_site(tmp_path / "off", "sqlite", actions={"run": ran.set})
    with off.client as client:
        resp = client.post("/api/actions/run")
        assert resp.status_code == 403 and "no web.admin_token" in resp.json()["error"]["message"]
    on = build_site(tmp_path / "on", "sqlite", admin_token="s3cret-token", actions={"run": ran.set})
    with on.client as client:
        assert client.post("/api/actions/run").status_code == 401
        assert client.post("/api/actions/run", headers={"Authorization": "Bearer wrong"}).status_code == 403
        assert client.get("/api/actions/run").status_code == 405
        assert not ran.is_set()
        ok = client.post("/api/actions/run", headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 202 and ran.wait(5)
        assert client.post("/api/actions/nothing", headers={"Authorization": "Bearer s3cret-token"}).status_code == 404


def test_the_server_never_fetches_a_visitor_supplied_address(site: Site) -> None:
    # No route takes an address to fetch: parameters named like one are ignored, never followed.
    paths = site.client.get("/openapi.json").json()["paths"]
    names = {p["name"] for ops in paths.values() for op in ops.values() for p in op.get("parameters", [])}
    assert not names & {"url", "href", "src", "link", "fetch", "callback"}


def test_page_errors_are_pages_with_the_right_status(site: Site) -> None:
    resp = site.client.get("/articles/nope", params={"lang": "en"})
    assert resp.status_code == 404 and '<html lang="en">' in resp.text and "no article" in resp.text
    bad = site.client.get("/search", params={"from": "yesterday"})
    assert bad.status_code == 400 and "not a date" in bad.text


