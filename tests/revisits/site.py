"""A small local news site whose pages change between revisits (texts written for these tests).

`NewsSite.write(slug, Page)` (re)writes one article page under the served folder; the feed lists
every page written so far. The people and events are invented; the bodies named are generic.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from pathlib import Path

PARAGRAPHS = (
    "В Бишкеке продолжается ремонт улиц в южной части города. По данным мэрии, работы идут на "
    "двенадцати участках, а подрядчики обязаны завершить их до начала отопительного сезона.",
    "«Мы проверяем каждый участок и не примем работу, если асфальт положен с нарушениями», — заявила "
    "начальник отдела благоустройства Айгуль Сыдыкова.",
    "Жители микрорайона Джал жалуются на пыль и перекрытые проезды. Часть автобусных маршрутов "
    "временно изменена, схемы объезда опубликованы на сайте транспортной службы.",
    "По словам инженера Бакыта Осмонова, на трёх участках меняют и ливневую канализацию, поэтому "
    "сроки там сдвинутся примерно на две недели.",
    "Общая стоимость работ составляет 410 миллионов сомов. Средства выделены из городского бюджета.",
)


@dataclass(frozen=True)
class Page:
    title: str = "В Бишкеке ремонтируют дороги на двенадцати участках"
    paragraphs: tuple[str, ...] = PARAGRAPHS
    views: int = 120
    updated: str = "30.11.2026 10:15"
    related: tuple[str, ...] = ("В Оше открыли новый мост через реку Ак-Буура",
                                "Цены на хлеб в Нарыне остались прежними")

    def with_(self, **changes: object) -> Page:
        return replace(self, **changes)  # type: ignore[arg-type]

    def html(self) -> str:
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)
        related = "\n".join(f'<li><a href="/news/{i}.html">{html.escape(t)}</a></li>'
                            for i, t in enumerate(self.related))
        return f"""<!doctype html><html lang="ru"><head><meta charset="utf-8">
<title>{html.escape(self.title)}</title>
<meta property="article:published_time" content="2026-11-30T10:00:00+06:00"></head>
<body><header><a href="/">Городские новости</a></header>
<article><h1>{html.escape(self.title)}</h1>
<div class="meta">Обновлено: {self.updated} · Просмотров: {self.views}</div>
{body}
</article>
<aside><h3>Читайте также</h3><ul>{related}</ul></aside>
<footer>© Городские новости</footer></body></html>"""


class NewsSite:
    """The served folder: an index page, article pages and an RSS feed of them."""

    def __init__(self, root: Path, base_url: str) -> None:
        self.root = root
        self.base_url = base_url
        self.slugs: list[str] = []
        (root / "news").mkdir(parents=True, exist_ok=True)
        (root / "index.html").write_text(
            "<html><body><h1>Городские новости</h1><p>Главная страница.</p></body></html>", encoding="utf-8")

    def url(self, slug: str) -> str:
        return f"{self.base_url}/news/{slug}.html"

    def write(self, slug: str, page: Page) -> None:
        (self.root / "news" / f"{slug}.html").write_text(page.html(), encoding="utf-8")
        if slug not in self.slugs:
            self.slugs.append(slug)
            self._feed()

    def remove(self, slug: str) -> None:
        (self.root / "news" / f"{slug}.html").unlink()

    def _feed(self) -> None:
        items = "".join(
            f"<item><title>Статья {s}</title><link>{self.url(s)}</link>"
            f"<pubDate>Mon, 30 Nov 2026 04:00:00 +0000</pubDate></item>" for s in self.slugs)
        (self.root / "rss.xml").write_text(
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Городские новости</title>'
            f"<link>{self.base_url}/</link>{items}</channel></rss>", encoding="utf-8")
