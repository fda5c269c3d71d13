"""Incremental rebuilds: after any series of edits the served folder equals a clean build, byte for byte."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from convlab.site.builder import build
from convlab.site.config import BuildOptions
from convlab.preview.incremental import IncrementalBuild
from convlab.site.registry import discover_simulations, reload_simulations
from conftest import MINI_COURSE, TEMPLATES


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A copy of the mini course and of the templates, and an incremental build serving ``served/``."""
    monkeypatch.chdir(tmp_path)
    content = Path(shutil.copytree(MINI_COURSE, tmp_path / "content"))
    templates = Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))
    options = BuildOptions(content_dir=content, templates_dir=templates, out_dir=tmp_path / "served")
    live = IncrementalBuild(options)
    assert live.rebuild().errors == []
    return live


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def clean_build(live: IncrementalBuild) -> dict[str, bytes]:
    out = live.options.out_dir.parent / "clean"
    assert build(BuildOptions(live.options.content_dir, live.options.templates_dir, out)).errors == []
    return tree(out)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def rebuild(live: IncrementalBuild) -> list[str]:
    """Rebuild, check the served folder against a clean build, and return what was rewritten."""
    result = live.rebuild()
    assert result.errors == []
    assert tree(live.options.out_dir) == clean_build(live)
    return result.changed


def renderings(live: IncrementalBuild) -> dict[str, object]:
    """chapter file name -> the object holding its rendered Markdown in the cache."""
    return {chapter.file_name: kept for chapter, kept in live.cache.chapters.items()}


def test_editing_one_chapter_renders_and_writes_only_that_chapter(course):
    before = renderings(course)
    edit(course.options.content_dir / "01-sliding.md", "Multiply, then sum.", "Multiply, then add up.")
    assert rebuild(course) == ["search-index.json", "sliding/index.html"]
    after = renderings(course)
    assert after["02-sizes.md"] is before["02-sizes.md"]
    assert after["01-sliding.md"] is not before["01-sliding.md"]


def test_a_series_of_edits_keeps_the_served_folder_equal_to_a_clean_build(course):
    content, templates = course.options.content_dir, course.options.templates_dir
    edit(content / "02-sizes.md", "title: Output sizes", "title: Output sizes, computed")
    assert rebuild(course) == ["404.html", "index.html", "search-index.json", "sizes/index.html",
                               "sliding/index.html"]

    (content / "images/grid.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    (content / "03-grids.md").write_text("---\ntitle: Grids\n---\n\n![A grid](images/grid.svg)\n\n"
                                         "Width {{= output_size(9, 3, s=3) }}.\n")
    assert {"grids/index.html", "images/grid.svg"} <= set(rebuild(course))

    edit(templates / "chapter.html", "</article>", "</article>\n<!-- edited -->")
    kept = renderings(course)
    assert rebuild(course) == ["grids/index.html", "sizes/index.html", "sliding/index.html"]
    assert renderings(course) == kept and all(renderings(course)[name] is kept[name] for name in kept)

    edit(templates / "assets/css/site.css", "}", "}\n/* edited */")
    assert rebuild(course) == ["assets/css/site.css"]

    edit(content / "course.yml", "title: Mini Course", "title: Mini Course, Second Edition")
    assert "index.html" in rebuild(course)

    (content / "03-grids.md").unlink()
    (content / "images/grid.svg").unlink()
    assert rebuild(course) == ["404.html", "grids/index.html", "images/grid.svg", "index.html",
                               "search-index.json", "sizes/index.html", "sliding/index.html"]
    assert not (course.options.out_dir / "grids").exists()

    (content / "02-sizes.md").rename(content / "02-output-sizes.md")
    edit(content / "01-sliding.md", "02-sizes.md#output-size", "02-output-sizes.md#output-size")
    assert "output-sizes/index.html" in rebuild(course)
    assert not (course.options.out_dir / "sizes").exists()


def test_editing_the_simulation_template_renders_the_chapters_again(course):
    kept = renderings(course)
    edit(course.options.templates_dir / "simulation.html", "\n", "\n<!-- embed -->\n")
    assert rebuild(course) == ["sliding/index.html"]
    assert renderings(course)["01-sliding.md"] is not kept["01-sliding.md"]


def test_a_failed_rebuild_writes_nothing_and_the_fix_restores_the_site(course):
    served = course.options.out_dir
    before = tree(served)
    chapter = course.options.content_dir / "01-sliding.md"
    edit(chapter, "stride: 2", "stride: 9")
    (course.options.content_dir / "02-sizes.md").write_text("---\ntitle: Sizes\n---\n\n{{= output_size(3, 5) }}\n")
    result = course.rebuild()
    assert result.changed == []
    assert result.errors == [
        "content/01-sliding.md:15: link to '02-sizes.md#output-size' points to a missing section (sections there: none)",
        "content/01-sliding.md:26: bad value for option 'stride' of simulation 'conv2d': "
        "Stride must be between 1 and 3; got 9.",
        "content/02-sizes.md:5: fact 'output_size(3, 5)' cannot be computed: A 5×5 kernel does not fit in a 3-pixel "
        "input with no padding; use a smaller kernel or add padding.",
    ]
    assert tree(served) == before
    shutil.copyfile(MINI_COURSE / "01-sliding.md", chapter)
    shutil.copyfile(MINI_COURSE / "02-sizes.md", course.options.content_dir / "02-sizes.md")
    assert course.rebuild().changed == []
    assert tree(served) == before == clean_build(course)


def test_reloaded_simulations_are_fresh_modules_and_build_the_same_site(course):
    saved = {name: module for name, module in sys.modules.items() if name.startswith("simulations.")}
    old = discover_simulations()["conv2d"].module
    try:
        reload_simulations()
        fresh = discover_simulations()["conv2d"]
        assert fresh.module is not old and fresh.specs is sys.modules["simulations._params"]
        assert course.rebuild().changed == []
        assert tree(course.options.out_dir) == clean_build(course)
    finally:
        for name in [name for name in sys.modules if name.startswith("simulations.")]:
            del sys.modules[name]
        sys.modules.update(saved)
