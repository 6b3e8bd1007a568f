"""Reading `config/sources.yaml`: the outlets and state bodies to follow.

The file is edited by hand, so a typo in one entry must not stop the whole monitor: every entry
is checked on its own, a broken one becomes a `SourceProblem` that names its line, and the rest
still load. Only a file that is not YAML at all (or not shaped like a sources file) raises
`SourcesError`. Line numbers come from composing the YAML node tree, which keeps each node's
position, before turning nodes into Python values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from pipeline.records import LANGUAGES, ListingConfig, SourceConfig

KINDS: tuple[str, ...] = ("outlet", "official")
REQUIRED: tuple[str, ...] = ("id", "name", "homepage", "languages", "kind")
ALLOWED: frozenset[str] = frozenset(f.name for f in fields(SourceConfig))
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class SourcesError(ValueError):
    """The sources file cannot be read at all; the message is `file:line: problem`."""


@dataclass(frozen=True)
class SourceProblem:
    """One broken entry (or one broken part of it): where it is and what is wrong."""

    file: str
    line: int  # 1-based
    source_id: str | None
    message: str

    def __str__(self) -> str:
        who = f" [{self.source_id}]" if self.source_id else ""
        return f"{self.file}:{self.line}{who}: {self.message}"


@dataclass(frozen=True)
class SourcesFile:
    sources: tuple[SourceConfig, ...]
    problems: tuple[SourceProblem, ...]


class _EntryError(Exception):
    """Internal: one entry is wrong at `node`."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _value(node: yaml.Node) -> Any:
    """Turn a node into plain Python (safe types only: a `!!python/...` tag is an entry error)."""
    try:
        return yaml.SafeLoader("").construct_document(node)
    except yaml.YAMLError as exc:
        raise _EntryError(node, f"unreadable value: {getattr(exc, 'problem', None) or exc}") from None


