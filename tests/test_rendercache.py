"""Chapters kept between build processes: the same bytes, and rendered again whenever an input changed."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from convlab.errors import ErrorLog
from convlab.markdown.links import LinkResolver
from convlab.runtime import plan_runtime
from convlab.site import builder
from convlab.site.builder import build
from convlab.site.chapters import load_chapters
from convlab.site.config import load_course
from convlab.site.registry import discover_simulations
from convlab.site.render import make_environment
from convlab.site.rendercache import dump_rendering, load_rendering, rendering_code_digest
from conftest import MINI_COURSE, options_for
from test_builder import tree_digest


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return Path(shutil.copytree(MINI_COURSE, tmp_path / "content"))


@pytest.fixture
def renderings(monkeypatch) -> list[str]:
    """The file names of the chapters a build renders (rather than takes from the cache)."""
    rendered = []
    render_chapter = builder.render_chapter

    def counting(chapter, *args):
        rendered.append(chapter.file_name)
        return render_chapter(chapter, *args)

    monkeypatch.setattr(builder, "render_chapter", counting)
    return rendered


def entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "convlab").glob("chapter-*"))


def test_a_second_build_takes_every_chapter_from_the_cache_and_writes_the_same_bytes(course, tmp_path, renderings):
    assert build(options_for(course, tmp_path / "one")).errors == []
    assert renderings == ["01-sliding.md", "02-sizes.md"] and len(entries(tmp_path)) == 2
    assert build(options_for(course, tmp_path / "two")).errors == []
    assert renderings == ["01-sliding.md", "02-sizes.md"], "nothing rendered again"
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_an_edited_chapter_is_rendered_again_and_its_neighbour_is_not(course, tmp_path, renderings):
    build(options_for(course, tmp_path / "_site"))
    chapter = course / "02-sizes.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    build(options_for(course, tmp_path / "_site"))
    assert renderings == ["01-sliding.md", "02-sizes.md", "02-sizes.md"]
    assert "One more sentence." in (tmp_path / "_site/sizes/index.html").read_text(encoding="utf-8")


def test_a_changed_image_renders_the_chapter_showing_it_again(course, tmp_path, renderings):
    build(options_for(course, tmp_path / "_site"))
    image = course / "images" / "window.svg"
    image.write_text(image.read_text(encoding="utf-8").replace('viewBox="0 0 70 10"', 'viewBox="0 0 140 20"'),
                     encoding="utf-8")
    build(options_for(course, tmp_path / "_site"))
    page = (tmp_path / "_site/sliding/index.html").read_text(encoding="utf-8")
    assert 'width="140" height="20"' in page and len(renderings) == 4


def test_another_base_url_misses(course, tmp_path, renderings):
    build(options_for(course, tmp_path / "_site"))
    build(options_for(course, tmp_path / "_site", base_url="/course/"))
    assert len(renderings) == 4
    assert 'href="/course/sizes/' in (tmp_path / "_site/sliding/index.html").read_text(encoding="utf-8")


def test_a_chapter_with_errors_is_not_kept(course, tmp_path, renderings):
    chapter = course / "02-sizes.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n::: simulation conv3d\n:::\n", encoding="utf-8")
    first = build(options_for(course, tmp_path / "_site"))
    second = build(options_for(course, tmp_path / "_site"))
    assert first.errors == second.errors and "unknown simulation 'conv3d'" in first.errors[0]
    assert len(entries(tmp_path)) == 1 and renderings.count("02-sizes.md") == 2


def test_a_damaged_entry_is_rendered_afresh_and_replaced(course, tmp_path, renderings):
    build(options_for(course, tmp_path / "one"))
    for entry in entries(tmp_path):
        entry.write_text('{"html": 1}', encoding="utf-8")
    build(options_for(course, tmp_path / "two"))
    assert len(renderings) == 4
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")
    build(options_for(course, tmp_path / "three"))
    assert len(renderings) == 4, "the rewritten entries are used"


def test_an_entry_is_read_back_only_in_exactly_its_own_shape(course, tmp_path):
    build(options_for(course, tmp_path / "_site"))
    text = entries(tmp_path)[0].read_text(encoding="utf-8")
    fields = load_rendering(text)
    pages = [(tmp_path / "_site" / slug / "index.html").read_text(encoding="utf-8") for slug in ("sliding", "sizes")]
    assert fields is not None and any(fields["html"] in page for page in pages)
    for damaged in (text[:-1], text.replace('"html"', '"body"'), text.replace('"assets":[', '"assets":[1,'),
                    text.replace('"level":2', '"level":"2"'), text[:-1] + ',"extra":1}', "[]", "null"):
        assert load_rendering(damaged) is None, damaged


def test_code_digest_changes_when_a_simulation_source_changes(tmp_path):
    folder = tmp_path / "sims"
    folder.mkdir()
    source = folder / "made_up.py"
    source.write_text("VALUE = 1\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location("rendercache_made_up", source)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    before = rendering_code_digest([module])
    source.write_text("VALUE = 22\n", encoding="utf-8")
    assert rendering_code_digest([module]) not in (before, None)


def test_dump_and_load_round_trip_a_rendering(course, tmp_path):
    rendered = builder.render_chapters(*_render_inputs(course, tmp_path))[0]
    kept = builder.RenderedChapter.kept(rendered.page.chapter, load_rendering(dump_rendering(rendered)))
    assert kept == rendered


def _render_inputs(course: Path, tmp_path: Path):
    options = options_for(course, tmp_path / "_site")
    errors = ErrorLog()
    chapters = load_chapters(course, errors)
    common = {"course": load_course(course, errors), "base_url": "/", "runtime": plan_runtime("/", None)}
    return (chapters, make_environment(options.templates_dir), LinkResolver(course, chapters, "/"), common,
            discover_simulations())
