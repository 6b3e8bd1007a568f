"""Generate a local news site for benchmarks: N article pages in Russian and Kyrgyz with RSS feeds.

Pages look like real outlets' pages — header, menus, related links, footer, counters — around
an article of 250–900 words, so extraction does real work. Text is drawn from sentences written
for this benchmark (generic news wording; no statements attributed to real people).
Feeds use `{{BASE}}` for the server's address, substituted when served.
"""

from __future__ import annotations

import html
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

BISHKEK = timezone(timedelta(hours=6))

RU_SENTENCES = [
    "В Бишкеке прошло совещание по подготовке города к отопительному сезону.",
    "Представители мэрии рассказали о ремонте дорог в южной части столицы.",
    "Жители нескольких микрорайонов жалуются на перебои с подачей воды.",
    "Эксперты отмечают рост цен на строительные материалы в последние месяцы.",
    "В Оше открылась новая школа на девятьсот ученических мест.",
    "Министерство сообщило, что работы планируется завершить до конца года.",
    "Депутаты обсудили законопроект о государственных закупках в первом чтении.",
    "Центральная избирательная комиссия напомнила о сроках регистрации наблюдателей.",
    "По данным статистического комитета, объем промышленного производства вырос.",
    "Фермеры Чуйской области начали уборку зерновых раньше обычного.",
    "В Нарынской области из-за снегопада временно закрыт участок горной дороги.",
    "Пресс-служба ведомства сообщила, что проверка продлится несколько недель.",
    "На заседании правительства рассмотрели вопросы энергетической безопасности.",
    "Специалисты советуют заранее подготовить документы для подачи заявления.",
    "Аналитики связывают рост спроса с увеличением денежных переводов мигрантов.",
    "В Иссык-Кульской области готовятся к туристическому сезону.",
    "Городские власти планируют установить новые остановки общественного транспорта.",
    "Участники форума обсудили развитие цифровых государственных услуг.",
    "Налоговая служба напомнила предпринимателям о сроках сдачи отчетности.",
    "В Таласе прошли соревнования по национальным видам спорта.",
    "Врачи рекомендуют вакцинироваться до начала сезона простуд.",
    "На границе увеличилось число грузовиков, ожидающих оформления.",
    "Национальный банк сохранил учетную ставку на прежнем уровне.",
    "В Джалал-Абаде отремонтировали водопровод протяженностью двенадцать километров.",
    "Студенты нескольких вузов приняли участие в субботнике.",
    "Тарифы на электроэнергию для населения в этом году не изменятся.",
    "Сотрудники МЧС провели учения в горных районах Баткенской области.",
    "Библиотека имени Токтогула Сатылганова пополнилась новыми изданиями.",
    "Общественные организации призвали усилить контроль за качеством продуктов.",
    "Жогорку Кенеш вернул законопроект на доработку профильному комитету.",
    "В стране продолжается весенняя посевная кампания.",
    "Работы по реконструкции моста ведутся в две смены.",
]
KY_SENTENCES = [
    "Бишкекте жылытуу мезгилине даярдык боюнча кеңешме өттү.",
    "Мэриянын өкүлдөрү борбордун түштүк бөлүгүндөгү жолдорду оңдоо тууралуу айтып беришти.",
    "Бир нече кичи райондун тургундары суу үзгүлтүккө учурап жатканына нааразы.",
    "Ош шаарында тогуз жүз орундуу жаңы мектеп ачылды.",
    "Министрлик иштер жыл аягына чейин бүтөт деп маалымдады.",
    "Депутаттар мамлекеттик сатып алуулар тууралуу мыйзам долбоорун биринчи окууда талкуулашты.",
    "Борбордук шайлоо комиссиясы байкоочуларды каттоо мөөнөттөрүн эскертти.",
    "Чүй облусунун дыйкандары дан эгиндерин жыйноону эртерээк башташты.",
    "Нарын облусунда кар жаап, тоо жолунун бир бөлүгү убактылуу жабылды.",
    "Мекеменин басма сөз кызматы текшерүү бир нече жумага созуларын билдирди.",
    "Өкмөттүн жыйынында энергетикалык коопсуздук маселелери каралды.",
    "Адистер арыз берүү үчүн документтерди алдын ала даярдоону кеңеш беришет.",
    "Ысык-Көл облусунда туристтик мезгилге даярдык жүрүп жатат.",
    "Шаардык бийлик коомдук транспорт үчүн жаңы аялдамаларды орнотууну пландап жатат.",
    "Форумдун катышуучулары санариптик мамлекеттик кызматтарды өнүктүрүүнү талкуулашты.",
    "Салык кызматы ишкерлерге отчет тапшыруу мөөнөттөрүн эскертти.",
    "Таласта улуттук спорт түрлөрү боюнча мелдеш өттү.",
    "Дарыгерлер суук тийүү мезгили башталганга чейин эмдөөдөн өтүүнү сунушташат.",
    "Улуттук банк эсептик ченди мурунку деңгээлде калтырды.",
    "Жалал-Абадда узундугу он эки километр болгон суу түтүгү оңдолду.",
    "Быйыл калк үчүн электр энергиясынын тарифтери өзгөрбөйт.",
    "Өзгөчө кырдаалдар министрлигинин кызматкерлери Баткен облусунун тоолуу райондорунда машыгуу өткөрүштү.",
    "Жогорку Кеңеш мыйзам долбоорун тиешелүү комитетке кайра жөнөттү.",
    "Өлкөдө жазгы талаа иштери уланып жатат.",
    "Көпүрөнү реконструкциялоо иштери эки сменада жүргүзүлүүдө.",
]
RU_TITLES = ["Итоги недели", "Новости регионов", "Решение правительства", "Экономика", "Городские новости",
             "Образование", "Здравоохранение", "Парламент", "Выборы", "Транспорт"]
