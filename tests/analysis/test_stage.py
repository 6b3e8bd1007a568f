"""The analysis stage: bad input, huge input, and analyze_pending over a real store."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kabarchy.cli import main
from pipeline.analysis.stage import Analyzer, _save, analyze_pending, chunks
from pipeline.records import Analysis, ExtractedArticle, FeedEntry, SourceConfig
from pipeline.store.store import Store

REPO = Path(__file__).resolve().parents[2]
RU = ("Председатель ЦИК сообщил, что Центризбирком завершил подсчёт голосов. "
      "«Нарушений, повлиявших на итоги, не выявлено», — сказал Иван Петров. "
      "Президент Садыр Жапаров поручил ГКНБ проверить жалобы.")
KY = ("БШКнын төрагасы шайлоонун жыйынтыгын жарыялады. "
      "Жогорку Кеңештин депутаты Нурлан Мамытбек уулу УКМКга кайрылды.")


def test_empty_and_blank_text_give_an_empty_analysis(analyzer: Analyzer) -> None:
    for text in ("", "   \n\t "):
        result = analyzer.analyze(text, "ru", None)
        assert result == Analysis(analyzer_version=analyzer.version)


def test_unbalanced_quotes_and_odd_characters_do_not_crash(analyzer: Analyzer) -> None:
    text = "«Мы не согласны, — заявил ЦИК. \x00 «» »» \u200b\u202e ГКНБ «« — сказал он"
    result = analyzer.analyze(text, "ru", None)
    assert "body:cec" in [m.entity_id for m in result.mentions]
    assert all(text[m.start:m.end] == m.surface for m in result.mentions)


def test_a_megabyte_article_finishes_with_correct_offsets(analyzer: Analyzer) -> None:
    paragraph = ("Центризбирком опубликовал протоколы участковых комиссий, а наблюдатели сверили их "
                 "с копиями, полученными на участках в день голосования.\n\n")
    repeats = 1_000_000 // len(paragraph) + 1
    run_on = "слово " * 20_000  # a 120 kB "sentence" without a full stop
    text = paragraph * repeats + run_on + "ЦИК."
    result = analyzer.analyze(text, "ru", datetime(2024, 1, 10, tzinfo=timezone.utc))
    cec = [m for m in result.mentions if m.entity_id == "body:cec"]
    assert len(cec) == repeats + 1
    assert cec[-1].start == len(text) - 4
    assert all(text[m.start:m.end] == m.surface for m in result.mentions)
    assert [m.sentence for m in cec[:-1]] == list(range(repeats))  # one paragraph, one sentence
    assert cec[-1].sentence > repeats - 1


def test_chunks_cover_the_text_exactly() -> None:
    paragraphs = "Первое предложение. Второе!\n\nАбзац " * 500
    words = "слово " * 500
    text = paragraphs + words + "x" * 3000
    pieces = list(chunks(text, size=1000))
    assert "".join(p for _, p in pieces) == text
    assert all(text[o:o + len(p)] == p and len(p) <= 1000 for o, p in pieces)
    ends = [o + len(p) for o, p in pieces]
    assert all(text[:e].endswith("\n\n") for e in ends if e < len(paragraphs) - 1000)  # paragraphs first
    assert any(text[:e].endswith("слово ") for e in ends)  # then spaces, and hard cuts only in "xxx"


def test_other_languages_use_the_registry_only(analyzer: Analyzer) -> None:
    result = analyzer.analyze("The CEC and the GKNB met President Sadyr Japarov.", "en", None)
    assert [m.entity_id for m in result.mentions][:2] == ["body:cec", "body:gknb"]
    assert all(m.method == "registry" for m in result.mentions)


def test_the_shipped_registry_builds_an_analyzer() -> None:
    analyzer = Analyzer.load(REPO / "config" / "entities.yaml", with_model=False)
    found = analyzer.analyze("ЦИК и БШК, ГКНБ и УКМК.", "ru", None).mentions
    assert [m.entity_id for m in found] == ["body:cec", "body:cec", "body:gknb", "body:gknb"]


def _add(store: Store, n: int, text: str, lang: str) -> str:
    url = f"https://news.example.kg/{lang}/{n}"
    article_id = f"{lang}-{n}"
    published = datetime(2024, 3, n % 28 + 1, 8, tzinfo=timezone.utc)
    store.discover(article_id, FeedEntry(source_id="example", url=url, found_in="https://news.example.kg/rss"))
    store.save_extracted(article_id, ExtractedArticle(title=f"Новость {n}", text=text, published=published,
                                                      language=lang), title_key=f"{lang}-{n}")
    return article_id


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "kabarchy.sqlite") as s:
        s.sync_sources([SourceConfig(id="example", name="Example", homepage="https://news.example.kg/",
                                     languages=("ru", "ky"), kind="outlet")])
        yield s


def test_analyze_pending_over_a_real_store_is_idempotent(store: Store, registry_path: Path) -> None:
    ids = [_add(store, n, RU, "ru") for n in range(12)] + [_add(store, n, KY, "ky") for n in range(6)]
    empty = _add(store, 99, "", "ru")
    assert analyze_pending(store, registry_path, workers=2) == 19
    assert store.count_by_stage() == {"analysed": 19}
    first = {a: store.mentions(a) for a in ids}
    assert {m.entity_id for m in first["ru-0"]} >= {"body:cec", "body:gknb", "person:sadyr-japarov"}
    assert {m.entity_id for m in first["ky-0"]} >= {"body:cec", "body:jogorku-kenesh", "body:gknb"}
    assert store.mentions(empty) == []
    assert store.statements("ru-0"), "the quote with «— сказал» is a statement"
    provisional = store.conn.execute("SELECT id, type, name FROM provisional_entities ORDER BY name").fetchall()
    assert ("person", "Иван Петров") in [(r["type"], r["name"]) for r in provisional]

    assert analyze_pending(store, registry_path, workers=2) == 0  # nothing pending any more
    assert analyze_pending(store, registry_path, workers=1, reanalyze=True) == 19
    assert {a: store.mentions(a) for a in ids} == first
    assert store.conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == sum(map(len, first.values()))


def test_a_failed_article_is_recorded_and_the_rest_go_on(store: Store, analyzer: Analyzer) -> None:
    bad, good = _add(store, 1, RU, "ru"), _add(store, 2, RU, "ru")
    assert not _save(store, (bad, None, "ValueError: broken text"))
    assert _save(store, (good, analyzer.analyze(RU, "ru", None), ""))
    row = store.article_row(bad)
    assert row["stage"] == "extracted" and row["attempts"] == 1 and "broken text" in row["last_error"]
    assert store.errors()[0]["stage"] == "analyse"
    assert store.article_row(good)["stage"] == "analysed"


def test_the_analyze_command_prints_entities_as_json(tmp_path: Path, registry_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "settings.toml"
    config.write_text(f'data_dir = "{tmp_path}"\nentities = "{registry_path}"\n', encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text("Председатель Кабмина Жапаров встретился с представителями ЦИК.", encoding="utf-8")
    assert main(["--config", str(config), "analyze", str(article), "--lang", "ru", "--date", "2023-05-01",
                 "--json", "--no-model"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(m["entity_id"], m["surface"]) for m in out["mentions"]] == [
        ("body:cabinet", "Кабмина"), ("person:akylbek-japarov", "Жапаров"), ("body:cec", "ЦИК")]


def test_a_broken_registry_fails_the_run_not_the_articles(store: Store, tmp_path: Path) -> None:
    from pipeline.analysis.registry import RegistryError

    ids = [_add(store, n, RU, "ru") for n in range(10)]
    broken = tmp_path / "entities.yaml"
    broken.write_text("version: 1\nentities: [\n", encoding="utf-8")
    with pytest.raises(RegistryError):
        analyze_pending(store, broken, workers=2)
    assert all(store.article_row(a)["attempts"] == 0 for a in ids)
    assert store.count_by_stage() == {"extracted": 10}
