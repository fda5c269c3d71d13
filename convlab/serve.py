"""Serve a built site on the local machine, as a static host would (including its 404 page)."""

from __future__ import annotations

import functools
import http.server
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
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        """Quiet: the terminal is for build errors, not one line per request."""


def make_server(site_dir: Path, host: str, port: int, base_url: str) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (SiteHandler,), {"base_url": base_url})
    return http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(site_dir)))


def serve(site_dir: Path, host: str, port: int, base_url: str) -> None:
    """Serve until Ctrl-C."""
    server = make_server(site_dir, host, port, base_url)
    print(f"serving {site_dir} at http://{host}:{server.server_port}{base_url} (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
