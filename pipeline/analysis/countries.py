"""Every country as a place entity, in Russian, Kyrgyz and English, with the words that make a
body foreign: «МИД Азербайджана», «российского МИДа», «Казакстандын Тышкы иштер министрлиги».

Names come from pycountry's ISO 3166 data and its maintained Russian and Kyrgyz translations
(`pycountry.LOCALES_DIR`: all 249 entries in Russian, 246 in Kyrgyz); the table below adds what
news writes and ISO does not: short names (Россия, Орусия, США, АКШ), abbreviations (РФ, КНР),
the three Kyrgyz names pycountry lacks, and Russian adjectives (российский, казахстанский).
Case forms are not listed: Russian names are matched by pymorphy3 lemmas and Kyrgyz ones by
their generated endings (`names.ky_forms`), like every registry name. A Kyrgyz -лык adjective
(орусиялык, казакстандык) is generated from the country name with its vowel harmony.

Kyrgyzstan itself is in `config/entities.yaml` (`place:kyrgyzstan`) and is not generated here.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import pycountry

from pipeline.analysis.entity import Entity
from pipeline.morph import fold, ru_parses

HOME = "KG"
PREFIX = "place:country-"
AS_OF = date(2026, 2, 16)  # the pycountry release the names come from (26.2.16)


@dataclass(frozen=True)
class Extra:
    """What news writes beyond ISO's names, per language."""

    ru: tuple[str, ...] = ()
    ky: tuple[str, ...] = ()
    en: tuple[str, ...] = ()
    abbr_ru: tuple[str, ...] = ()
    abbr_ky: tuple[str, ...] = ()
    adj_ru: tuple[str, ...] = ()  # masculine nominative; every form matches by lemma
    adj_ky: tuple[str, ...] = ()  # Kyrgyz ethnonyms used as attributes (орус, казак)


