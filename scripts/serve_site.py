"""Serve a built site on 127.0.0.1 the way a static host would: gzip for text.

    python scripts/serve_site.py site/ 8765

Used by the tests and the benchmark. Responses carry a `LinkChecker` header, which
tells LinkChecker it may check this host without its politeness delay.
"""

from __future__ import annotations

import gzip
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")


class Handler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def end_headers(self):
        self.send_header("LinkChecker", "local")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()  # the base class redirects to the slash URL
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like object over bytes, as SimpleHTTPRequestHandler expects from send_head."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def start(directory: Path, port: int = 0) -> ThreadingHTTPServer:
    """Start serving `directory` in a background thread; `server.server_port` is the port."""
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8765
    server = start(root, port)
    print(f"serving {root} on http://127.0.0.1:{server.server_port}/")
    threading.Event().wait()
