"""A news outlet is the source of a report, never the speaker of a statement.

Users search statements for what officials, bodies and people said; «сообщает 24.kg», «передает
АКИpress», «деп жазат Kaktus.media», «AKIpress сообщает, что …», «Vesti.kg порталы … жазды» say
where the report came from, not who said it. So:
- an outlet relaying someone («… , сообщает 24.kg со ссылкой на пресс-службу ГУВД», «… деп
  кабарлады Кабар УКМКга шилтеме берип») gives the statement to that source — the mention after
  «со ссылкой на / ссылаясь на», before «шилтеме берип / шилтеме жасап / маалыматына таянып»,
  or the source as described when it is not in the registry («источник в правоохранительных
  органах» speaks unnamed);
- an outlet relaying nobody makes no statement (the article's own report);
- an attribution line at the end of another statement («…, передает АКИpress») is cut from it.
An outlet told something («рассказал 24.kg», «24.kg агенттигине айтты») was never a speaker
(`objects.usable`). Runs on what the finders found, before overlapping readings are settled.
"""

from __future__ import annotations

import re

from pipeline.analysis.speech.document import Document, Found, Speaker, trimmed

# the source an outlet cites, after it (ru) or before the citing words (ky)
_RU_CITING = re.compile(r"(?<![\w-])(?:со\s+ссылкой\s+на|ссылаясь\s+на)\s+", re.I)
_KY_CITING = re.compile(r"\s+(?:шилтеме\s+(?:берип|жасап|кылып)|маалыматына\s+таянып)(?![\w-])", re.I)
# an attribution line closing a sentence: «…, передает АКИpress», «…, сообщает 24.kg»
_RU_LINE = re.compile(r",\s*(?:как\s+)?(?:сообща\w+|переда\w+|пиш\w+|информиру\w+|уточня\w+)\s+\S+(?:\s+\S+)?\s*\Z",
                      re.I)
PRESS = Speaker(None, "", "missing")  # the source cited is the press again
_NAMED = 6  # words of a source named without a registry mention: «источник в правоохранительных органах»
# a cited source that is itself the press: «со ссылкой на казахстанские СМИ», «жергиликтүү басылмаларга»
_PRESS = re.compile(r"(?<![\w-])(?:СМИ|ЖМК|издани\w+|агентств\w+|газет\w+|портал\w*|телеканал\w*|медиа|"
                    r"басылма\w*|агенттиг\w*|гезит\w*)(?![\w-])", re.I)


def outlets_relay(doc: Document, found: list[Found]) -> list[Found]:
    """The statements with an outlet's words taken out: relayed ones given to their source, the
    outlet's own reports dropped, attribution lines cut off the statement before them."""
    out = []
    for f in found:
        source = _cited_source(doc, f) if f.kind != "direct" else None
        if source is PRESS or source is None and _is_outlet(doc, f.speaker.entity_id):
            continue
        if source is not None:
            f = Found(source, f.kind, f.cue, f.start, f.end, f.cue_at)
        out.append(_without_line(doc, f))
    return out


def _is_outlet(doc: Document, entity_id: str | None) -> bool:
    if entity_id is None:
        return False
    return entity_id.startswith("media:") or any(m.entity_id == entity_id and m.entity_type == "media"
                                                   for m in doc.speakers)


def _cited_source(doc: Document, f: Found) -> Speaker | None:
    """Whom an outlet named in the cue's sentence cites there (`PRESS`: other outlets), or None."""
    lo, hi = doc.sentence_at(f.cue_at)
    if not any(_is_outlet(doc, m.entity_id) for m in doc.speakers_in(lo, hi)):
        return None
    if doc.lang == "ky":
        citing = _KY_CITING.search(doc.text, lo, hi)
        if citing is None:
            return None
        if _PRESS.search(doc.text, max(lo, citing.start() - 30), citing.start()):
            return PRESS
        before = [m for m in doc.speakers_in(lo, citing.start()) if not _is_outlet(doc, m.entity_id)]
        return Speaker(before[-1].entity_id, before[-1].surface) if before else None
    citing = _RU_CITING.search(doc.text, lo, hi)
    if citing is None:
        return None
    end = doc.clause_end(citing.end())
    if _PRESS.match(doc.text, citing.end()) or _PRESS.search(" ".join(doc.text[citing.end():end].split()[:2])):
        return PRESS  # one outlet citing another: still nobody's statement
    after = [m for m in doc.speakers_in(citing.end(), end) if not _is_outlet(doc, m.entity_id)]
    if after:
        return Speaker(after[0].entity_id, after[0].surface)
    words = doc.text[citing.end():end].split()
    return Speaker(None, " ".join(words[:_NAMED]), "unnamed") if words else None


def _without_line(doc: Document, f: Found) -> Found:
    """«В Бишкеке выпал снег, передает АКИpress» → «В Бишкеке выпал снег» (the tail names an outlet)."""
    line = _RU_LINE.search(doc.text, f.start, f.end) if doc.lang == "ru" else None
    if line is None or not any(_is_outlet(doc, m.entity_id) for m in doc.speakers_in(line.start(), f.end + 1)):
        return f
    start, end = trimmed(doc.text, f.start, line.start(), final_stop=True)
    return Found(f.speaker, f.kind, f.cue, start, end, f.cue_at) if end > start else f
