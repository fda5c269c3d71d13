"""Shared helpers for the generator's tests: tiny courses written into a temporary folder."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest

from convlab.site.builder import build, gather
from convlab.site.config import BuildOptions
from convlab.errors import ErrorLog

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


def pytest_configure(config):
    """The whole run, and every build process it starts, keeps its cache in a folder of its own: the tests
    write nothing into the developer's ``~/.cache``, and every run starts as cold as a new machine."""
    config.convlab_cache = tempfile.mkdtemp(prefix="convlab-test-cache-")
    os.environ["XDG_CACHE_HOME"] = config.convlab_cache


def pytest_unconfigure(config):
    shutil.rmtree(getattr(config, "convlab_cache", ""), ignore_errors=True)
MINI_COURSE = Path(__file__).resolve().parent / "fixtures" / "mini-course"


def write_course(root: Path, chapters: dict[str, str], course: str = "title: Mini course\n") -> Path:
    """A course folder holding ``course.yml`` and the given files (text is dedented)."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "course.yml").write_text(course, encoding="utf-8")
    for name, text in chapters.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return content


def options_for(content: Path, out: Path, **overrides) -> BuildOptions:
    return BuildOptions(content_dir=content, templates_dir=TEMPLATES, out_dir=out, **overrides)


@pytest.fixture
def chapter_html(tmp_path, monkeypatch):
    """Markdown of one chapter body in, (rendered chapter HTML, error lines) out."""
    monkeypatch.chdir(tmp_path)

    def convert(body: str, extra_files: dict[str, str] | None = None) -> tuple[str, list[str]]:
        text = "---\ntitle: Test chapter\n---\n" + textwrap.dedent(body).lstrip("\n")
        content = write_course(tmp_path, {"01-test.md": text, **(extra_files or {})})
        errors = ErrorLog()
        site = gather(options_for(content, tmp_path / "_site"), errors)
        page = site.pages.get("test/index.html", "") if site else ""
        body_html = page.split('<article class="chapter-body">', 1)[-1].split("</article>", 1)[0]
        return body_html.strip(), errors.report()

    return convert


@pytest.fixture
def build_course(tmp_path, monkeypatch):
    """Build a course of the given files; returns (result, site folder)."""
    monkeypatch.chdir(tmp_path)

    def run(chapters: dict[str, str], course: str = "title: Mini course\n", **overrides):
        content = write_course(tmp_path, chapters, course)
        out = tmp_path / "_site"
        return build(options_for(content, out, **overrides)), out

    return run
