"""A synthetic ru/ky news corpus for the search benchmark, as index documents.

Words are drawn with Zipf-like frequencies from a small vocabulary written here (inflected
forms, so morphology matters), entities come from config/entities.yaml (a few fixed ids if it
is missing), and publication times follow real news: more on weekdays and in Bishkek office
hours, growing over three years. Deterministic for a given seed.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from indexes.analysis import index_token
from indexes.base import ArticleDocument, EntityRef, StatementDocument
from pipeline import morph

# Russian: lemma-ish stems with several forms each, most frequent news words first.
RU_WORDS = """
году года годом год | заявил заявила заявили | министр министра министру министров | президент президента
президентом | выборы выборов выборах | депутаты депутатов депутатам депутат | правительство правительства
| кабинет кабинета кабинетом | проект проекта проекты | закон закона законы законом | бюджет бюджета бюджете
| республики республика республике | кыргызстан кыргызстана кыргызстане | бишкек бишкека бишкеке | ош оша
оше | область области областей | граждан граждане гражданам | комиссия комиссии комиссией | вопрос вопросы
вопросов | заседание заседании заседания | решение решения решений | работы работа работе | сообщает
сообщил сообщили | пресс-служба пресс-службы | ведомства ведомство ведомству | программа программы | развития
развитие | экономики экономика экономике | сотрудники сотрудников | задержан задержали задержания |
уголовное уголовного дело дела | суд суда суде | прокуратура прокуратуры | граница границы границе | таможни
таможня | налог налоги налогов | цены цен ценах | тенге сомов сом | электроэнергии электроэнергия | школы
школ школе | больницы больница | врачей врачи | дороги дорог дороге | строительство строительства | инвестиции
инвестиций | переговоры переговоров | делегация делегации | визит визита | сотрудничество сотрудничества |
парламент парламента парламенте | партия партии партий | кандидат кандидатов кандидаты | голосование голосования
| референдум референдума | конституции конституция | мэрия мэрии | жители жителей | снег снега | погода погоды
| урожай урожая | фермеры фермеров | вода воды | реформа реформы | коррупции коррупция | проверка проверки
""".split("|")
KY_WORDS = """
шайлоо шайлоонун шайлоодо шайлоого | өкмөт өкмөттүн өкмөткө | министр министрдин министрлер | президент
президенттин президентке | депутат депутаттар депутаттардын | бюджет бюджеттин бюджетти | мыйзам мыйзамдын
мыйзамды | өлкө өлкөнүн өлкөдө | шаар шаарында шаардын | эл элдин элге | жыйын жыйынында жыйынды | маселе
маселелер маселени | кеңеш кеңештин кеңешке | комиссия комиссиясы комиссиянын | иш иштин иштер | билдирди
билдиришти | айтты айтышты | жаңы жаңылык жаңылыктар | мектеп мектептер мектепте | оорукана ооруканада |
жол жолдор жолдо | суу суунун | баа баалар | салык салыктар | чек ара чек арада | кылмыш кылмыштын | сот
соттун сотто | долбоор долбоордун | экономика экономиканын | кызматкер кызматкерлер | партия партиялар |
талапкер талапкерлер | добуш добуштар | референдум референдумдун | кар жаады | түшүм түшүмдүн | дыйкан
дыйкандар | реформа реформанын | коррупция коррупциянын | текшерүү текшерүүнү
""".split("|")
FILLER = {"ru": "и в на с по о что для от к это также не как при из за".split(),
          "ky": "жана менен үчүн деп бул да дагы боюнча ошондой эле".split()}
SOURCES = [("24kg", "ru", "outlet"), ("kaktus", "ru", "outlet"), ("akipress", "ru", "outlet"),
           ("kloop", "ru", "outlet"), ("azattyk", "ky", "outlet"), ("kabar", "ru", "official"),
           ("kaktus-ky", "ky", "outlet"), ("president", "ru", "official"), ("shailoo", "ky", "official"),
           ("economist", "ru", "outlet"), ("super", "ky", "outlet"), ("vb", "ru", "outlet")]
FALLBACK_ENTITIES = [("person:sadyr-japarov", "person", {"ru": "Садыр Жапаров", "ky": "Садыр Жапаров"}),
                     ("body:cec", "body", {"ru": "ЦИК", "ky": "БШК"}),
                     ("body:gknb", "body", {"ru": "ГКНБ", "ky": "УКМК"}),
                     ("body:jogorku-kenesh", "body", {"ru": "Жогорку Кенеш", "ky": "Жогорку Кеңеш"})]
TAIL_WORDS = 15_000
CONTENT_FIRST_RANK = 40
CONTENT_RANK_STEP = 25
START = datetime(2023, 1, 1, tzinfo=timezone.utc)
DAYS = 3 * 365


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    names: dict[str, str]


def load_entities(path: Path) -> list[Entity]:
    """Entities from the registry file, or a few fixed ones when it is missing or unreadable."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found = [Entity(e["id"], e["type"], {k: v for k, v in e["names"].items() if k in ("ru", "ky")})
                 for e in data.get("entities", []) if e.get("names", {}).get("ru")]
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        found = []
    return found or [Entity(i, t, n) for i, t, n in FALLBACK_ENTITIES]