# Written by us from common usage in Kyrgyz and Russian media.
EXTRA: dict[str, Extra] = {
    "RU": Extra(ru=("Россия",), ky=("Россия", "Орусия", "Орусия Федерациясы"), en=("Russia",),
                abbr_ru=("РФ",), abbr_ky=("РФ",), adj_ru=("российский", "русский"), adj_ky=("орус",)),
    "KZ": Extra(abbr_ru=("РК",), adj_ru=("казахстанский", "казахский"), adj_ky=("казак",)),
    "UZ": Extra(adj_ru=("узбекистанский", "узбекский"), adj_ky=("өзбек",)),
    "TJ": Extra(adj_ru=("таджикистанский", "таджикский"), adj_ky=("тажик",)),
    "TM": Extra(adj_ru=("туркменский", "туркменистанский"), adj_ky=("түркмөн",)),
    "CN": Extra(ky=("Кытай Эл Республикасы",), abbr_ru=("КНР",), abbr_ky=("КЭР",),
                adj_ru=("китайский",), adj_ky=("кытай",)),
    "TR": Extra(ky=("Түркия", "Туркия"), en=("Turkey",),
                adj_ru=("турецкий",), adj_ky=("түрк",)),
    "US": Extra(ru=("США", "Соединённые Штаты Америки", "Америка"), ky=("Америка", "Америка Кошмо Штаттары"),
                en=("USA", "United States of America"), adj_ru=("американский",)),
    "GB": Extra(ru=("Великобритания", "Британия"), ky=("Британия",), en=("Great Britain", "Britain", "UK"),
                adj_ru=("британский",)),
    "DE": Extra(abbr_ru=("ФРГ",), adj_ru=("германский", "немецкий"), adj_ky=("немис",)),
    "FR": Extra(adj_ru=("французский",), adj_ky=("француз",)),
    "KR": Extra(ky=("Түштүк Корея",), adj_ru=("южнокорейский",)),
    "KP": Extra(ky=("Түндүк Корея",), abbr_ru=("КНДР",), adj_ru=("северокорейский",)),
    "JP": Extra(adj_ru=("японский",), adj_ky=("жапон",)),
    "IN": Extra(adj_ru=("индийский",)),
    "PK": Extra(adj_ru=("пакистанский",)),
    "AF": Extra(ky=("Афганистан",), adj_ru=("афганский",), adj_ky=("ооган",)),
    "IR": Extra(adj_ru=("иранский",)),
    "AZ": Extra(ky=("Азербайджан",), adj_ru=("азербайджанский",)),
    "AM": Extra(adj_ru=("армянский",)),
    "GE": Extra(adj_ru=("грузинский",)),
    "BY": Extra(ru=("Беларусь", "Белоруссия", "Республика Беларусь"), ky=("Беларусь",), adj_ru=("белорусский",)),
    "UA": Extra(adj_ru=("украинский",), adj_ky=("украин",)),
    "MN": Extra(ky=("Монголия",), adj_ru=("монгольский",)),
    "MD": Extra(ru=("Молдова",), adj_ru=("молдавский", "молдовский")),
    "MK": Extra(ky=("Түндүк Македония",)),
    "SZ": Extra(ky=("Эсватини",)),
    "AE": Extra(abbr_ru=("ОАЭ",), abbr_ky=("БАЭ",), adj_ru=("эмиратский",)),
    "SA": Extra(ky=("Сауд Арабиясы",), adj_ru=("саудовский",)),
    "PL": Extra(adj_ru=("польский",)), "IT": Extra(adj_ru=("итальянский",)), "ES": Extra(adj_ru=("испанский",)),
    "IL": Extra(adj_ru=("израильский",)), "EG": Extra(adj_ru=("египетский",)),
    "SY": Extra(adj_ru=("сирийский",)), "CZ": Extra(adj_ru=("чешский",)), "LV": Extra(adj_ru=("латвийский",)),
    "LT": Extra(adj_ru=("литовский",)), "EE": Extra(adj_ru=("эстонский",)), "HU": Extra(adj_ru=("венгерский",)),
    "RS": Extra(adj_ru=("сербский",)), "AT": Extra(adj_ru=("австрийский",)), "CH": Extra(adj_ru=("швейцарский",)),
    "NL": Extra(ru=("Нидерланды", "Голландия"), adj_ru=("нидерландский",)), "BE": Extra(adj_ru=("бельгийский",)),
    "CA": Extra(adj_ru=("канадский",)), "AU": Extra(adj_ru=("австралийский",)),
    "BR": Extra(adj_ru=("бразильский",)), "VN": Extra(adj_ru=("вьетнамский",)),
    "KW": Extra(adj_ru=("кувейтский",)), "QA": Extra(adj_ru=("катарский",)), "IQ": Extra(adj_ru=("иракский",)),
    "BG": Extra(adj_ru=("болгарский",)), "RO": Extra(adj_ru=("румынский",)), "GR": Extra(adj_ru=("греческий",)),
    "FI": Extra(adj_ru=("финский", "финляндский")), "SE": Extra(adj_ru=("шведский",)),
    "NO": Extra(adj_ru=("норвежский",)), "DK": Extra(adj_ru=("датский",)), "IE": Extra(adj_ru=("ирландский",)),
    "PT": Extra(adj_ru=("португальский",)), "MY": Extra(adj_ru=("малайзийский",)),
    "ID": Extra(adj_ru=("индонезийский",)), "TH": Extra(adj_ru=("тайский",)), "SG": Extra(adj_ru=("сингапурский",)),
    "MX": Extra(adj_ru=("мексиканский",)), "AR": Extra(adj_ru=("аргентинский",)), "CU": Extra(adj_ru=("кубинский",)),
    "VE": Extra(adj_ru=("венесуэльский",)), "LB": Extra(adj_ru=("ливанский",)), "JO": Extra(adj_ru=("иорданский",)),
    "PS": Extra(adj_ru=("палестинский",)), "LY": Extra(adj_ru=("ливийский",)), "NG": Extra(adj_ru=("нигерийский",)),
    "ZA": Extra(adj_ru=("южноафриканский",)), "KE": Extra(adj_ru=("кенийский",)), "BD": Extra(adj_ru=("бангладешский",)),
    "SK": Extra(adj_ru=("словацкий",)), "HR": Extra(adj_ru=("хорватский",)), "SI": Extra(adj_ru=("словенский",)),
    "CY": Extra(adj_ru=("кипрский",)), "OM": Extra(adj_ru=("оманский",)), "NZ": Extra(adj_ru=("новозеландский",)),
}
# Kyrgyz -лык: the suffix's consonant follows the stem's last sound, its vowel the last vowel
_KY_BACK = {"а": "ы", "ы": "ы", "о": "у", "у": "у", "е": "и", "и": "и", "ө": "ү", "ү": "ү", "я": "ы", "э": "и"}


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    names: dict[str, str]
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    adjectives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    common_word: bool = False  # its Russian name is also an ordinary word (Того, Чили)

    @property
    def id(self) -> str:
        return PREFIX + self.code.lower()


