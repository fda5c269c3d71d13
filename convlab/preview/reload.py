"""The browser side of the live preview: the reload signal, the error overlay, and the tags that load them.

Only the dev server adds any of this. It inserts two tags into each HTML page as it serves it, so the
files on disk stay byte-identical to a clean build and a published site never carries a dev script. It
serves that script and its stylesheet from ``templates/live/`` and streams the build's state as
Server-Sent Events on ``__convlab/events``: the page reloads after a good build and lays the errors over
itself after a bad one. Both files come from the site's own origin, which the pages' Content Security
Policy already allows for scripts, styles and connections.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from urllib.parse import urlsplit

from convlab.preview.server import SiteHandler, SiteServer, make_server

LIVE_DIR = Path(__file__).resolve().parents[2] / "templates" / "live"
ROUTE = "__convlab/"
EVENTS = "events"
FILES = {"live-reload.js": "text/javascript; charset=utf-8", "live.css": "text/css; charset=utf-8"}
KEEPALIVE_SECONDS = 15.0
RETRY_MS = 500
NO_SITE_YET = (b'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>No site yet</title>\n'
               b'</head>\n<body>\n<p>The course has not built yet. Fix the errors the terminal lists; this page '
               b'updates by itself.</p>\n</body>\n</html>\n')


class LiveState:
    """What every open tab is told: the number of the last good build, and the current build errors."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.build = 0
        self.errors: list[str] = []
        self.version = 0
        self.closed = False

    def publish(self, rebuilt: bool, errors: list[str]) -> None:
        """Record a rebuild's outcome; tabs hear of it only if the site or the errors changed."""
        with self._changed:
            if not rebuilt and errors == self.errors:
                return
            self.build += 1 if rebuilt else 0
            self.errors = list(errors)
            self.version += 1
            self._changed.notify_all()

    def snapshot(self) -> dict:
        with self._changed:
            return {"build": self.build, "errors": list(self.errors)}

    def wait_past(self, version: int | None, timeout: float) -> tuple[int, dict] | None:
        """The state once its version differs from ``version`` (or after ``timeout``); None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self.version != version, timeout)
            if self.closed:
                return None
            return self.version, {"build": self.build, "errors": list(self.errors)}

    def close(self) -> None:
        """Release every waiting event stream, so the server can stop."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def inject(page: bytes, base_url: str, build: int) -> bytes:
    """``page`` with the live stylesheet and script added at the end of its ``<head>``."""
    tags = (f'<link rel="stylesheet" href="{base_url}{ROUTE}live.css">'
            f'<script type="module" src="{base_url}{ROUTE}live-reload.js" data-convlab-build="{build}"></script>')
    at = page.rfind(b"</head>")
    return page[:at] + tags.encode() + page[at:] if at >= 0 else page + tags.encode()


class LiveHandler(SiteHandler):
    """The static site, plus the event stream and the live files; every HTML page gets the live tags."""

    state: LiveState

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def html_body(self, page: Path) -> bytes:
        build = self.state.snapshot()["build"]  # read before the page: a page never claims a newer build
        return inject(page.read_bytes(), self.base_url, build)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code == 404 and not (Path(self.directory) / "404.html").is_file():
            self._send(404, inject(NO_SITE_YET, self.base_url, self.state.snapshot()["build"]),
                       "text/html; charset=utf-8", self.command == "HEAD")
            return
        super().send_error(code, message, explain)

    def _respond(self, head: bool) -> None:
        route = self._live_route()
        if route == EVENTS and not head:
            self._stream_events()
        elif route in FILES:
            self._send(200, (LIVE_DIR / route).read_bytes(), FILES[route], head)
        elif (page := self._html_file()) is not None:
            self._send(200, self.html_body(page), "text/html; charset=utf-8", head)
        elif head:
            super().do_HEAD()
        else:
            super().do_GET()

    def _live_route(self) -> str | None:
        path = urlsplit(self.path).path
        prefix = self.base_url + ROUTE
        return path[len(prefix):] if path.startswith(prefix) else None

    def _html_file(self) -> Path | None:
        """The HTML file this request asks for, if any (a folder without its trailing slash is redirected)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return None
            path = path / "index.html"
        return path if path.suffix == ".html" and path.is_file() else None

    def _send(self, status: int, body: bytes, content_type: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _stream_events(self) -> None:
        """``build`` events, one now and one per change, until the tab goes away or the server stops."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        version = None
        try:
            self.wfile.write(f"retry: {RETRY_MS}\n\n".encode())
            while (seen := self.state.wait_past(version, KEEPALIVE_SECONDS)) is not None:
                if seen[0] == version:
                    self.wfile.write(b": still here\n\n")
                else:
                    version, snapshot = seen
                    self.wfile.write(f"event: build\ndata: {json.dumps(snapshot)}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def make_live_server(site_dir: Path, host: str, port: int, base_url: str, state: LiveState) -> SiteServer:
    """The site server with the live handler, telling every tab about ``state``."""
    return make_server(site_dir, host, port, base_url, LiveHandler, state=state)
