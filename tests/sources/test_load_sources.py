"""pipeline.sources: the real config loads cleanly; a broken entry is reported by line, the rest load."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipeline.records import ListingConfig, SourceConfig
from pipeline.sources import SourcesError, load_sources

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "config" / "sources.yaml"

# host of the homepage → kind, for every outlet and state body the monitor must follow
REQUIRED_SITES = {
    "24.kg": "outlet", "akipress.org": "outlet", "kaktus.media": "outlet", "kloop.kg": "outlet",
    "www.azattyk.org": "outlet", "rus.azattyk.org": "outlet", "ru.sputnik.kg": "outlet", "sputnik.kg": "outlet",
    "kabar.kg": "outlet", "knews.kg": "outlet", "vesti.kg": "outlet", "www.nur.kz": "outlet",
    "www.president.kg": "official", "shailoo.gov.kg": "official", "gknb.gov.kg": "official",
    "kenesh.kg": "official",
}

GOOD = """\
version: 1
sources:
  - id: good-one
    name: Good One
    homepage: https://one.example/
    languages: [ru]
    kind: outlet
    feeds: [https://one.example/rss]
  - id: broken
    name: Broken
    homepage: https://broken.example/
    languages: [ru, ky]
    kind: blog
    feeds: [https://broken.example/rss]
  - id: good-two
    name: Good Two
    homepage: https://two.example/
    languages: [ky]
    kind: official
    listings:
      - url: https://two.example/news/
        link_pattern: '^https://two\\.example/news/\\d+$'
    interval_minutes: 60
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_config_sources_load_with_no_problems() -> None:
    loaded = load_sources(CONFIG)
    assert loaded.problems == ()
    by_host = {urlsplit(s.homepage).hostname: s for s in loaded.sources}
    missing = sorted(set(REQUIRED_SITES) - set(by_host))
    assert not missing, f"outlets missing from config/sources.yaml: {missing}"
    for host, kind in REQUIRED_SITES.items():
        assert by_host[host].kind == kind, host
    # both Azattyk services and both Sputnik languages are there
    assert by_host["www.azattyk.org"].languages == ("ky",) and by_host["rus.azattyk.org"].languages == ("ru",)
    assert by_host["sputnik.kg"].languages == ("ky",) and by_host["ru.sputnik.kg"].languages == ("ru",)
    # nothing was checked live, and nothing in the real config may reach private addresses
    assert all(not s.confirmed and not s.allow_private for s in loaded.sources)


def test_config_listing_patterns_stay_on_their_own_site() -> None:
    for source in load_sources(CONFIG).sources:
        for listing in source.listings:
            host = urlsplit(listing.url).hostname
            assert re.search(listing.link_pattern, f"https://{host}/news/12345-some-article.html"), source.id
            assert not re.search(listing.link_pattern, "https://elsewhere.example/news/1.html"), source.id


def test_an_invalid_sources_yaml_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    loaded = load_sources(path)
    assert [s.id for s in loaded.sources] == ["good-one", "good-two"]
    (problem,) = loaded.problems
    assert problem.line == 13  # the `kind: blog` line
    assert problem.source_id == "broken"
    assert "kind" in problem.message and "'blog'" in problem.message
    assert str(problem).startswith(f"{path}:13 [broken]: ")
    assert loaded.sources[1] == SourceConfig(
        id="good-two", name="Good Two", homepage="https://two.example/", languages=("ky",), kind="official",
        listings=(ListingConfig(url="https://two.example/news/", link_pattern=r"^https://two\.example/news/\d+$"),),
        interval_minutes=60)


ENTRY = """\
sources:
  - id: ok
    name: OK
    homepage: https://ok.example/
    languages: [ru]
    kind: outlet
    feeds: [https://ok.example/rss]
  - id: bad
    name: Bad
    homepage: https://bad.example/
    languages: [ru]
    kind: outlet
{extra}"""


@pytest.mark.parametrize(
    ("extra", "line", "fragment"),
    [
        ("    feeds: [ftp://bad.example/rss]\n", 13, "http(s) URL"),
        ("    feeds: [https://bad.example/rss]\n    languages2: [ru]\n", 14, "unknown key 'languages2'"),
        ("    listings:\n      - url: https://bad.example/\n        link_pattern: '(unclosed'\n", 15,
         "does not compile"),
        ("    listings:\n      - url: https://bad.example/\n", 14, "both url and link_pattern"),
        ("    feeds: [https://bad.example/rss]\n    interval_minutes: 0\n", 14, "at least 1"),
        ("    feeds: [https://bad.example/rss]\n    interval_minutes: 1.5\n", 14, "whole number"),
        ("    feeds: []\n", 8, "at least one of feeds, sitemaps or listings"),
        ("    sitemaps: https://bad.example/sitemap.xml\n", 13, "list of URLs"),
        ("    feeds: [https://bad.example/rss]\n    kind: official\n", 14, "duplicate key 'kind'"),
        ("    feeds: [https://bad.example/rss]\n    confirmed: yes please\n", 14, "true or false"),
        ("    feeds: [https://bad.example/rss]\n    confirmed: !!python/object:os.system x\n", 14,
         "unreadable value"),
    ],
)
def test_each_broken_entry_is_one_problem_at_its_line(tmp_path: Path, extra: str, line: int, fragment: str) -> None:
    loaded = load_sources(write(tmp_path, ENTRY.format(extra=extra)))
    assert [s.id for s in loaded.sources] == ["ok"]
    (problem,) = loaded.problems
    assert (problem.line, problem.source_id) == (line, "bad")
    assert fragment in problem.message


def test_languages_and_required_keys(tmp_path: Path) -> None:
    text = ENTRY.format(extra="    feeds: [https://bad.example/rss]\n").replace(
        "name: Bad\n    homepage: https://bad.example/\n    languages: [ru]",
        "name: Bad\n    homepage: https://bad.example/\n    languages: [ru, uz]")
    text += "  - name: No Id\n    homepage: https://x.example/\n    languages: [en]\n    kind: outlet\n"
    loaded = load_sources(write(tmp_path, text))
    assert [(p.line, p.source_id) for p in loaded.problems] == [(11, "bad"), (14, None)]
    assert "unknown language 'uz'" in loaded.problems[0].message
    assert "missing required key 'id'" in loaded.problems[1].message


def test_duplicate_id_keeps_the_first(tmp_path: Path) -> None:
    text = ENTRY.format(extra="    feeds: [https://bad.example/rss]\n").replace("id: bad", "id: ok")
    loaded = load_sources(write(tmp_path, text))
    assert [s.homepage for s in loaded.sources] == ["https://ok.example/"]
    (problem,) = loaded.problems
    assert (problem.line, problem.source_id) == (8, "ok")
    assert "duplicate id 'ok' (first on line 2)" in problem.message


def test_not_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - id: a\n    name: [unclosed\n    kind: outlet\n  - id: b: c\n")
    with pytest.raises(SourcesError, match=rf"^{re.escape(str(path))}:\d+: not valid YAML"):
        load_sources(path)


@pytest.mark.parametrize(("text", "fragment"), [
    ("just a string\n", ":1: expected a mapping"),
    ("version: 1\noutlets: []\n", ":1: no 'sources:' list"),
    ("version: 1\nsources:\n  id: x\n", ":3: 'sources' must be a list"),
    ("", ":1: expected a mapping"),
])
def test_wrong_shape_is_a_file_error(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(SourcesError, match=re.escape(fragment)):
        load_sources(write(tmp_path, text))


def test_missing_file_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="cannot read"):
        load_sources(tmp_path / "absent.yaml")
