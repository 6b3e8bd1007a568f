"""Telling an edit from noise, and the word-level diff of an edit.

A page fetched again is almost never byte-identical: view counters tick, "updated at" stamps
move, "read also" blocks rotate. None of that is an edit. We compare the *extracted* title,
lead and text after removing what is known to move on its own:

- lines that are only a counter, a timestamp or a "read also" heading (in ru/ky/en), and
  counter phrases inside a line («Просмотров: 1 234», «Көрүүлөр: 56», «1 234 views»);
- lines that are the title of another article of the same source — rotating related links are
  exactly that, so the store's own titles recognise them without a per-site rule;
- differences of white space, case, ё/е and quote or dash style.

What is left is compared word by word. Any remaining difference is an edit: a changed number
in the body («5 погибших» → «6 погибших») is news, not noise.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

_COUNTER_WORDS = (
    r"просмотр\w*|прочтени\w*|комментари\w*|views?|reads?|comments?|"
    r"көрүү\w*|көрүлдү|окулду|пикир\w*"
)
_COUNTER = re.compile(
    rf"(?:(?:{_COUNTER_WORDS})\s*[:\-–—]?\s*\d[\d\s.,]*\d?|\d[\d\s.,]*\s*(?:{_COUNTER_WORDS}))",
    re.IGNORECASE,
)
_STAMP_LINE = re.compile(
    r"^\s*(?:обновлено|изменено|опубликовано|дата публикации|updated|published|last modified|"
    r"жаңыланды|жарыяланды|өзгөртүлдү)?\s*[:\-–—]?\s*"
    r"[\d\s.:/,\-–—]*(?:\d{1,2}:\d{2})?[\d\s.:/,\-–—]*$",
    re.IGNORECASE,
)
_STAMP_PREFIX = re.compile(
    r"^\s*(?:обновлено|изменено|updated|last modified|жаңыланды|өзгөртүлдү)\b.*$", re.IGNORECASE)
_READ_ALSO = re.compile(
    r"^\s*(?:читайте также|по теме|related|read also|see also|ошондой эле окуңуз|окшош кабарлар|"
    r"тема боюнча)\s*:?\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+(?:[-']\w+)*", re.UNICODE)
_FOLD = str.maketrans({"ё": "е", "Ё": "Е"})


def fold_line(line: str) -> str:
    """A line reduced to its words, lower-cased, ё→е: what two renderings of it share."""
    return " ".join(_WORD.findall(line.translate(_FOLD).lower()))


def significant_lines(text: str, is_other_title: Callable[[str], bool] = lambda _: False) -> list[str]:
    """The lines of `text` that carry the article, each folded; noise lines dropped."""
    out = []
    for raw in text.splitlines():
        if not raw.strip() or _STAMP_LINE.match(raw) or _STAMP_PREFIX.match(raw) or _READ_ALSO.match(raw):
            continue
        line = fold_line(_COUNTER.sub(" ", raw))
        if not line or is_other_title(line):
            continue
        out.append(line)
    return out


@dataclass(frozen=True)
class Version:
    """What a revisit compares: an article's extracted title, lead and text."""

    title: str
    lead: str
    text: str


def _words(version: Version, is_other_title: Callable[[str], bool]) -> list[str]:
    parts = [fold_line(version.title), *significant_lines(version.lead, is_other_title),
             "¶", *significant_lines(version.text, is_other_title)]
    return " ".join(parts).split()


def is_edit(old: Version, new: Version, is_other_title: Callable[[str], bool] = lambda _: False) -> bool:
    """True when `new` differs from `old` in words that carry the article (not only noise)."""
    return _words(old, is_other_title) != _words(new, is_other_title)


@dataclass(frozen=True)
class DiffOp:
    """One run of the word diff: `equal` runs are kept short (context), others whole."""

    op: str  # equal | insert | delete | replace
    old: str
    new: str

    def as_dict(self) -> dict[str, str]:
        return {"op": self.op, "old": self.old, "new": self.new}


CONTEXT_WORDS = 8


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> list[DiffOp]:
    """Word-level diff of two texts, original spelling kept; long unchanged runs shortened to `context` words at each side."""
    a, b = old.split(), new.split()
    ops: list[DiffOp] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    codes = matcher.get_opcodes()
    for i, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag == "equal":
            run = a[i1:i2]
            if len(run) > 2 * context:
                head = run[:context] if i > 0 else []
                tail = run[-context:] if i < len(codes) - 1 else []
                text = " ".join(head) + (" … " if head or tail else "…") + " ".join(tail)
                ops.append(DiffOp("equal", text.strip(), text.strip()))
            else:
                ops.append(DiffOp("equal", " ".join(run), " ".join(run)))
        else:
            ops.append(DiffOp(tag, " ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return ops


def diff_versions(old: Version, new: Version) -> dict[str, list[dict[str, str]]]:
    """The word diff of each part that changed (title, lead, text), as JSON-ready dicts."""
    out: dict[str, list[dict[str, str]]] = {}
    for part in ("title", "lead", "text"):
        before, after = getattr(old, part), getattr(new, part)
        if before.split() != after.split():
            out[part] = [op.as_dict() for op in word_diff(before, after)]
    return out
