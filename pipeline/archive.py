"""The raw archive: every fetched page kept as WARC, so articles can be re-extracted later.

Files are gzip WARC, named `kabarchy-<UTC date>-<sequence>.warc.gz`, and rotate at
`max_file_bytes`. Each fetch is a 'response' record (final URL, status line, headers, body)
followed by a 'metadata' record that carries what WARC has no field for: the URL as requested
(when redirected), the charset, the elapsed time and the headers exactly as the fetcher saw them.
Every record is its own gzip member and is flushed at once, so a process killed mid-write leaves
at worst one truncated record at the end of one file; `open()` always starts a new file.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.records import FetchResult

FILE_RE = re.compile(r"^kabarchy-(\d{8})-(\d{5})\.warc\.gz$")
# httpx hands over the body already decoded and de-chunked: these would make the record lie.
TRANSPORT_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
META_TYPE = "application/json"


class ArchiveError(ValueError):
    """A record that is missing, truncated or not one this archive wrote."""


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class WarcArchive:
    """Rotating gzip WARC files under one folder; `open()` before `write()`."""

    def __init__(self, folder: Path, max_file_bytes: int = 1_000_000_000) -> None:
        self.folder = Path(folder)
        self.max_file_bytes = max_file_bytes
        self._file: BinaryIO | None = None
        self._name = ""

    def open(self) -> None:
        """Start a new file: appending to one a killed process may have truncated is never safe."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._start_file()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> WarcArchive:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start_file(self) -> BinaryIO:
        self.close()
        day = datetime.now(UTC).strftime("%Y%m%d")
        taken = [int(m.group(2)) for p in self.folder.iterdir() if (m := FILE_RE.match(p.name)) and m.group(1) == day]
        sequence = max(taken, default=0) + 1
        while True:  # "x": never reopen a file, even one another process created a moment ago
            self._name = f"kabarchy-{day}-{sequence:05d}.warc.gz"
            try:
                self._file = open(self.folder / self._name, "xb")  # noqa: SIM115 — kept open across writes
            except FileExistsError:
                sequence += 1
                continue
            return self._file

    def write(self, fetch: FetchResult) -> tuple[str, int]:
        """Archive one fetch; returns (file name relative to the folder, record offset)."""
        if self._file is None:
            raise ArchiveError("archive is not open")
        handle = self._file
        if handle.tell() >= self.max_file_bytes:
            handle = self._start_file()
        writer = WARCWriter(handle, gzip=True)
        headers = [(k, v) for k, v in fetch.headers.items() if k.lower() not in TRANSPORT_HEADERS]
        headers.append(("Content-Length", str(len(fetch.body))))
        http_headers = StatusAndHeaders(f"{fetch.status} {_reason(fetch.status)}", headers, protocol="HTTP/1.1")
        date = fetch.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        response = writer.create_warc_record(
            fetch.final_url,
            "response",
            payload=BytesIO(fetch.body),
            length=len(fetch.body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": date},
        )
        meta = json.dumps(
            {
                "url": fetch.url,
                "final_url": fetch.final_url,
                "status": fetch.status,
                "headers": fetch.headers,
                "encoding": fetch.encoding,
                "fetched_at": fetch.fetched_at.isoformat(),
                "elapsed_s": fetch.elapsed_s,
            },
            ensure_ascii=False,
        ).encode("utf-8")
        metadata = writer.create_warc_record(
            fetch.url,  # the requested URL: a redirect's origin stays findable
            "metadata",
            payload=BytesIO(meta),
            length=len(meta),
            warc_content_type=META_TYPE,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        offset = handle.tell()
        writer.write_record(response)
        writer.write_record(metadata)
        handle.flush()
        return self._name, offset

    def read(self, file: str, offset: int) -> FetchResult:
        """The fetch stored at `offset` in `file`, equal to the one written."""
        if not FILE_RE.match(file):
            raise ArchiveError(f"not an archive file name: {file!r}")
        try:
            with open(self.folder / file, "rb") as handle:
                handle.seek(offset)
                records = ArchiveIterator(handle)
                response = next(records, None)
                if response is None or response.rec_type != "response":
                    raise ArchiveError(f"{file}@{offset}: no response record")
                body = response.content_stream().read()
                status_line = response.http_headers.get_statuscode() if response.http_headers else ""
                target = response.rec_headers.get_header("WARC-Target-URI")
                metadata = next(records, None)
                meta = json.loads(metadata.content_stream().read()) if metadata is not None else None
        except (OSError, ArchiveLoadFailed, EOFError, ValueError) as exc:
            if isinstance(exc, ArchiveError):
                raise
            raise ArchiveError(f"{file}@{offset}: unreadable record ({exc})") from exc
        if meta is None or meta.get("final_url") != target:
            raise ArchiveError(f"{file}@{offset}: metadata record missing (truncated write?)")
        return FetchResult(
            url=meta["url"],
            final_url=target,
            status=int(status_line or meta["status"]),
            headers=dict(meta["headers"]),
            body=body,
            encoding=meta["encoding"],
            fetched_at=datetime.fromisoformat(meta["fetched_at"]),
            elapsed_s=float(meta["elapsed_s"]),
        )
