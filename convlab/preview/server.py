"""Serve a built site on the local machine, as a static host would (including its 404 page).

``build.py --serve`` runs the live server (``convlab.preview.watch``), whose handler extends ``SiteHandler``.
"""

from __future__ import annotations

import functools
import http.server
import ipaddress
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

IDLE_SECONDS = 5.0
MAX_CONNECTIONS = 64  # a browser opens at most 6 per host; this leaves room for many tabs and reloads
BUSY_ANSWER = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
               b"Retry-After: 1\r\nConnection: close\r\nContent-Length: 46\r\n\r\n"
               b"Too many open connections; try again shortly.\n")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under a base URL; unknown paths get the site's own 404 page.

    It behaves as a careful dev server does: a request whose ``Host`` is not this server's address is
    refused (a page on another site could otherwise reach it through DNS rebinding and read the course
    and its build errors), a path that cannot name a file is a 400, folders are never listed, and a
    connection that stays silent for ``timeout`` seconds is closed.
    """

    base_url = "/"
    served_host = "127.0.0.1"
    timeout = IDLE_SECONDS

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if not allowed_host(self.headers.get("Host"), self.served_host, self.server.server_address[1]):
            self.send_error(403, "Unknown Host", "This server answers only requests addressed to it by its own "
                            "address, such as localhost; open the address build.py printed.")
            return False
        if not well_formed(self.path):
            self.send_error(400, "Malformed path")
            return False
        return True

    def list_directory(self, path):
        """Folders are not listed: a folder without an index.html is a missing page, as on a static host."""
        self.send_error(404)
        return None

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


def allowed_host(header: str | None, served_host: str, port: int) -> bool:
    """Whether a ``Host`` header names this server: localhost, an IP address, or the ``--host`` it serves."""
    if not header:
        return False
    name, _, given_port = header.rpartition(":") if not header.endswith("]") else (header, "", "")
    if not name or "]" in given_port:
        name, given_port = header, ""
    if given_port and given_port != str(port):
        return False
    name = name.strip("[]").lower()
    if name in ("localhost", served_host.lower()) or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def well_formed(target: str) -> bool:
    """Whether a request target is a path a file could have: no NUL or control bytes, valid UTF-8."""
    path = urlsplit(target).path
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return False
    return path.startswith("/") and not any(ord(char) < 32 for char in decoded)


class SiteServer(http.server.ThreadingHTTPServer):
    """A threaded server that stays quiet when a browser drops a connection (a reload, a closed tab).

    Each connection has a thread, so their number is capped: past ``max_connections`` open at once, a
    new one is answered 503 at once, from the accepting thread, and closed. Held connections therefore
    cost at most that many threads, each for at most the idle timeout.
    """

    max_connections = MAX_CONNECTIONS
    request_queue_size = 2 * MAX_CONNECTIONS  # the listen backlog: a burst waits to be accepted, in order

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.open_slots = threading.BoundedSemaphore(self.max_connections)

    def process_request(self, request, client_address) -> None:
        if not self.open_slots.acquire(blocking=False):
            try:
                request.sendall(BUSY_ANSWER)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.open_slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.open_slots.release()

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def make_server(site_dir: Path, host: str, port: int, base_url: str,
                handler: type[SiteHandler] = SiteHandler, **attributes) -> SiteServer:
    """Bind now (a busy port is an ``OSError`` at once); serve ``site_dir`` under ``base_url`` once started."""
    handler_class = type("Handler", (handler,), {"base_url": base_url, "served_host": host, **attributes})
    return SiteServer((host, port), functools.partial(handler_class, directory=str(site_dir)))
