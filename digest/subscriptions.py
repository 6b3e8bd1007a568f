"""Reading the subscriptions file: who gets what, in which language, how often.

The file is edited by hand. Each subscriber is checked on its own: a broken entry becomes a
`SubscriptionProblem` naming its file and line, the others still get their digests. Only a file
that is not YAML (or not a list of subscribers) raises `SubscriptionsError`. Watched entity
names are kept as written with their lines; `resolve` turns them into registry ids through the
entity directory, so "ЦИКа", "БШК" and "CEC" all watch the same body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import yaml

from indexes.base import QueryError
from indexes.digest import KNOWN_SECTIONS, SECTIONS, Watch
from indexes.query import parse_query

LANGUAGES = ("ru", "ky", "en")
FREQUENCIES = ("daily", "instant")
KEYS = frozenset({"email", "webhook", "name", "language", "frequency", "entities", "keywords", "sections",
                  "max_stories"})
EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$|^[^@\s<>]+@localhost$")
MAX_STORIES = 50


class SubscriptionsError(ValueError):
    """The file cannot be read at all; the message is `file:line: problem`."""


@dataclass(frozen=True)
class SubscriptionProblem:
    file: str
    line: int
    who: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}{f' [{self.who}]' if self.who else ''}: {self.message}"


@dataclass(frozen=True)
class Subscription:
    email: str | None
    webhook: str | None
    name: str
    language: str
    frequency: str
    entities: tuple[tuple[str, int], ...]  # (name as written, line)
    keywords: tuple[str, ...]
    sections: tuple[str, ...]
    max_stories: int
    line: int
    watch: Watch | None = None  # filled by `resolve`

    @property
    def label(self) -> str:
        return self.email or self.webhook or self.name


@dataclass(frozen=True)
class SubscriptionsFile:
    subscriptions: tuple[Subscription, ...]
    problems: tuple[SubscriptionProblem, ...]
    path: str = ""


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Bad(Exception):
    """One subscriber is wrong at a line of the file."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.line, self.message = _line(node), message


