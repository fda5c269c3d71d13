"""Chapter 3: where a kernel lands for a given stride and padding, and how big the output is.

The input is a square of real pixels (each 1) inside a border of padding zeros, and the kernel is all
ones, so each output cell counts the real pixels under the kernel at that position: the corners of a
padded input show how much of the kernel hangs over zeros. A second map counts how often each input
pixel is used: padding lets border pixels take part as often as central ones, and a stride larger than
the kernel skips pixels entirely.
"""

from __future__ import annotations

import numpy as np

from . import _format, _view
from ._params import Int, Preset, resolve
from .conv2d import conv2d, steps
from .output_size import padded_by

TITLE = "Stride and padding"
SUMMARY = ("Change the stride and the padding and watch where the kernel lands, how large the output "
           "is, and how often each pixel is used.")
PARAMS = (
    Int("size", "Input size", 5, 3, 9, help="Width and height of the square input."),
    Int("kernel", "Kernel size", 3, 1, 5, help="Width and height of the square kernel."),
    Int("stride", "Stride", 1, 1, 3, help="How far the kernel jumps between positions."),
    Int("padding", "Padding", 0, 0, 2, help="Rings of zeros added around the input."),
)
# The chapter's worked examples, in its order: a 3×3 kernel on 9×9 at stride 1 and 2 (7×7, then 4×4),
# and on 5×5 without and with one ring of zeros (3×3, then 5×5).
PRESETS = (
    Preset("stride-1", "9×9 input, 3×3 kernel, stride 1", {"size": 9, "kernel": 3, "stride": 1, "padding": 0}),
    Preset("stride-2", "the same at stride 2", {"size": 9, "kernel": 3, "stride": 2, "padding": 0}),
    Preset("no-padding", "5×5 input, 3×3 kernel, no padding", {"size": 5, "kernel": 3, "stride": 1, "padding": 0}),
    Preset("padding-1", "the same with one ring of zeros", {"size": 5, "kernel": 3, "stride": 1, "padding": 1}),
)


def coverage(size: int, kernel: int, stride: int = 1, padding: int = 0) -> np.ndarray:
    """How many kernel positions cover each pixel of a ``size``×``size`` input.

    >>> coverage(4, 2, stride=2).astype(int).tolist()
    [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]
    >>> coverage(3, 3, padding=1)[1].astype(int).tolist()
    [6, 9, 6]
    """
    out = conv2d(np.ones((size, size)), np.ones((kernel, kernel)), stride, padding).shape[0]
    counts = np.zeros((size + 2 * padding,) * 2)
    reach = stride * (out - 1) + 1
    for row in range(kernel):
        for col in range(kernel):
            counts[row:row + reach:stride, col:col + reach:stride] += 1
    return counts[padding:padding + size, padding:padding + size]


def times_used(size: int, kernel: int, row: int, col: int, stride: int = 1, padding: int = 0) -> int:
    """How many outputs the input pixel at (``row``, ``col``) takes part in: the chapter's border counts.

    >>> times_used(5, 3, 0, 0), times_used(5, 3, 0, 2), times_used(5, 3, 2, 2)
    (1, 3, 9)
    >>> times_used(5, 3, 0, 0, padding=1), times_used(5, 3, 0, 2, padding=1)
    (4, 6)
    """
    settings = resolve(PARAMS, {"size": size, "kernel": kernel, "stride": stride, "padding": padding})
    for name, value in (("row", row), ("col", col)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
            raise ValueError(f"The {name} must be a whole number from 0 to {size - 1}; got {value!r}.")
    return int(coverage(**settings)[row, col])


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    size, k, stride, padding = (settings[name] for name in ("size", "kernel", "stride", "padding"))
    pixels, ones = np.ones((size, size)), np.ones((k, k))
    result = conv2d(pixels, ones, stride, padding)
    shape = _format.shape(*result.shape)

    def readout(row: int | None = None, col: int | None = None) -> str:
        where = "" if row is None else f" · Position: ({row},{col})"
        return f"Output: {shape} · Stride: {stride} · Padding: {padding}{where}"

    used = coverage(size, k, stride, padding)
    raw = steps(pixels, ones, stride, padding)
    panels = [
        _view.grid("input", f"Input {_format.shape(size, size)}, {padded_by(padding)}",
                   np.pad(pixels, padding), tone="input", padding=padding),
        _products(raw[0], before=True),
        _view.grid("output", f"Output {shape}: real pixels under the kernel", result, tone="output"),
        _view.grid("coverage", "Times each input pixel is used", used, tone="neutral"),
        _view.text("formula", "Output size",
                   [f"O = ⌊({size} − {k} + 2·{padding}) / {stride}⌋ + 1 = {result.shape[0]}"]),
    ]
    stepped = [_step(index, step, k, readout) for index, step in enumerate(raw)]
    return _view.state(readout(), panels, stepped, notes=_notes(size, k, padding, result.shape[0], used, stride),
                       reveal={"products": 0, "output": 0},
                       narration="Press Step to lay the kernel on its first window.")


def _products(step: dict, before: bool = False) -> dict:
    total = None if before else _format.number(step["sum"])
    return _view.products("Kernel of ones × window", step["products"], total, 0)


def _step(index: int, step: dict, k: int, readout) -> dict:
    row, col = step["out"]
    r0, c0, r1, c1 = step["window"]
    real = int(round(step["sum"]))
    zeros = k * k - real
    terms = " + ".join(_format.number(value) for line in step["patch"] for value in line)
    return {
        "out": [row, col],
        "marks": {"input": [[r0, c0, r1, c1]], "output": [_view.cell(row, col)]},
        "reveal": {"output": index + 1},
        "panels": {"products": _products(step)},
        "sum": real,
        "readout": readout(row, col),
        "narration": (f"row {row}, col {col}: padded {_span('row', r0, r1)}, {_span('col', c0, c1)}: "
                      f"{terms} = {real}: {_format.plural(real, 'real pixel')}, "
                      f"{_format.plural(zeros, 'padding zero')}."),
    }


def _span(word: str, first: int, last: int) -> str:
    return f"{word} {first}" if first == last else f"{word}s {first}–{last}"


def _notes(size: int, k: int, padding: int, out: int, used: np.ndarray, stride: int) -> list:
    notes = []
    skipped = int(np.count_nonzero(used == 0))
    if skipped:
        notes.append(f"With stride {stride} the kernel never lands on {skipped} of the {size * size} "
                     "input pixels: their values cannot reach the output.")
    if out == size and padding == 0:
        notes.append(f"A {k}×{k} kernel with stride 1 fits at every pixel, so the output is as large as "
                     "the input with no padding at all.")
    elif out == size:
        notes.append("'Same' size: the padding keeps the output as large as the input.")
    elif out < size:
        notes.append(f"The output is {_format.plural(size - out, 'pixel')} narrower than the input: "
                     "stack such layers and the feature maps keep shrinking.")
    return notes


# What a chapter's checked facts may call (convlab/site/registry.py discovers this table).
FACTS = {
    "times_used": (times_used, "times_used(size, kernel, row, col, stride=1, padding=0)"),
}
