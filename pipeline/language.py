"""Which language an article is in: ru, ky, kk, en, or und when there is too little to tell.

Letters decide first because they are certain where statistics are not: Kazakh has letters
Kyrgyz lacks (ә ғ қ ұ һ і), and Kyrgyz text is full of ө ү ң which Russian never uses (a
Russian article may still spell a Kyrgyz name with them, hence the proportion). py3langid,
restricted to our four languages, settles the rest.
"""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

KK_ONLY = frozenset("әғқұһіӘҒҚҰҺІ")
KY_LETTERS = frozenset("өүңӨҮҢ")
CANDIDATES = ("ru", "ky", "kk", "en")
MIN_LETTERS = 12  # below this even a person cannot tell a headline's language reliably
# Shares of the Cyrillic letters: Kazakh prose has ~5 % Kazakh-only letters and Kyrgyz prose
# ~4-6 % ө ү ң, while a Russian or Kyrgyz text quoting a name in the other spelling ("Тоқаев",
# "Жогорку Кеңеш") stays far below; the counts keep a single name in a headline from deciding.
MIN_MARKED = 3
KK_MIN_SHARE = 0.01
KY_MIN_SHARE = 0.012


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """Built on first use (loading the model takes most of a second), then shared."""
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def detect_language(text: str) -> str:
    """'ru' | 'ky' | 'kk' | 'en' | 'und'."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < MIN_LETTERS:
        return "und"
    cyrillic = [ch for ch in letters if _is_cyrillic(ch)]
    if cyrillic:
        kk = sum(ch in KK_ONLY for ch in cyrillic)
        if kk >= MIN_MARKED and kk / len(cyrillic) >= KK_MIN_SHARE:
            return "kk"
        ky = sum(ch in KY_LETTERS for ch in cyrillic)
        if ky >= MIN_MARKED and ky / len(cyrillic) >= KY_MIN_SHARE:
            return "ky"
    lang, _ = _identifier().classify(text)
    return str(lang)
