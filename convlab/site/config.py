"""What a build needs to know: the course's ``course.yml`` and the command line's options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from convlab.errors import ErrorLog
from convlab.site.inputs import is_text, load_yaml, read_text

COURSE_FILE = "course.yml"

# key -> (required, what it is); the order is the order the authoring guide lists them in.
COURSE_KEYS = {
    "title": (True, "the course's title"),
    "eyebrow": (False, "a short line above the title"),
    "subtitle": (False, "one sentence under the title"),
    "prerequisites": (False, "what the reader should know first"),
    "assumed_knowledge": (False, "shown on the landing page as the amount of assumed knowledge"),
    "motto": (False, "a closing quotation on the landing page"),
}


@dataclass(frozen=True)
class Course:
    """The course-wide settings from ``course.yml``."""

    title: str
    eyebrow: str = ""
    subtitle: str = ""
    prerequisites: str = ""
    assumed_knowledge: str = ""
    motto: str = ""

    @property
    def storage_key(self) -> str:
        """The ``localStorage`` namespace of this course's reader progress."""
        slug = "".join(ch if ch.isalnum() else "-" for ch in self.title.lower())
        return "convlab:" + "-".join(part for part in slug.split("-") if part)


@dataclass(frozen=True)
class BuildOptions:
    """Everything the command line can change about a build."""

    content_dir: Path
    templates_dir: Path
    out_dir: Path
    base_url: str = "/"
    pyodide_dir: Path | None = None


def normalize_base_url(base_url: str) -> str:
    """``/some/prefix`` or ``some/prefix/`` become ``/some/prefix/``: every URL is base_url + path."""
    inner = base_url.strip().strip("/")
    return f"/{inner}/" if inner else "/"


def load_course(content_dir: Path, errors: ErrorLog) -> Course | None:
    """Read ``course.yml``; report what is wrong with it and return None when it is unusable."""
    path = content_dir / COURSE_FILE
    if not path.is_file():
        errors.add(path, 0, "file not found — every course needs one, with at least 'title: ...'")
        return None
    text = read_text(path, content_dir, errors)
    if text is None:
        return None
    try:
        data = load_yaml(text) or {}
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else 0
        errors.add(path, line, f"{COURSE_FILE} is not valid YAML: {getattr(exc, 'problem', exc)}")
        return None
    if not isinstance(data, dict):
        errors.add(path, 1, f"{COURSE_FILE} must be a mapping of keys to values (expected: {', '.join(COURSE_KEYS)})")
        return None
    return _course_from(data, path, errors)


def _course_from(data: dict, path: Path, errors: ErrorLog) -> Course | None:
    unknown = [key for key in data if key not in COURSE_KEYS]
    for key in unknown:
        errors.add(path, 0, f"unknown key '{key}' in {COURSE_FILE} (expected: {', '.join(COURSE_KEYS)})")
    if not str(data.get("title") or "").strip():
        errors.add(path, 0, f"{COURSE_FILE} has no 'title' — add 'title: Your course'")
        return None
    wrong = [key for key, value in data.items() if key in COURSE_KEYS and value is not None and not is_text(value)]
    for key in wrong:
        errors.add(path, 0, f"'{key}' in {COURSE_FILE} must be text; got {type(data[key]).__name__} — write "
                   f"'{key}: ...' on one line, in quotes if it holds a ':'")
    if unknown or wrong:
        return None
    return Course(**{key: str(value).strip() for key, value in data.items()})

