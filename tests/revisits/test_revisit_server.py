"""Revisits against a real local HTTP server: edits become versions, noise does not, takedowns are
concluded only after repeated failures, and a return is recorded as restored."""

from __future__ import annotations

import json
from indexes.base import SearchQuery
from kabarchy.app import analyse, sync_search_index
from kabarchy.backends import make_index
from pipeline.revisits.stage import compare_analyses
from pipeline.store import Store
from pipeline.urls import article_id
from tests.revisits.conftest import Watched
from tests.revisits.site import PARAGRAPHS, Page
from tests.support.misbehaving_server import dropped, fail_then, redirect, respond


def _changes(w: Watched, slug: str) -> list[tuple[str, int | None]]:
    with Store.open(w.settings.store_path) as store:
        return [(r["kind"], r["version"]) for r in store.conn.execute(
            "SELECT kind, version FROM article_changes WHERE article_id=? ORDER BY id", (article_id(w.site.url(slug)),))]


def _revisit_row(w: Watched, slug: str):  # type: ignore[no-untyped-def]
    with Store.open(w.settings.store_path) as store:
        return store.conn.execute("SELECT * FROM revisits WHERE article_id=?",
                                  (article_id(w.site.url(slug)),)).fetchone()


def _schedule(w: Watched) -> None:
    """The first revisit pass (at ingest time) only plans: nothing is due yet."""
    w.ingest()
    with Store.open(w.settings.store_path) as store:
        first = store.conn.execute("SELECT MAX(fetched_at) FROM articles").fetchone()[0]
    from datetime import datetime
    report = w.revisit_at(datetime.fromisoformat(first))
    assert report.revisited == 0


def test_an_article_edited_twice_has_two_new_versions_diffs_and_a_removed_statement(watched: Watched) -> None:
    w = watched
    w.site.write("roads", Page())
    _schedule(w)
    aid = article_id(w.site.url("roads"))
    w.site.write("roads", Page(title="Ремонт дорог в Бишкеке затянется до декабря"))
    first = w.after("roads", 1.1)
    assert first.edits == 1 and first.outcomes["live"] == 1
    with Store.open(w.settings.store_path) as store:
        analyse(w.settings, store)
        assert compare_analyses(store) == 1
    # the quote of the department head is cut from the page
    w.site.write("roads", Page(title="Ремонт дорог в Бишкеке затянется до декабря",
                               paragraphs=tuple(p for p in PARAGRAPHS if "Сыдыкова" not in p)))
    second = w.after("roads", 6.1)
    assert second.edits == 1
    with Store.open(w.settings.store_path) as store:
        analyse(w.settings, store)
        assert compare_analyses(store) == 1
        versions = store.conn.execute("SELECT version, title, diff_json FROM article_versions WHERE article_id=? "
                                      "ORDER BY version", (aid,)).fetchall()
        assert [v["version"] for v in versions] == [1, 2, 3]
        assert versions[0]["title"] == Page().title
        title_diff = json.loads(versions[1]["diff_json"])
        assert set(title_diff) == {"title"}
        assert any(op["op"] != "equal" and "затянется" in op["new"] for op in title_diff["title"])
        text_diff = json.loads(versions[2]["diff_json"])
        assert "title" not in text_diff
        assert any(op["op"] == "delete" and "Сыдыкова" in op["old"] for op in text_diff["text"])
        removed = store.conn.execute(
            "SELECT * FROM analysis_changes WHERE article_id=? AND what='statement' AND change='removed'",
            (aid,)).fetchall()
        assert len(removed) == 1 and "не примем работу" in removed[0]["text"]
        assert removed[0]["version"] == 3 and removed[0]["last_seen_version"] == 2
        # the store's current text is the last version; nothing of the first is lost
        row = store.article_row(aid)
        assert "Сыдыкова" not in row["text"] and "Сыдыкова" in versions[0]["title"] + store.conn.execute(
            "SELECT text FROM article_versions WHERE article_id=? AND version=1", (aid,)).fetchone()[0]
        assert row["title"] == "Ремонт дорог в Бишкеке затянется до декабря"
        # the index holds the current version
        sync_search_index(w.settings, store, [aid])
    index = make_index(w.settings)
    index.open()
    try:
        hits = index.search(SearchQuery(text="затянется")).hits
        assert [h.id for h in hits] == [aid]
    finally:
        index.close()
    assert _changes(w, "roads") == [("edit", 2), ("edit", 3)]