KY_TITLES = ["Жуманын жыйынтыгы", "Аймактардагы жаңылыктар", "Өкмөттүн чечими", "Экономика",
             "Шаардык жаңылыктар", "Билим берүү", "Саламаттык сактоо", "Парламент", "Шайлоо", "Транспорт"]

BOILERPLATE_HEAD = """<header class="site-header"><div class="logo">{site}</div>
<nav><ul><li><a href="/">Главная</a></li><li><a href="/politics/">Политика</a></li>
<li><a href="/economy/">Экономика</a></li><li><a href="/society/">Общество</a></li>
<li><a href="/sport/">Спорт</a></li><li><a href="/about/">О нас</a></li></ul></nav>
<div class="top-counter">Top.Mail.Ru</div><div class="lang">ru kg</div></header>"""
BOILERPLATE_FOOT = """<aside class="related"><h3>Читайте также</h3><ul>{related}</ul></aside>
<footer><p>© {site}. Все права защищены. При использовании материалов ссылка обязательна.</p>
<p>Версия сайта для слабовидящих</p><img src="/pixel.gif" alt="pixel"></footer>"""


def _paragraphs(rng: random.Random, bank: list[str], words: int) -> list[str]:
    paras, current, count = [], [], 0
    while count < words:
        s = rng.choice(bank)
        current.append(s)
        count += len(s.split())
        if len(current) >= rng.randint(2, 4):
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return paras


def article_html(site: str, title: str, published: datetime, paras: list[str], related: list[str], lang: str) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    rel = "".join(f'<li><a href="{html.escape(u)}">{html.escape(t)}</a></li>' for u, t in related)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)} — {site}</title>
<meta property="og:site_name" content="{site}"><meta name="description" content="{html.escape(paras[0][:150])}">
<meta property="article:published_time" content="{published.isoformat()}"></head><body>
{BOILERPLATE_HEAD.format(site=site)}
<main><article><h1>{html.escape(title)}</h1><time datetime="{published.isoformat()}">{published:%d.%m.%Y %H:%M}</time>
<div class="article-body">{body}</div></article></main>
{BOILERPLATE_FOOT.format(site=site, related=rel)}</body></html>"""


def rss(site: str, items: list[tuple[str, str, datetime, str]]) -> str:
    entries = "\n".join(
        f"<item><title>{html.escape(t)}</title><link>{{{{BASE}}}}{u}</link><guid>{{{{BASE}}}}{u}</guid>"
        f"<pubDate>{d.strftime('%a, %d %b %Y %H:%M:%S +0600')}</pubDate><description>{html.escape(s)}</description></item>"
        for u, t, d, s in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{site}</title>'
            f"<link>{{{{BASE}}}}/</link><description>{site}</description>\n{entries}\n</channel></rss>")


def generate(folder: Path, n: int = 1000, sources: int = 5, seed: int = 7) -> list[str]:
    """Write the site into `folder`; return the feed paths (one per source)."""
    rng = random.Random(seed)
    start = datetime(2025, 3, 1, 8, 0, tzinfo=BISHKEK)
    feeds: list[str] = []
    per_source = [[] for _ in range(sources)]
    for i in range(n):
        src = i % sources
        lang = "ky" if src % 2 else "ru"
        bank, titles = (KY_SENTENCES, KY_TITLES) if lang == "ky" else (RU_SENTENCES, RU_TITLES)
        site = f"Бенч-{src}"
        paras = _paragraphs(rng, bank, rng.randint(250, 900))
        title = f"{rng.choice(titles)}: {paras[0].split('.')[0][:70]} ({i})"
        published = start + timedelta(minutes=17 * i)
        path = f"/s{src}/news/{published:%Y/%m/%d}/{i}.html"
        related = [(f"/s{src}/news/{rng.randint(0, n)}.html", rng.choice(titles)) for _ in range(5)]
        target = folder / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article_html(site, title, published, paras, related, lang), encoding="utf-8")
        per_source[src].append((path, title, published, paras[0][:200]))
    for src, items in enumerate(per_source):
        feed_path = f"/s{src}/rss.xml"
        (folder / feed_path.lstrip("/")).write_text(rss(f"Бенч-{src}", items), encoding="utf-8")
        feeds.append(feed_path)
    return feeds
