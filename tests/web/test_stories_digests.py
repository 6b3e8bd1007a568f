"""Stories and digests on the site: hits grouped by story, story pages, an article's other
tellings, and the daily digest page built by the digest's own selection."""

from __future__ import annotations

import re
from datetime import date

from indexes.digest import select_digest
from pipeline.store import Store
from tests.web.conftest import Site


def test_story_api_and_page_list_every_telling(site: Site) -> None:
    story = site.client.get("/api/stories/ru-08").json()
    assert [m["article_id"] for m in story["members"]] == ["ru-08", "ky-04"]
    assert story["members"][1]["relation"] == "translation" and set(story["outlets"]) == {"shailoo", "azattyk"}
    html = site.client.get("/stories/ru-08", params={"lang": "en"}).text
    assert "/articles/ky-04?lang=en" in html and "other language" in html
    assert site.client.get("/api/stories/none").status_code == 404


def test_search_shows_a_story_once_with_its_other_outlets_one_click_away(site: Site) -> None:
    html = site.client.get("/search", params={"sort": "date", "limit": "100", "lang": "en"}).text
    hits = re.findall(r'<h3><a href="/articles/([^"?]+)', html)
    assert ("ru-08" in hits) != ("ky-04" in hits)  # one of the two tellings is a hit, the other folded in
    assert "and 1 more outlet<" in html
    details = re.search(r'<details class="story-more">.*?</details>', html, re.S)
    assert details and "/stories/" in details.group(0)


def test_article_page_lists_the_story_elsewhere(site: Site) -> None:
    html = site.client.get("/articles/ru-08", params={"lang": "en"}).text
    assert "The same story elsewhere" in html and "/articles/ky-04?lang=en" in html
    assert site.client.get("/api/articles/ky-04").json()["story_id"] == "ru-08"


def test_digest_page_shows_the_digest_selection(site: Site) -> None:
    with Store.open(site.settings.store_path) as store:
        expected = select_digest(site.index, store, None, date(2022, 2, 16), language="ky")
    body = site.client.get("/api/digests/2022-02-16", params={"lang": "ky"}).json()
    assert [s["id"] for s in body["stories"]] == [s.id for s in expected.stories] == ["ky-07"]
    assert body["total_articles"] == expected.total_articles
    html = site.client.get("/digests/2022-02-16", params={"lang": "ky"}).text
    assert expected.stories[0].headline in html and '<html lang="ky">' in html
    assert site.client.get("/digests/2022-02-31").status_code == 400
    archive = site.client.get("/digests").text
    assert "/digests/2022-02-21" in archive  # the archive runs back from the latest article's day