def test_noise_only_changes_make_no_version(watched: Watched) -> None:
    w = watched
    w.site.write("roads", Page())
    w.site.write("bridge", Page(title="В Оше открыли новый мост через реку Ак-Буура",
                                paragraphs=tuple(reversed(PARAGRAPHS))))
    _schedule(w)
    w.site.write("roads", Page(views=9876, updated="01.12.2026 08:40",
                               related=("В Оше открыли новый мост через реку Ак-Буура",)))
    report = w.after("roads", 1.1)
    assert report.revisited == 2 and report.edits == 0
    assert report.outcomes["unchanged"] == 2
    assert _changes(w, "roads") == []
    assert _revisit_row(w, "roads")["versions"] == 1


def test_one_404_then_200_is_not_a_takedown(watched: Watched) -> None:
    w = watched
    w.site.write("roads", Page())
    _schedule(w)
    w.server.route("/news/roads.html", fail_then(1, respond(Page().html()), status=404))
    w.after("roads", 1.1)
    row = _revisit_row(w, "roads")
    assert row["state"] == "live" and row["failures"] == 1 and row["last_outcome"] == "gone"
    w.after("roads", 3.2)  # retried sooner than the next scheduled revisit
    row = _revisit_row(w, "roads")
    assert row["state"] == "live" and row["failures"] == 0
    assert _changes(w, "roads") == []


def test_404_on_three_revisits_is_removed_and_nothing_is_deleted(watched: Watched) -> None:
    w = watched
    w.site.write("roads", Page())
    _schedule(w)
    w.site.remove("roads")
    for hours in (1.1, 3.2, 5.3):
        w.after("roads", hours)
    row = _revisit_row(w, "roads")
    assert row["state"] == "removed"
    assert _changes(w, "roads") == [("removed", 1)]
    with Store.open(w.settings.store_path) as store:
        change = store.conn.execute("SELECT detail_json FROM article_changes").fetchone()
        detail = json.loads(change[0])
        assert detail["status"] == 404 and detail["last_good_at"] and detail["first_failed_at"]
        assert store.article_row(article_id(w.site.url("roads")))["text"]  # still stored
    w.after("roads", 24.5)  # still gone: no second event
    assert _changes(w, "roads") == [("removed", 1)]


def test_a_redirect_to_the_home_page_is_redirected_away(watched: Watched) -> None:
    w = watched
    w.site.write("roads", Page())
    _schedule(w)
    w.server.route("/news/roads.html", redirect("/", status=301))
    for hours in (1.1, 3.2, 5.3):
        w.after("roads", hours)
    assert _revisit_row(w, "roads")["state"] == "redirected"
    assert _changes(w, "roads") == [("redirected", 1)]


def test_a_site_down_for_a_day_is_unreachable_then_restored(watched: Watched) -> None:
    w = watched
    w.site.write("roads", Page())
    _schedule(w)
    w.server.route("/news/roads.html", dropped())
    for hours in (1.1, 3.2, 5.3):
        w.after("roads", hours)
    assert _revisit_row(w, "roads")["state"] == "unreachable"
    w.after("roads", 6.1)  # still down at the next scheduled revisit
    w.server.route("/news/roads.html", respond(Page().html()))
    w.after("roads", 24.1)
    row = _revisit_row(w, "roads")
    assert row["state"] == "live" and row["failures"] == 0
    assert _changes(w, "roads") == [("unreachable", 1), ("restored", 1)]


def test_a_page_that_lost_its_article_body_is_removed(watched: Watched) -> None:
    w = watched
    w.site.write("roads", Page())
    _schedule(w)
    notice = "<html><body><h1>Материал удалён</h1><p>По требованию правообладателя.</p></body></html>"
    w.server.route("/news/roads.html", respond(notice))
    for hours in (1.1, 3.2, 5.3):
        report = w.after("roads", hours)
        assert report.outcomes["body_gone"] == 1
    assert _revisit_row(w, "roads")["state"] == "removed"


def test_unchanged_pages_are_asked_conditionally_and_not_archived_again(watched: Watched) -> None:
    w = watched
    w.site.write("roads", Page())
    _schedule(w)
    def archive() -> dict[str, int]:
        return {p.name: p.stat().st_size for p in w.settings.archive_dir.glob("*.warc.gz")}

    before = archive()
    w.after("roads", 1.1)  # first revisit: the same bytes as archived (no validators yet)
    report = w.after("roads", 6.1)  # second: conditional, 304
    assert report.outcomes["unchanged"] == 1
    assert w.server.requests[-1].headers.get("if-none-match")
    assert archive() == before
    w.site.write("roads", Page(title="Ремонт дорог в Бишкеке затянется до декабря"))
    w.after("roads", 24.1)  # a changed page is archived again
    after = archive()
    assert sum(after.values()) > sum(before.values())
