"""Attribution lines: «передает АКИpress», «сообщает 24.kg», «Кабар маалымат агенттигинин
жазганына караганда». A reprint that names its origin tells us the story's first publisher
better than publication times do (feeds are late, clocks differ).

Names are compared in a crude Latin spelling with only letters and digits kept, so АКИpress,
AKIpress and akipress.org meet at `akipress`, and 24.kg, 24.кг and 24kg at `24kg`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from pipeline.records import SourceConfig

_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
})
_NAME = r"([«\"“]?[\w.\-]+(?:[ \u00a0][\w.\-]+)?)"
_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    # Russian: cue, then the outlet (with an optional «ИА», «агентство», «издание» before it)
    rf"(?:переда[её]т|сообщает|сообщило|пишет|информирует|со ссылкой на|по данным|по информации)\s+"
    rf"(?:(?:ИА|МИА|информагентство|информационное агентство|агентство|издание|портал|сайт)\s+)?{_NAME}",
    r"(?:источник|по материалам)\s*:\s*" + _NAME,
    # Kyrgyz: the outlet, optionally «(улуттук) маалымат агенттигинин», then the cue
    rf"{_NAME}\s+(?:(?:улуттук\s+)?маалымат\s+агенттиги(?:нин)?\s+|басылмасы(?:нын)?\s+|сайты(?:нын)?\s+)?"
    r"(?:жазганына|кабарлаганына|маалымдаганына|билдиргенине)\s+караганда",
    rf"{_NAME}\s+(?:(?:улуттук\s+)?маалымат\s+агенттиги\s+)?(?:кабарлагандай|жазгандай|маалымдагандай|билдиргендей)",
))
# Words of which one must be in a text (lower-cased) for each pattern to match there: the
# Kyrgyz patterns start at a name, which a regex must try at every word, so most texts, which
# have no attribution line at all, are let go by a substring test first.
_CUES = (
    ("переда", "сообща", "сообщил", "пишет", "информирует", "со ссылкой на", "по данным", "по информации"),
    ("источник", "по материалам"),
    ("караганда",),
    ("кабарлагандай", "жазгандай", "маалымдагандай", "билдиргендей"),
)
_STRIP = re.compile(r"^(?:ия|иа|ма|kg)$")  # noise left when a cue is followed by a bare label


def latin_key(name: str) -> str:
    """Lower-case, Cyrillic spelt in Latin, only letters and digits: the form names meet in."""
    return re.sub(r"[^a-z0-9]", "", name.lower().translate(_LATIN))


@dataclass(frozen=True)
class Attributions:
    """Which source an attribution line names, from the configured sources' names and sites."""

    aliases: dict[str, str]  # latin key -> source id

    @classmethod
    def from_sources(cls, sources: Iterable[SourceConfig], extra: dict[str, str] | None = None) -> Attributions:
        aliases: dict[str, str] = {}
        for s in sources:
            names = [s.id, s.name, *re.split(r"\s*[(/]\s*", s.name)]
            host = (urlsplit(s.homepage).hostname or "").removeprefix("www.")
            if host:
                names += [host, host.split(".")[0] if not host[0].isdigit() else host]
            for name in names:
                key = latin_key(name)
                if len(key) >= 3 and not _STRIP.match(key):
                    aliases.setdefault(key, s.id)  # the first source listed keeps a shared name
        for name, source_id in (extra or {}).items():
            aliases[latin_key(name)] = source_id
        return cls(aliases)

    def source_of(self, name: str) -> str | None:
        """The source a captured name stands for: an exact key, else the longest alias it starts
        with (АКИpress-Кыргызстан → akipress)."""
        key = latin_key(name.strip("«»\"“”. "))
        if len(key) < 2:
            return None
        if key in self.aliases:
            return self.aliases[key]
        starts = [alias for alias in self.aliases if key.startswith(alias) and len(alias) >= 4]
        return self.aliases[max(starts, key=len)] if starts else None

    def find(self, text: str, own_source: str) -> str | None:
        """The first source other than the article's own that an attribution line names."""
        found: list[tuple[int, str]] = []
        lower = text.lower()
        for pattern, cues in zip(_PATTERNS, _CUES, strict=True):
            if not any(cue in lower for cue in cues):
                continue
            for m in pattern.finditer(text):
                source = self.source_of(m.group(1))
                if source and source != own_source:
                    found.append((m.start(), source))
        return min(found)[1] if found else None
