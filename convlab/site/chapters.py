"""Chapter files: front matter, number and slug, checked across the whole course.

A chapter is ``content/NN-slug.md``. Its YAML front matter sits between two ``---`` lines at the top;
the number in the file name orders the course unless ``order`` says otherwise, and the rest of the name is
the URL segment unless ``slug`` says otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from convlab.errors import ErrorLog, display_path
from convlab.site.inputs import is_text, load_yaml, read_text

FRONT_MATTER_KEYS = ("title", "summary", "order", "slug")
_FILE_NAME = re.compile(r"^(?P<number>\d+)[-_](?P<slug>.+)$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Chapter:
    """One chapter's source and identity, before its Markdown is rendered."""

    path: Path
    title: str
    number: int
    slug: str
    summary: str
    body: str
    body_line: int  # the file line on which ``body`` starts (1-based)

    @property
    def file_name(self) -> str:
        return self.path.name


def chapter_files(content_dir: Path) -> list[Path]:
    """Every Markdown file directly in the content folder, in name order."""
    return sorted(path for path in content_dir.glob("*.md") if path.is_file())


def load_chapters(content_dir: Path, errors: ErrorLog) -> list[Chapter]:
    """Read every chapter, report bad front matter and clashes, and return them in course order."""
    chapters = [chapter for path in chapter_files(content_dir)
                if (chapter := read_chapter(path, errors, content_dir)) is not None]
    _report_clashes(chapters, errors)
    return sorted(chapters, key=lambda chapter: (chapter.number, chapter.slug))


def read_chapter(path: Path, errors: ErrorLog, content_dir: Path | None = None) -> Chapter | None:
    """One chapter from its file, or None after reporting why it cannot be used."""
    text = read_text(path, content_dir or path.parent, errors)
    if text is None:
        return None
    split = split_front_matter(text, path, errors)
    if split is None:
        return None
    meta, body, body_line = split
    return _chapter_from(path, meta, body, body_line, errors)


def split_front_matter(text: str, path: Path, errors: ErrorLog) -> tuple[dict, str, int] | None:
    """Separate the YAML between the opening and closing ``---`` from the Markdown after it."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        errors.add(path, 1, "no front matter — start the file with a '---' line, 'title: ...', and a closing '---' line")
        return None
    closing = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if closing is None:
        errors.add(path, 1, "front matter is never closed — add a '---' line after its last key")
        return None
    meta = _parse_yaml("".join(lines[1:closing]), path, errors)
    if meta is None:
        return None
    return meta, "".join(lines[closing + 1:]), closing + 2


def _parse_yaml(source: str, path: Path, errors: ErrorLog) -> dict | None:
    try:
        meta = load_yaml(source) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        errors.add(path, line, f"front matter is not valid YAML ({problem}) — write one 'key: value' per line")
        return None
    if not isinstance(meta, dict):
        errors.add(path, 2, f"front matter must be 'key: value' lines (expected keys: {', '.join(FRONT_MATTER_KEYS)})")
        return None
    return meta


def _key_line(path: Path, key: str) -> int:
    """The line where front matter sets ``key``, for error messages (2 when it is absent)."""
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 2


def _chapter_from(path: Path, meta: dict, body: str, body_line: int, errors: ErrorLog) -> Chapter | None:
    unknown = [key for key in meta if key not in FRONT_MATTER_KEYS]
    for key in unknown:
        errors.add(path, _key_line(path, key),
                   f"unknown front matter key '{key}' (expected: {', '.join(FRONT_MATTER_KEYS)})")
    for key in ("title", "summary", "slug"):
        if key in meta and meta[key] is not None and not is_text(meta[key]):
            errors.add(path, _key_line(path, key), f"'{key}' must be text; got {_yaml_kind(meta[key])} — write "
                       f"'{key}: ...' on one line, in quotes if it holds a ':'")
            return None
    title = str(meta.get("title") or "").strip()
    if not title:
        errors.add(path, 1, "front matter has no 'title' — add a line 'title: ...'")
    number = _number(path, meta, errors)
    slug = _slug(path, meta, errors)
    if unknown or not title or number is None or slug is None:
        return None
    return Chapter(path, title, number, slug, str(meta.get("summary") or "").strip(), body, body_line)


def _yaml_kind(value) -> str:
    return {dict: "a mapping", list: "a list", bool: "a truth value"}.get(type(value), type(value).__name__)


def _number(path: Path, meta: dict, errors: ErrorLog) -> int | None:
    if "order" in meta:
        value = meta["order"]
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        errors.add(path, _key_line(path, "order"), f"'order' must be a whole number of 0 or more; got {value!r}")
        return None
    match = _FILE_NAME.match(path.stem)
    if match:
        return int(match["number"])
    errors.add(path, 1, "chapter has no number — name the file 'NN-slug.md' or add 'order: N' to its front matter")
    return None


def _slug(path: Path, meta: dict, errors: ErrorLog) -> str | None:
    if "slug" in meta:
        slug = str(meta["slug"]).strip()
        if _SLUG.match(slug):
            return slug
        errors.add(path, _key_line(path, "slug"),
                   f"'slug' must be lowercase letters, digits and single hyphens; got {slug!r}")
        return None
    match = _FILE_NAME.match(path.stem)
    slug = slugify(match["slug"] if match else path.stem)
    if not slug:
        errors.add(path, 1, f"the file name '{path.name}' gives no URL — add 'slug: ...' (lowercase letters, "
                   "digits and hyphens) to its front matter, or rename the file")
    return slug or None


def slugify(text: str) -> str:
    """``"Pooling: Compress & Summarize"`` → ``pooling-compress-summarize``; accents are dropped (ü → u)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _report_clashes(chapters: list[Chapter], errors: ErrorLog) -> None:
    seen_slugs: dict[str, Chapter] = {}
    seen_numbers: dict[int, Chapter] = {}
    for chapter in sorted(chapters, key=lambda chapter: chapter.path.name):
        first = seen_slugs.setdefault(chapter.slug, chapter)
        if first is not chapter:
            errors.add(chapter.path, 1, f"slug '{chapter.slug}' is already used by "
                       f"{display_path(first.path)} — give one of them another 'slug'")
        first = seen_numbers.setdefault(chapter.number, chapter)
        if first is not chapter:
            errors.add(chapter.path, 1, f"chapter number {chapter.number} is already used by "
                       f"{display_path(first.path)} — renumber one of the two files")
