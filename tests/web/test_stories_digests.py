"""Stories and digests on the site: hits grouped by story, story pages, an article's other
tellings, and the daily digest page built by the digest's own selection."""

from __future__ import annotations

import re
from datetime import date

from indexes.digest import select_digest
from pipeline.store import Store
from tests.web.conftest import Site


def test_story_api_and_page_list_every_telling(site: Site) -> None:
    story = site.client.get("/api/stories/ru-03").json()
    assert [m["article_id"] for m in story["members"]] == ["ru-03", "reprint-kaktus", "reprint-shailoo"]
    assert [m["relation"] for m in story["members"]] == ["first", "reprint", "reprint"]
    assert set(story["outlets"]) == {"24kg", "kaktus", "shailoo"}
    html = site.client.get("/stories/ru-03", params={"lang": "en"}).text
    assert "/articles/reprint-shailoo?lang=en" in html and "reprint" in html
    assert site.client.get("/api/stories/none").status_code == 404


def test_search_shows_a_story_once_with_its_other_outlets_one_click_away(site: Site) -> None:
    html = site.client.get("/search", params={"q": "указ", "lang": "en"}).text
    hits = re.findall(r'<h3><a href="/articles/([^"?]+)', html)
    assert len({"ru-03", "reprint-kaktus", "reprint-shailoo"} & set(hits)) == 1  # one hit stands for the story
    assert "and 2 more outlets<" in html
    details = re.search(r'<details class="story-more">.*?</details>', html, re.S)
    assert details and "/stories/ru-03" in details.group(0)
    every = site.client.get("/search", params={"q": "указ", "lang": "en", "group": "articles"}).text
    assert {"ru-03", "reprint-kaktus", "reprint-shailoo"} <= set(re.findall(r'<h3><a href="/articles/([^"?]+)', every))


def test_article_page_lists_the_story_elsewhere(site: Site) -> None:
    html = site.client.get("/articles/reprint-kaktus", params={"lang": "en"}).text
    assert "The same story elsewhere" in html and "/articles/ru-03?lang=en" in html
    body = site.client.get("/api/articles/reprint-shailoo").json()
    assert body["story_id"] == "ru-03" and [m["article_id"] for m in body["story_articles"]] == ["ru-03", "reprint-kaktus"]


def test_digest_page_shows_the_digest_selection(site: Site) -> None:
    with Store.open(site.settings.store_path) as store:
        expected = select_digest(site.index, store, None, date(2022, 2, 16), language="ky")
    body = site.client.get("/api/digests/2022-02-16", params={"lang": "ky"}).json()
    assert [s["id"] for s in body["stories"]] == [s.id for s in expected.stories] and expected.stories
    assert body["total_articles"] == expected.total_articles
    html = site.client.get("/digests/2022-02-16", params={"lang": "ky"}).text
    assert expected.stories[0].headline in html and '<html lang="ky">' in html
    assert site.client.get("/digests/2022-02-31").status_code == 400
    archive = site.client.get("/digests").text
    assert "/digests/2022-02-21" in archive  # the archive runs back from the latest article's day
