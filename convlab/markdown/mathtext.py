"""A formula as plain, readable text, for the search index: ``K_edge = [−1 0 1; −1 0 1; −1 0 1]``.

Search shows a snippet of what it matched, and a reader types what they read, so the index holds the
formula as the page shows it (symbols, not TeX commands) in one line: fractions as ``a/b``, rows of a
matrix separated by ``;``, sub- and superscripts with ``_`` and ``^`` as in plain-text mathematics.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from convlab.markdown.mathml import NS

_SPACED = set("=+−-×·→⟶<>≤≥≈≠∈") | {"⋅"}
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SPACE = re.compile(r"\s+")


def math_text(mathml: str) -> str:
    """The plain text of one ``<math>`` element's source."""
    return _SPACE.sub(" ", _text(ET.fromstring(mathml))).strip()


def _text(element) -> str:
    name = element.tag.removeprefix(f"{{{NS}}}")
    children = list(element)
    if name in ("mi", "mn", "mtext"):
        return element.text or ""
    if name == "mo":
        return _operator(element)
    if name == "mspace":
        return " "
    if name == "mfrac":
        return f"{_grouped(children[0])}/{_grouped(children[1])}"
    if name == "msqrt":  # its children are the radicand (an inferred mrow)
        return f"√{_parenthesised(''.join(_text(child) for child in children))}"
    if name in ("msub", "munder"):
        after = " " if children[0].tag == f"{{{NS}}}mo" else ""  # ∑_c, then a space before what it sums
        return f"{_text(children[0])}_{_grouped(children[1])}{after}"
    if name in ("msup", "mover"):
        return _text(children[0]) + _superscript(children[1])
    if name in ("msubsup", "munderover"):
        return f"{_text(children[0])}_{_grouped(children[1])}{_superscript(children[2])} "
    if name == "mtable":
        return "; ".join(" ".join(_text(cell).strip() for cell in row) for row in children)
    text = "".join(_text(child) for child in children)
    return f" {text} " if any(child.tag == f"{{{NS}}}mtable" for child in children) else text


def _operator(element) -> str:
    text = element.text or ""
    if text == ",":
        return ", "
    if text in _SPACED and element.get("form") != "prefix":
        return f" {text} "
    return text


def _grouped(element) -> str:
    """A script or fraction part, in parentheses when it is more than one symbol: ``(W − K + 2P)/S``."""
    return _parenthesised(_text(element))


def _parenthesised(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= 1 or text.isalnum() else f"({text})"


def _superscript(element) -> str:
    text = _grouped(element)
    return text.translate(_SUPERSCRIPT) if text.isdigit() else f"^{text}"
