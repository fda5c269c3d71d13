"""The chapter being converted, as the Markdown processors see it: what they may ask, what they record.

A ``Page`` is made for one conversion and handed to the processors (``ConvlabExtension.bind``); nothing
about the page is kept on the Markdown instance. What the processors need from outside the Markdown
stage comes in as three functions — resolve a link, embed a simulation, convert a directive's body —
and the functions checked facts may call, which the page calls with itself, so a processor writes ``page.resolve_link("image", src, line)``.
Everything a conversion finds out (errors and warnings, simulations and quizzes used, anchors to check later, files
to copy) stays on the page, and the caller reads it from there: rendering returns values.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Callable

from convlab.errors import BuildError, display_path
from convlab.site.chapters import Chapter


def _keep_link(page: "Page", kind: str, target: str, line: int) -> str:
    return target


def _no_simulations(page: "Page", name: str, options: dict, line: int) -> None:
    page.error(line, f"unknown simulation '{name}' (expected: none, this page has no simulations)")


@dataclass
class Page:
    """One chapter's conversion: the chapter, the build's services, and what the conversion found."""

    chapter: Chapter
    link_resolver: Callable[["Page", str, str, int], str] = field(default=_keep_link, repr=False)
    simulation_embedder: Callable[["Page", str, dict, int], str | None] = field(default=_no_simulations,
                                                                               repr=False)
    body_converter: Callable[["Page", str, int], str] | None = field(default=None, repr=False)
    facts: dict | None = field(default=None, repr=False)  # what checked facts may call; None: the simulations now
    errors: list[BuildError] = field(default_factory=list)
    warnings: list[BuildError] = field(default_factory=list)
    simulations_used: list[str] = field(default_factory=list)
    quizzes: list[dict] = field(default_factory=list)  # the page's table-of-contents entries for its quizzes
    quiz_answers: dict[str, dict] = field(default_factory=dict)  # anchor -> {"options": N, "correct": index shown}
    pending: list = field(default_factory=list)  # links to #fragments, checked once every page exists
    assets: list[str] = field(default_factory=list)  # content files the page uses, in the order found
    _id_counts: dict[str, int] = field(default_factory=dict, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)
    _found: dict[str, int] = field(default_factory=dict, repr=False)

    def error(self, line: int, message: str) -> None:
        """Report a problem at file line ``line``, once (a directive's body is read twice: by the page's
        checked facts, then as Markdown of its own)."""
        error = BuildError(display_path(self.chapter.path), line, message)
        if error not in self.errors:
            self.errors.append(error)

    def warn(self, line: int, message: str) -> None:
        """Note something that builds but that the author should look at; it never fails a build."""
        self.warnings.append(BuildError(display_path(self.chapter.path), line, f"warning: {message}"))

    def resolve_link(self, kind: str, target: str, line: int) -> str:
        """The URL the site serves for an author's ``target`` (``kind`` is "link" or "image")."""
        return self.link_resolver(self, kind, target, line)

    def embed_simulation(self, name: str, options: dict[str, tuple[str, int]], line: int) -> str | None:
        """The HTML of a ``simulation`` directive, or None after reporting why there is none."""
        return self.simulation_embedder(self, name, options, line)

    def convert_body(self, text: str, first_line: int) -> str:
        """A directive body's Markdown (starting at file line ``first_line``) as HTML, on this page."""
        return self.body_converter(self, text, first_line)

    def line_of(self, needle: str) -> int:
        """The first file line containing ``needle``: where to point an author at a link or formula.

        Found with one ``str.find`` over the body and a bisection of its line starts, and remembered per
        needle, so a chapter with thousands of links is not searched line by line for each.
        """
        body = self.chapter.body
        if self._line_starts is None:
            self._line_starts = [0, *(match.end() for match in re.finditer("\n", body))]
        if needle not in self._found:
            at = body.find(needle) if "\n" not in needle else -1
            first = self.chapter.body_line - 1
            self._found[needle] = first + bisect.bisect_right(self._line_starts, at) if at >= 0 else first + 1
        return self._found[needle]

    def next_id(self, prefix: str) -> str:
        """``prefix`` for the first use on the page, ``prefix-2`` and on for later ones."""
        count = self._id_counts[prefix] = self._id_counts.get(prefix, 0) + 1
        return prefix if count == 1 else f"{prefix}-{count}"
