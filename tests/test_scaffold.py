"""``build.py --new "Title"``: a chapter that builds at once, numbered after the last, never overwriting."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import MINI_COURSE, ROOT


def run(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_new_chapter_comes_after_the_last_with_its_front_matter(tmp_path):
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    result = run("--content", "content", "--new", "Pooling: Compress & Summarize", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "created content/03-pooling-compress-summarize.md\n"
    text = (tmp_path / "content/03-pooling-compress-summarize.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {"title": "Pooling: Compress & Summarize",
                     "summary": "Replace this line with one sentence telling the reader what this chapter lets "
                                "them do."}
    assert "::: quiz" in text and "TODO" not in text


def test_new_chapter_builds_and_joins_the_course(tmp_path):
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    run("--content", "content", "--new", "Padding", cwd=tmp_path)
    result = run("--content", "content", "--out", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/padding/index.html").read_text(encoding="utf-8")
    assert "<h1>Padding</h1>" in page and "3 of 3" in page
    assert 'rel="next" href="/padding/"' in (tmp_path / "site/sizes/index.html").read_text(encoding="utf-8")


def test_first_chapter_of_an_empty_course_is_number_zero(tmp_path):
    (tmp_path / "course").mkdir()
    (tmp_path / "course/course.yml").write_text("title: Fresh\n")
    result = run("--content", "course", "--new", "Hello, World", cwd=tmp_path)
    assert result.stdout == "created course/00-hello-world.md\n"
    assert run("--content", "course", "--check", cwd=tmp_path).returncode == 0


def test_a_title_whose_slug_is_taken_is_refused_and_nothing_is_written(tmp_path):
    content = shutil.copytree(MINI_COURSE, tmp_path / "content")
    before = sorted(path.name for path in content.iterdir())
    result = run("--content", "content", "--new", "Sizes!", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == "content/02-sizes.md already has the slug 'sizes' — choose another title\n"
    assert sorted(path.name for path in content.iterdir()) == before


def test_a_title_without_letters_or_digits_is_refused(tmp_path):
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    result = run("--content", "content", "--new", "???", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "cannot make a file name from the title '???' — use letters or digits in it\n"


def test_a_missing_course_folder_is_named(tmp_path):
    result = run("--content", "nowhere", "--new", "Intro", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "nowhere: no such course folder — pass --content DIR\n"


def test_a_very_long_title_gets_a_file_name_of_at_most_60_characters(tmp_path):
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    title = "Why the receptive field grows " * 10
    result = run("--content", "content", "--new", title, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = result.stdout.removeprefix("created ").strip()
    assert path == "content/03-why-the-receptive-field-grows-why-the-receptive-field-grows.md"
    assert yaml.safe_load((tmp_path / path).read_text().split("---")[1])["title"] == title.strip()


def test_a_chapter_file_that_cannot_be_created_is_one_line(tmp_path):
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    (tmp_path / "content/03-pooling.md").mkdir()  # an obstacle even root cannot write through
    (tmp_path / "content/03-pooling.md/x").write_text("")
    result = run("--content", "content", "--new", "Pooling", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("content/03-pooling.md: cannot be created (File exists) — check that you can write to "
                             "the course folder\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes every folder")
def test_a_read_only_course_folder_is_one_line(tmp_path):
    content = shutil.copytree(MINI_COURSE, tmp_path / "content")
    content.chmod(0o555)
    result = run("--content", "content", "--new", "Pooling", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("content/03-pooling.md: cannot be created (Permission denied) — check that you can "
                             "write to the course folder\n")
