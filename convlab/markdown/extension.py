"""Markdown to HTML for one chapter: Python-Markdown, pymdown-extensions and convlab's own extension.

A ``Converter`` is configured once per process (``convlab.markdown.stage.MarkdownPool`` keeps them) and
reset between pages. Each conversion binds a ``Page`` (``convlab.markdown.page``) to the extension's
processors: where the text's lines are in its file, and what the page may ask of the build.
"""

from __future__ import annotations

import re

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from convlab.markdown.alignment import AlignmentTreeprocessor
from convlab.markdown.directives import DirectivePreprocessor
from convlab.markdown.factcheck import FactPreprocessor
from convlab.markdown.images import course_image_size
from convlab.markdown.mathml import MathError, latex_to_mathml
from convlab.markdown.page import Page
from convlab.markdown.scrollboxes import ScrollBoxPostprocessor

BASE_EXTENSIONS = [
    "tables", "attr_list", "footnotes", "sane_lists", "toc",
    "pymdownx.superfences", "pymdownx.highlight", "pymdownx.betterem", "pymdownx.smartsymbols",
]
EXTENSION_CONFIGS = {
    "toc": {"permalink": "#", "permalink_title": "Link to this section", "toc_depth": "2-3"},
    "pymdownx.highlight": {"use_pygments": True, "css_class": "highlight", "guess_lang": False},
}

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


class LinkTreeprocessor(Treeprocessor):
    """Sends every ``<a href>`` and ``<img src>`` of the rendered Markdown through the page's resolver."""

    page: Page | None = None
    first_line = 1

    def run(self, root) -> None:
        for element in root.iter("a"):
            if element.get("href") is not None:
                element.set("href", self.page.resolve_link("link", element.get("href"), 0))
        for element in root.iter("img"):
            src = element.get("src")
            if src is None:
                continue
            element.set("src", self.page.resolve_link("image", src, 0))
            size = course_image_size(self.page.chapter.path.parent, src, element.get("src"))
            if size and element.get("width") is None and element.get("height") is None:
                element.set("width", str(size[0]))
                element.set("height", str(size[1]))


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
