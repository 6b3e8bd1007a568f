"""Content-Encoding decoded under a cap, as the bytes are read.

httpx decodes a whole network chunk at once, so a gzip bomb can inflate to hundreds of
megabytes before any size check sees it. Here zlib is asked for at most the bytes still
allowed (`max_length`), so memory never exceeds the cap however well the body compresses.
We only ask servers for gzip and deflate (`ACCEPT_ENCODING`); anything else is refused.
"""

from __future__ import annotations

import zlib

ACCEPT_ENCODING = "gzip, deflate"


class DecodeError(ValueError):
    """The body is not valid in its declared encoding, or uses one we did not ask for."""


class TooLarge(ValueError):
    """The decoded body passed the cap."""


class _Inflater:
    """One gzip or deflate layer; deflate may come with a zlib header or raw (both are seen)."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._obj = zlib.decompressobj(47 if coding == "gzip" else 15)  # 47: gzip or zlib header
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Decode `data`, returning at most `room` + 1 bytes (one more tells the caller it overflowed)."""
        out = bytearray()
        while data and len(out) <= room:
            try:
                piece = self._obj.decompress(data, room + 1 - len(out))
            except zlib.error:
                if self._coding == "deflate" and not self._started:
                    self._obj, self._started = zlib.decompressobj(-15), True  # raw deflate
                    continue
                raise DecodeError(f"invalid {self._coding} data") from None
            self._started = True
            out += piece
            if self._obj.unconsumed_tail:
                data = self._obj.unconsumed_tail
            elif self._obj.eof and self._obj.unused_data:  # concatenated gzip members
                data = self._obj.unused_data
                self._obj = zlib.decompressobj(47)
            else:
                data = b""
        return bytes(out)


class BoundedDecoder:
    """Feed raw chunks, get decoded bytes; raises TooLarge past `limit` decoded bytes."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or any(c not in ("gzip", "x-gzip", "deflate") for c in codings):
            # We ask for one layer of gzip or deflate; stacked or other codings are not ours to guess.
            raise DecodeError(f"unsupported Content-Encoding {content_encoding!r} (we ask for {ACCEPT_ENCODING})")
        self._layers = [_Inflater("gzip" if c == "x-gzip" else c) for c in codings]
        self._limit = limit
        self.size = 0

    def feed(self, chunk: bytes) -> bytes:
        room = self._limit - self.size
        for layer in self._layers:
            chunk = layer.feed(chunk, room)
        self.size += len(chunk)
        if self.size > self._limit:
            raise TooLarge(f"body exceeds {self._limit} bytes")
        return chunk
