"""WarcArchive: round trips, rotation, valid records, and surviving a write cut short."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from pipeline.archive import ArchiveError, WarcArchive
from pipeline.records import FetchResult


def _fetch(n: int, **changes: object) -> FetchResult:
    values: dict[str, object] = {
        "url": f"http://news.example.kg/a/{n}",
        "final_url": f"https://news.example.kg/a/{n}/",
        "status": 200,
        "headers": {"content-type": "text/html; charset=windows-1251", "content-encoding": "gzip",
                    "content-length": "31", "etag": f'"v{n}"'},
        "body": f"<p>Новость номер {n}</p>".encode("cp1251") * 20,
        "encoding": "windows-1251",
        "fetched_at": datetime(2026, 11, 24, 10, 0, n, 123456, tzinfo=UTC),
        "elapsed_s": 0.5 + n,
    }
    values.update(changes)
    return FetchResult(**values)  # type: ignore[arg-type]


def test_round_trip_and_valid_records(tmp_path: Path) -> None:
    fetches = [_fetch(1), _fetch(2), _fetch(3, status=304, body=b"", headers={}, encoding=None, final_url="http://news.example.kg/a/3")]
    with WarcArchive(tmp_path) as archive:
        places = [archive.write(f) for f in fetches]
    for place, fetch in zip(places, fetches, strict=True):
        assert archive.read(*place) == fetch
    name = places[0][0]
    assert not Path(name).is_absolute() and (tmp_path / name).exists()
    with open(tmp_path / name, "rb") as handle:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.http_headers, r.content_stream().read())
                   for r in ArchiveIterator(handle)]
    assert [r[0] for r in records] == ["response", "metadata"] * 3
    rec_type, target, http, body = records[0]
    assert target == "https://news.example.kg/a/1/"  # the final URL; the requested one is in the metadata record
    assert records[1][1] == "http://news.example.kg/a/1"
    assert http.get_statuscode() == "200"
    assert http.get_header("Content-Encoding") is None  # the body is stored decoded
    assert http.get_header("Content-Length") == str(len(body)) and body == fetches[0].body


def test_rotation_and_new_file_on_open(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path, max_file_bytes=1)
    archive.open()
    first = archive.write(_fetch(1))
    second = archive.write(_fetch(2))
    archive.close()
    archive.open()
    third = archive.write(_fetch(3))
    archive.close()
    names = [first[0], second[0], third[0]]
    assert len(set(names)) == 3 and names == sorted(names)
    assert all(offset == 0 for _, offset in (first, second, third))
    assert archive.read(*second) == _fetch(2)


def test_truncated_last_record_leaves_earlier_ones_readable(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path)
    archive.open()
    kept = archive.write(_fetch(1))
    cut = archive.write(_fetch(2))
    archive.close()
    path = tmp_path / kept[0]
    path.write_bytes(path.read_bytes()[: cut[1] + 40])  # a process killed mid-write of the 2nd record
    assert archive.read(*kept) == _fetch(1)
    with pytest.raises(ArchiveError):
        archive.read(*cut)
    archive.open()  # resumes in a new file, never after the broken bytes
    again = archive.write(_fetch(2))
    archive.close()
    assert again[0] != kept[0] and archive.read(*again) == _fetch(2)
    assert gzip.decompress((tmp_path / again[0]).read_bytes()).startswith(b"WARC/1")


def test_errors_are_clear(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path)
    with pytest.raises(ArchiveError, match="not open"):
        archive.write(_fetch(1))
    with pytest.raises(ArchiveError, match="not an archive file"):
        archive.read("../etc/passwd", 0)
    archive.open()
    name, _ = archive.write(_fetch(1))
    archive.close()
    with pytest.raises(ArchiveError):
        archive.read(name, 7)  # not a record boundary


def test_init_does_no_io(tmp_path: Path) -> None:
    WarcArchive(tmp_path / "not-yet")
    assert not (tmp_path / "not-yet").exists()