def _zipf_weights(n: int, s: float = 1.07) -> list[float]:
    return [1.0 / (rank ** s) for rank in range(1, n + 1)]


class CorpusGenerator:
    """Makes `ArticleDocument`s (with statements) whose lemma fields match what
    `indexes.documents` would compute for the same text (made-up tail words are their own lemma)."""

    def __init__(self, registry: Path, seed: int = 7, *, start: datetime = START, days: int = DAYS,
                 sentences: tuple[int, int] = (12, 30)) -> None:
        self.rng = random.Random(seed)
        self.start, self.days, self.sentences = start, days, sentences
        self.entities = load_entities(registry)
        self.entity_weights = _zipf_weights(len(self.entities), 1.2)
        self.forms = {lang: [g.split() for g in groups if g.split()] for lang, groups in
                      (("ru", RU_WORDS), ("ky", KY_WORDS))}
        self.weights = {lang: _zipf_weights(len(groups)) for lang, groups in self.forms.items()}
        # The running text: function words first, then the news words spread over ranks 40 to
        # about 4,000 among a long tail of made-up words, all under one Zipf law (a real
        # vocabulary's shape: a news word is in 1-60% of articles, not in every one).
        self.vocab = {lang: self._ranked(lang) for lang in self.forms}
        self.vocab_cum = {lang: list(itertools.accumulate(_zipf_weights(len(v), 1.0))) for lang, v in self.vocab.items()}
        self._made_up = {lang: {index_token(g[0]) for g in self._tail(lang, TAIL_WORDS)} for lang in self.forms}
        self.source_weights = _zipf_weights(len(SOURCES), 0.8)
        self._tokens: dict[tuple[str, str], str] = {}

    def _token(self, word: str, lang: str) -> str:
        key = (word, lang)
        if key not in self._tokens:
            own = index_token(word)
            # Made-up tail words have no morphology; skip pymorphy's slow guessing for them.
            made_up = own in self._made_up[lang]
            self._tokens[key] = own if made_up else (index_token(morph.lemma(word, lang)) or own)
        return self._tokens[key]

    def _lemmas(self, text: str, lang: str) -> str:
        return " ".join(self._token(w, lang) for w, _, _ in morph.tokens(text))

    def _ranked(self, lang: str) -> list[list[str]]:
        ranked: list[list[str]] = [[w] for w in FILLER[lang]]
        tail, used = self._tail(lang, TAIL_WORDS), 0
        for i, group in enumerate(self.forms[lang]):
            need = max(0, CONTENT_FIRST_RANK + i * CONTENT_RANK_STEP - len(ranked))
            ranked.extend(tail[used:used + need])
            used += need
            ranked.append(group)
        return ranked + tail[used:]

    def _tail(self, lang: str, n: int) -> list[list[str]]:
        rng = random.Random(f"tail-{lang}")
        consonants, vowels = ("бвгдзклмнпрстх", "аоуие") if lang == "ru" else ("бжкмнрстлч", "аыоуөүе")
        endings = (["", "ов", "ами", "ение", "ский"] if lang == "ru" else ["", "дын", "га", "да", "лар"])
        words: set[str] = set()
        while len(words) < n:
            stem = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 3)))
            words.add(stem + rng.choice(endings))
        return [[w] for w in sorted(words)]

    def _words(self, lang: str, n: int) -> list[str]:
        return [self.rng.choice(g) for g in self.rng.choices(self.vocab[lang], cum_weights=self.vocab_cum[lang], k=n)]

    def _sentence(self, lang: str, names: list[str]) -> str:
        words = self._words(lang, self.rng.randint(6, 14))
        if names and self.rng.random() < 0.5:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(names))
        return " ".join(words).capitalize() + "."

    def _published(self) -> datetime:
        # Growth over time (more recent days likelier), fewer on weekends, office hours peak.
        while True:
            day = int(self.days * (self.rng.random() ** 0.8))
            moment = self.start + timedelta(days=day)
            if moment.weekday() >= 5 and self.rng.random() < 0.6:
                continue
            hour_bishkek = min(23, max(0, int(self.rng.gauss(13, 4))))
            return moment + timedelta(hours=hour_bishkek - 6, minutes=self.rng.randrange(60),
                                      seconds=self.rng.randrange(60))

    def article(self, i: int) -> tuple[ArticleDocument, list[StatementDocument]]:
        source, lang, kind = self.rng.choices(SOURCES, self.source_weights)[0]
        if self.rng.random() < 0.1:  # outlets publish in both languages now and then
            lang = "ky" if lang == "ru" else "ru"
        picked = {e.id: e for e in self.rng.choices(self.entities, self.entity_weights, k=self.rng.randint(0, 4))}
        names = [e.names.get(lang) or e.names["ru"] for e in picked.values()]
        title = " ".join(self._words(lang, self.rng.randint(5, 9))).capitalize()
        if names:
            title = f"{names[0]}: {title}"
        text = " ".join(self._sentence(lang, names) for _ in range(self.rng.randint(*self.sentences)))
        published = self._published()
        article_id = f"b{i:07d}"
        speakers = [e for e in picked.values() if e.type in ("person", "body")]
        said = []
        for seq in range(self.rng.randint(0, 2) if speakers else 0):
            quote = " ".join(self._words(lang, self.rng.randint(6, 12)))
            speaker = self.rng.choice(speakers)
            said.append(StatementDocument(
                id=f"{article_id}:{seq}", article_id=article_id, speaker_id=speaker.id,
                speaker_surface=speaker.names.get(lang) or speaker.names["ru"], speaker_post="", text=quote,
                kind="indirect", published=published, language=lang, source=source,
                text_lemmas=self._lemmas(quote, lang)))
        doc = ArticleDocument(
            id=article_id, url=f"https://{source}.example/news/{i}", title=title, lead="", text=text,
            language=lang, source=source, source_name=source, source_kind=kind, published=published,
            entities=tuple(sorted((EntityRef(e.id, e.type, e.names["ru"]) for e in picked.values()),
                                  key=lambda r: r.id)),
            speaker_ids=tuple(sorted({s.speaker_id for s in said if s.speaker_id})),
            title_lemmas=self._lemmas(title, lang), text_lemmas=self._lemmas(text, lang))
        return doc, said

    def batches(self, n: int, size: int = 500) -> Iterator[tuple[list[ArticleDocument], list[StatementDocument]]]:
        for start in range(0, n, size):
            articles, statements = [], []
            for i in range(start, min(n, start + size)):
                doc, said = self.article(i)
                articles.append(doc)
                statements.extend(said)
            yield articles, statements

    def query_words(self, lang: str, k: int) -> list[str]:
        return [self.rng.choice(g) for g in self.rng.choices(self.forms[lang], self.weights[lang], k=k)]

    def topic_word(self, lang: str) -> str:
        """A news word drawn uniformly: what people search for is rarely the commonest word."""
        return self.rng.choice(self.rng.choice(self.forms[lang]))

    def rare_word(self, lang: str) -> str:
        return self.rng.choice(self.rng.choice(self.forms[lang][-15:]))
