"""No request of any page fails: every response a reader's browser gets is a success.

Each page of the self-hosted course is opened in full, its simulations brought to Python, its search
index and its simulations' sources fetched, while every response and every failed request is recorded.
The favicon, which every browser asks for, is among them.
"""

from __future__ import annotations

import pytest

from browser.conftest import reading
from browser.sim_page import wait_ready

pytestmark = pytest.mark.browser


def test_no_request_of_any_page_fails(browser, site):
    with reading(browser, site) as reader:
        page = reader.page
        responses, failed = [], []
        page.on("response", lambda response: responses.append((response.status, response.url)))
        page.on("requestfailed", lambda request: failed.append((request.url, request.failure)))
        for path in ["", "404.html", *site.chapter_paths()]:
            reader.open(path)
            for sim_id in page.locator("[data-simulation]").evaluate_all("roots => roots.map(r => r.id)"):
                wait_ready(page, sim_id)
                page.locator(f"#{sim_id} .sim-code-toggle").click()
                page.wait_for_selector(f"#{sim_id} .sim-code-editor:not([disabled])")
            page.keyboard.press("/")
            page.keyboard.type("kernel")
            page.wait_for_function("() => !document.querySelector('#search-results').hidden")
            page.wait_for_load_state("networkidle")
        assert failed == []
        assert [(status, url) for status, url in responses if status >= 400] == []
        icons = [url for status, url in responses if url.endswith("/assets/favicon.svg")]
        assert icons, "no page asked for the favicon"
        assert not any(url.endswith("/favicon.ico") for _, url in responses)
    assert reader.blocked == []


def test_every_page_links_the_course_favicon(site):
    pages = [site.folder / "index.html", site.folder / "404.html",
             *(site.folder / path / "index.html" for path in site.chapter_paths())]
    for page in pages:
        assert '<link rel="icon" href="/course/assets/favicon.svg" type="image/svg+xml">' in page.read_text(encoding="utf-8")
    assert (site.folder / "assets" / "favicon.svg").read_text(encoding="utf-8").startswith("<svg ")


def test_only_the_page_with_the_digits_downloads_their_data_file(browser, site):
    data = "/assets/data/_digits-"
    with reading(browser, site) as reader:
        page = reader.page
        requested = []
        page.context.on("request", lambda request: requested.append(request.url))
        pages = site.pages_with_simulations()
        reader.open(pages["channels"])
        wait_ready(page, "sim-channels")
        page.wait_for_load_state("networkidle")
        assert any("/assets/simulations-" in url for url in requested), "the simulations bundle never came"
        assert not [url for url in requested if data in url]
        reader.open(pages["digits"])
        wait_ready(page, "sim-digits")
        assert len([url for url in requested if data in url]) == 1
        assert "loss" in page.locator("#sim-digits .sim-readout-text").text_content()
    assert reader.blocked == []
