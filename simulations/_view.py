"""Builders for the view state of docs/simulation-contract.md: display-ready panels and the state itself.

Every builder returns plain lists, dicts, strings and numbers, so a view survives ``json.dumps`` unchanged
and reads the same in CPython and in the browser. Panels are display-ready: a cell carries its text and
its shade, a bar its width and its scale's label, a picture its PNG. The build's template and the page's
script only put them into elements, so a number is written once, here, by ``_format``. The raw
``values`` travel along (rounded to 4 decimals, whole numbers as ints) for tests and curious readers.
"""

from __future__ import annotations

import math

import numpy as np

from . import _format, _png

IMAGE_LIMIT = 128
SHADE_LEVELS = 4


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
         digits: int | None = None, shade: bool = True, values_too: bool = True) -> dict:
    """A table of numbered cells; a 1-D ``values`` becomes one row.

    Each cell gets its ``text`` (rounded to ``digits`` decimals, by default the fewest up to 3 that show
    every value exactly, else 2; written by ``_format.number``, as the narration writes it) and its
    ``look``: a shade by sign and size relative to the largest value, and ``is-pad`` on the ``padding``
    ring of zeros. ``shade=False`` leaves the cells plain and ``values_too=False`` leaves out the raw
    values: a stepper repeats such a panel at every step, and a view stays small.

    >>> cells = grid("k", "Kernel", [[-1, 0, 0.5]])
    >>> cells["text"], cells["look"]
    ([['−1', '0', '0.5']], [['shade-n4', '', 'shade-p2']])
    """
    number = _format.number
    if digits is not None and not (shade or padding or values_too):
        lists = values if isinstance(values[0], list) else [values]
        return {"kind": "grid", "id": panel_id, "label": label, "tone": tone,
                "text": [[number(value, digits) for value in row] for row in lists]}
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    rounded = np.round(rows, 4) + 0.0
    shown = _format.decimals(rounded) if digits is None else int(digits)
    panel = {"kind": "grid", "id": panel_id, "label": label, "tone": tone,
             "text": [[number(value, shown) for value in row] for row in rounded.tolist()]}
    if shade or padding:
        panel["look"] = _looks(rounded, int(padding), shade)
    if values_too:
        panel["values"] = plain(rows)
    return panel


def products(label: str, values, total: str | None, digits: int) -> dict:
    """A stepper's ``products`` panel: every term of one step (zeros included), the sum in its label.

    Before the first step (``total`` None) the label has no sum; the state hides the cells.
    """
    caption = label if total is None else f"{label}: sum = {total}"
    return grid("products", caption, values, digits=digits, shade=False, values_too=False)


def image(panel_id: str, label: str, values, frame: int = 0) -> dict:
    """A grayscale picture as a PNG data URL; ``values`` lie in [0, 1] (beyond is clipped). Values of
    shape (3, height, width), channels first as the simulations hold them, are a colour picture.

    ``frame`` adds that many transparent pixels on every side, so a feature map that lost its border to
    the kernel is drawn at the same scale as, and aligned with, the picture it came from.
    """
    pixels = np.asarray(values, dtype=float)
    colour = pixels.ndim == 3 and pixels.shape[0] == 3 and not frame
    if colour:
        pixels = np.moveaxis(pixels, 0, -1)  # rows of (red, green, blue), as a PNG holds them
    if pixels.ndim != (3 if colour else 2) or max(pixels.shape[:2]) + 2 * frame > IMAGE_LIMIT:
        raise ValueError(f"An image panel takes a 2-D array (or 3 channels of one, without a frame) of at "
                         f"most {IMAGE_LIMIT}×{IMAGE_LIMIT}.")
    alpha = None
    if frame:
        alpha = np.pad(np.ones(pixels.shape), frame)
        pixels = np.pad(pixels, frame)
    height, width = pixels.shape[:2]
    return {"kind": "image", "id": panel_id, "label": label, "src": _png.png_data_uri(pixels, alpha),
            "width": width, "height": height}


def bar(label: str, value, text: str) -> dict:
    """One bar of a ``bars`` panel; the value keeps 6 significant digits, however small it is."""
    rounded = float(f"{float(value):.6g}")
    return {"label": label, "value": int(rounded) if rounded.is_integer() else rounded, "text": text}


