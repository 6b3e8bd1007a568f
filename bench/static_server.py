"""A static file server for benchmarks: HTTP/1.1 with keep-alive, as real outlets serve.

    python -m bench.static_server PORT DIR

`python -m http.server` speaks HTTP/1.0 and closes every connection, which makes both sides
pay a TCP handshake per page — a cost no real site imposes and that would dominate the bench.
"""

from __future__ import annotations

import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class KeepAliveHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the second waits for the client's
    # delayed ACK (~40 ms) on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # quiet: one line per page is noise
        return None


def main() -> None:
    port, folder = int(sys.argv[1]), sys.argv[2]
    handler = functools.partial(KeepAliveHandler, directory=folder)
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.daemon_threads = True
        server.serve_forever()


if __name__ == "__main__":
    main()
