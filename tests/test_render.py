"""Jinja, configured once: compiled templates kept in the user's private cache, and only for their source."""

from __future__ import annotations

import jinja2
import pytest

from convlab.errors import ErrorLog
from convlab.site.render import make_environment, render, templates_used_by


@pytest.fixture
def templates(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("<p>{{ greeting }}, {{ who }}</p>\n", encoding="utf-8")
    return folder


def kept_templates(tmp_path):
    return list((tmp_path / "cache" / "convlab").glob("template-*"))


def test_a_compiled_template_is_kept_and_a_new_process_renders_it_without_compiling(templates, tmp_path,
                                                                                    monkeypatch):
    assert render(make_environment(templates), "page.html", ErrorLog(), greeting="Hello", who="Ada") == \
        "<p>Hello, Ada</p>\n"
    assert len(kept_templates(tmp_path)) == 1
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *args, **kwargs: pytest.fail("compiled again"))
    assert render(make_environment(templates), "page.html", ErrorLog(), greeting="Hi", who="Bo") == \
        "<p>Hi, Bo</p>\n"


def test_an_edited_template_is_compiled_again(templates):
    render(make_environment(templates), "page.html", ErrorLog(), greeting="Hello", who="Ada")
    (templates / "page.html").write_text("<h1>{{ who }}</h1>\n", encoding="utf-8")
    assert render(make_environment(templates), "page.html", ErrorLog(), greeting="", who="Ada") == "<h1>Ada</h1>\n"


def test_a_kept_template_others_can_write_is_ignored(templates, tmp_path, monkeypatch):
    render(make_environment(templates), "page.html", ErrorLog(), greeting="Hello", who="Ada")
    (entry,) = kept_templates(tmp_path)
    entry.chmod(0o666)  # a sound entry, but anybody could have written it
    compiled = []
    compile_template = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda *args, **kwargs: compiled.append(1) or compile_template(*args, **kwargs))
    assert render(make_environment(templates), "page.html", ErrorLog(), greeting="Hello", who="Ada") == \
        "<p>Hello, Ada</p>\n"
    assert compiled == [1]


def test_the_templates_a_template_includes_are_found_and_kept(templates, tmp_path, monkeypatch):
    (templates / "embed.html").write_text('{% include "page.html" %}{% include name %}\n', encoding="utf-8")
    env = make_environment(templates)
    used = templates_used_by(env, "embed.html")
    assert [name for name, _ in used] == ["embed.html", "page.html"]
    monkeypatch.setattr(jinja2.Environment, "parse", lambda *args, **kwargs: pytest.fail("parsed again"))
    assert templates_used_by(make_environment(templates), "embed.html") == used
