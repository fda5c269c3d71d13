"""Presentation rules for the first paint of a simulation's panels: number text, cell shades, bar widths.

``templates/simulation.html`` draws panels with these helpers (registered as Jinja globals), and
``templates/assets/js/panels.js`` applies the same rules in the browser after every recomputation. The
browser tests check that both produce identical markup for every simulation; the unit tests in
``tests/test_simulation_template.py`` pin the rules on tiny inputs.
"""

from __future__ import annotations

import math

MINUS = "\u2212"
SHADE_LEVELS = 4


def format_number(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals, rounded half away from zero, with a true minus sign."""
    scaled = math.floor(abs(value) * 10 ** digits + 0.5)
    sign = MINUS if value < 0 and scaled > 0 else ""
    return f"{sign}{scaled / 10 ** digits:.{digits}f}"


def plain_number(value: float) -> str:
    """Whole numbers without decimals, others with two."""
    return format_number(value, 0 if float(value).is_integer() else 2)


def grid_cells(panel: dict) -> list[list[tuple[str, str]]]:
    """(class, text) for every cell of a grid panel: shade by sign and size, the padding ring marked."""
    values = panel["values"]
    flat = [value for row in values for value in row]
    top = max((abs(value) for value in flat), default=0)
    digits = panel.get("digits", 0 if all(float(value).is_integer() for value in flat) else 2)
    pad, height = panel.get("padding", 0), len(values)
    return [[(_cell_class(value, top, r < pad or r >= height - pad or c < pad or c >= len(row) - pad),
              format_number(value, digits)) for c, value in enumerate(row)] for r, row in enumerate(values)]


def bar_widths(panel: dict) -> list[str]:
    """Each bar's length in percent of its track, to 0.1%: linear, or ``log1p`` for a log scale."""
    sizes = [abs(item["value"]) for item in panel["items"]]
    top = max(sizes, default=0)
    log = panel.get("scale") == "log"

    def fraction(size: float) -> float:
        if not top:
            return 0.0
        return math.log1p(size) / math.log1p(top) if log else size / top

    return [f"{math.floor(fraction(size) * 1000 + 0.5) / 10:.1f}" for size in sizes]


def unsupported(what: str, kind: str, expected: str) -> str:
    """Stop the build on a panel or control kind the template cannot draw: a simulation's bug."""
    raise ValueError(f"a simulation's view has a {what} of kind '{kind}', which the page cannot draw "
                     f"(expected: {expected})")


def _cell_class(value: float, top: float, padded: bool) -> str:
    level = math.floor(abs(value) / top * SHADE_LEVELS + 0.5) if top else 0
    shade = f" shade-p{level}" if level and value > 0 else f" shade-n{level}" if level and value < 0 else ""
    return f"sim-cell{shade}{' is-pad' if padded else ''}"
