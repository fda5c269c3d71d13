"""How numbers read on the page: one place, so every simulation writes them the same way.

Readers see a real minus sign (−, not a hyphen), no trailing zeros, grouped thousands in counts, and
weighted sums written out term by term ("(−1)·0 + 0·1 + 1·3 = 3") so the arithmetic can be checked by eye.
"""

from __future__ import annotations

from functools import lru_cache

MINUS = "\u2212"
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number(value, digits: int = 2) -> str:
    """A value rounded to ``digits`` decimals, without trailing zeros and with a true minus sign.

    >>> number(3.0), number(-1), number(1 / 9), number(-0.001)
    ('3', '−1', '0.11', '0')
    """
    return _number(float(value), digits)


def factor(value, digits: int = 2) -> str:
    """A number as a factor in a product: negative values go in parentheses, ``(−1)``."""
    return _factor(float(value), digits)


@lru_cache(maxsize=4096)
def _number(value: float, digits: int) -> str:
    text = f"{round(value, digits) + 0.0:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", MINUS)


@lru_cache(maxsize=4096)
def _factor(value: float, digits: int) -> str:
    text = _number(value, digits)
    return f"({text})" if text.startswith(MINUS) else text


def weighted_sum(weights, values, total, digits: int = 2, limit: int = 9) -> str:
    """A dot product written out: its terms ``w·x`` joined by ``+``, then ``= total``.

    Terms with a zero weight add nothing and are left out; when every weight is the same it is
    factored out, as a box blur is read. Long sums keep their first and last terms around an ellipsis.

    >>> weighted_sum([-1, 0, 1], [0, 1, 3], 3)
    '(−1)·0 + 1·3 = 3'
    >>> weighted_sum([0.5, 0.5], [2, 4], 3)
    '0.5·(2 + 4) = 3'
    """
    pairs = [(w, x) for w, x in zip(weights, values) if w != 0]
    result = f" = {number(total, digits)}"
    if not pairs:
        return "every weight is 0" + result
    if len(pairs) > 1 and len({w for w, _ in pairs}) == 1:
        inner = _joined([factor(x, digits) for _, x in pairs], limit)
        return f"{factor(pairs[0][0], digits)}·({inner})" + result
    return _joined([f"{factor(w, digits)}·{factor(x, digits)}" for w, x in pairs], limit) + result


def _joined(terms: list, limit: int) -> str:
    if len(terms) > limit:
        terms = terms[:limit - 3] + ["…"] + terms[-2:]
    return " + ".join(terms)


def plural(n: int, word: str) -> str:
    """``n`` and the word, with an s unless there is exactly one: ``1 row``, ``2 rows``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


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