def ky_adjective(name: str) -> str:
    """Казакстан → казакстандык, Орусия → орусиялык, Кытай → кытайлык (folded later)."""
    word = name.lower().split()[-1]
    vowels = [c for c in word if c in _KY_BACK]
    vowel = _KY_BACK[vowels[-1]] if vowels else "ы"
    last = word[-1]
    consonant = "л" if last in "аеиоуыэюяөүй" or last in "рл" else "д" if last in "змнң" else "т"
    return word + consonant + vowel + ("к" if vowel in "ыу" else "к")


def _is_ordinary_word(name: str) -> bool:
    """A one-word Russian name whose best pymorphy3 reading is not a place (Того → тот)."""
    if " " in name or "-" in name:
        return False
    parses = ru_parses(name)
    return bool(parses) and "Geox" not in parses[0].tag


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """All ISO 3166-1 countries but Kyrgyzstan, with our extras."""
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    ky = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ky"])
    out = []
    for c in pycountry.countries:
        if c.alpha_2 == HOME:
            continue
        extra = EXTRA.get(c.alpha_2, Extra())
        common = getattr(c, "common_name", None)
        en_names = [common or c.name, c.name, getattr(c, "official_name", None), *extra.en]
        ru_names = [*extra.ru, ru.gettext(common) if common else "", ru.gettext(c.name)]
        ky_own = ky.gettext(c.name)
        ky_names = [*extra.ky, ky_own if ky_own != c.name else ""]
        names: dict[str, str] = {}
        aliases: dict[str, tuple[str, ...]] = {}
        for lang, found in (("ru", ru_names), ("ky", ky_names), ("en", en_names)):
            unique = list(dict.fromkeys(n.strip() for n in found if n and n.strip()))
            if lang != "en":
                unique = [n for n in unique if not n.isascii()]
            if unique:
                names[lang] = unique[0]
                if unique[1:]:
                    aliases[lang] = tuple(unique[1:])
        caps = {lang: tuple(a for a in found if a.isupper()) for lang, found in aliases.items()}
        aliases = {lang: kept for lang, found in aliases.items() if (kept := tuple(a for a in found if not a.isupper()))}
        abbreviations = {k: v for k, v in (("ru", (*extra.abbr_ru, *caps.get("ru", ()))),
                                           ("ky", (*extra.abbr_ky, *caps.get("ky", ())))) if v}
        ky_adj = tuple(ky_adjective(n) for n in (names.get("ky", ""), *aliases.get("ky", ()))
                       if n and " " not in n and not n.isupper())
        adjectives = {"ru": extra.adj_ru, "ky": (*extra.adj_ky, *ky_adj)}
        out.append(Country(c.alpha_2, names, aliases, abbreviations, adjectives,
                           _is_ordinary_word(names.get("ru", ""))))
    return tuple(out)


@lru_cache(maxsize=1)
def adjective_index() -> dict[str, str]:
    """Folded adjective (ru lemma or ky stem form) → country id."""
    index: dict[str, str] = {}
    for country in countries():
        for words in country.adjectives.values():
            for word in words:
                index.setdefault(fold(word), country.id)
    return index


def country_entities() -> list[Entity]:
    """The countries as registry place entities (`Registry.load` adds them to every registry)."""
    return [Entity(id=c.id, type="place", names=c.names, aliases=c.aliases, abbreviations=c.abbreviations,
                   given={}, surname={}, patronymic={}, latin=(), posts=(), as_of=AS_OF,
                   common_word=c.common_word) for c in countries()]


def is_country(entity_id: str) -> bool:
    return entity_id.startswith(PREFIX)
