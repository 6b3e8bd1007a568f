"""The digest's HTML in headless Chromium: readable with images and scripts off, on a phone and a
desktop; screenshots are saved for a person to look at (KABARCHY_SCREENSHOTS=DIR keeps them)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from digest.render import render
from indexes.digest import SECTIONS
from tests.digest.samples import LINKS, content

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
@pytest.mark.parametrize("width", [375, 800])
def test_digest_html_renders_in_chromium(browser: Browser, tmp_path: Path, lang: str, width: int) -> None:
    page_file = tmp_path / f"digest-{lang}.html"
    page_file.write_text(render(content(lang), sections=SECTIONS, links=LINKS, recipient="reader@example.org").html,
                         encoding="utf-8")
    shots = Path(os.environ.get("KABARCHY_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    requested: list[str] = []
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.on("request", lambda r: requested.append(r.url))
        page.goto(page_file.as_uri())
        shot = shots / f"digest-{lang}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        # Nothing to fetch: no images, fonts or styles from elsewhere (works with images off).
        assert requested == [page_file.as_uri()]
        # No sideways scrolling on a phone; the content column stays readable on a desktop.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        column = page.evaluate("document.querySelector('table table').getBoundingClientRect().width")
        assert column <= 640 and column >= min(width - 16, 640) - 1
        assert len(page.locator("h2").all_inner_texts()) == 3  # stories, statements, sources (nothing rising)
        body = page.inner_text("body")
        assert "ЦИК сообщил о явке на выборах в Жогорку Кенеш" in body
        links = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
        assert links and all(h.startswith(("https://", "mailto:")) for h in links)
    finally:
        context.close()
