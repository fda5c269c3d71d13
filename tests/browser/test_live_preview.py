"""The live preview in Chromium: a saved edit reloads the tab, a broken build lays its errors over the page,
and the fix lifts them; the page's Content Security Policy lets the dev script and its events through."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from convlab.site.config import BuildOptions
from convlab.preview.watch import LiveServer
from conftest import MINI_COURSE, TEMPLATES

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000


@pytest.fixture
def live(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    options = BuildOptions(tmp_path / "content", tmp_path / "templates", tmp_path / "site")
    server = LiveServer(options, "127.0.0.1", 0, out=io.StringIO(), err=io.StringIO())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    """A tab of the session's Chromium (tests/browser/conftest.py)."""
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    yield tab
    context.close()


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_tab_follows_edits_errors_and_fixes(live, page):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    chapter = live.options.content_dir / "02-sizes.md"
    page.goto(f"{live.url}sizes/")
    page.locator("html[data-convlab-live='build 1']").wait_for(state="attached")

    rewrite(chapter, "Back to [the formula]", "Now back to [the formula]")
    page.get_by_text("Now back to").wait_for()

    rewrite(chapter, "title: Output sizes", "title: [broken")
    overlay = page.locator(".convlab-live-errors")
    overlay.wait_for()
    assert "content/02-sizes.md:3: front matter is not valid YAML" in overlay.inner_text()
    assert overlay.evaluate("(element) => getComputedStyle(element).position") == "fixed"

    rewrite(chapter, "title: [broken", "title: Output sizes, fixed")
    page.locator("h1", has_text="Output sizes, fixed").wait_for()
    assert page.locator(".convlab-live-errors").count() == 0
    assert violations == []


def test_the_error_overlay_stays_over_every_page_the_author_moves_to(live, page):
    """The overlay covers the page, but Back and Forward still move between pages, by swapping them in."""
    page.goto(f"{live.url}sliding/")
    page.locator("html[data-convlab-live='build 1']").wait_for(state="attached")
    page.evaluate("window.convlabVisit = 'still here'")
    page.locator(".pager-next").click()
    page.locator("main[data-chapter='sizes']").wait_for()
    rewrite(live.options.content_dir / "02-sizes.md", "title: Output sizes", "title: [broken")
    page.locator(".convlab-live-errors").wait_for()

    page.go_back()
    page.locator("main[data-chapter='sliding']").wait_for()
    assert page.evaluate("window.convlabVisit") == "still here", "Back loaded a page instead of swapping it in"
    overlay = page.locator(".convlab-live-errors")
    assert overlay.count() == 1 and "front matter is not valid YAML" in overlay.inner_text()
    assert overlay.is_visible()
