"""Front matter, numbering and slugs: every author error has its exact message."""

from __future__ import annotations

from pathlib import Path

from convlab.site.chapters import load_chapters
from convlab.errors import ErrorLog


def load(tmp_path: Path, monkeypatch, files: dict[str, str]):
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    content.mkdir()
    for name, text in files.items():
        (content / name).write_text(text, encoding="utf-8")
    errors = ErrorLog()
    return load_chapters(content, errors), errors.report()


def test_number_and_slug_come_from_the_file_name(tmp_path, monkeypatch):
    chapters, errors = load(tmp_path, monkeypatch, {"03-stride-and-padding.md": "---\ntitle: Stride\n---\nBody\n"})
    assert errors == []
    assert (chapters[0].number, chapters[0].slug, chapters[0].title) == (3, "stride-and-padding", "Stride")
    assert chapters[0].body == "Body\n" and chapters[0].body_line == 4


def test_front_matter_order_and_slug_override_the_file_name(tmp_path, monkeypatch):
    chapters, errors = load(tmp_path, monkeypatch, {"intro.md": "---\ntitle: Intro\norder: 7\nslug: start-here\n---\n"})
    assert errors == []
    assert (chapters[0].number, chapters[0].slug) == (7, "start-here")


def test_chapters_are_sorted_by_number_not_name(tmp_path, monkeypatch):
    chapters, _ = load(tmp_path, monkeypatch, {"10-b.md": "---\ntitle: B\n---\n", "9-a.md": "---\ntitle: A\n---\n"})
    assert [chapter.slug for chapter in chapters] == ["a", "b"]


def test_malformed_front_matter(tmp_path, monkeypatch):
    _, errors = load(tmp_path, monkeypatch, {"01-a.md": "---\ntitle: [unclosed\n---\n"})
    assert errors == ["content/01-a.md:3: front matter is not valid YAML (expected ',' or ']', but got '<stream end>') "
                      "— write one 'key: value' per line"]


def test_front_matter_that_is_not_a_mapping(tmp_path, monkeypatch):
    _, errors = load(tmp_path, monkeypatch, {"01-a.md": "---\n- title\n---\n"})
    assert errors == ["content/01-a.md:2: front matter must be 'key: value' lines (expected keys: title, summary, order, slug)"]


def test_missing_front_matter(tmp_path, monkeypatch):
    _, errors = load(tmp_path, monkeypatch, {"01-a.md": "# Just text\n"})
    assert errors == ["content/01-a.md:1: no front matter — start the file with a '---' line, 'title: ...', "
                      "and a closing '---' line"]


def test_unclosed_front_matter(tmp_path, monkeypatch):
    _, errors = load(tmp_path, monkeypatch, {"01-a.md": "---\ntitle: A\n"})
    assert errors == ["content/01-a.md:1: front matter is never closed — add a '---' line after its last key"]


def test_missing_title(tmp_path, monkeypatch):
    _, errors = load(tmp_path, monkeypatch, {"01-a.md": "---\nsummary: no title here\n---\n"})
    assert errors == ["content/01-a.md:1: front matter has no 'title' — add a line 'title: ...'"]


def test_unknown_front_matter_key(tmp_path, monkeypatch):
    _, errors = load(tmp_path, monkeypatch, {"01-a.md": "---\ntitle: A\ntitel: B\n---\n"})
    assert errors == ["content/01-a.md:3: unknown front matter key 'titel' (expected: title, summary, order, slug)"]


def test_duplicate_slug(tmp_path, monkeypatch):
    _, errors = load(tmp_path, monkeypatch, {"01-pooling.md": "---\ntitle: A\n---\n",
                                             "02-other.md": "---\ntitle: B\nslug: pooling\n---\n"})
    assert errors == ["content/02-other.md:1: slug 'pooling' is already used by content/01-pooling.md "
                      "— give one of them another 'slug'"]


def test_duplicate_order(tmp_path, monkeypatch):
    _, errors = load(tmp_path, monkeypatch, {"04-pooling.md": "---\ntitle: A\n---\n",
                                             "04-sizes.md": "---\ntitle: B\n---\n"})
    assert errors == ["content/04-sizes.md:1: chapter number 4 is already used by content/04-pooling.md "
                      "— renumber one of the two files"]


def test_chapter_without_a_number(tmp_path, monkeypatch):
    _, errors = load(tmp_path, monkeypatch, {"intro.md": "---\ntitle: A\n---\n"})
    assert errors == ["content/intro.md:1: chapter has no number — name the file 'NN-slug.md' "
                      "or add 'order: N' to its front matter"]


def test_bad_order_and_slug_values(tmp_path, monkeypatch):
    _, errors = load(tmp_path, monkeypatch, {"01-a.md": "---\ntitle: A\norder: first\nslug: Not A Slug\n---\n"})
    assert errors == ["content/01-a.md:3: 'order' must be a whole number of 0 or more; got 'first'",
                      "content/01-a.md:4: 'slug' must be lowercase letters, digits and single hyphens; got 'Not A Slug'"]
