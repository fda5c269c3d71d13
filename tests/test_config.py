"""course.yml and the command line's options."""

from __future__ import annotations

import pytest

from convlab.site.config import load_course, normalize_base_url
from convlab.errors import ErrorLog


@pytest.mark.parametrize("given, expected", [("/", "/"), ("", "/"), ("/course", "/course/"),
                                             ("course/", "/course/"), ("/a/b/", "/a/b/")])
def test_base_url_always_has_both_slashes(given, expected):
    assert normalize_base_url(given) == expected


def test_course_file_is_read(tmp_path):
    (tmp_path / "course.yml").write_text("title: Convnets\nsubtitle: From zero\nassumed_knowledge: 0\n")
    course = load_course(tmp_path, ErrorLog())
    assert (course.title, course.subtitle, course.assumed_knowledge) == ("Convnets", "From zero", "0")
    assert course.storage_key == "convlab:convnets"


def test_missing_course_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    errors = ErrorLog()
    assert load_course(tmp_path / "content", errors) is None
    assert errors.report() == ["content/course.yml: file not found — every course needs one, with at least 'title: ...'"]


def test_course_file_without_title_or_with_unknown_key(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "course.yml").write_text("subtitle: x\ntagline: y\n")
    errors = ErrorLog()
    assert load_course(tmp_path, errors) is None
    assert errors.report() == [
        "course.yml: course.yml has no 'title' — add 'title: Your course'",
        "course.yml: unknown key 'tagline' in course.yml (expected: title, eyebrow, subtitle, prerequisites, "
        "assumed_knowledge, motto)"]
