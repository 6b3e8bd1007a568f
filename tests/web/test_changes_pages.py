"""The changes page, an article's history and their API twins, over revisit records in a real store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from pipeline.store import Store
from pipeline.store.revisits import RevisitLog
from pipeline.revisits.noise import Version, diff_versions
from tests.web.conftest import Site, build_site
from tests.web.test_pages import active_content

EDITED = "ru-04"
REMOVED = "ru-05"
NOW = datetime(2026, 11, 30, 6, 0, tzinfo=timezone.utc)
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def record_revisits(store: Store, hostile_id: str) -> None:
    """What the revisit stage writes: an edit with a removed quote, a hostile edit, a removal."""
    log = RevisitLog(store.conn)
    base = NOW - timedelta(hours=2)
    log.plan([(aid, base, base, 1, NOW) for aid in (EDITED, REMOVED, hostile_id)])
    due = {d.article_id: d for d in log.due(NOW, 10)}
    for aid, new_title in ((EDITED, "Заголовок после правки"), (hostile_id, f"Правка {SCRIPT}")):
        item = due[aid]
        log.ensure_current_version(item, {"entities": [], "statements": []})
        old, new = Version(item.title, item.lead, item.text), Version(new_title, item.lead, item.text)
        log.add_version(aid, 2, NOW, new_title, item.lead, item.text, "hash", None, diff_versions(old, new))
    log.save_analysis_changes(EDITED, 2, {"entities": [], "statements": []}, [
        ("statement", "removed", 1, "body:cec", "ЦИК", "Явка составила 34 процента")])
    log.log_change(REMOVED, NOW, "removed", 1, {"detail": "HTTP 404", "status": 404,
                                                  "last_good_at": base.isoformat(),
                                                  "first_failed_at": (NOW - timedelta(hours=1)).isoformat()})


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    built = build_site(tmp_path_factory.mktemp("web-changes"), "sqlite", rate_limit_per_minute=0)
    with Store.open(built.settings.store_path) as store:
        record_revisits(store, built.hostile_id)
    built.index.open()
    with built.client:
        yield built
    built.index.close()


def test_changes_page_lists_edits_with_diffs_removed_statements_and_removals(changed_site: Site) -> None:
    page = changed_site.client.get("/changes?lang=ru")
    assert page.status_code == 200
    html = page.text
    assert "Что изменилось после публикации" in html and "изменена" in html and "удалена" in html
    assert "<ins>Заголовок после правки</ins>" in html or "<ins>после правки</ins>" in html
    assert "<del>" in html and "Явка составила 34 процента" in html and "HTTP 404" in html
    assert active_content(html) == [], "a hostile title in a diff must render inert"
    assert "&lt;script&gt;" in html
    only_removed = changed_site.client.get("/changes?kind=removed&lang=en").text
    assert "HTTP 404" in only_removed and "Заголовок после правки" not in only_removed


def test_history_page_and_article_banner(changed_site: Site) -> None:
    article = changed_site.client.get(f"/articles/{EDITED}?lang=ky").text
    assert f"/articles/{EDITED}/history" in article and "Тарыхын көрүү" in article
    history = changed_site.client.get(f"/articles/{EDITED}/history?lang=ru").text
    assert "Версия 1" in history and "Версия 2" in history and "Удалённое высказывание" in history
    assert changed_site.client.get("/articles/no-such-article/history").status_code == 404


def test_api_twins_answer_the_same_records(changed_site: Site) -> None:
    api = changed_site.client.get("/api/changes").json()["changes"]
    assert {(c["article_id"], c["kind"]) for c in api} >= {(EDITED, "edit"), (REMOVED, "removed")}
    edit = next(c for c in api if c["article_id"] == EDITED)
    assert edit["version"] == 2 and edit["analysis"][0]["change"] == "removed"
    history = changed_site.client.get(f"/api/articles/{EDITED}/history").json()
    assert [v["version"] for v in history["versions"]] == [1, 2] and history["edited"] is True
    assert set(history["versions"][1]["diff"]) == {"title"}
    removed = changed_site.client.get(f"/api/articles/{REMOVED}/history").json()
    assert [c["kind"] for c in removed["changes"]] == ["removed"]
    assert removed["changes"][0]["detail"]["status"] == 404
