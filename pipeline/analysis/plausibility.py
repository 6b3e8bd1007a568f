"""Whether a registry match in the text really names the entity, or is an ordinary word.

The ruler matches on lemmas, so "реформу" matches the party Реформа and "кабмина" matches
Кабмин. A match stands when it is capitalised, when it is several words and a later one is
(the generic head lower-cased: "мэрии Бишкека"), or when it begins like one of the entity's
lower-case names ("партии «Реформа»"); a name that is an everyday word (`common_word`: Реформа, Альянс)
also may not open a sentence alone. (Another country's body, МИД России, stays a match here;
`foreign` gives it an id of its own.)
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from pipeline.analysis.registry import Registry
from pipeline.morph import fold, lemma, tokens

CAPITALISED = re.compile(r"^[0-9A-ZА-ЯЁӨҮҢ]")  # a digit opens a name too: 24.kg

def word_key(word: str, lang: str) -> str:
    return fold(lemma(word, lang if lang in ("ru", "ky") else "en"))


class Plausibility:
    """Built once per registry; called for each registry match."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._lower_starts: dict[str, set[str]] = {}  # entity id → first words of its lower-case names
        for lang in ("ru", "ky", "en"):
            for surface, entity_id in registry.surface_forms(lang):
                words = [w for w, _, _ in tokens(surface)]
                if words and not CAPITALISED.match(words[0]):
                    self._lower_starts.setdefault(entity_id, set()).add(word_key(words[0], lang))

    def __call__(self, ent: Span, lang: str) -> bool:
        entity = self.registry.get(ent.ent_id_)
        first = ent[0]
        if entity is None:  # a bare surname: the linker picks the namesake
            return CAPITALISED.match(first.text) is not None
        if CAPITALISED.match(first.text):
            return not (entity.common_word and len(ent) == 1 and first.is_sent_start)
        # Running text lower-cases the generic head of a name ("в мэрии Бишкека", "министерство
        # юстиции Кыргызстана"): a longer match that still carries a proper name stands.
        if len(ent) > 1 and any(CAPITALISED.match(t.text) for t in ent[1:]):
            return True
        return word_key(first.text, lang) in self._lower_starts.get(entity.id, ())
