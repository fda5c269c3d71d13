"""Probes with hostile or careless input files: nothing outside the course is published, every bad file
is one ``file:line: what — fix`` line, and no file makes the build run away."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import TEMPLATES, options_for, write_course
from convlab.site.builder import build
from convlab.site.config import BuildOptions
from convlab.site.inputs import MAX_TEXT_BYTES

CHAPTER = "---\ntitle: A\n---\n"


def test_symlinked_image_to_a_system_file_is_refused_at_its_line(build_course, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("CI_TOKEN=hunter2\n")
    (tmp_path / "content/images").mkdir(parents=True)
    (tmp_path / "content/images/env.png").symlink_to(outside)
    result, out = build_course({"01-a.md": CHAPTER + "Intro.\n\n![env](images/env.png)\n"})
    assert result.errors == [f"content/01-a.md:6: image 'images/env.png' resolves to {outside}, outside "
                             "content, and a build never publishes a file from outside the course — copy the "
                             "file into content instead of linking to it"]
    assert not out.exists()


@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/passwd"])
def test_symlinks_to_system_files_are_refused_in_figures(build_course, tmp_path, target):
    (tmp_path / "content/images").mkdir(parents=True)
    (tmp_path / "content/images/x.svg").symlink_to(target)
    result, out = build_course({"01-a.md": CHAPTER + "::: figure images/x.svg\nalt: X\n:::\n"})
    assert len(result.errors) == 1 and result.errors[0].startswith("content/01-a.md:4: image 'images/x.svg' "
                                                                   "resolves to /")
    assert not out.exists()


def test_a_symlinked_folder_is_refused(build_course, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "k.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/images").symlink_to(elsewhere)
    result, _ = build_course({"01-a.md": CHAPTER + "![k](images/k.svg)\n"})
    assert result.errors == [f"content/01-a.md:4: image 'images/k.svg' resolves to {elsewhere / 'k.svg'}, "
                             "outside content, and a build never publishes a file from outside the course — "
                             "copy the file into content instead of linking to it"]


def test_a_symlinked_chapter_is_refused(build_course, tmp_path):
    (tmp_path / "outside.md").write_text(CHAPTER + "Secret.\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/02-b.md").symlink_to(tmp_path / "outside.md")
    result, _ = build_course({"01-a.md": CHAPTER})
    assert result.errors == [f"content/02-b.md: this file resolves to {tmp_path / 'outside.md'}, outside content, "
                             "and a build never publishes a file from outside the course — copy the file into "
                             "content instead of linking to it"]


def test_a_symlinked_course_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_course(tmp_path, {"01-a.md": CHAPTER})
    (tmp_path / "outside.yml").write_text("title: Secret\n")
    (content / "course.yml").unlink()
    (content / "course.yml").symlink_to(tmp_path / "outside.yml")
    assert build(options_for(content, tmp_path / "_site")).errors == [
        f"content/course.yml: this file resolves to {tmp_path / 'outside.yml'}, outside content, and a build never "
        "publishes a file from outside the course — copy the file into content instead of linking to it"]


def test_a_symlink_inside_the_course_is_followed(build_course, tmp_path):
    (tmp_path / "content/images").mkdir(parents=True)
    (tmp_path / "content/images/real.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "content/images/alias.svg").symlink_to(tmp_path / "content/images/real.svg")
    result, out = build_course({"01-a.md": CHAPTER + "![k](images/alias.svg)\n"})
    assert result.errors == [] and (out / "images/alias.svg").read_text().startswith("<svg")


def test_invalid_utf8_names_its_line(build_course, tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/01-a.md").write_bytes(b"---\ntitle: A\n---\nfine\nbad \xff byte\n")
    result, _ = build_course({})
    assert result.errors == ["content/01-a.md:5: byte 0xff is not UTF-8 — save the file as UTF-8 (your editor's "
                             "encoding setting)"]


def test_a_byte_order_mark_is_accepted(build_course):
    result, out = build_course({"01-a.md": "\ufeff" + CHAPTER + "Body.\n"})
    assert result.errors == [] and "<h1>A</h1>" in (out / "a/index.html").read_text()


def test_a_chapter_over_the_size_limit_is_one_sentence(build_course, tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/01-a.md").write_text(CHAPTER + "x" * MAX_TEXT_BYTES)
    result, _ = build_course({})
    assert result.errors == [f"content/01-a.md: the file has {MAX_TEXT_BYTES + len(CHAPTER):,} bytes; a course file may have "
                             f"up to {MAX_TEXT_BYTES:,} — split it into several chapters"]


def test_a_yaml_alias_bomb_is_refused_at_once(build_course):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    result, _ = build_course({"01-a.md": "---\ntitle: A\nsummary:\n" + bomb + "---\n"})
    assert result.errors == ["content/01-a.md:5: front matter is not valid YAML (aliases ('*name') are not "
                             "allowed) — write one 'key: value' per line"]


def test_course_yml_alias_is_refused(build_course):
    result, _ = build_course({"01-a.md": CHAPTER}, course="title: &t Course\nsubtitle: *t\n")
    assert result.errors == ["content/course.yml:2: course.yml is not valid YAML: aliases ('*name') are not allowed"]


def test_a_title_must_be_text(build_course):
    result, _ = build_course({"01-a.md": "---\ntitle: {a: 1}\n---\n"})
    assert result.errors == ["content/01-a.md:2: 'title' must be text; got a mapping — write 'title: ...' on one "
                             "line, in quotes if it holds a ':'"]
    result, _ = build_course({"01-a.md": CHAPTER}, course="title: [a, b]\n")
    assert result.errors == ["content/course.yml: 'title' in course.yml must be text; got list — write "
                             "'title: ...' on one line, in quotes if it holds a ':'"]


def test_a_unicode_file_name_gets_an_ascii_slug_or_an_error(build_course):
    result, out = build_course({"14-ü.md": CHAPTER})
    assert result.errors == [] and (out / "u/index.html").is_file()
    result, _ = build_course({"15-卷积.md": CHAPTER})
    assert result.errors == ["content/15-卷积.md:1: the file name '15-卷积.md' gives no URL — add 'slug: ...' "
                             "(lowercase letters, digits and hyphens) to its front matter, or rename the file"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_chapter_is_one_line(build_course, tmp_path):
    (tmp_path / "content").mkdir()
    path = tmp_path / "content/01-a.md"
    path.write_text(CHAPTER)
    path.chmod(0)
    result, _ = build_course({})
    assert result.errors == ["content/01-a.md: cannot be read (Permission denied) — check the file's permissions"]


def test_templates_asset_symlinked_outside_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_course(tmp_path, {"01-a.md": CHAPTER})
    templates = Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))
    (tmp_path / "secret").write_text("secret")
    (templates / "assets/leak.txt").symlink_to(tmp_path / "secret")
    options = BuildOptions(content_dir=content, templates_dir=templates, out_dir=tmp_path / "_site")
    assert build(options).errors == [
        f"templates/assets/leak.txt: this template file resolves to {tmp_path / 'secret'}, outside templates, and a "
        "build never publishes a file from outside the course — copy the file into templates instead of linking to it"]


def test_a_page_template_symlinked_outside_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_course(tmp_path, {"01-a.md": CHAPTER})
    templates = Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))
    (tmp_path / "passwd.html").write_text("root:x:0:0")
    (templates / "404.html").unlink()
    (templates / "404.html").symlink_to(tmp_path / "passwd.html")
    options = BuildOptions(content_dir=content, templates_dir=templates, out_dir=tmp_path / "_site")
    assert build(options).errors == [
        f"templates/404.html: this template file resolves to {tmp_path / 'passwd.html'}, outside templates, and a "
        "build never publishes a file from outside the course — copy the file into templates instead of linking to it"]
    assert not (tmp_path / "_site").exists()
