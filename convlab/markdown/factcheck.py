"""Checked facts in a chapter: ``{{= expression :format }}`` in its text and ``answer:`` in its quizzes.

The text form is replaced before any other Markdown processing, line by line, so a fact works in a
paragraph, a table cell, a formula or a quiz option alike, and every error names its file line. Fenced
and inline code are left as written: code shows what the author typed, and a guide can show the syntax.
``facts`` computes the values; this module finds them in a chapter and reports what is wrong.
"""

from __future__ import annotations

import math
import re

from markdown.preprocessors import Preprocessor

from convlab.markdown.facts import FactError, evaluate, render, shown
from convlab.markdown.fences import outside_fences
from convlab.markdown.page import Page

OPEN, CLOSE = "{{=", "}}"
_FACT = re.compile(r"\{\{=(.*?)\}\}")
_CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)")
# 73,856 or 4096 or 0.5, with an optional minus; digits glued to letters (conv2d) are not numbers.
_NUMBER = re.compile(r"(?<![\w.,])[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])")


class FactPreprocessor(Preprocessor):
    """Replaces every ``{{= ... }}`` outside code with its value, reporting bad facts at their line."""

    page: Page | None = None
    first_line = 1

    def run(self, lines: list[str]) -> list[str]:
        out = list(lines)
        for index, line in outside_fences(lines):
            if OPEN in line:
                out[index] = substitute(line, lambda message, at=self.first_line + index: self.page.error(at, message),
                                        self.page.facts)
        return out


def substitute(line: str, report, functions: dict | None = None) -> str:
    """``line`` with its facts replaced by their values; inline code spans are kept as they are."""
    pieces, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        pieces += [_substitute_text(line[last:span.start()], report, functions), span.group(0)]
        last = span.end()
    pieces.append(_substitute_text(line[last:], report, functions))
    return "".join(pieces)


def _substitute_text(text: str, report, functions: dict | None) -> str:
    def value_of(match: re.Match) -> str:
        expression, _, spec = match.group(1).partition(":")
        try:
            return render(expression, spec, functions)
        except FactError as exc:
            report(str(exc))
            return match.group(0)

    replaced = _FACT.sub(value_of, text)
    if OPEN in _FACT.sub("", text):
        report(f"'{OPEN}' opens a fact that is never closed — end it with '{CLOSE}' on the same line")
    return replaced


def check_answer(expression: str, line: int, options: list[str], correct: int, context: Page) -> None:
    """Report unless the option marked ``[x]`` states the value of ``expression`` and no other option does."""
    try:
        value = evaluate(expression, context.facts)
    except FactError as exc:
        context.error(line, f"quiz answer: {exc}")
        return
    said = f"quiz answer '{expression.strip()}' is {shown(value)}"
    if not numbers_in(options[correct]):
        context.error(line, f"{said}, but the option marked [x] ('{options[correct]}') states no number — "
                      "write the number in the option")
    elif not states(options[correct], value):
        context.error(line, f"{said}, but the option marked [x] is '{options[correct]}' — correct the option "
                      "or the expression")
    for index, text in enumerate(options):
        if index != correct and states(text, value):
            context.error(line, f"{said}, and so is the wrong option '{text}' — only the option marked [x] "
                          "may state it")


def numbers_in(text: str) -> list[float]:
    """The numbers an option states, in order: ``32×32`` gives [32, 32], ``73,856`` gives [73856]."""
    return [float(match.replace(",", "").replace("−", "-")) for match in _NUMBER.findall(text)]


def states(text: str, value) -> bool:
    """Whether an option states ``value``: a shape as its sides in order (16×16×32), a number when every
    number in the option is that number (32×32 states 32; "2 or 3" states neither)."""
    found = numbers_in(text)
    if isinstance(value, tuple):
        return len(found) == len(value) and all(_same(a, b) for a, b in zip(found, value))
    return bool(found) and all(_same(number, value) for number in found)


def _same(a: float, b) -> bool:
    return math.isclose(a, float(b), rel_tol=1e-9, abs_tol=1e-12)