def _pairs(node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """key → (key node, value node); a repeated key is an error (YAML would keep the last)."""
    pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = str(_value(key_node))
        if key in pairs:
            raise _EntryError(key_node, f"duplicate key {key!r}")
        pairs[key] = (key_node, value_node)
    return pairs


def _check_url(node: yaml.Node, what: str) -> str:
    url = _value(node)
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise _EntryError(node, f"{what} must be an http(s) URL, not {url!r}")
    return url


def _url_list(node: yaml.Node, what: str) -> tuple[str, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise _EntryError(node, f"{what} must be a list of URLs")
    return tuple(_check_url(item, what) for item in node.value)


def _listings(node: yaml.Node) -> tuple[ListingConfig, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise _EntryError(node, "listings must be a list of {url, link_pattern}")
    out = []
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            raise _EntryError(item, "a listing must be a mapping with url and link_pattern")
        pairs = _pairs(item)
        extra = sorted(set(pairs) - {"url", "link_pattern"})
        if extra:
            raise _EntryError(pairs[extra[0]][0], f"unknown listing key {extra[0]!r}")
        if "url" not in pairs or "link_pattern" not in pairs:
            raise _EntryError(item, "a listing needs both url and link_pattern")
        url = _check_url(pairs["url"][1], "listing url")
        pattern_node = pairs["link_pattern"][1]
        pattern = _value(pattern_node)
        if not isinstance(pattern, str) or not pattern:
            raise _EntryError(pattern_node, "link_pattern must be a regular expression")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _EntryError(pattern_node, f"link_pattern does not compile: {exc}") from None
        out.append(ListingConfig(url=url, link_pattern=pattern))
    return tuple(out)


def _text(node: yaml.Node, key: str) -> str:
    value = _value(node)
    if not isinstance(value, str) or not value.strip():
        raise _EntryError(node, f"{key} must be non-empty text")
    return value.strip()


def _bool(node: yaml.Node, key: str) -> bool:
    value = _value(node)
    if not isinstance(value, bool):
        raise _EntryError(node, f"{key} must be true or false, not {value!r}")
    return value


def _languages(node: yaml.Node) -> tuple[str, ...]:
    value = _value(node)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise _EntryError(node, f"languages must be a non-empty list of {', '.join(LANGUAGES)}")
    bad = [lang for lang in value if lang not in LANGUAGES]
    if bad:
        raise _EntryError(node, f"unknown language {bad[0]!r} (known: {', '.join(LANGUAGES)})")
    return tuple(dict.fromkeys(value))


def _interval(node: yaml.Node) -> int:
    value = _value(node)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _EntryError(node, f"interval_minutes must be a whole number of at least 1, not {value!r}")
    return value


def _source(node: yaml.Node) -> SourceConfig:
    """Build one SourceConfig from its mapping node, or raise _EntryError at the bad spot."""
    if not isinstance(node, yaml.MappingNode):
        raise _EntryError(node, "a source must be a mapping (id, name, homepage, languages, kind, ...)")
    pairs = _pairs(node)
    unknown = sorted(set(pairs) - ALLOWED)
    if unknown:
        raise _EntryError(pairs[unknown[0]][0], f"unknown key {unknown[0]!r}")
    missing = [key for key in REQUIRED if key not in pairs]
    if missing:
        raise _EntryError(node, f"missing required key {missing[0]!r}")
    source_id = _text(pairs["id"][1], "id")
    if not ID_RE.match(source_id):
        raise _EntryError(pairs["id"][1], f"id {source_id!r} must be lower-case letters, digits, '.', '_' or '-'")
    kind = _value(pairs["kind"][1])
    if kind not in KINDS:
        raise _EntryError(pairs["kind"][1], f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    values: dict[str, Any] = {
        "id": source_id,
        "name": _text(pairs["name"][1], "name"),
        "homepage": _check_url(pairs["homepage"][1], "homepage"),
        "languages": _languages(pairs["languages"][1]),
        "kind": kind,
    }
    if "feeds" in pairs:
        values["feeds"] = _url_list(pairs["feeds"][1], "feeds")
    if "sitemaps" in pairs:
        values["sitemaps"] = _url_list(pairs["sitemaps"][1], "sitemaps")
    if "listings" in pairs:
        values["listings"] = _listings(pairs["listings"][1])
    if not (values.get("feeds") or values.get("sitemaps") or values.get("listings")):
        raise _EntryError(node, "needs at least one of feeds, sitemaps or listings")
    if "interval_minutes" in pairs:
        values["interval_minutes"] = _interval(pairs["interval_minutes"][1])
    for key in ("allow_private", "confirmed"):
        if key in pairs:
            values[key] = _bool(pairs[key][1], key)
    return SourceConfig(**values)


def _entry_id(node: yaml.Node) -> str | None:
    """The entry's id when one can be read, to name it in a problem."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "id" and isinstance(
                    value_node, yaml.ScalarNode):
                return value_node.value
    return None


def _entries(root: yaml.Node | None, file: str) -> list[yaml.Node]:
    """The list of entry nodes: the top-level `sources:` list (or a bare top-level list)."""
    if isinstance(root, yaml.SequenceNode):
        return list(root.value)
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "sources":
                if not isinstance(value_node, yaml.SequenceNode):
                    raise SourcesError(f"{file}:{_line(value_node)}: 'sources' must be a list")
                return list(value_node.value)
        raise SourcesError(f"{file}:{_line(root)}: no 'sources:' list in the file")
    line = _line(root) if root is not None else 1
    raise SourcesError(f"{file}:{line}: expected a mapping with a 'sources:' list")


def load_sources(path: Path) -> SourcesFile:
    """Read and check a sources file; broken entries become problems, the rest load."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{file}:1: cannot read: {exc}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise SourcesError(f"{file}:{line}: not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SourcesError(f"{file}:1: not valid YAML: {exc}") from None
    sources: list[SourceConfig] = []
    problems: list[SourceProblem] = []
    seen: dict[str, int] = {}
    for node in _entries(root, file):
        source_id = _entry_id(node)
        try:
            source = _source(node)
        except _EntryError as exc:
            problems.append(SourceProblem(file, _line(exc.node), source_id, exc.message))
            continue
        if source.id in seen:
            problems.append(SourceProblem(file, _line(node), source.id,
                                          f"duplicate id {source.id!r} (first on line {seen[source.id]})"))
            continue
        seen[source.id] = _line(node)
        sources.append(source)
    return SourcesFile(sources=tuple(sources), problems=tuple(problems))


def _source_dict(source: SourceConfig) -> dict[str, object]:
    data: dict[str, object] = {
        "id": source.id, "name": source.name, "homepage": source.homepage,
        "languages": list(source.languages), "kind": source.kind,
    }
    if source.feeds:
        data["feeds"] = list(source.feeds)
    if source.sitemaps:
        data["sitemaps"] = list(source.sitemaps)
    if source.listings:
        data["listings"] = [{"url": li.url, "link_pattern": li.link_pattern} for li in source.listings]
    data.update(interval_minutes=source.interval_minutes, allow_private=source.allow_private,
                confirmed=source.confirmed)
    return data


def write_sources(path: Path, sources: Sequence[SourceConfig], header: str = "") -> Path:
    """Write sources as a sources.yaml that `load_sources` reads back (for generated sites)."""
    body = yaml.safe_dump({"version": 1, "sources": [_source_dict(s) for s in sources]},
                          allow_unicode=True, sort_keys=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + body, encoding="utf-8")
    return path
