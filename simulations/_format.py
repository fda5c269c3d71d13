"""How numbers read on the page: the one formatter, so a value reads the same in a cell, a bar and a sentence.

Readers see a real minus sign (−, not a hyphen), grouped thousands in counts, and weighted sums written
out term by term ("(−1)·0 + 0·1 + 1·3 = 3") so the arithmetic can be checked by eye. Rounding is half
away from zero on the shortest decimal that reads back as the value (0.125 → 0.13, 2.675 → 2.68), as a
reader rounds by hand; Python's ``round`` works on the binary value and would print 0.12 and 2.67.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import numpy as np

MINUS = "\u2212"
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number(value, digits: int = 2) -> str:
    """A value rounded to ``digits`` decimals, without trailing zeros and with a true minus sign.

    >>> number(3.0), number(-1), number(1 / 9), number(-0.001), number(0.125), number(-0.125)
    ('3', '−1', '0.11', '0', '0.13', '−0.13')
    """
    return _number(float(value), digits)


def fixed(value, digits: int) -> str:
    """A value with exactly ``digits`` decimals, so a column of cells lines up: ``fixed(0.5, 2)`` is 0.50.

    >>> fixed(0.125, 2), fixed(-0.004, 1), fixed(7, 0)
    ('0.13', '0.0', '7')
    """
    return _fixed(float(value), digits)


def decimals(values, most: int = 3, otherwise: int = 2) -> int:
    """The fewest decimals (at most ``most``) that show every value exactly, else ``otherwise``.

    A typed kernel ``0.125 0 1`` reads 0.125, not 0.13; a blur's 1/9 is 0.11.

    >>> decimals([1, -2]), decimals([0.5, 1]), decimals([0.125, 0, 1]), decimals([1 / 9])
    (0, 1, 3, 2)
    """
    flat = [float(value) for value in np.ravel(values)]
    for digits in range(most + 1):
        if all(float(_fixed(value, digits).replace(MINUS, "-")) == value for value in flat):
            return digits
    return otherwise


def factor(value, digits: int = 2) -> str:
    """A number as a factor in a product: negative values go in parentheses, ``(−1)``."""
    return _factor(float(value), digits)


@lru_cache(maxsize=4096)
def _number(value: float, digits: int) -> str:
    text = _fixed(value, digits)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@lru_cache(maxsize=8192)
def _fixed(value: float, digits: int) -> str:
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if rounded == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


@lru_cache(maxsize=4096)
def _factor(value: float, digits: int) -> str:
    text = _number(value, digits)
    return f"({text})" if text.startswith(MINUS) else text


def weighted_sum(weights, values, total, digits: int = 2, total_digits: int | None = None) -> str:
    """A dot product written out, every term ``w·x`` joined by ``+`` (zero weights too), then ``= total``.

    When every weight is the same it is factored out, as a box blur is read; each value is still listed.
    ``digits`` shows the weights and values, ``total_digits`` (default ``digits``) the total, so the
    sentence reads exactly as the grids beside it.

    >>> weighted_sum([-1, 0, 1], [0, 1, 3], 3)
    '(−1)·0 + 0·1 + 1·3 = 3'
    >>> weighted_sum([0.5, 0.5], [2, 4], 3)
    '0.5·(2 + 4) = 3'
    """
    pairs = list(zip(weights, values))
    result = f" = {number(total, digits if total_digits is None else total_digits)}"
    if len(pairs) > 1 and len({w for w, _ in pairs}) == 1 and pairs[0][0] != 0:
        inner = " + ".join(factor(x, digits) for _, x in pairs)
        return f"{factor(pairs[0][0], digits)}·({inner})" + result
    return " + ".join(f"{factor(w, digits)}·{factor(x, digits)}" for w, x in pairs) + result


def plural(n: int, word: str) -> str:
    """``n`` (thousands grouped) and the word, with an s unless there is exactly one.

    >>> plural(1, "neuron"), plural(1000, "filter")
    ('1 neuron', '1,000 filters')
    """
    return f"{count(n)} {word}" if n == 1 else f"{count(n)} {word}s"


def count(value: int) -> str:
    """A whole-number count with grouped thousands: ``73,856``."""
    return f"{int(value):,}"


def percent(fraction: float, digits: int = 1) -> str:
    """A fraction as a percentage: ``percent(0.9472)`` is ``'94.7%'``, ``percent(1)`` is ``'100%'``.

    >>> percent(0.9472), percent(1), percent(0.05)
    ('94.7%', '100%', '5%')
    """
    return number(100.0 * float(fraction), digits) + "%"


def shape(*sizes) -> str:
    """Sizes joined the way the course writes them: ``6×6``, ``32×32×3``."""
    return "×".join(str(int(size)) for size in sizes)


def magnitude(value: float) -> str:
    """A positive quantity that may span many orders of magnitude, e.g. a gradient norm.

    >>> magnitude(0.5), magnitude(123.456), magnitude(3.2e-12), magnitude(0)
    ('0.5', '123', '3.2 × 10⁻¹²', '0')
    """
    value = float(value)
    if value == 0:
        return "0"
    if 0.01 <= abs(value) < 10_000:
        return number(float(f"{value:.3g}"), 2)
    mantissa, exponent = f"{value:.1e}".split("e")
    mantissa = mantissa.removesuffix(".0").replace("-", MINUS)
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPTS)}"
