"""LaTeX to MathML at build time, so formulas render with no script and no network.

latex2mathml's output is then corrected where browsers would typeset it wrongly: a leading minus is
marked as a prefix operator (else ``(-1`` is spaced like a subtraction), a matrix and its brackets get
their own row (else the brackets stretch to the tallest thing in the formula), and ``196{,}608`` is one
number (else the comma is spaced as punctuation). The site's math font (site.css) does the rest.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache


class MathError(ValueError):
    """A formula latex2mathml cannot read; the message says what it choked on."""


@lru_cache(maxsize=1024)
def latex_to_mathml(tex: str, display: bool) -> str:
    """MathML for ``tex``; display formulas are centred blocks, inline ones sit in the line.

    The LaTeX source travels along as the ``alttext`` annotation, for screen readers and copy-paste.
    """
    source = tex.strip()
    _check_braces(source)
    # Imported on first use: latex2mathml brings in importlib.metadata, email and urllib (a tenth of a
    # fresh build), and a build whose chapters all come from the render cache converts no formula.
    from latex2mathml.converter import convert

    try:
        mathml = convert(source, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises a class per problem, with no common base
        raise MathError(_reason(exc)) from None
    unknown = _UNKNOWN_COMMAND.search(mathml)
    if unknown:
        raise MathError(f"unknown command {unknown.group(1)}")
    root = typeset(mathml, _grouped_numbers(source))
    pieces = [root] if display else line_pieces(root)
    parts = [ET.tostring(piece, encoding="unicode") for piece in pieces]
    parts[0] = parts[0].replace("<math ", f'<math alttext="{_attr(source)}" ', 1)
    return parts[0] if len(parts) == 1 else f'<span class="math-inline">{"<wbr>".join(parts)}</span>'


NS = "http://www.w3.org/1998/Math/MathML"
ET.register_namespace("", NS)
_OPENING = set("([{|‖⌊⌈⟨")
_CLOSING = set(")]}|‖⌋⌉⟩")
_SIGNS = {"−", "+", "-"}
_ROWS = {"math", "mrow", "mtd", "mstyle", "msqrt", "mpadded", "mphantom"}
_BREAK_AFTER = set("=<>≤≥≈≠→+−×·")
PIECE_MIN = 6
# 196,608 or 196{,}608 written with no space: a number with thousands separators, not a list.
_GROUPED = re.compile(r"(?<![\d.,}])\d{1,3}(?:(?:\{,\}|,)\d{3})+(?!\d|,\d|\{,\})")


def _grouped_numbers(source: str) -> set[str]:
    return {match.replace("{,}", ",") for match in _GROUPED.findall(source)}


def typeset(mathml: str, grouped: set[str] = frozenset()):
    """``mathml``'s tree with prefix signs, matrices in their own rows and ``grouped`` numbers kept whole."""
    root = ET.fromstring(mathml)
    for element in root.iter():
        if element.tag.removeprefix(f"{{{NS}}}") in _ROWS:
            _join_numbers(element, grouped)
            _group_matrices(element)
            _mark_prefix_signs(element)
    return root


def line_pieces(root) -> list:
    """A long inline formula cut, as TeX cuts it, after a relation or operator outside brackets.

    Browsers never break a line inside a ``<math>``, so on a phone a long one would overflow the
    paragraph. Cut into several, with a break opportunity between, it wraps like words do. Each cut
    keeps at least ``PIECE_MIN`` symbols on a line; a formula of ``PIECE_MIN * 2`` or fewer stays whole.
    """
    row = root[0] if len(root) == 1 and _name(root[0]) == "mrow" else root
    children = list(row)
    if len(children) <= 2 * PIECE_MIN:
        return [root]
    pieces, current, depth = [], [], 0
    for index, child in enumerate(children):
        current.append(child)
        depth += _is_mo(child, _OPENING - {"|", "‖"}) - _is_mo(child, _CLOSING - {"|", "‖"})
        breakable = not depth and _is_mo(child, _BREAK_AFTER) and child.get("form") != "prefix"
        if breakable and len(current) >= PIECE_MIN and len(children) - index - 1 >= PIECE_MIN // 2:
            child.set("form", "infix")  # a last child would otherwise be spaced as a postfix operator
            pieces.append(current)
            current = []
    pieces.append(current)
    return [_math_of(root, piece) for piece in pieces]


def _math_of(root, children):
    math = ET.Element(root.tag, root.attrib)
    row = ET.SubElement(math, f"{{{NS}}}mrow")
    row.extend(children)
    return math


def _name(element) -> str:
    return element.tag.removeprefix(f"{{{NS}}}")


def _is_mo(element, chars) -> bool:
    return _name(element) == "mo" and (element.text or "") in chars


def _mark_prefix_signs(row) -> None:
    """A sign that starts a row or follows an operator or opening bracket is a prefix: no space after."""
    previous = None
    for child in row:
        if _name(child) == "mspace":
            continue
        if _is_mo(child, _SIGNS) and (previous is None or (_name(previous) == "mo" and
                                                           (previous.text or "") not in _CLOSING)):
            child.set("form", "prefix")
        previous = child


def _group_matrices(row) -> None:
    """``[ mtable ]`` as one mrow, so each bracket stretches to its own matrix only."""
    children = list(row)
    for index in range(len(children) - 2, 0, -1):
        before, table, after = children[index - 1:index + 2]
        if _name(table) == "mtable" and _is_mo(before, _OPENING) and _is_mo(after, _CLOSING) and len(row) > 3:
            group = ET.Element(f"{{{NS}}}mrow")
            position = list(row).index(before)
            for element in (before, table, after):
                row.remove(element)
                group.append(element)
            row.insert(position, group)


def _join_numbers(row, grouped: set[str]) -> None:
    """``<mn>196</mn><mo>,</mo><mn>608</mn>`` as ``<mn>196,608</mn>`` where the TeX wrote it as one number."""
    index = 0
    while index < len(row):
        parts = _number_run(list(row)[index:])
        while len(parts) > 1 and ",".join(part.text for part in parts[::2]) not in grouped:
            parts = parts[:-2]
        if len(parts) > 1:
            parts[0].text = ",".join(part.text for part in parts[::2])
            for element in parts[1:]:
                row.remove(element)
        index += 1


def _number_run(children) -> list:
    """The longest run mn, comma, mn, comma, ... at the start of ``children``."""
    run = []
    for child in children:
        expect_number = len(run) % 2 == 0
        if expect_number and _name(child) == "mn" and (child.text or "").isdigit():
            run.append(child)
        elif not expect_number and _is_comma(child):
            run.append(child)
        else:
            break
    return run if len(run) % 2 else run[:-1]


def _is_comma(element) -> bool:
    if _name(element) == "mrow" and len(element) == 1:
        element = element[0]
    return _is_mo(element, {","})


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
