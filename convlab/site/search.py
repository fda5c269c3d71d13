"""The course's search index, built with the site so that search works offline on any static host.

Each chapter is cut at its ``h2``/``h3`` headings into sections; a section is one search result, linking
straight to its heading. The index is plain JSON the page's search script fetches the first time the
reader searches. Ten chapters make a few dozen sections, small enough that scanning them in the browser
is instant, so no inverted index or ranking library is needed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

INDEX_FILE = "search-index.json"
_SKIPPED = {"script", "style", "button", "svg", "figure", "nav"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SPACE = re.compile(r"\s+")


@dataclass
class Section:
    anchor: str
    heading: str
    words: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _SPACE.sub(" ", " ".join(self.words)).strip()


class _SectionSplitter(HTMLParser):
    """Collects visible text per section; formulas contribute their LaTeX source, widgets nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section("", "")]
        self._skip_depth = 0
        self._heading: Section | None = None
        self._in_math = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag in _VOID:  # never closed, so it must not deepen the skipped part
            return
        if self._skip_depth or tag in _SKIPPED or "data-simulation" in attributes:
            self._skip_depth += 1
        elif tag in ("h2", "h3") and attributes.get("id"):
            self._heading = Section(attributes["id"], "")
            self.sections.append(self._heading)
        elif tag == "math":
            self._in_math = True
            self.sections[-1].words.append(attributes.get("alttext", ""))

    def handle_endtag(self, tag: str) -> None:
        if self._skip_depth:
            self._skip_depth -= 1
        elif tag in ("h2", "h3"):
            self._heading = None
        elif tag == "math":
            self._in_math = False

    def handle_data(self, data: str) -> None:
        if self._skip_depth or self._in_math:
            return
        if self._heading is not None:
            self._heading.heading += data
        else:
            self.sections[-1].words.append(data)


def chapter_sections(body_html: str) -> list[Section]:
    """The sections of one chapter's body, the untitled introduction first."""
    splitter = _SectionSplitter()
    splitter.feed(body_html)
    splitter.close()
    for section in splitter.sections:
        section.heading = section.heading.replace("#", "").strip()
    return [section for section in splitter.sections if section.text or section.heading]


def search_index(chapters: list[tuple[str, str, str]], base_url: str) -> str:
    """JSON for ``[(slug, title, body_html), ...]``: one entry per section, in course order."""
    entries = []
    for slug, title, body_html in chapters:
        for section in chapter_sections(body_html):
            anchor = f"#{section.anchor}" if section.anchor else ""
            entries.append({"url": f"{base_url}{slug}/{anchor}", "chapter": title,
                            "heading": section.heading or title, "text": section.text})
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
