"""Which ``--out`` folders a build may replace, and the modes of the site it writes there."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from conftest import MINI_COURSE, ROOT, TEMPLATES, options_for
from convlab.site.builder import build
from convlab.site.config import BuildOptions
from convlab.site.outdir import MARKER


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copytree(MINI_COURSE, tmp_path / "content"))


@pytest.mark.parametrize("umask, folder, file", [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600)])
def test_the_site_gets_the_modes_the_umask_gives(course, tmp_path, umask, folder, file):
    """Under the usual umask a web server running as another user can read the site; a private one is kept."""
    old = os.umask(umask)
    try:
        assert build(options_for(course, tmp_path / "_site")).errors == []
    finally:
        os.umask(old)
    site = tmp_path / "_site"
    assert [stat.S_IMODE((site / name).stat().st_mode) for name in ("", "sliding", "index.html", "images/window.svg")] \
        == [folder, folder, file, file]


def test_a_site_convlab_wrote_is_replaced_and_carries_the_marker(course, tmp_path):
    assert build(options_for(course, tmp_path / "_site")).errors == []
    assert (tmp_path / "_site" / MARKER).is_file()
    assert build(options_for(course, tmp_path / "_site")).errors == []


def test_a_folder_with_an_index_html_it_did_not_write_is_refused(course, tmp_path):
    mine = Path(shutil.copytree(TEMPLATES, tmp_path / "my-templates"))
    (mine / "notes.md").write_text("my own notes")
    result = build(options_for(course, mine))
    assert result.errors == ["my-templates: the output folder exists and was not written by convlab (it has no "
                             ".convlab-site file), and a build would delete what it holds — choose an empty or new "
                             "--out folder"]
    assert (mine / "notes.md").read_text() == "my own notes"


def test_a_file_is_refused(course, tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    result = build(options_for(course, tmp_path / "notes.txt"))
    assert result.errors == ["notes.txt: this is a file, not a folder, and a build would replace it — choose a "
                             "folder for --out"]
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "notes.txt"]


def test_a_folder_inside_the_sources_is_refused(course, tmp_path):
    templates = Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))
    options = BuildOptions(content_dir=course, templates_dir=templates, out_dir=templates / "assets/site")
    assert build(options).errors == ["templates/assets/site: the output folder is inside the templates folder "
                                     "(templates), so every build would read its own output — choose an --out "
                                     "folder outside the sources, such as _site"]
    assert build(options_for(course, course / "site")).errors[0].startswith(
        "content/site: the output folder is inside the content folder (content)")
    assert build(options_for(course, ROOT / "simulations/site")).errors[0].endswith(
        "so every build would read its own output — choose an --out folder outside the sources, such as _site")
    assert not (templates / "assets/site").exists() and not (ROOT / "simulations/site").exists()


def test_an_output_parent_that_is_a_file_is_one_line(course, tmp_path):
    (tmp_path / "plain").write_text("")
    assert build(options_for(course, tmp_path / "plain/site")).errors == [
        "plain/site: plain is a file, so the site cannot be written under it — choose another --out"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes every folder")
def test_an_unwritable_output_parent_is_one_line(course, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    assert build(options_for(course, locked / "site")).errors == [
        "locked/site: locked cannot be written by you, so the site cannot be created there — choose another "
        "--out folder"]