def bars(panel_id: str, label: str, items: list, scale: str = "linear") -> dict:
    """Horizontal bars, each with its ``width`` (percent of the track, to 0.1) and its own ``text``.

    ``linear``: lengths in proportion to the values. ``log``: the track runs from 1 to the power of ten
    above the largest value, with a tick at every power of ten; the panel's ``scale_label`` says so,
    since 27,000 then reaches half-way to 196,608,000.

    >>> [item["width"] for item in bars("b", "B", [bar("a", 1000, "a"), bar("b", 10, "b")], "log")["items"]]
    ['100.0', '33.3']
    """
    if scale not in ("linear", "log"):
        raise ValueError(f"A bars panel's scale is 'linear' or 'log'; got {scale!r}.")
    sizes = [abs(float(item["value"])) for item in items]
    top = max(sizes, default=0.0)
    panel = {"kind": "bars", "id": panel_id, "label": label, "scale": scale}
    if scale == "log":
        decades = max(1, math.ceil(math.log10(top))) if top > 1 else 1
        fractions = [math.log10(size) / decades if size > 1 else 0.0 for size in sizes]
        panel["scale_label"] = (f"Log scale: each tick is 10× the one before, from 1 to "
                                f"{_format.count(10 ** decades)}.")
        panel["ticks"] = [_percent(d / decades) for d in range(1, decades)]
    else:
        fractions = [size / top if top else 0.0 for size in sizes]
        panel["scale_label"] = ""
        panel["ticks"] = []
    panel["items"] = [{**item, "width": _percent(fraction)} for item, fraction in zip(items, fractions)]
    return panel


def table(panel_id: str, label: str, columns: list, rows: list, highlight: int | None = None) -> dict:
    """An HTML table; numbers become text here (whole numbers bare, others with two decimals)."""
    panel = {"kind": "table", "id": panel_id, "label": label, "columns": list(columns),
             "rows": [[_cell_text(value) for value in row] for row in rows]}
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


def state(readout: str, panels: list, steps: list | None = None, notes: list | None = None,
          reveal: dict | None = None, narration: str = "") -> dict:
    """The view state: readout and panels, plus steps for a stepper and notes when there are any.

    A stepper's state is what the page shows before the first step: ``reveal`` says how many cells of
    which panels are shown then (``{"output": 0}``: none yet), ``narration`` what to do. A step's
    ``panels`` (id → panel) keep only the fields that differ from the state's panel of that id, so a
    products grid repeated at every step costs its label and cells, no more.
    """
    view = {"readout": readout, "panels": panels}
    if steps is not None:
        by_id = {panel["id"]: panel for panel in panels}
        for step in steps:
            if "panels" in step:
                step["panels"] = {key: {field: value for field, value in panel.items()
                                        if by_id[key].get(field) != value}
                                  for key, panel in step["panels"].items()}
        view["steps"] = steps
    if notes:
        view["notes"] = list(notes)
    if reveal:
        view["reveal"] = {key: int(value) for key, value in reveal.items()}
    if narration:
        view["narration"] = narration
    return view


def _looks(rounded: np.ndarray, padding: int, shade: bool) -> list:
    """Each cell's look words: ``shade-p1``…``shade-p4`` (positive) or ``shade-n1``…, and ``is-pad``."""
    top = float(np.max(np.abs(rounded))) if shade and rounded.size else 0.0
    levels = np.floor(np.abs(rounded) / top * SHADE_LEVELS + 0.5).astype(int) if top else \
        np.zeros(rounded.shape, dtype=int)
    words = np.where(levels > 0, np.where(rounded > 0, "shade-p", "shade-n"), "")
    words = np.char.add(words, np.where(levels > 0, levels.astype(str), ""))
    if padding:
        height, width = rounded.shape
        r, c = np.ogrid[:height, :width]
        ring = np.minimum(c, width - 1 - c) < padding
        if height > 1:  # a 1-D signal (one row) is padded at its ends only
            ring = ring | (np.minimum(r, height - 1 - r) < padding)
        words = np.char.strip(np.char.add(words, np.where(ring, " is-pad", "")))
    return words.tolist()


def _percent(fraction: float) -> str:
    return f"{math.floor(fraction * 1000 + 0.5) / 10:.1f}"


def _cell_text(value) -> str:
    if isinstance(value, str):
        return value
    return _format.fixed(value, 0 if float(value).is_integer() else 2)
