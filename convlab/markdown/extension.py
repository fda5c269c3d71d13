"""Markdown to HTML for one chapter: Python-Markdown, pymdown-extensions and convlab's own extension.

The converter is configured once per process (``MarkdownPool``) and reset between pages. Each
conversion binds a ``Page`` (``convlab.markdown.page``) to the extension's processors: where the text's
lines are in its file, and what the page may ask of the build. Directive bodies are Markdown too; they go
through a second converter of the same configuration, so a callout can hold code, math and links like
the page around it. ``convert_markdown`` runs the whole stage on a string, with no build around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from convlab.markdown.alignment import AlignmentTreeprocessor
from convlab.markdown.directives import DirectivePreprocessor
from convlab.markdown.factcheck import FactPreprocessor
from convlab.markdown.links import LinkTreeprocessor
from convlab.markdown.mathml import MathError, latex_to_mathml
from convlab.markdown.page import Page
from convlab.markdown.scrollboxes import ScrollBoxPostprocessor
from convlab.site.chapters import Chapter

BASE_EXTENSIONS = [
    "tables", "attr_list", "footnotes", "sane_lists", "toc",
    "pymdownx.superfences", "pymdownx.highlight", "pymdownx.betterem", "pymdownx.smartsymbols",
]
EXTENSION_CONFIGS = {
    "toc": {"permalink": "#", "permalink_title": "Link to this section", "toc_depth": "2-3"},
    "pymdownx.highlight": {"use_pygments": True, "css_class": "highlight", "guess_lang": False},
}

MAX_NESTING = 8  # directives inside directives; each level is one more converter, and readers get lost sooner

# $...$ not preceded by a backslash or another $, not opening or closing on a space, not followed by a digit
# (so "costs $5 and $6" stays prose).
INLINE_MATH = r"(?<![\\$])\$(?![\s$])(.+?)(?<![\s\\])\$(?!\d)"


class InlineMath(InlineProcessor):
    """``$...$`` becomes MathML, stashed so that Markdown never touches the formula's ``_`` or ``*``."""

    page: Page | None = None
    first_line = 1

    def handleMatch(self, m: re.Match, data: str):
        try:
            html = latex_to_mathml(m.group(1), display=False)
        except MathError as exc:
            self.page.error(self.page.line_of(m.group(0)), f"cannot read the formula ${m.group(1)}$: {exc}")
            return m.group(0), m.start(0), m.end(0)
        return self.md.htmlStash.store(html), m.start(0), m.end(0)


class ConvlabExtension(Extension):
    """Checked facts, directives, math, and link checks, registered by name in one place."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.processors = []

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.processors = [FactPreprocessor(md), DirectivePreprocessor(md), InlineMath(INLINE_MATH, md),
                           LinkTreeprocessor(md)]
        facts, directives, math, links = self.processors
        md.ESCAPED_CHARS.append("$")
        md.preprocessors.register(facts, "convlab_facts", 29.5)
        md.preprocessors.register(directives, "convlab_directives", 29)
        md.inlinePatterns.register(math, "convlab_math", 185)
        md.treeprocessors.register(links, "convlab_links", 1)
        md.treeprocessors.register(AlignmentTreeprocessor(md), "convlab_alignment", 0.5)
        md.postprocessors.register(ScrollBoxPostprocessor(md), "convlab_scrollboxes", 5)

    def bind(self, page: Page, first_line: int) -> None:
        """Hand ``page`` to every processor for the next conversion, whose text starts at ``first_line``."""
        for processor in self.processors:
            processor.page, processor.first_line = page, first_line


class Converter:
    """One configured Markdown instance and its extension, converting one text at a time."""

    def __init__(self) -> None:
        self.extension = ConvlabExtension()
        self.markdown = markdown.Markdown(extensions=[*BASE_EXTENSIONS, self.extension],
                                          extension_configs=EXTENSION_CONFIGS, output_format="html")

    def convert(self, page: Page, text: str, first_line: int) -> str:
        self.markdown.reset()
        self.extension.bind(page, first_line)
        return self.markdown.convert(text)


@dataclass
class RenderedMarkdown:
    html: str
    toc: list[dict]


class MarkdownPool:
    """Reusable converters: one for pages, one per nesting depth of directive bodies.

    Building a Markdown instance with its extensions costs more than converting a chapter, so a build
    makes a handful, when it first needs them, and resets them between uses.
    """

    def __init__(self) -> None:
        self._page: Converter | None = None  # made on first use: a build served from its cache needs none
        self._bodies: list[Converter] = []
        self._depth = 0

    def convert_page(self, page: Page) -> RenderedMarkdown:
        page.body_converter = self.convert_body
        self._page = self._page or Converter()
        html = self._page.convert(page, page.chapter.body, page.chapter.body_line)
        return RenderedMarkdown(html, self._page.markdown.toc_tokens)

    def convert_body(self, page: Page, text: str, first_line: int) -> str:
        """Markdown of a directive's body (starting at file line ``first_line``), on ``page``."""
        if self._depth >= MAX_NESTING:
            page.error(first_line - 1, f"directives nest more than {MAX_NESTING} deep here — close some "
                          "':::' blocks before opening others")
            return ""
        if self._depth == len(self._bodies):
            self._bodies.append(Converter())
        converter = self._bodies[self._depth]
        self._depth += 1
        try:
            return converter.convert(page, text, first_line)
        finally:
            self._depth -= 1


def flatten_toc(tokens: list[dict]) -> list[dict]:
    """The chapter's sections as a flat list of ``{"id", "name", "level"}`` (h2 and h3)."""
    entries = []
    for token in tokens:
        entries.append({"id": token["id"], "name": token["name"], "level": token["level"]})
        entries.extend(flatten_toc(token.get("children", [])))
    return entries



def convert_markdown(text: str, chapter: Chapter | None = None, pool: MarkdownPool | None = None,
                     **services) -> tuple[RenderedMarkdown, Page]:
    """The Markdown stage alone: ``text`` as a chapter body, converted with ``services`` (``Page``'s
    ``link_resolver`` and ``simulation_embedder``; by default links stay as written and there are no
    simulations). Returns the HTML with its table of contents, and the page with what it recorded."""
    chapter = chapter or Chapter(Path("chapter.md"), "Chapter", 1, "chapter", "", text, 1)
    page = Page(chapter, **services)
    return (pool or MarkdownPool()).convert_page(page), page
