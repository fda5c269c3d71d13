"""Links and images: rewritten to site URLs, and checked so that no reader meets a dead end.

Authors link to chapters by file name (``03-stride-and-padding.md#padding``), as in their editor; the
build rewrites that to the chapter's URL under the base URL. Same-page and cross-page anchors are checked
once every chapter has been rendered, because a link may point forward in the course.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from convlab.errors import ErrorLog, display_path
from convlab.markdown.page import Page
from convlab.site.chapters import Chapter
from convlab.site.inputs import leaves_root, outside

_ID = re.compile(r'\sid="([^"]+)"')
SHORT_LIST = 10  # more chapter names than this in one error line are read by nobody


@dataclass(frozen=True)
class PendingAnchor:
    """A link to ``#fragment`` on chapter ``slug``, checked once all pages exist."""

    path: Path
    line: int
    target: str
    slug: str
    fragment: str


@dataclass
class LinkResolver:
    """Maps an author's link target to the URL the site serves; the page records what to check or copy."""

    content_dir: Path
    chapters: list[Chapter]
    base_url: str

    def __call__(self, context: Page, kind: str, target: str, line: int) -> str:
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith("mailto:"):
            return target
        line = line or context.line_of(target)
        if not parts.path:
            context.pending.append(PendingAnchor(context.chapter.path, line, target, context.chapter.slug,
                                              unquote(parts.fragment)))
            return target
        if parts.path.startswith("/"):
            context.error(line, f"{kind} '{target}' starts with '/', which breaks under --base-url — "
                          "use a path relative to the chapter file")
            return target
        if parts.path.endswith(".md"):
            return self._chapter_url(context, target, parts, line)
        return self._asset_url(context, kind, target, parts.path, line)

    def _chapter_url(self, context: Page, target: str, parts, line: int) -> str:
        name = posixpath.normpath(unquote(parts.path))
        chapter = next((chapter for chapter in self.chapters if chapter.file_name == name), None)
        if chapter is None and (self.content_dir / name).is_file():
            return target  # a chapter that failed to load: its own error is reported already
        if chapter is None:
            context.error(line, f"link to '{target}' does not match any chapter {self._suggest(name)}")
            return target
        if parts.fragment:
            context.pending.append(PendingAnchor(context.chapter.path, line, target, chapter.slug,
                                              unquote(parts.fragment)))
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return f"{self.base_url}{chapter.slug}/{fragment}"

    def _suggest(self, name: str) -> str:
        """The closest one or two chapter file names; the whole list only when it is short."""
        names = [chapter.file_name for chapter in self.chapters]
        close = difflib.get_close_matches(name, names, n=2, cutoff=0.75)
        if close:
            return f"— did you mean {' or '.join(close)}?"
        if len(names) <= SHORT_LIST:
            return f"(expected one of: {', '.join(names)})"
        return f"(the course has {len(names)} chapter files, from {names[0]} to {names[-1]}) — check the name"

    def _asset_url(self, context: Page, kind: str, target: str, path: str, line: int) -> str:
        relative = posixpath.normpath(unquote(path))
        source = self.content_dir / relative
        if relative.startswith("..") or not source.is_file():
            what = "image" if kind == "image" else "link to"
            context.error(line, f"{what} '{target}' not found (looked for {display_path(source)}) — "
                          "check the path, relative to the chapter file")
            return target
        real = outside(source, self.content_dir)
        if real is not None:
            context.error(line, leaves_root(f"{kind} '{target}'", real, self.content_dir))
            return target
        context.assets.append(relative)
        return f"{self.base_url}{relative}"


def element_ids(page_html: str) -> set[str]:
    """Every ``id`` attribute of a rendered page: the anchors a link may target."""
    return set(_ID.findall(page_html))


def check_anchors(pending: list[PendingAnchor], ids_by_slug: dict[str, set[str]],
                  headings_by_slug: dict[str, list[str]], errors: ErrorLog) -> None:
    """Report links whose ``#fragment`` names no element of the page they point to."""
    for link in pending:
        if link.fragment in ids_by_slug.get(link.slug, set()):
            continue
        sections = ", ".join(headings_by_slug.get(link.slug, [])) or "none"
        errors.add(link.path, link.line, f"link to '{link.target}' points to a missing section "
                   f"(sections there: {sections})")
