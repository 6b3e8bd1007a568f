"""Analysis speed in words per second, per language: one process, and `analyze_pending` with
two worker processes over a temporary store (worker start-up included, and estimated without:
the start-up is the time of the smallest run that starts the pool).

The articles are made of sentences written for this benchmark (no real quotes), shuffled with a
fixed seed, ≈250 words each.

    python bench/analysis_speed.py [--articles 800] [--registry config/entities.yaml]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SENTENCES = {
    "ru": [
        "ЦИК утвердил итоговый протокол и передал его в Жогорку Кенеш.",
        "Председатель Центризбиркома сообщил, что жалобы партий рассмотрят до конца недели.",
        "«Мы проверим каждое обращение», — сказал представитель комиссии.",
        "Президент Садыр Жапаров подписал закон о местном самоуправлении.",
        "Сотрудники ГКНБ задержали двух чиновников мэрии Бишкека по подозрению во взяточничестве.",
        "Как сообщила пресс-служба МВД, на дорогах Чуйской области усилено патрулирование.",
        "Депутат Иван Петров заявил, что бюджет на следующий год нужно пересмотреть.",
        "По словам министра, цены на топливо в ближайшие месяцы не вырастут.",
        "Кабинет министров одобрил программу строительства школ в Ошской и Джалал-Абадской областях.",
        "Эксперты отмечают, что явка на выборах оказалась ниже, чем ожидалось.",
        "Наблюдатели от партий сверили копии протоколов с данными на сайте комиссии.",
        "В Нарыне прошло собрание жителей, на котором обсуждали ремонт дороги.",
    ],
    "ky": [
        "БШК шайлоонун жыйынтыгын бекитип, токтомду Жогорку Кеңешке жөнөттү.",
        "Борбордук шайлоо комиссиясынын төрагасы партиялардын арыздары жуманын аягына чейин каралат деп билдирди.",
        "«Ар бир кайрылууну текшеребиз», — деди комиссиянын өкүлү.",
        "Президент Садыр Жапаров жергиликтүү өз алдынча башкаруу жөнүндө мыйзамга кол койду.",
        "УКМКнын кызматкерлери Бишкек шаардык мэриясынын эки кызматкерин кармады.",
        "ИИМдин маалыматы боюнча Чүй облусунун жолдорунда күзөт күчөтүлдү.",
        "Депутат Нурлан Мамытбек уулу кийинки жылдын бюджетин кайра карап чыгуу керектигин айтты.",
        "Министрдин айтымында, жакынкы айларда күйүүчү майдын баасы кымбаттабайт.",
        "Министрлер Кабинети Ош жана Жалал-Абад облустарында мектеп куруу программасын жактырды.",
        "Эксперттер шайлоого катышуу күтүлгөндөн төмөн болгонун белгилешти.",
        "Партиялардын байкоочулары протоколдордун көчүрмөлөрүн комиссиянын сайтындагы маалыматтар менен салыштырышты.",
        "Нарында жолду оңдоо маселеси боюнча тургундардын жыйыны өттү.",
    ],
}


def articles(lang: str, n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        sentences: list[str] = []
        while sum(len(s.split()) for s in sentences) < 250:
            sentences.append(rng.choice(SENTENCES[lang]))
        out.append(" ".join(sentences[:6]) + "\n\n" + " ".join(sentences[6:]))
    return out


def pending_run(texts: list[str], lang: str, registry: Path, workers: int) -> float:
    from pipeline.analysis.stage import analyze_pending
    from pipeline.records import ExtractedArticle, FeedEntry, SourceConfig
    from pipeline.store.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.sqlite") as store:
        store.sync_sources([SourceConfig(id="bench", name="Bench", homepage="https://bench.example/",
                                         languages=(lang,), kind="outlet")])
        published = datetime(2024, 5, 1, tzinfo=timezone.utc)
        for i, text in enumerate(texts):
            article_id = f"{lang}-{i}"
            store.discover(article_id, FeedEntry(source_id="bench", url=f"https://bench.example/{article_id}",
                                                 found_in="https://bench.example/rss"))
            store.save_extracted(article_id, ExtractedArticle(title=article_id, text=text, published=published,
                                                              language=lang), title_key=article_id)
        started = time.perf_counter()
        done = analyze_pending(store, registry, workers)
        elapsed = time.perf_counter() - started
        assert done == len(texts), (done, len(texts))
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=800, help="articles per language")
    parser.add_argument("--registry", type=Path, default=REPO / "config" / "entities.yaml")
    args = parser.parse_args()
    from pipeline.analysis.stage import Analyzer

    started = time.perf_counter()
    analyzer = Analyzer.load(args.registry)
    load_s = time.perf_counter() - started
    print(f"Analyzer.load: {load_s:.1f} s ({analyzer.version})")
    from pipeline.analysis.stage import ARTICLES_PER_TASK

    print(f"{'language':<9} {'articles':>8} {'words':>8} {'1 process w/s':>14} {'2 workers w/s':>14} "
          f"{'wall s':>7} {'pool start s':>12} {'w/s after start':>16}")
    for lang in ("ru", "ky"):
        texts = articles(lang, args.articles)
        words = sum(len(t.split()) for t in texts)
        analyzer.analyze(texts[0], lang, None)  # warm the lemma caches as a running worker has them
        started = time.perf_counter()
        for text in texts:
            analyzer.analyze(text, lang, datetime(2024, 5, 1, tzinfo=timezone.utc))
        single = time.perf_counter() - started
        pooled = pending_run(texts, lang, args.registry, workers=2)
        # the smallest run that starts the pool: its time is mostly the two workers loading
        startup = pending_run(texts[:ARTICLES_PER_TASK + 1], lang, args.registry, workers=2)
        print(f"{lang:<9} {len(texts):>8} {words:>8} {words / single:>14,.0f} {words / pooled:>14,.0f} "
              f"{pooled:>7.1f} {startup:>12.1f} {words / max(pooled - startup, 1e-9):>16,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
