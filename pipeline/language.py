"""Which language an article is in: ru, ky, kk, en, or und when there is too little to tell.

Letters decide first because they are certain where statistics are not: Kazakh has letters
Kyrgyz lacks (ә ғ қ ұ һ і), and Kyrgyz text is full of ө ү ң which Russian never uses (a
Russian article may still spell a Kyrgyz name with them, hence the proportion). py3langid,
restricted to our four languages, settles the rest.
"""

from __future__ import annotations

import re
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
# An article's language shows in its first paragraphs; reading more only costs time
# (this ran at half of all extraction time on whole articles).
SAMPLE_CHARS = 3000
# py3langid scores character n-grams in pure Python (~5 ms per 3,000 chars); once the letters
# have ruled on kk/ky it only separates Russian from English and unmarked Kyrgyz, for which a
# few sentences are plenty.
LANGID_CHARS = 800
_NON_LETTERS = re.compile(r"[\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_KK_RE = re.compile(f"[{''.join(sorted(KK_ONLY))}]")
_KY_RE = re.compile(f"[{''.join(sorted(KY_LETTERS))}]")


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """Built on first use (loading the model takes most of a second), then shared."""
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def detect_language(text: str) -> str:
    """'ru' | 'ky' | 'kk' | 'en' | 'und'."""
    sample = text[:SAMPLE_CHARS]
    letters = _NON_LETTERS.sub("", sample)
    if len(letters) < MIN_LETTERS:
        return "und"
    cyrillic = len(_CYRILLIC.findall(letters))
    if cyrillic:
        kk = len(_KK_RE.findall(letters))
        if kk >= MIN_MARKED and kk / cyrillic >= KK_MIN_SHARE:
            return "kk"
        ky = len(_KY_RE.findall(letters))
        if ky >= MIN_MARKED and ky / cyrillic >= KY_MIN_SHARE:
            return "ky"
    lang, _ = _identifier().classify(sample[:LANGID_CHARS])
    return str(lang)
