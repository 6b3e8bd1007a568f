"""The JSON API against both index backends: answers equal to the index's own, every state in
the URL, cursor paging, downloads of whole result sets, clear errors."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest

from indexes.base import SearchQuery, StatementQuery
from indexes.timelines import TimelineRequest, entity_timelines
from tests.web.conftest import Site


def test_search_matches_the_index_and_uses_the_export_field_names(site: Site) -> None:
    body = site.client.get("/api/search", params={"q": "ЦИК"}).json()
    direct = site.index.search(SearchQuery(text="ЦИК", limit=20))
    assert body["total"] == direct.total > 0
    assert [h["id"] for h in body["hits"]] == [h.id for h in direct.hits]
    assert set(body["hits"][0]) >= {"id", "url", "title", "published", "source", "language", "score", "snippet"}


def test_cursor_pages_reach_the_end_without_overlap(site: Site) -> None:
    total = site.index.search(SearchQuery(limit=0)).total
    seen: list[str] = []
    params: dict[str, str] = {"limit": "4", "sort": "date"}
    while True:
        body = site.client.get("/api/search", params=params).json()
        seen += [h["id"] for h in body["hits"]]
        if not body["next_cursor"]:
            break
        params["cursor"] = body["next_cursor"]
    assert len(seen) == len(set(seen)) == total


def test_story_grouped_pages_reach_every_story_once(site: Site) -> None:
    first = site.client.get("/api/search", params={"group": "stories", "limit": "4", "sort": "date"}).json()
    direct = site.index.search(SearchQuery(collapse_stories=True, sort="date", limit=4))
    assert first["total_stories"] == direct.total_stories and first["total"] == direct.total
    stories: list[str] = []
    body, params = first, {"group": "stories", "limit": "4", "sort": "date"}
    while True:
        stories += [h["story_id"] or h["id"] for h in body["hits"]]
        if not body["next_cursor"]:
            break
        params["cursor"] = body["next_cursor"]
        body = site.client.get("/api/search", params=params).json()
    assert len(stories) == len(set(stories)) == direct.total_stories < direct.total
    folded = [h for h in site.client.get("/api/search", params={"group": "stories", "limit": "100"}).json()["hits"]
              if h["story_articles"] > 1]
    assert folded and all(h["story_outlets"] >= 1 for h in folded)


def test_facets_carry_counts_and_labels(site: Site) -> None:
    body = site.client.get("/api/search", params={"q": "ЦИК", "facets": "true"}).json()
    entities = {b["key"]: b for b in body["facets"]["entities"]}
    assert entities["body:cec"]["count"] > 0 and entities["body:cec"]["label"]
    filtered = site.client.get("/api/search", params={"q": "ЦИК", "entity": "body:cec"}).json()
    assert filtered["total"] == entities["body:cec"]["count"]


def test_attention_is_zero_filled_and_share_divides_by_all_articles(site: Site) -> None:
    params = {"q": "ЦИК", "from": "2021-10-01", "to": "2021-10-31", "interval": "day"}
    body = site.client.get("/api/search/attention", params=params).json()
    series = body["queries"][0]["attention"]
    assert [p["start"] for p in series] == [(date(2021, 10, 1) + timedelta(days=i)).isoformat() for i in range(31)]
    total = site.index.search(SearchQuery(text="ЦИК", date_from=date(2021, 10, 1), date_to=date(2021, 10, 31))).total
    assert sum(p["count"] for p in series) == body["queries"][0]["total"] == total
    everything = site.index.search(SearchQuery(date_from=date(2021, 10, 1), date_to=date(2021, 10, 31))).total
    assert body["all_articles"] == sum(p["total_articles"] for p in series) == everything
    for p in series:
        assert p["share"] == (p["count"] / p["total_articles"] if p["total_articles"] else 0.0)
    weeks = site.client.get("/api/search/attention", params={**params, "interval": "week"}).json()
    starts = [date.fromisoformat(p["start"]) for p in weeks["queries"][0]["attention"]]
    assert all(d.weekday() == 0 for d in starts) and sum(p["count"] for p in weeks["queries"][0]["attention"]) == total


def test_compare_gives_each_query_its_colour_and_total(site: Site) -> None:
    body = site.client.get("/api/compare", params=[("q", "ЦИК"), ("q", "шайлоо"), ("q", "Ташиев")]).json()
    assert [q["q"] for q in body["queries"]] == ["ЦИК", "шайлоо", "Ташиев"]
    assert len({q["colour"] for q in body["queries"]}) == 3
    for q in body["queries"]:
        assert q["total"] == site.index.search(SearchQuery(text=q["q"])).total
    too_many = site.client.get("/api/compare", params=[("q", w) for w in "abcde"])
    assert too_many.status_code == 400 and "at most 4" in too_many.json()["error"]["message"]


def test_csv_and_jsonl_downloads_hold_every_hit(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("web.downloads.DOWNLOAD_BATCH", 3)  # several index pages per download
    total = site.index.search(SearchQuery()).total
    resp = site.client.get("/api/search", params={"format": "csv", "sort": "date"})
    assert resp.headers["content-type"].startswith("text/csv") and "attachment" in resp.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.text.lstrip("\ufeff"))))
    assert len(rows) == len({r["id"] for r in rows}) == total
    lines = site.client.get("/api/search", params={"format": "jsonl", "q": "ЦИК"}).text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == \
        [h.id for h in site.index.search(SearchQuery(text="ЦИК", limit=100)).hits]


def test_csv_cells_cannot_run_as_spreadsheet_formulas(site: Site) -> None:
    resp = site.client.get("/api/search/facets/sources", params={"format": "csv"})
    assert resp.status_code == 200
    for row in csv.reader(io.StringIO(resp.text.lstrip("\ufeff"))):
        assert not any(cell.startswith(("=", "+", "@")) for cell in row)


def test_statements_by_speaker_and_download(site: Site) -> None:
    body = site.client.get("/api/statements", params={"speaker": "body:gknb"}).json()
    direct = site.index.statements(StatementQuery(speaker_ids=("body:gknb",)))
    assert body["total"] == direct.total > 0
    assert {s["speaker_id"] for s in body["statements"]} == {"body:gknb"}
    lines = site.client.get("/api/statements", params={"speaker": "body:gknb", "format": "jsonl"}).text.splitlines()
    assert len(lines) == direct.total


def test_article_carries_its_entities_and_statements(site: Site) -> None:
    body = site.client.get("/api/articles/ru-04").json()
    assert body["title"] == "ГКНБ сообщил о задержании"
    assert {e["id"] for e in body["entities"]} >= {"body:gknb", "place:osh"}
    assert body["statements"][0]["speaker_id"] == "body:gknb"
    missing = site.client.get("/api/articles/no-such")
    assert missing.status_code == 404 and missing.json() == {"error": {"status": 404, "message": "no article 'no-such'"}}


def test_entities_are_found_by_any_form_and_have_timelines(site: Site) -> None:
    found = site.client.get("/api/entities", params={"q": "ЦИКа"}).json()["entities"]
    assert found[0]["id"] == "body:cec"
    assert site.client.get("/api/entities", params={"q": "БШКнын"}).json()["entities"][0]["id"] == "body:cec"
    entity = site.client.get("/api/entities/body:cec").json()
    assert entity["names"]["ky"] and entity["names"]["en"] and entity["articles_total"] > 0
    params = {"interval": "month", "from": "2021-09-01", "to": "2022-02-28"}
    timeline = site.client.get("/api/entities/body:cec/timeline", params=params).json()
    direct = entity_timelines(site.index, TimelineRequest(("body:cec",), date(2021, 9, 1), date(2022, 2, 28), "month"))
    assert [(p["start"], p["mentions"], p["statements"], p["outlets"]) for p in timeline["points"]] == \
        [(p.start.isoformat(), p.mentions, p.statements, p.outlets) for p in direct[0].points]
    assert len(timeline["points"]) == 6 and sum(p["mentions"] for p in timeline["points"]) > 0
    rows = list(csv.DictReader(io.StringIO(site.client.get(
        "/api/entities/body:cec/timeline", params={**params, "format": "csv"}).text.lstrip("\ufeff"))))
    assert [float(r["mentions"]) for r in rows] == [p.mentions for p in direct[0].points]
    # an open range ends at the entity's latest article and reaches a year back
    default = site.client.get("/api/entities/body:cec/timeline").json()
    assert default["to"] == "2022-02-16" and default["from"] == "2021-02-16" and default["interval"] == "week"


def test_sources_health(site: Site) -> None:
    body = site.client.get("/api/sources").json()
    assert {s["id"] for s in body["sources"]} >= {"24kg", "kaktus", "azattyk", "shailoo"}


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/api/search?from=2021-13-01", 400, "from: not a date"),
    ("/api/search?from=2022-01-02&to=2022-01-01", 400, "is after to"),
    ("/api/search?q=" + "а" * 1001, 400, "at most 1000 characters"),
    ("/api/search?" + "&".join(f"source=s{i}" for i in range(21)), 400, "at most 20 values"),
    ("/api/search?sort=price", 400, "sort: one of relevance, date"),
    ("/api/search?limit=1000", 400, "limit: between 1 and 100"),
    ("/api/search?cursor=not-a-cursor", 400, "cursor"),
    ("/api/search?q=x&" + "a=" + "b" * 9000, 414, "longer than"),
    ("/api/nothing-here", 404, "no such page"),
    ("/api/search/facets/colours", 400, "name"),
])
def test_errors_are_json_with_a_clear_message(site: Site, url: str, status: int, words: str) -> None:
    resp = site.client.get(url)
    assert resp.status_code == status
    assert words in resp.json()["error"]["message"]


def test_openapi_lists_every_api_route(site: Site) -> None:
    paths = site.client.get("/openapi.json").json()["paths"]
    for path in ("/api/search", "/api/articles/{article_id}", "/api/stories/{story_id}", "/api/entities",
                 "/api/entities/{entity_id}", "/api/entities/{entity_id}/timeline", "/api/statements",
                 "/api/sources", "/api/compare"):
        assert path in paths
    assert not any(p.startswith(("/search", "/articles")) for p in paths)  # pages are not the API
    docs = site.client.get("/api/docs")
    assert docs.status_code == 200 and "/api/entities/{entity_id}/timeline" in docs.text


def test_entity_filters_take_names_in_any_form(site: Site) -> None:
    by_id = site.client.get("/api/search", params={"entity": "body:cec"}).json()["total"]
    assert site.client.get("/api/search", params={"entity": "ЦИКа"}).json()["total"] == by_id > 0
    said = site.client.get("/api/statements", params={"speaker": "ГКНБ"}).json()
    assert said["total"] > 0 and {s["speaker_id"] for s in said["statements"]} == {"body:gknb"}
    unknown = site.client.get("/api/statements", params={"speaker": "Непонятныйорган"})
    assert unknown.status_code == 400 and "no entity is named" in unknown.json()["error"]["message"]


def test_every_filter_reaches_the_index(site: Site) -> None:
    params = {"kind": "official", "language": "ru", "from": "2021-10-01", "to": "2022-01-31", "statements": "yes",
              "etype": "body"}
    body = site.client.get("/api/search", params=params).json()
    direct = site.index.search(SearchQuery(source_kinds=("official",), languages=("ru",), date_from=date(2021, 10, 1),
                                           date_to=date(2022, 1, 31), has_statements=True, entity_types=("body",)))
    assert body["total"] == direct.total > 0 and [h["id"] for h in body["hits"]] == [h.id for h in direct.hits]
    assert site.client.get("/api/search", params={"kind": "outlet"}).json()["total"] == \
        site.index.search(SearchQuery(source_kinds=("outlet",))).total
