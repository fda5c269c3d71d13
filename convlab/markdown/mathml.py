"""LaTeX to MathML at build time, so formulas render with no script and no network."""

from __future__ import annotations

import re
from functools import lru_cache

from latex2mathml.converter import convert


class MathError(ValueError):
    """A formula latex2mathml cannot read; the message says what it choked on."""


@lru_cache(maxsize=1024)
def latex_to_mathml(tex: str, display: bool) -> str:
    """MathML for ``tex``; display formulas are centred blocks, inline ones sit in the line.

    The LaTeX source travels along as the ``alttext`` annotation, for screen readers and copy-paste.
    """
    source = tex.strip()
    _check_braces(source)
    try:
        mathml = convert(source, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises a class per problem, with no common base
        raise MathError(_reason(exc)) from None
    unknown = _UNKNOWN_COMMAND.search(mathml)
    if unknown:
        raise MathError(f"unknown command {unknown.group(1)}")
    return mathml.replace("<math ", f'<math alttext="{_attr(source)}" ', 1)


# latex2mathml passes a command it does not know through as an identifier: <mi>\foo</mi>.
_UNKNOWN_COMMAND = re.compile(r">(\\[A-Za-z]+)<")


def _check_braces(source: str) -> None:
    if not source:
        raise MathError("the formula is empty")
    depth = 0
    for char in re.sub(r"\\[{}]", "", source):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            raise MathError("a '}' closes a group that was never opened")
    if depth:
        raise MathError("a '{' is never closed")


def _reason(exc: Exception) -> str:
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", type(exc).__name__.removesuffix("Error")).lower()
    return f"{words}: {exc}" if str(exc) else words


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
