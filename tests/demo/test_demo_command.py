"""`kabarchy demo`: the whole pipeline on the sample site stores every sample article exactly once."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kabarchy.commands.demo import MARKER, prepare_data_dir
from kabarchy.demo import DemoRevisions, demo_sources, sample_articles

REPO = Path(__file__).resolve().parents[2]
ALL_STAGES = ("discovered", "fetched", "extracted", "analysed", "failed")


def test_prepare_data_dir_only_empties_a_demo_folder(tmp_path: Path) -> None:
    mine = tmp_path / "demo"
    prepare_data_dir(mine)
    (mine / "kabarchy.sqlite").write_text("old run", encoding="utf-8")
    prepare_data_dir(mine)
    assert sorted(p.name for p in mine.iterdir()) == [MARKER]
    theirs = tmp_path / "real-data"
    theirs.mkdir()
    (theirs / "kabarchy.sqlite").write_text("precious", encoding="utf-8")
    with pytest.raises(ValueError, match="not made by `kabarchy demo`"):
        prepare_data_dir(theirs)
    assert (theirs / "kabarchy.sqlite").read_text(encoding="utf-8") == "precious"


@pytest.mark.slow
def test_demo_stores_every_sample_article_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kabarchy.cli import main
    from pipeline.store import Store

    config = tmp_path / "settings.toml"
    config.write_text(f'entities = "{REPO / "config" / "entities.yaml"}"\n', encoding="utf-8")
    data_dir = tmp_path / "demo"
    assert main(["--config", str(config), "demo", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    expected = {(a.source_id, a.path): a for a in sample_articles()}
    assert f"total {len(expected)} of {len(expected)}" in out
    assert f"analysed: {len(expected)}  indexed: {len(expected)}" in out
    assert out.strip().splitlines()[-1] == (f"{len(demo_sources('http://x'))} of {len(demo_sources('http://x'))} sources reachable; {len(expected)} articles stored, "
                                            f"{len(expected)} analysed, {len(expected)} indexed")
    with Store.open(data_dir / "kabarchy.sqlite") as store:
        rows = list(store.iter_articles(stages=ALL_STAGES, include_duplicates=True))
    stored = [(r["source_id"], urlsplit(r["url"]).path) for r in rows]
    # the AMP and utm-tagged variants of one article collapse into it: one row per sample article
    assert sorted(stored) == sorted(expected)
    revised = DemoRevisions.load()
    for row in rows:
        article = expected[(row["source_id"], urlsplit(row["url"]).path)]
        # every article is analysed within the run, however the sources' finishes interleave
        assert row["stage"] == "analysed", (article.path, row["last_error"])
        assert row["duplicate_of"] is None
        assert (row["title"] == article.title) is (article.path not in revised.edited)
        assert row["language"] == article.language, article.path
        assert row["published"].startswith(article.published[:16]), article.path

    # after the first pass the site edits one page and takes one down; the demo replays revisits
    with Store.open(data_dir / "kabarchy.sqlite") as store:
        changes = {(urlsplit(r["url"]).path, r["kind"]) for r in store.conn.execute(
            "SELECT a.url, c.kind FROM article_changes c JOIN articles a ON a.id = c.article_id")}
        removed_quote = store.conn.execute(
            "SELECT text FROM analysis_changes WHERE what='statement' AND change='removed'").fetchall()
    assert changes == {(revised.edited[0], "edit"), (revised.removed[0], "removed")}
    assert len(removed_quote) == 1 and "ежедневно получаем сведения" in removed_quote[0][0]
    assert "removed  " in out and "edit     " in out
