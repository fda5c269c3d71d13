"""Markdown to HTML for one chapter: Python-Markdown, pymdown-extensions and convlab's own extension.

The converter is configured once per build (``MarkdownPool``); each chapter gets a ``PageContext`` that
the extension's processors read: where the chapter's lines are in its file, how to resolve links, and
where to report errors. Directive bodies are Markdown too; they go through a second converter of the
same configuration, so a callout can hold code, math and links like the page around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from convlab.site.chapters import Chapter
from convlab.errors import ErrorLog
from convlab.markdown.mathml import MathError, latex_to_mathml

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


@dataclass
class PageContext:
    """What the Markdown extension needs to know about the chapter it is converting."""

    chapter: Chapter
    errors: ErrorLog
    resolve_link: Callable[["PageContext", str, str, int], str]
    render_simulation: Callable[["PageContext", str, dict, int], str | None]
    convert_body: Callable[["PageContext", str, int], str] = field(repr=False, default=None)
    simulations_used: list[str] = field(default_factory=list)
    quizzes: list[dict] = field(default_factory=list)
    _ids_taken: list[str] = field(default_factory=list, repr=False)
    _source_lines: list[str] | None = field(default=None, repr=False)

    def error(self, line: int, message: str) -> None:
        self.errors.add(self.chapter.path, line, message)

    def warn(self, line: int, message: str) -> None:
        self.errors.warn(self.chapter.path, line, message)

    def line_of(self, needle: str) -> int:
        """The first file line containing ``needle``: where to point an author at a link or formula."""
        if self._source_lines is None:
            self._source_lines = self.chapter.path.read_text(encoding="utf-8-sig").splitlines()
        for number, line in enumerate(self._source_lines, start=1):
            if needle in line:
                return number
        return self.chapter.body_line

    def next_id(self, prefix: str) -> str:
        """``prefix`` for the first use on the page, ``prefix-2`` and on for later ones."""
        count = self._ids_taken.count(prefix) + 1
        self._ids_taken.append(prefix)
        return prefix if count == 1 else f"{prefix}-{count}"


class InlineMath(InlineProcessor):
    """``$...$`` becomes MathML, stashed so that Markdown never touches the formula's ``_`` or ``*``."""

    def handleMatch(self, m: re.Match, data: str):
        context: PageContext = self.md.convlab_context
        try:
            html = latex_to_mathml(m.group(1), display=False)
        except MathError as exc:
            context.error(context.line_of(m.group(0)), f"cannot read the formula ${m.group(1)}$: {exc}")
            return m.group(0), m.start(0), m.end(0)
        return self.md.htmlStash.store(html), m.start(0), m.end(0)


class ConvlabExtension(Extension):
    """Checked facts, directives, math, and link checks, registered by name in one place."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        from convlab.markdown.directives import DirectivePreprocessor
        from convlab.markdown.factcheck import FactPreprocessor
        from convlab.markdown.links import LinkTreeprocessor
        from convlab.markdown.scrollboxes import ScrollBoxPostprocessor

        md.ESCAPED_CHARS.append("$")
        md.preprocessors.register(FactPreprocessor(md), "convlab_facts", 29.5)
        md.preprocessors.register(DirectivePreprocessor(md), "convlab_directives", 29)
        md.inlinePatterns.register(InlineMath(INLINE_MATH, md), "convlab_math", 185)
        md.treeprocessors.register(LinkTreeprocessor(md), "convlab_links", 1)
        md.postprocessors.register(ScrollBoxPostprocessor(md), "convlab_scrollboxes", 5)


def new_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*BASE_EXTENSIONS, ConvlabExtension()],
                             extension_configs=EXTENSION_CONFIGS, output_format="html")


@dataclass
class RenderedMarkdown:
    html: str
    toc: list[dict]


class MarkdownPool:
    """Reusable converters: one for pages, one per nesting depth of directive bodies.

    Building a Markdown instance with its extensions costs more than converting a chapter, so a build
    makes a handful and resets them between uses.
    """

    def __init__(self) -> None:
        self._page = new_converter()
        self._bodies: list[markdown.Markdown] = []
        self._depth = 0

    def convert_page(self, context: PageContext) -> RenderedMarkdown:
        context.convert_body = self.convert_body
        converter = self._page
        converter.reset()
        converter.convlab_context = context
        converter.convlab_first_line = context.chapter.body_line
        html = converter.convert(context.chapter.body)
        return RenderedMarkdown(html, converter.toc_tokens)

    def convert_body(self, context: PageContext, text: str, first_line: int) -> str:
        """Markdown of a directive's body (starting at file line ``first_line``), in the page's context."""
        if self._depth >= MAX_NESTING:
            context.error(first_line - 1, f"directives nest more than {MAX_NESTING} deep here — close some "
                          "':::' blocks before opening others")
            return ""
        if self._depth == len(self._bodies):
            self._bodies.append(new_converter())
        converter = self._bodies[self._depth]
        self._depth += 1
        try:
            converter.reset()
            converter.convlab_context = context
            converter.convlab_first_line = first_line
            return converter.convert(text)
        finally:
            self._depth -= 1


def flatten_toc(tokens: list[dict]) -> list[dict]:
    """The chapter's sections as a flat list of ``{"id", "name", "level"}`` (h2 and h3)."""
    entries = []
    for token in tokens:
        entries.append({"id": token["id"], "name": token["name"], "level": token["level"]})
        entries.extend(flatten_toc(token.get("children", [])))
    return entries

