"""The course's search index, built with the site so that search works offline on any static host.

Each chapter is cut at its ``h2``/``h3`` headings into sections; a section is one search result, linking
straight to its heading. The index is plain JSON the page's search script fetches the first time the
reader searches. Ten chapters make a few dozen sections, small enough that scanning them in the browser
is instant, so no inverted index or ranking library is needed.

Each entry keeps apart what ranks differently: the heading, the first paragraph (``lead`` is its length
in ``text``: where a section defines its subject), the terms set in bold, the rest of the prose, and code, so that search.js
ranks a definition above a code listing that merely uses the word. Formulas are indexed as the plain
text a reader sees (``mathtext``), never as TeX.
"""

from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser

from convlab.markdown.mathtext import math_text
from convlab.site.diskcache import cached_text, sources_digest

INDEX_FILE = "search-index.json"
_SKIPPED = {"script", "style", "button", "svg", "figure", "nav"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SPACE = re.compile(r"\s+")
_TERMS = {"strong", "b", "dfn"}


@dataclass
class Section:
    """One search result: its prose (the first paragraph apart, as the likely definition) and its code."""

    anchor: str
    heading: str
    lead_words: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    code_words: list[str] = field(default_factory=list)
    term_words: list[str] = field(default_factory=list)

    @property
    def lead(self) -> str:
        return _clean(self.lead_words)

    @property
    def text(self) -> str:
        return _clean([self.lead, " ", *self.words])

    @property
    def code(self) -> str:
        return _clean(self.code_words)

    @property
    def terms(self) -> str:
        """The words the prose sets in bold: the course's way of marking the term a sentence defines."""
        return _clean(" ".join(self.term_words))


def _clean(words: list[str]) -> str:
    return _SPACE.sub(" ", "".join(words)).strip()


class _SectionSplitter(HTMLParser):
    """Collects visible text per section, code apart; formulas arrive as plain text, widgets not at all.

    Each open element is remembered by the role it gives the text inside it (skipped, heading, code,
    lead paragraph, term); the body is the build's own well-formed HTML, so every end tag closes the last.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section("", "")]
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _VOID:  # never closed, so it must not be remembered as open
            return
        attributes = dict(attrs)
        section = self.sections[-1]
        if "skip" in self._open or tag in _SKIPPED or "data-simulation" in attributes:
            self._open.append("skip")
        elif tag in ("h2", "h3") and attributes.get("id"):
            self.sections.append(Section(attributes["id"], ""))
            self._open.append("heading")
        elif tag == "pre":
            self._open.append("code")
        elif tag == "p" and not section.text and "lead" not in self._open:
            self._open.append("lead")
        else:
            self._open.append("term" if tag in _TERMS else tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        section, roles = self.sections[-1], set(self._open)
        if "skip" in roles:
            return
        if "heading" in roles:
            section.heading += data
        elif "code" in roles:
            section.code_words.append(data)
        else:
            if "term" in roles:
                section.term_words.append(data)
            if "lead" in roles:
                section.lead_words.append(data)
            else:
                section.words.append(data)


_MATH = re.compile(r"<math\b.*?</math>(<wbr>)?", re.S)  # a long inline formula is cut in pieces
_BLOCK_END = re.compile(r"</(?:p|li|td|th|tr|div|pre|h[1-6]|dd|dt|blockquote|figcaption|summary)>")


def _readable(body_html: str) -> str:
    """Formulas as plain text, and a space after each block, so that blocks' words never run together."""
    body = _MATH.sub(lambda match: html.escape(math_text(match.group(0).removesuffix("<wbr>")))
                     + (" " if match.group(1) else ""), body_html)
    return _BLOCK_END.sub(lambda match: match.group(0) + " ", body)


def chapter_sections(body_html: str) -> list[Section]:
    """The sections of one chapter's body, the untitled introduction first."""
    splitter = _SectionSplitter()
    splitter.feed(_readable(body_html))
    splitter.close()
    for section in splitter.sections:
        section.heading = section.heading.replace("#", "").strip()
    return [section for section in splitter.sections if section.text or section.heading or section.code]


def search_index(chapters: list[tuple[str, str, str]], base_url: str) -> str:
    """JSON for ``[(slug, title, body_html), ...]``: one entry per section, in course order."""
    entries = [entry for slug, title, body_html in chapters
               for entry in json.loads(chapter_entries(slug, title, body_html, base_url))]
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))


def chapter_entries(slug: str, title: str, body_html: str, base_url: str) -> str:
    """One chapter's entries as a JSON list. Parsing a chapter's HTML is most of the index's time, so the
    list is kept in the user's private cache (``diskcache``) under a hash of the page and this code."""
    code = sources_digest([sys.modules[__name__], sys.modules[math_text.__module__]])
    return cached_text("search", (slug, title, base_url, body_html, code),
                       lambda: _dump(_entries(slug, title, body_html, base_url)), _are_entries)


def _entries(slug: str, title: str, body_html: str, base_url: str) -> list[dict]:
    entries = []
    for section in chapter_sections(body_html):
        anchor = f"#{section.anchor}" if section.anchor else ""
        entry = {"url": f"{base_url}{slug}/{anchor}", "chapter": title,
                 "heading": section.heading or title, "text": section.text, "lead": len(section.lead)}
        for name in ("terms", "code"):
            if getattr(section, name):
                entry[name] = getattr(section, name)
        entries.append(entry)
    return entries


def _dump(entries: list[dict]) -> str:
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))


_ENTRY_KEYS = {"url": str, "chapter": str, "heading": str, "text": str, "lead": int, "terms": str, "code": str}


def _are_entries(text: str) -> bool:
    """Whether a kept text is a list of entries as ``_entries`` makes them: the keys it writes, each of its
    type (every one but ``terms`` and ``code`` present)."""
    try:
        entries = json.loads(text)
    except ValueError:
        return False
    return isinstance(entries, list) and all(_is_entry(entry) for entry in entries)


def _is_entry(entry) -> bool:
    if not isinstance(entry, dict) or not _ENTRY_KEYS.keys() - {"terms", "code"} <= entry.keys() <= _ENTRY_KEYS.keys():
        return False
    return all(type(value) is _ENTRY_KEYS[key] for key, value in entry.items())
