"""The site in a real browser: Debian's chromium, headless, driven by Playwright, against a real
uvicorn on localhost. Screenshots of the search, article and entity pages are saved to
tests/web/screenshots/ (not committed) for a person to look at."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from tests.web.conftest import BULK_SIZE, BULK_WORD, CHROMIUM, Site, require_browser

SHOTS = Path(__file__).parent / "screenshots"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(sqlite_site: Site) -> Iterator[str]:
    server = uvicorn.Server(uvicorn.Config(sqlite_site.app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()
    assert dialogs == [], f"a script ran and opened a dialog: {dialogs}"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_filter_by_entity_open_article_then_entity_chart(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/search")
    page.fill("input[name=q] >> nth=0", "ЦИК")
    page.click("form.search button[type=submit]")
    page.wait_for_url("**/search?q=*")
    assert page.locator("ol.results li.hit").count() > 0
    assert page.locator("figure.chart svg[role=img] rect.bar").count() > 0
    shot(page, "search")
    page.click(".facet-entities a[href*='entity=body%3Acec']")
    page.wait_for_url("**entity=body%3Acec*")
    total = page.locator("table.totals td.total").first.inner_text()
    assert page.locator("ul.chips li").count() == 1
    page.click("ol.results li.hit h3 a >> nth=0")
    page.wait_for_url("**/articles/*")
    assert page.locator("div.text a.mention").count() > 0
    shot(page, "article")
    page.click("div.text a.mention[href*='body%3Acec'] >> nth=0")
    page.wait_for_url("**/entities/body%3Acec*")
    assert "Центральная комиссия" in page.locator("h1.entity-name").inner_text()
    chart = page.locator("section.timeline figure.chart svg[role=img]")
    assert chart.is_visible() and chart.locator("rect.bar").count() > 0
    shot(page, "entity")
    # a bar is a link to that bucket's articles
    href = chart.locator("a").first.get_attribute("href")
    assert "entity=body%3Acec" in href and "from=" in href and total


def test_compare_two_queries_on_one_chart(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/search")
    page.fill("input[name=q] >> nth=0", "ЦИК")
    page.click("details.compare summary")
    page.fill("details.compare input[name=q] >> nth=0", "шайлоо")
    page.click("form.search button[type=submit]")
    page.wait_for_url("**q=*q=*")
    assert page.locator("figure.chart polyline.line").count() == 2
    rows = page.locator("table.totals tbody tr")
    assert rows.count() == 2 and "шайлоо" in rows.nth(1).inner_text()
    colours = {page.locator("figure.chart polyline.line").nth(i).get_attribute("stroke") for i in range(2)}
    assert len(colours) == 2
    shot(page, "compare")


def test_language_switch_is_kept_while_browsing(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/search?q=ЦИК")
    assert page.get_attribute("html", "lang") == "ru"
    page.click("nav.langs a[hreflang=ky]")
    page.wait_for_url("**lang=ky*")
    assert page.get_attribute("html", "lang") == "ky"
    assert page.locator("nav.menu").inner_text().startswith("Издөө")
    page.click("nav.menu a[href^='/entities']")
    assert page.get_attribute("html", "lang") == "ky" and "lang=ky" in page.url
    page.click("nav.langs a[hreflang=en]")
    assert page.get_attribute("html", "lang") == "en" and page.locator("h1").inner_text() == "Entities"


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_article_renders_inert(browser: Any, base_url: str, bypass_csp: bool) -> None:
    """The payloads stay text even with the Content-Security-Policy switched off in the browser."""
    context = browser.new_context(bypass_csp=bypass_csp)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/articles/hostile-01", "/search?q=выборы", "/entities/prov-person:evil", "/statements?q=итоги",
                 "/sources", "/search?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"):
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
        assert page.locator("main script, main img, main iframe").count() == 0, path
    page.goto(base_url + "/articles/hostile-01")
    assert "<script>window.__xss='title'</script>" in page.locator("h1").inner_text()
    assert page.locator("a.original").count() == 0  # its javascript: address is not a link
    if not bypass_csp:
        shot(page, "hostile")
    context.close()
    assert dialogs == []


def test_paging_to_the_end_of_500_hits(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/search?q={BULK_WORD}&source=budget&sort=date&limit=50&group=articles")
    assert page.locator("table.totals td.total").first.inner_text().replace("\u00a0", "").replace(" ", "") == \
        str(BULK_SIZE)
    seen: list[str] = []
    for _ in range(BULK_SIZE // 50 + 2):
        seen += page.locator("ol.results li.hit h3 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        nxt = page.locator("nav.paging a.next")
        if nxt.count() == 0:
            break
        nxt.click()
        page.wait_for_load_state("load")
    assert len(seen) == len(set(seen)) == BULK_SIZE
