"""Whole builds of a minimal fixture course: output, atomic replacement, determinism, base URL."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from convlab.site.builder import build
from conftest import MINI_COURSE, options_for


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copytree(MINI_COURSE, tmp_path / "content"))


def tree_digest(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def test_fixture_course_builds_every_page(course, tmp_path):
    result = build(options_for(course, tmp_path / "_site"))
    site = tmp_path / "_site"
    assert result.errors == [] and result.pages == 4
    for page in ("index.html", "404.html", "sliding/index.html", "sizes/index.html",
                 "images/window.svg", "assets/css/site.css", "assets/css/pygments.css", "assets/js/course.js"):
        assert (site / page).is_file(), page
    assert len(list((site / "assets").glob("simulations-*.zip"))) == 1


def test_landing_page_counts_come_from_the_content(course, tmp_path):
    build(options_for(course, tmp_path / "_site"))
    index = (tmp_path / "_site/index.html").read_text()
    stats = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", index.split('class="stats"')[1].split("</ul>")[0]))
    assert "2 chapters" in stats and "1 simulation" in stats and "0 assumed knowledge" in stats
    assert "1 simulations" not in stats


def test_chapter_page_has_toc_quiz_and_neighbours(course, tmp_path):
    build(options_for(course, tmp_path / "_site"))
    page = (tmp_path / "_site/sliding/index.html").read_text()
    assert "<h1>Sliding windows</h1>" in page
    assert '<a href="#the-formula">The formula</a>' in page and '<a href="#quiz">Check your understanding</a>' in page
    assert 'rel="next" href="/sizes/"' in page and 'rel="prev"' not in page
    assert "1 of 2" in page


def test_identical_input_gives_identical_bytes(course, tmp_path):
    build(options_for(course, tmp_path / "one"))
    build(options_for(course, tmp_path / "two"))
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_failed_build_leaves_the_previous_site_untouched(course, tmp_path):
    site = tmp_path / "_site"
    build(options_for(course, site))
    before = tree_digest(site)
    (course / "02-sizes.md").write_text("---\ntitle: [broken\n---\n")
    (course / "01-sliding.md").write_text((course / "01-sliding.md").read_text().replace("stride: 2", "stride: 9"))
    result = build(options_for(course, site))
    assert len(result.errors) == 2
    assert result.errors[0].startswith("content/01-sliding.md:26: bad value for option 'stride'")
    assert result.errors[1].startswith("content/02-sizes.md:3: front matter is not valid YAML")
    assert tree_digest(site) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["_site", "content"]


def test_successful_rebuild_replaces_stale_files(course, tmp_path):
    site = tmp_path / "_site"
    build(options_for(course, site))
    (site / "stale.html").write_text("old")
    build(options_for(course, site))
    assert not (site / "stale.html").exists()


def test_base_url_prefixes_every_internal_url(course, tmp_path):
    build(options_for(course, tmp_path / "_site", base_url="/mini/"))
    for page in ("index.html", "404.html", "sliding/index.html", "sizes/index.html"):
        html = (tmp_path / "_site" / page).read_text()
        for url in re.findall(r'(?:href|src|content)="(/[^"]*)"', html):
            assert url.startswith("/mini/"), (page, url)
    assert 'href="/mini/sizes/#output-size"' in (tmp_path / "_site/sliding/index.html").read_text()


def test_output_folder_holding_other_files_is_refused(course, tmp_path):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = build(options_for(course, precious))
    assert result.errors == ["documents: the output folder exists and was not written by convlab (it has no "
                             ".convlab-site file), and a build would delete what it holds — choose an empty or new "
                             "--out folder"]
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_output_folder_containing_the_sources_is_refused(course, tmp_path):
    result = build(options_for(course, tmp_path))
    assert result.errors[0].endswith("the output folder would contain the sources or the working folder, and a "
                                     "build replaces it whole — choose another --out folder, such as _site")
