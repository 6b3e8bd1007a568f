"""Hand-made digest content for the rendering and sending tests (the selection has its own tests).

Texts written for these tests; not real news."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from digest.links import Links
from digest.message import build_email, message_id
from digest.render import render
from digest.sendlog import Envelope, send_key
from indexes.digest import SECTIONS, DigestContent, DigestStory, SpeakerStatements
from indexes.digest_day import DayStatement, SourceHealth

BISHKEK = timezone(timedelta(hours=6))
DAY = date(2021, 11, 28)
LINKS = Links("https://kabarchy.example.org", "test-secret")
FROM = "Kabarchy <digest@kabarchy.example.org>"


def content(language: str = "ru") -> DigestContent:
    story = DigestStory(
        id="a1", headline="ЦИК сообщил о явке на выборах в Жогорку Кенеш", headline_language="ru",
        url="https://news.example.kg/2021/11/28/yavka.html", first_publisher="demo-official",
        first_publisher_name="Пресс-центр", first_seen=datetime(2021, 11, 28, 12, 5, tzinfo=BISHKEK),
        outlets=(("demo-official", "Пресс-центр"), ("demo-ru-news", "Новости"), ("demo-ky-kabar", "Кабар")),
        official_outlets=1, articles=4, languages=("ru", "ky"), score=4.0)
    second = DigestStory(
        id="b2", headline="Жогорку Кеңешке шайлоо: байкоочулар билдирүү жасады", headline_language="ky",
        url="https://kabar.example.kg/b2.html", first_publisher="demo-ky-kabar", first_publisher_name="Кабар",
        first_seen=datetime(2021, 11, 28, 15, 0, tzinfo=BISHKEK), outlets=(("demo-ky-kabar", "Кабар"),),
        official_outlets=0, articles=1, languages=("ky",), score=1.0)
    said = DayStatement(
        id="a1:0", article_id="a1", speaker_id="body:cec", speaker_surface="ЦИК", speaker_post="",
        text="Явка на 14:00 составила 24 процента", kind="direct",
        published=datetime(2021, 11, 28, 14, 30, tzinfo=BISHKEK), source="demo-ru-news",
        source_name="Новости", url="https://news.example.kg/2021/11/28/yavka.html", title="Явка", outlets=2)
    speaker = SpeakerStatements("body:cec", "ЦИК" if language == "ru" else "БШК", "body", "", (said,))
    health = (SourceHealth("demo-broken", "Сломанный сайт", "outlet", 0, 3, "timeout: read timed out", "failed"),
              SourceHealth("demo-quiet", "Тихий сайт", "outlet", 0, 0, "", "silent"))
    return DigestContent(day=DAY, language=language, stories=(story, second), statements_by_speaker=(speaker,),
                         rising=(), source_health=health, total_articles=1234, total_sources=5,
                         names={"body:cec": speaker.name})


def envelope(to: str, language: str = "ru", channel: str = "smtp", kind: str = "daily",
             edition: str = DAY.isoformat()) -> Envelope:
    send_id = send_key(channel, to, kind, edition)
    msg_id = message_id(send_id, FROM)
    rendered = render(content(language), sections=SECTIONS, links=LINKS, recipient=to)
    payload = build_email(rendered, to=to, from_address=FROM, msg_id=msg_id, links=LINKS, lang=language)
    return Envelope(channel, to, kind, edition, language, msg_id, payload)
