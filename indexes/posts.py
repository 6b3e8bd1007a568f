"""Posts the text itself gives a person the registry does not know: «секретарь Совбеза Марат
Иманкулов», «депутат Жогорку Кенеша …», «Жогорку Кеңештин депутаты …» — collected as evidence,
each with the article it came from, never turned into a registry fact.

The title is the run of words right before the name in its clause: in Russian it opens with a
title noun (депутат, министр, секретарь, the first word of every registry role) and runs up to
the name; in Kyrgyz it ends with one, possessive-marked (депутаты, катчысы, төрагасы), with
the genitive words before it. When the words are a registry role's words the role key is
given, and when the rest of the title names a registry body or party, its id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from indexes.dates import bishkek_day, day_start_utc
from indexes.entities import EntityDirectory
from pipeline.morph import fold, ky_lemma, ru_lemma, tokens
from pipeline.store.store import Store

WINDOW_CHARS = 160
MAX_TITLE_WORDS = 6
_CLAUSE_END = re.compile(r"[.!?;:,()«»\"“”\n—–]")
# Title nouns beyond the registry's roles (lemmas, folded): the posts news gives people.
RU_TITLES = frozenset("""депутат министр замминистр заместитель председатель глава руководитель секретарь
советник помощник посол аким мэр губернатор полпред начальник директор командующий прокурор судья спикер
торага лидер сопредседатель член вице-премьер премьер-министр омбудсмен ректор уполномоченный""".split())
KY_TITLES = frozenset("""депутат министр төрага орун катчы жетекчи башчы элчи аким мэр директор кеңешчи
спикер прокурор сот лидер мүчө акыйкатчы""".split())
_KY_GENITIVE = re.compile(r"(?:[ынуиүө]н|[дтн][ыиуү]н)$")
_KY_ADJECTIVE = re.compile(r"(?:[дтл][ыиуү]к|[кг][ыиуү])$")  # шаардык, Ошку, ички
_KY_CASE = re.compile(r"(?:[дт][аеоө]н?|[гк][аеоө])$")  # locative, ablative, dative: a clause word


@dataclass(frozen=True)
class PostEvidence:
    title: str  # as the text writes it, e.g. "секретарь Совбеза"
    role: str  # the registry role these words are, else ""
    org_id: str | None  # the body or party the rest of the title names, when the directory knows it
    article_id: str
    day: date | None
    source: str
    url: str
    headline: str


class TitleFinder:
    """Finds the title words right before a name, for Russian and Kyrgyz text."""

    def __init__(self, roles: Mapping[str, Mapping[str, Sequence[str]]], directory: EntityDirectory | None) -> None:
        self.directory = directory
        self.roles: dict[tuple[str, ...], str] = {}
        ru_heads, ky_heads = set(RU_TITLES), set(KY_TITLES)
        for role, by_lang in roles.items():
            for lang, phrases in by_lang.items():
                for phrase in phrases:
                    key = _lemmas(phrase, lang)
                    if key:
                        self.roles.setdefault(key, role)
                        (ky_heads if lang == "ky" else ru_heads).add(key[-1] if lang == "ky" else key[0])
        self.heads = {"ru": frozenset(ru_heads), "ky": frozenset(ky_heads)}

    def title_before(self, text: str, start: int, lang: str) -> tuple[str, str, str | None] | None:
        """(title as written, role key or "", org id or None) just before text[start:], if any."""
        window = text[max(0, start - WINDOW_CHARS):start]
        cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
        words = [w for w, _, _ in tokens(window[cut:])][-MAX_TITLE_WORDS:]
        if not words:
            return None
        lang = "ky" if lang == "ky" else "ru"
        if lang == "ky":
            if ky_lemma(words[-1]) not in self.heads["ky"]:
                return None
            first = next((k for k in range(len(words) - 1) if self._org(words[k:-1])), None)
            if first is None:  # no known body: the name-like words of the genitive phrase before it
                first = len(words) - 1
                while first > 0 and _ky_attribute(words[first - 1]):
                    first -= 1
            title, org_words = words[first:], words[first:-1]
        else:
            heads = [i for i, w in enumerate(words) if fold(ru_lemma(w)) in self.heads["ru"]]
            if not heads:
                return None
            title, org_words = words[heads[0]:], words[heads[0] + 1:]
        return " ".join(title), self._role(title, lang), self._org(org_words)

    def _role(self, title: list[str], lang: str) -> str:
        key = _lemmas(" ".join(title), lang)
        for size in range(len(key), 0, -1):  # the longest registry role the title starts (ru) / ends (ky) with
            part = key[-size:] if lang == "ky" else key[:size]
            if part in self.roles:
                return self.roles[part]
        return ""

    def _org(self, words: list[str]) -> str | None:
        if not words or self.directory is None:
            return None
        found = self.directory.resolve(" ".join(words)).entity
        return found.id if found is not None and found.type in ("body", "party", "organisation") else None


def _ky_attribute(word: str) -> bool:
    """A word that can stand in a Kyrgyz title's genitive phrase: a genitive, an adjective, or a
    proper name not in a clause case (Ош шаардык кеңешинин, not Жыйында)."""
    folded = fold(word)
    if _KY_GENITIVE.search(folded) or _KY_ADJECTIVE.search(folded):
        return True
    return word[:1].isupper() and not _KY_CASE.search(folded)


def _lemmas(phrase: str, lang: str) -> tuple[str, ...]:
    lemma = ky_lemma if lang == "ky" else ru_lemma
    return tuple(fold(lemma(w)) for w, _, _ in tokens(phrase))


def text_posts(store: Store, entity_id: str, finder: TitleFinder, date_from: date | None = None,
               date_to: date | None = None, limit: int = 200) -> list[PostEvidence]:
    """Titles the articles give the entity in the period (Bishkek days), newest first, one per
    article and title."""
    since = day_start_utc(date_from).isoformat() if date_from else None
    until = day_start_utc(date.fromordinal(date_to.toordinal() + 1)).isoformat() if date_to else None
    out: list[PostEvidence] = []
    seen: set[tuple[str, str]] = set()
    for row in store.entity_mentions(entity_id, since, until, limit):
        found = finder.title_before(row["text"] or "", row["start"], row["language"] or "ru")
        if found is None or (row["article_id"], fold(found[0])) in seen:
            continue
        seen.add((row["article_id"], fold(found[0])))
        published = datetime.fromisoformat(row["published_utc"]) if row["published_utc"] else None
        out.append(PostEvidence(found[0], found[1], found[2], row["article_id"],
                                bishkek_day(published) if published else None, row["source_id"], row["url"],
                                row["title"] or ""))
    return out
