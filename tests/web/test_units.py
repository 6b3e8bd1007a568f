"""Unit tests of the web layer's own pieces: text annotation, chart geometry, cursors, links."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from starlette.requests import Request

from web.annotate import MentionSpan, StatementSpan, annotate
from web.charts import Series, draw, nice_top
from web.errors import WebError
from web.links import Links
from web.params import decode_cursor, encode_cursor
from web.render import external, safe_snippet


def test_annotation_escapes_text_and_nests_mentions_in_statements() -> None:
    text = "<b>ЦИК</b> заявил: «выборы <i>состоятся</i>»"
    quote_start = text.index("выборы")
    html = str(annotate(text, [MentionSpan(3, 6, "body:cec", "ЦИК <x>")],
                        [StatementSpan(quote_start, len(text) - 1, 1, "ЦИК")], lambda e: f"/entities/{e}"))
    assert html.startswith('&lt;b&gt;<a class="mention" href="/entities/body:cec" title="ЦИК &lt;x&gt;">ЦИК</a>&lt;/b&gt;')
    assert '<q class="statement"' in html and "&lt;i&gt;состоятся&lt;/i&gt;" in html
    assert "<i>" not in html and "<b>" not in html


def test_annotation_ignores_spans_outside_the_text() -> None:
    assert str(annotate("abc", [MentionSpan(2, 10, "x:y", "n")], [StatementSpan(-1, 2, 1, "s")], str)) == "abc"


def test_snippets_keep_only_their_marks_and_addresses_only_http() -> None:
    assert str(safe_snippet("a &lt;img&gt; <mark>b</mark> <img src=x onerror=1>")) == \
        "a &lt;img&gt; <mark>b</mark> &lt;img src=x onerror=1&gt;"
    assert external("https://24.kg/a") == "https://24.kg/a" and external(" JavaScript:alert(1)") == ""
    assert external("data:text/html,x") == "" and external(None) == ""


@pytest.mark.parametrize(("value", "counts", "top"), [(0, True, 4), (3, True, 4), (5, True, 8), (13, True, 16),
                                                       (130, True, 160), (0.013, False, 0.016), (0.9, False, 1.0)])
def test_axis_tops_are_round_and_reach_the_data(value: float, counts: bool, top: float) -> None:
    assert nice_top(value, counts) == pytest.approx(top)


def test_bars_link_to_their_bucket_and_scale_to_the_axis() -> None:
    starts = [date(2024, 1, 1) + timedelta(days=i) for i in range(3)]
    chart = draw(starts, [Series("a", "#000", (0.0, 2.0, 4.0), lambda d: f"/search?from={d}")], style="bars",
                 y_label=str, x_label=str)
    assert [b.href for b in chart.bars] == [f"/search?from={d}" for d in starts]
    heights = [b.height for b in chart.bars]
    assert heights[0] == 0 and heights[2] == pytest.approx(2 * heights[1])
    assert chart.bars[2].y == pytest.approx(chart.y_ticks[-1].pos)  # the tallest bar reaches the top tick


def test_cursors_round_trip_and_refuse_forgeries() -> None:
    assert decode_cursor(encode_cursor((12.5, "id-1"))) == (12.5, "id-1")
    for bad in ("%%%", encode_cursor(({"a": 1},)), "bm90IGpzb24"):  # type: ignore[arg-type]
        with pytest.raises(WebError):
            decode_cursor(bad)


def test_links_keep_the_language_and_drop_the_cursor() -> None:
    scope = {"type": "http", "path": "/search", "query_string": "q=a&source=x&cursor=c1&lang=ky".encode(),
             "headers": []}
    links = Links(Request(scope))
    assert links.to("/entities", "body:cec") == "/entities/body%3Acec?lang=ky"
    assert links.adding("source", "y") == "/search?q=a&source=x&source=y&lang=ky"
    assert links.without("source", "x") == "/search?q=a&lang=ky"
    assert links.in_language("ru") == "/search?q=a&source=x&cursor=c1&lang=ru"