def _value(node: yaml.Node) -> Any:
    """A node as plain Python with YAML's safe types (a `!!python/...` tag is the entry's error)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _Bad(node, f"unreadable value: {getattr(exc, 'problem', None) or exc}") from None


def _strings(node: yaml.Node, key: str) -> list[tuple[str, int]]:
    if isinstance(node, yaml.ScalarNode):
        items = [node]
    elif isinstance(node, yaml.SequenceNode):
        items = node.value
    else:
        raise _Bad(node, f"{key} must be a list of text")
    out = []
    for item in items:
        value = _value(item)
        if not isinstance(value, (str, int)) or not str(value).strip():
            raise _Bad(item, f"{key}: each item must be non-empty text, not {value!r}")
        out.append((str(value).strip(), _line(item)))
    return out


def _one(node: yaml.MappingNode) -> Subscription:
    pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = str(_value(key_node))
        if key in pairs:
            raise _Bad(key_node, f"duplicate key {key!r}")
        if key not in KEYS:
            raise _Bad(key_node, f"unknown key {key!r} (known: {', '.join(sorted(KEYS))})")
        pairs[key] = (key_node, value_node)

    def text(key: str, default: str | None = None) -> str | None:
        if key not in pairs:
            return default
        value = _value(pairs[key][1])
        if not isinstance(value, str) or not value.strip():
            raise _Bad(pairs[key][1], f"{key} must be non-empty text, not {value!r}")
        return value.strip()

    def choice(key: str, choices: tuple[str, ...], default: str) -> str:
        value = text(key, default)
        if value not in choices:
            raise _Bad(pairs[key][1], f"{key} must be one of {', '.join(choices)}, not {value!r}")
        return value

    email, webhook = text("email"), text("webhook")
    if email is None and webhook is None:
        raise _Bad(node, "a subscriber needs an email address or a webhook URL")
    if email is not None and not EMAIL_RE.match(email):
        raise _Bad(pairs["email"][1], f"not an email address: {email!r}")
    if webhook is not None and not re.match(r"^https?://[^/\s]+", webhook):
        raise _Bad(pairs["webhook"][1], f"webhook must be an http(s) URL, not {webhook!r}")
    keywords = _strings(pairs["keywords"][1], "keywords") if "keywords" in pairs else []
    for word, line in keywords:
        try:
            parse_query(word)
        except QueryError as exc:
            raise _Bad(pairs["keywords"][1], f"keywords: {word!r} (line {line}): {exc}") from None
    sections = tuple(s for s, _ in _strings(pairs["sections"][1], "sections")) if "sections" in pairs else SECTIONS
    unknown = [s for s in sections if s not in KNOWN_SECTIONS]
    if unknown:
        raise _Bad(pairs["sections"][1], f"unknown section {unknown[0]!r} (known: {', '.join(KNOWN_SECTIONS)})")
    max_stories = 10
    if "max_stories" in pairs:
        max_stories = _value(pairs["max_stories"][1])
        if isinstance(max_stories, bool) or not isinstance(max_stories, int) or not 1 <= max_stories <= MAX_STORIES:
            raise _Bad(pairs["max_stories"][1], f"max_stories must be a whole number from 1 to {MAX_STORIES}")
    return Subscription(
        email=email, webhook=webhook, name=text("name", "") or "",
        language=choice("language", LANGUAGES, "ru"), frequency=choice("frequency", FREQUENCIES, "daily"),
        entities=tuple(_strings(pairs["entities"][1], "entities")) if "entities" in pairs else (),
        keywords=tuple(w for w, _ in keywords), sections=tuple(dict.fromkeys(sections)),
        max_stories=max_stories, line=_line(node))


def load_subscriptions(path: Path) -> SubscriptionsFile:
    """Every valid subscriber, and a problem (file:line) for each broken one. A missing file: none."""
    if not path.exists():
        return SubscriptionsFile((), (), str(path))
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise SubscriptionsError(f"{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SubscriptionsError(f"{path}: cannot read: {exc}") from None
    if root is None:
        return SubscriptionsFile((), (), str(path))
    entries = root
    if isinstance(root, yaml.MappingNode):
        top = {str(_value(k)): v for k, v in root.value}
        if set(top) != {"subscribers"}:
            raise SubscriptionsError(f"{path}:{_line(root)}: expected one key, 'subscribers'")
        entries = top["subscribers"]
    if not isinstance(entries, yaml.SequenceNode):
        raise SubscriptionsError(f"{path}:{_line(entries)}: 'subscribers' must be a list")
    subs: list[Subscription] = []
    problems: list[SubscriptionProblem] = []
    seen: dict[str, int] = {}
    for node in entries.value:
        who = None
        try:
            if not isinstance(node, yaml.MappingNode):
                raise _Bad(node, "a subscriber must be a mapping (email, language, entities, ...)")
            sub = _one(node)
            who = sub.label
            key = f"{sub.email}|{sub.webhook}".lower()
            if key in seen:
                raise _Bad(node, f"the same recipient is already subscribed at line {seen[key]}")
            seen[key] = sub.line
            subs.append(sub)
        except _Bad as bad:
            problems.append(SubscriptionProblem(str(path), bad.line, who, bad.message))
    return SubscriptionsFile(tuple(subs), tuple(problems), str(path))


class _Resolver(Protocol):
    def resolve(self, name: str) -> Any: ...


def resolve(file: SubscriptionsFile, directory: _Resolver) -> SubscriptionsFile:
    """Turn watched names into registry ids; an unknown or ambiguous name is a problem on its line.

    A subscriber with one bad name is left out (with the problem) rather than sent a digest that
    silently ignores part of what they asked to watch.
    """
    subs: list[Subscription] = []
    problems = list(file.problems)
    where = file.path
    for sub in file.subscriptions:
        ids: list[str] = []
        bad = None
        for name, line in sub.entities:
            res = directory.resolve(name)
            if len(res.matches) == 1:
                ids.append(res.matches[0].id)
                continue
            if res.matches:
                options = ", ".join(f"{e.id} ({e.name(sub.language)})" for e in res.matches[:5])
                bad = SubscriptionProblem(where, line, sub.label, f"{name!r} is ambiguous: {options}; write the id")
            else:
                near = ", ".join(e.name(sub.language) for e in res.suggestions[:3])
                bad = SubscriptionProblem(where, line, sub.label, f"unknown entity {name!r}"
                                          + (f" (did you mean {near}?)" if near else ""))
            break
        if bad is not None:
            problems.append(bad)
            continue
        watch = Watch(entity_ids=tuple(dict.fromkeys(ids)), keywords=sub.keywords) \
            if ids or sub.keywords else None
        subs.append(replace(sub, watch=watch))
    return SubscriptionsFile(tuple(subs), tuple(problems), file.path)
