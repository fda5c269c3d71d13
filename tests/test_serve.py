"""The local server serves a built site as a static host would, under its base URL."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest

from convlab.preview.server import make_server


@pytest.fixture
def server(tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "index.html").write_text("home")
    (tmp_path / "guide/index.html").write_text("guide")
    (tmp_path / "404.html").write_text("not here")
    httpd = make_server(tmp_path, "127.0.0.1", 0, "/course/")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_pages_are_served_under_the_base_url(server):
    assert fetch(f"{server}/course/") == (200, "home")
    assert fetch(f"{server}/course/guide/") == (200, "guide")


def test_unknown_paths_get_the_sites_404_page(server):
    assert fetch(f"{server}/course/nowhere/") == (404, "not here")
    assert fetch(f"{server}/guide/") == (404, "not here")

