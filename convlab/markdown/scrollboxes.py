"""Boxes that scroll sideways on a phone (tables, code, display formulas) can be reached and named.

A box narrower than its content scrolls; a keyboard reader can scroll it only if it can take focus,
and a screen reader says what it is only if it has a name. So each such box gets ``tabindex="0"``,
``role="region"`` and a label that tells boxes apart: a table by its column headings, code by its
first line, a formula by its plain text. site.css draws the shadow that shows there is more to see.
"""

from __future__ import annotations

import html
import re

from markdown.postprocessors import Postprocessor

from convlab.markdown.mathtext import math_text

LABEL_LENGTH = 60
_TABLE = re.compile(r'(<div class="scroll-box[^>]*>\s*)?<table>(.*?)</table>', re.S)
_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_CODE = re.compile(r'<div class="highlight">(.*?</pre>)', re.S)
_FORMULA = re.compile(r'<div class="math-display">(<math\b.*?</math>)', re.S)
_TAG = re.compile(r"<[^>]+>")


def scrollable(label: str) -> str:
    """The attributes of a box that scrolls: focusable, a region, named by ``label``."""
    return f'tabindex="0" role="region" aria-label="{html.escape(_shorten(label))}"'


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_LENGTH else text[:LABEL_LENGTH - 1].rstrip() + "…"


def _text(fragment: str) -> str:
    return html.unescape(_TAG.sub(" ", fragment))


def _table(match: re.Match) -> str:
    if match.group(1):  # already boxed, by the converter of a directive's body
        return match.group(0)
    headers = ", ".join(" ".join(_text(cell).split()) for cell in _HEADER.findall(match.group(2)))
    label = f"Table: {headers}" if headers.strip(", ") else "Table"
    return f'<div class="scroll-box" {scrollable(label)}><table>{match.group(2)}</table></div>'


def _code(match: re.Match) -> str:
    first_line = next((line for line in _text(match.group(1)).splitlines() if line.strip()), "")
    return f'<div class="highlight" {scrollable(f"Code: {first_line.strip()}")}>{match.group(1)}'


def _formula(match: re.Match) -> str:
    return f'<div class="math-display" {scrollable(f"Formula: {math_text(match.group(1))}")}>{match.group(1)}'


def box_scrollables(page_html: str) -> str:
    """``page_html`` with every table, code block and display formula made a named, focusable box."""
    return _FORMULA.sub(_formula, _CODE.sub(_code, _TABLE.sub(_table, page_html)))


class ScrollBoxPostprocessor(Postprocessor):
    """Runs last, on the finished HTML, after the stashed code and formulas are back in place."""

    def run(self, text: str) -> str:
        return box_scrollables(text)
