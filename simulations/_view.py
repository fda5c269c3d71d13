"""Builders for the view state of docs/simulation-contract.md: panels, the state itself, plain values.

Every builder returns plain lists, dicts, strings and numbers, so a view survives ``json.dumps`` unchanged
and reads the same in CPython and in the browser. Values are rounded once here: a number on the page is
the computed value to the shown precision, and whole numbers travel as ints (``3``, not ``3.0``).
"""

from __future__ import annotations

import numpy as np

from . import _format

IMAGE_LIMIT = 128


def plain(array, digits: int = 4) -> list:
    """``array`` as nested lists, rounded to ``digits`` decimals; ints when every value is whole."""
    values = np.round(np.asarray(array, dtype=float), digits) + 0.0
    if np.all(values == np.round(values)):
        return values.astype(np.int64).tolist()
    return values.tolist()


def scalar(value, digits: int = 4):
    """One number as ``plain`` would write it."""
    rounded = round(float(value), digits) + 0.0
    return int(rounded) if rounded.is_integer() else rounded


def grid(panel_id: str, label: str, values, tone: str = "neutral", padding: int = 0,
         digits: int | None = None) -> dict:
    """A table of numbered cells; a 1-D ``values`` becomes one row."""
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    panel = {"kind": "grid", "id": panel_id, "label": label, "values": plain(rows), "tone": tone}
    if padding:
        panel["padding"] = int(padding)
    if digits is not None:
        panel["digits"] = int(digits)
    return panel


def image(panel_id: str, label: str, values) -> dict:
    """A grayscale picture; ``values`` must already lie in [0, 1]."""
    pixels = np.asarray(values, dtype=float)
    if pixels.ndim != 2 or max(pixels.shape) > IMAGE_LIMIT:
        raise ValueError(f"An image panel takes a 2-D array of at most {IMAGE_LIMIT}×{IMAGE_LIMIT}.")
    return {"kind": "image", "id": panel_id, "label": label,
            "values": plain(np.clip(pixels, 0.0, 1.0), digits=2)}


def bar(label: str, value, text: str) -> dict:
    """One bar of a ``bars`` panel; the value keeps 6 significant digits, however small it is."""
    rounded = float(f"{float(value):.6g}")
    return {"label": label, "value": int(rounded) if rounded.is_integer() else rounded, "text": text}


def bars(panel_id: str, label: str, items: list, scale: str = "linear") -> dict:
    return {"kind": "bars", "id": panel_id, "label": label, "items": items, "scale": scale}


def table(panel_id: str, label: str, columns: list, rows: list, highlight: int | None = None) -> dict:
    panel = {"kind": "table", "id": panel_id, "label": label, "columns": list(columns),
             "rows": [list(row) for row in rows]}
    if highlight is not None:
        panel["highlight"] = int(highlight)
    return panel


def text(panel_id: str, label: str, lines: list) -> dict:
    return {"kind": "text", "id": panel_id, "label": label, "lines": list(lines)}


CURVE_POINTS = 200
CURVE_WIDTH, CURVE_HEIGHT = 100, 40


def curve(panel_id: str, label: str, values, x_label: str, y_label: str, total: int | None = None) -> dict:
    """A line through ``values`` (one y per x = 1, 2, …), as display-ready points in a 100×40 box.

    The x axis spans ``total`` values (at least ``len(values)``), so a curve can grow into its box; y runs
    from 0 at the bottom to the largest value at the top. More than ``CURVE_POINTS`` values are averaged
    in equal runs, which keeps the panel small however long the curve. ``ticks`` are the axes' end texts.
    """
    ys = np.asarray(values, dtype=float)
    span = max(int(total or 0), len(ys), 1)
    if len(ys) > CURVE_POINTS:
        edges = np.linspace(0, len(ys), CURVE_POINTS + 1).astype(int)
        xs = (edges[:-1] + edges[1:]) / 2.0
        ys = np.array([ys[a:b].mean() for a, b in zip(edges[:-1], edges[1:])])
    else:
        xs = np.arange(1, len(ys) + 1, dtype=float)
    top = float(ys.max()) if len(ys) and ys.max() > 0 else 1.0
    points = [[scalar(CURVE_WIDTH * x / span, 2), scalar(CURVE_HEIGHT * (1 - y / top), 2)]
              for x, y in zip(xs, ys)]
    return {"kind": "curve", "id": panel_id, "label": label, "points": points,
            "width": CURVE_WIDTH, "height": CURVE_HEIGHT,
            "ticks": {"x": [f"0 {x_label}", f"{_format.count(span)} {x_label}"],
                      "y": [f"{y_label} 0", f"{y_label} {_format.number(top, 2)}"]}}


def cell(row: int, col: int) -> list:
    """A one-cell rectangle ``[r0, c0, r1, c1]`` for a step's marks."""
    return [int(row), int(col), int(row), int(col)]


def box(row: int, col: int, height: int, width: int) -> list:
    """The rectangle of ``height``×``width`` cells whose top-left cell is (``row``, ``col``)."""
    return [int(row), int(col), int(row + height - 1), int(col + width - 1)]


def state(readout: str, panels: list, steps: list | None = None, notes: list | None = None) -> dict:
    """The view state: readout and panels, plus steps for a stepper and notes when there are any."""
    view = {"readout": readout, "panels": panels}
    if steps is not None:
        view["steps"] = steps
    if notes:
        view["notes"] = list(notes)
    return view
