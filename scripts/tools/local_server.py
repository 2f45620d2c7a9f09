"""A built site over HTTP on localhost, for the browser tests, the benchmark and Lighthouse.

`serve(directory)` serves plain files, as Python's http.server does: no
compression, no cache headers, and a bare 404 for a missing page. That is
what the tests want (bytes on the wire are the bytes on the disk).

`serve(directory, like_a_host=True)` serves the site as GitHub Pages does, so
that a measurement of the page load (scripts/tools/lighthouse.py) is not a
measurement of the test server: text is gzipped when the browser accepts it,
responses carry Cache-Control, HTML says its charset, and an unknown path gets
the site's 404.html with status 404.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import re
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Names with a content hash in them (Material's `main.57a0d79d.min.css`, Pagefind's
# `pagefind.da_208f9fbe29.pf_meta`): a new version is a new name, so they may be kept for good.
_HASHED_NAME = re.compile(r"[._][0-9a-f]{8,}\.")
IMMUTABLE = "public, max-age=31536000, immutable"
# Pages must show a change at once; the browser keeps its copy but asks first.
PAGE = "no-cache"
# GitHub Pages sends this for every file; for the site's own unhashed CSS and JavaScript it is the honest value.
OTHER = "public, max-age=600"

_COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml|manifest\+json)|image/svg\+xml)")
_TEXT_WITH_CHARSET = re.compile(r"^(text/|application/(javascript|json))")


def cache_control(relative: str) -> str:
    """The Cache-Control header for the file at `relative` (a path inside the site, with / between parts)."""
    name = relative.rsplit("/", 1)[-1]
    if name.endswith(".html"):
        return PAGE
    if _HASHED_NAME.search(name):
        return IMMUTABLE
    return OTHER


def _accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (`gzip;q=0` refuses it)."""
    for part in (header or "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=")
            try:
                return not params or float(quality) > 0
            except ValueError:
                return True
    return False


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass  # one line per request would drown the test and benchmark output


class _LikeAHost(_Quiet):
    """GET and HEAD the way a static host answers them; `directory` is the site's root."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm",
                      ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml"}

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        root = Path(self.directory)
        url_path = urllib.parse.urlsplit(self.path).path
        file = Path(self.translate_path(self.path))  # translate_path keeps the path inside `root`
        if file.is_dir():
            if not url_path.endswith("/"):
                # As the hosts do: /cases -> /cases/, so that the page's relative links resolve.
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = file / "index.html"
        status = HTTPStatus.OK
        if not file.is_file():
            file, status = root / "404.html", HTTPStatus.NOT_FOUND
            if not file.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return
        body = file.read_bytes()
        kind = self.guess_type(str(file))
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if _TEXT_WITH_CHARSET.match(kind) else kind)
        self.send_header("Cache-Control", PAGE if status != HTTPStatus.OK
                         else cache_control(file.relative_to(root).as_posix()))
        if _COMPRESSIBLE.match(kind):
            self.send_header("Vary", "Accept-Encoding")
            if _accepts_gzip(self.headers.get("Accept-Encoding")):
                body = gzip.compress(body, compresslevel=6, mtime=0)
                self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: Path, like_a_host: bool = False, port: int = 0) -> Iterator[str]:
    """Serve `directory` on `port` (0: a free one), as plain files or `like_a_host`; yields the base address."""
    handler = _LikeAHost if like_a_host else _Quiet
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A port nothing listens on now (for a server started in another process)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
