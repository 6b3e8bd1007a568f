"""The interface's gettext catalogs: every message the web layer shows is translated into
Russian and Kyrgyz, and no catalog carries a message the code no longer uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]


def used_messages() -> set[str]:
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(ROOT / "web", METHODS):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_every_message_is_translated(lang: str) -> None:
    catalog = read_po((ROOT / "i18n" / "locale" / lang / "LC_MESSAGES" / "web.po").open("rb"), locale=lang)
    translated = {}
    for m in catalog:
        if m.id:
            key = m.id[0] if isinstance(m.id, tuple) else m.id
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            translated[key] = all(strings) and "fuzzy" not in m.flags
    used = used_messages()
    assert used - set(translated) == set(), "run pybabel extract + update (README, 'Web interface')"
    assert {k for k in used if not translated[k]} == set()
    assert set(translated) - used == set(), "stale messages: run pybabel update"
