"""The browser tests' world: the real course built for real, served on 127.0.0.1, read in Chromium.

Two builds of ``content/`` are made once per session with ``build.py`` itself: one self-hosting the test
Pyodide (``--pyodide-dir``, under the base URL ``/course/`` to exercise prefixes) and one using the
default CDN. The self-hosted site is served with its Content-Security-Policy also sent as an HTTP header,
so the policy governs the Python worker too, as it would on a host that sends it. Every request that
is not for 127.0.0.1 is blocked and recorded.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from convlab.preview.server import SiteHandler, make_server
from convlab.pyodide_dist import ensure_test_pyodide

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
HOST = "127.0.0.1"
BASE_URL = "/course/"
# Where a simulation that several pages embed is tested: conv2d starts at its defaults in the explorer,
# while chapters 1 and 2 set it to their worked examples.
HOME_PAGES = {"conv2d": "explorer/"}


def build_site(out: Path, *options: str) -> Path:
    """Run ``build.py`` as an author would; fail the session with its errors if it fails."""
    result = subprocess.run([sys.executable, "build.py", "--out", str(out), *options], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, f"build.py failed:\n{result.stderr}"
    return out


def site_csp(site: Path) -> str:
    page = (site / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))


@dataclass(frozen=True)
class Served:
    """A built site being served: its folder and the URL of its home page."""

    folder: Path
    url: str

    def pages_with_simulations(self) -> dict[str, str]:
        """simulation name -> path (relative to the site's URL) of the page that embeds it: its home page
        (``HOME_PAGES``) if it has one, else the first page by name."""
        found = {}
        for page in sorted(self.folder.glob("*/index.html")):
            for name in re.findall(r'data-simulation="([a-z0-9_]+)"', page.read_text(encoding="utf-8")):
                found.setdefault(name, f"{page.parent.name}/")
        return found | {name: page for name, page in HOME_PAGES.items() if name in found}

    def chapter_paths(self) -> list[str]:
        return [f"{page.parent.name}/" for page in sorted(self.folder.glob("*/index.html"))]


class PolicyHandler(SiteHandler):
    """The site's own handler, also sending the site's Content-Security-Policy when given one."""

    policy = ""

    def end_headers(self):
        if self.policy:
            self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()


@contextmanager
def serving(folder: Path, base_url: str, policy: str = ""):
    """Serve ``folder`` under ``base_url`` in a background thread, as ``build.py --serve`` would."""
    server = make_server(folder, HOST, 0, base_url, handler=PolicyHandler, policy=policy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(folder, f"http://{HOST}:{server.server_port}{base_url}")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def test_pyodide() -> Path:
    return ensure_test_pyodide()


@pytest.fixture(scope="session")
def site(tmp_path_factory, test_pyodide):
    folder = build_site(tmp_path_factory.mktemp("site") / "_site", "--pyodide-dir", str(test_pyodide),
                        "--base-url", BASE_URL)
    with serving(folder, BASE_URL, site_csp(folder)) as served:
        yield served


@pytest.fixture(scope="session")
def cdn_site(tmp_path_factory):
    folder = build_site(tmp_path_factory.mktemp("cdn") / "_site")
    with serving(folder, "/") as served:
        yield served


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Reader:
    """One reader's tab, and everything that went wrong in it."""

    page: object
    site: Served
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def open(self, path: str = "") -> None:
        self.page.goto(self.site.url + path)


@contextmanager
def reading(browser, served: Served, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    reader = Reader(page, served)

    def route(route):
        if urlsplit(route.request.url).hostname == HOST:
            route.continue_()
        else:
            reader.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page.on("console", lambda message: reader.console_errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: reader.page_errors.append(str(error)))
    try:
        yield reader
    finally:
        context.close()


@pytest.fixture
def reader(browser, site):
    with reading(browser, site) as tab:
        yield tab


@pytest.fixture
def offline_reader(browser, cdn_site):
    with reading(browser, cdn_site) as tab:
        yield tab
