"""Serve a built site on the local machine, as a static host would (including its 404 page).

``build.py --serve`` runs the live server (``convlab.preview.watch``), whose handler extends ``SiteHandler``.
"""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under a base URL; unknown paths get the site's own 404 page."""

    base_url = "/"

    def translate_path(self, path: str) -> str:
        if path.startswith(self.base_url):
            path = "/" + path[len(self.base_url):]
        else:
            path = "/__outside_base_url__"
        return super().translate_path(path)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = self.html_body(page)
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def html_body(self, page: Path) -> bytes:
        """The bytes sent for an HTML page of the site; the live server adds its tags here."""
        return page.read_bytes()

    def log_message(self, format: str, *args) -> None:
        """Quiet: the terminal is for build errors, not one line per request."""


class SiteServer(http.server.ThreadingHTTPServer):
    """A threaded server that stays quiet when a browser drops a connection (a reload, a closed tab)."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def make_server(site_dir: Path, host: str, port: int, base_url: str,
                handler: type[SiteHandler] = SiteHandler, **attributes) -> SiteServer:
    """Bind now (a busy port is an ``OSError`` at once); serve ``site_dir`` under ``base_url`` once started."""
    handler_class = type("Handler", (handler,), {"base_url": base_url, **attributes})
    return SiteServer((host, port), functools.partial(handler_class, directory=str(site_dir)))
