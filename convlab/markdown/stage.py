"""The Markdown stage's entry points: a pool of converters, and ``convert_markdown`` for a string.

Directive bodies are Markdown too; they go through a second converter of the same configuration, so a
callout can hold code, math and links like the page around it. The converters, and with them
Python-Markdown, pymdown-extensions and convlab's processors (``extension``), are loaded when a page is
first converted: a build whose chapters all come from the render cache converts none.
``convert_markdown`` runs the whole stage on a string, with no build around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from convlab.markdown.page import Page
from convlab.site.chapters import Chapter

MAX_NESTING = 8  # directives inside directives; each level is one more converter, and readers get lost sooner


@dataclass
class RenderedMarkdown:
    html: str
    toc: list[dict]  # the sections, flat: ``{"id", "name", "level"}`` for each h2 and h3


class MarkdownPool:
    """Reusable converters: one for pages, one per nesting depth of directive bodies.

    Building a Markdown instance with its extensions costs more than converting a chapter, so a build
    makes a handful, when it first needs them, and resets them between uses.
    """

    def __init__(self) -> None:
        self._page = None  # a Converter, made on first use: a build served from its cache needs none
        self._bodies: list = []
        self._depth = 0

    def convert_page(self, page: Page) -> RenderedMarkdown:
        page.body_converter = self.convert_body
        self._page = self._page or _converter()
        html = self._page.convert(page, page.chapter.body, page.chapter.body_line)
        return RenderedMarkdown(html, flatten_toc(self._page.markdown.toc_tokens))

    def convert_body(self, page: Page, text: str, first_line: int) -> str:
        """Markdown of a directive's body (starting at file line ``first_line``), on ``page``."""
        if self._depth >= MAX_NESTING:
            page.error(first_line - 1, f"directives nest more than {MAX_NESTING} deep here — close some "
                          "':::' blocks before opening others")
            return ""
        if self._depth == len(self._bodies):
            self._bodies.append(_converter())
        converter = self._bodies[self._depth]
        self._depth += 1
        try:
            return converter.convert(page, text, first_line)
        finally:
            self._depth -= 1


def _converter():
    """A new configured converter; its modules are imported here, on first use (see the module's text)."""
    from convlab.markdown.extension import Converter

    return Converter()


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
