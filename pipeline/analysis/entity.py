"""One registry entity (a person, party, body, place, media outlet) and a person's dated post.

Kept apart from `registry` (which reads and checks the YAML file) so that generated entities —
the countries of `countries` — are built from the same record.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date


def period_end(day: date, precision: str) -> date:
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        return date(day.year, day.month, monthrange(day.year, day.month)[1])
    return day


@dataclass(frozen=True)
class Post:
    role: str
    org: str | None
    start: date
    end: date | None
    title: dict[str, str]
    start_precision: str = "day"
    end_precision: str = "day"

    def covers(self, day: date) -> bool:
        """Held on `day`; an imprecise end counts as held until the end of its month/year."""
        if day < self.start:
            return False
        return self.end is None or day <= period_end(self.end, self.end_precision)


@dataclass(frozen=True)
class DatedName:
    """Names a body went by for a while (Правительство until 2021, then the Cabinet of Ministers):
    the same entity, found by these names on any date, shown by them in articles of their time."""

    names: dict[str, str]
    aliases: dict[str, tuple[str, ...]]
    start: date | None  # `from:` in the file; None = since ever
    end: date | None  # `until:`, inclusive; None = still in use

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    names: dict[str, str]
    aliases: dict[str, tuple[str, ...]]
    abbreviations: dict[str, tuple[str, ...]]
    given: dict[str, str]
    surname: dict[str, str]
    patronymic: dict[str, str]
    latin: tuple[str, ...]
    posts: tuple[Post, ...]
    as_of: date
    common_word: bool = False  # the bare name is an everyday word (Биримдик = unity)
    gender: str | None = None  # persons: "m" | "f" where certain; linking never crosses it
    dated_names: tuple[DatedName, ...] = ()  # their names and aliases are in names/aliases too
    preceded_by: tuple[str, ...] = ()  # bodies this one was made from (renamed, split, merged)
    country: str | None = None  # a place abroad: its country's ISO code (Алматы → kz); None = Kyrgyzstan
    line: int = 0  # where the record starts in its file, for messages

    def posts_on(self, day: date) -> tuple[Post, ...]:
        return tuple(p for p in self.posts if p.covers(day))

    def name_on(self, day: date | None, lang: str = "ru") -> str:
        """The name in use on `day` (a dated name when one covers it), else `name`."""
        if day is not None:
            for dated in self.dated_names:
                if dated.covers(day) and lang in dated.names:
                    return dated.names[lang]
        return self.name(lang)

    def generic_out_of_time(self, word_key: str, day: date | None, keys: object) -> bool:
        """Whether a lower-case common noun («правительство») names this body only in a dated alias
        whose time is not the article's: generic after the body was renamed, not a name."""
        if day is None:
            return False
        matched = [d for d in self.dated_names for lang, words in d.aliases.items()
                   for word in words if word[:1].islower() and keys(word, lang) == word_key]  # type: ignore[operator]
        return bool(matched) and not any(d.covers(day) for d in matched)

    def name(self, lang: str = "ru") -> str:
        for key in (lang, "ru", "en", "ky"):
            if key in self.names:
                return self.names[key]
        return next(iter(self.names.values()))

    def person_forms(self, lang: str) -> tuple[str, ...]:
        """Ways a person is written in `lang`: full names both ways round and initials.

        Kyrgyz falls back to the Russian spelling (Kyrgyz text writes names the same way);
        English adds every Latin spelling of the surname (Japarov, Zhaparov, Dzhaparov).
        """
        if self.type != "person":
            return ()
        given = self.given.get(lang) or self.given.get("ru", "")
        surnames = [self.surname.get(lang) or self.surname.get("ru", "")]
        patronymic = self.patronymic.get(lang) or ("" if lang == "en" else self.patronymic.get("ru", ""))
        if lang == "en":
            surnames += [v for v in self.latin if " " not in v]
        forms: list[str] = [v for v in self.latin if " " in v] if lang == "en" else []
        for surname in filter(None, surnames):
            if not given:
                continue
            g = given[0] + "."
            forms += [f"{given} {surname}", f"{surname} {given}", f"{g} {surname}", f"{surname} {g}"]
            if patronymic:
                p = patronymic[0] + "."
                forms += [f"{given} {patronymic} {surname}", f"{surname} {given} {patronymic}",
                          f"{g} {p} {surname}", f"{g}{p} {surname}", f"{surname} {g} {p}", f"{surname} {g}{p}"]
        return tuple(dict.fromkeys(forms))
