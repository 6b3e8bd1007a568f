"""For researchers: `kabarchy analyze --jsonl` over a corpus of one's own, and `kabarchy
reanalyze` bringing a store analysed by an older version up to date. Real store, real CLI,
the shipped registry; texts written for these tests."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kabarchy.cli import main
from pipeline.analysis.stage import analyzer_version
from pipeline.records import Analysis, ExtractedArticle, FeedEntry, Mention, SourceConfig
from pipeline.store.store import Store

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "config" / "entities.yaml"
TEXT_RU = "Депутат Ташиева заявила, что МИД Азербайджана ответил на запрос. Премьер Жапаров провел совещание."


def _settings(tmp_path: Path) -> Path:
    config = tmp_path / "settings.toml"
    config.write_text(f'data_dir = "{tmp_path}"\nentities = "{SHIPPED}"\n', encoding="utf-8")
    return config


def test_analyze_jsonl_writes_one_line_per_text_with_exports_field_names(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        {"id": "r1", "text": TEXT_RU, "language": "ru", "date": "2022-06-10"},
        "this line is not JSON",
        {"id": "r3", "text": "Өлкө башчысы мыйзамга кол койду.", "language": "ky", "date": "2023-02-01T09:30:00+06:00"},
        {"id": "r4", "text": "Без даты.", "language": "ru", "date": "2023-02-30"},
        {"id": "r5", "language": "ru"},
    ]
    corpus.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
                      + "\n\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["--config", str(_settings(tmp_path)), "analyze", "--jsonl", str(corpus), "-o", str(out)]) == 1
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in results] == ["r1", None, "r3", "r4", "r5"]
    assert [("error" in r) for r in results] == [False, True, False, True, True]
    assert "2023-02-30" in results[3]["error"] and results[1]["line"] == 2
    r1 = {e["surface"]: e for e in results[0]["entities"]}
    assert r1["Жапаров"]["entity_id"] == "person:akylbek-japarov"          # the date decides the namesake
    assert r1["Ташиева"]["entity_id"].startswith("prov-person:")           # a woman is not Tashiev
    assert r1["МИД"]["entity_id"].startswith("prov-organisation:")         # nor Azerbaijan's MFA the Kyrgyz one
    assert results[2]["entities"][0]["entity_id"] == "person:sadyr-japarov"
    assert "line 2" in capsys.readouterr().err
    assert {"id", "language", "published", "entities", "statements"} <= set(results[0])


def test_reanalyze_brings_an_old_store_up_to_date(tmp_path: Path) -> None:
    config = _settings(tmp_path)
    with Store.open(tmp_path / "kabarchy.sqlite") as store:
        store.sync_sources([SourceConfig(id="example", name="Example", homepage="https://news.example.kg/",
                                         languages=("ru",), kind="outlet")])
        for n in range(3):
            article_id = f"a{n}"
            store.discover(article_id, FeedEntry(source_id="example", url=f"https://news.example.kg/{n}",
                                                 found_in="https://news.example.kg/rss"))
            store.save_extracted(article_id, ExtractedArticle(
                title=f"Новость {n}", text=TEXT_RU, language="ru",
                published=datetime(2022, 6, 10, 8, tzinfo=timezone.utc)), title_key=f"t{n}")
            # what the previous analyzer stored: the woman as Tashiev, Azerbaijan's MFA as the Kyrgyz one
            old = Analysis((Mention("person:kamchybek-tashiev", "person", "Камчыбек Ташиев", "Ташиева", 8, 15, 0,
                                    "registry"),
                            Mention("body:mfa", "body", "МИД", "МИД", 29, 32, 0, "registry"),
                            Mention("prov-person:0123456789ab", "person", "Ташиев", "Ташиева", 8, 15, 0, "model")),
                           (), "1.1+ner.00000000")
            store.provisional_entity("prov-person:0123456789ab", "person", "Ташиев")
            store.save_analysis(article_id, old)
    assert main(["--config", str(config), "reanalyze", "--stale", "--workers", "1"]) == 0
    with Store.open(tmp_path / "kabarchy.sqlite") as store:
        for n in range(3):
            found = {m.surface: m.entity_id for m in store.mentions(f"a{n}")}
            assert found["Ташиева"].startswith("prov-person:") and found["МИД"].startswith("prov-organisation:")
            assert store.article_row(f"a{n}")["analyzer_version"] == analyzer_version(SHIPPED)
        names = {r["id"]: r["name"] for r in store.conn.execute("SELECT id, name FROM provisional_entities")}
        assert "prov-person:0123456789ab" not in names  # the stale id is gone
        assert "Ташиева" in names.values()
    # a second --stale run finds nothing left to do
    with Store.open(tmp_path / "kabarchy.sqlite") as store:
        from pipeline.analysis.stage import analyze_pending
        assert analyze_pending(store, SHIPPED, 1, reanalyze=True, stale_only=True) == 0

    # export of the re-analysed store and analyze --jsonl of the same text agree, field for field
    exported = tmp_path / "export.jsonl"
    assert main(["--config", str(config), "export", "-o", str(exported)]) == 0
    stored = json.loads(exported.read_text(encoding="utf-8").splitlines()[0])
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps({"id": stored["id"], "text": TEXT_RU, "language": "ru",
                                  "date": "2022-06-10T08:00:00+00:00"}, ensure_ascii=False), encoding="utf-8")
    fresh = tmp_path / "fresh.jsonl"
    assert main(["--config", str(config), "analyze", "--jsonl", str(corpus), "-o", str(fresh)]) == 0
    result = json.loads(fresh.read_text(encoding="utf-8"))
    assert result["entities"] == stored["entities"] and result["statements"] == stored["statements"]
