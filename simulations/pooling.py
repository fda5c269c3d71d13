"""Chapter 4: max and average pooling, which input wins each window, and global average pooling.

A pooling window summarises each patch by one number: its largest value (max pooling asks "is the
feature anywhere here?") or its mean (average pooling asks "how strong is it on average?"). With no
weights to learn, pooling only shrinks the map: a 2×2 window with stride 2 keeps one value in four.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import _format, _sliding, _view
from ._params import Choice, Int, Preset, resolve
from .output_size import output_size

TITLE = "Max and average pooling"
SUMMARY = "Slide a pooling window over a grid and see which value wins each window, or what they average to."
MODES = {"max": "Max", "avg": "Average"}
PARAMS = (
    Choice("mode", "Pooling", "max", MODES, help="Keep each window's largest value, or its mean."),
    Int("grid", "Grid size", 4, 4, 8, help="Width and height of the input grid."),
    Int("window", "Window", 2, 2, 3, help="Width and height of the pooling window."),
    Int("stride", "Stride", 2, 1, 3, help="How far the window jumps between positions."),
)

# Feature-map values to pool; the view takes the top-left grid×grid corner, whose 4×4 is the chapter's
# worked example (max pooling gives 6 5; 3 8, average pooling 3.5 2; 1.5 3.75).
VALUES = np.array([
    [1, 3, 2, 1, 0, 6, 1, 2],
    [4, 6, 5, 0, 3, 1, 7, 0],
    [3, 1, 1, 2, 2, 4, 1, 5],
    [0, 2, 8, 4, 8, 0, 3, 2],
    [0, 2, 6, 1, 5, 9, 2, 4],
    [4, 1, 3, 7, 2, 1, 6, 3],
    [2, 5, 0, 1, 4, 3, 8, 1],
    [6, 3, 4, 2, 1, 7, 0, 5],
])
VALUES.flags.writeable = False
PRESETS = (
    Preset("max", "the chapter's 4×4 map, max pooled", {"mode": "max", "grid": 4, "window": 2, "stride": 2}),
    Preset("average", "the same map, average pooled", {"mode": "avg", "grid": 4, "window": 2, "stride": 2}),
)


def pool2d(x, size=2, stride=None, mode: str = "max") -> np.ndarray:
    """Max or average pooling of an (H, W) or (C, H, W) array, each channel on its own.

    ``size`` and ``stride`` are an int or a (rows, cols) pair; ``stride`` defaults to ``size``.
    Windows never hang off the edge: like PyTorch's default, leftover rows and columns are dropped.
    Like ``conv2d``, the work is vectorized over the output and loops only over the window's offsets
    (4 for a 2×2 window), combining one strided view of the input at a time.

    >>> pool2d([[1, 3, 2, 4], [5, 6, 1, 2], [7, 2, 9, 0], [1, 8, 3, 4]])
    array([[6, 4],
           [8, 9]])
    >>> pool2d([[1, 3, 2, 4], [5, 6, 1, 2], [7, 2, 9, 0], [1, 8, 3, 4]], mode="avg")
    array([[3.75, 2.25],
           [4.5 , 4.  ]])
    """
    x, size, stride, out_shape = _checked(x, size, stride, mode)
    combine = np.maximum if mode == "max" else np.add
    result = None
    for row in range(size[0]):
        for col in range(size[1]):
            tap = x[..., row:row + stride[0] * (out_shape[0] - 1) + 1:stride[0],
                    col:col + stride[1] * (out_shape[1] - 1) + 1:stride[1]]
            if result is None:
                result = tap.astype(x.dtype if mode == "max" else _sliding.result_dtype(x))
            else:
                combine(result, tap, out=result)
    if mode == "avg":
        result /= size[0] * size[1]
    return result


def winners(x, size=2, stride=None) -> np.ndarray:
    """For each max-pooling window of a 2-D ``x``, the (row, col) of the input value that wins it.

    Ties go to the first value in reading order. The result has shape (out rows, out cols, 2).

    >>> winners([[1, 3, 2, 4], [5, 6, 1, 2], [7, 2, 9, 0], [1, 8, 3, 4]])[0, 0].tolist()
    [1, 1]
    """
    x, size, stride, out_shape = _checked(x, size, stride, "max")
    if x.ndim != 2:
        raise ValueError(f"Winners are found in a 2-D grid; got {x.ndim} dimensions.")
    flat = _windows(x, size, stride).reshape(out_shape + (-1,)).argmax(axis=-1)
    rows = np.arange(out_shape[0])[:, None] * stride[0] + flat // size[1]
    cols = np.arange(out_shape[1])[None, :] * stride[1] + flat % size[1]
    return np.stack([rows, cols], axis=-1)


def global_avg_pool(x) -> np.ndarray:
    """The mean of each whole feature map: one number per channel.

    >>> float(global_avg_pool([[1, 2], [3, 6]]))
    3.0
    >>> global_avg_pool(np.ones((3, 7, 7))).tolist()
    [1.0, 1.0, 1.0]
    """
    x = _sliding.numeric(x, "input")
    if x.ndim not in (2, 3) or min(x.shape) < 1:
        raise ValueError(f"Global average pooling takes an (H, W) or (C, H, W) array with values; "
                         f"got shape {x.shape}.")
    return np.asarray(x.mean(axis=(-2, -1), dtype=_sliding.result_dtype(x)))


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    mode, n, size, stride = (settings[name] for name in ("mode", "grid", "window", "stride"))
    grid = VALUES[:n, :n]
    result = pool2d(grid, size, stride, mode)
    shape = _format.shape(*result.shape)

    def readout(row: int | None = None, col: int | None = None) -> str:
        where = "" if row is None else f" · Position: ({row},{col})"
        return f"{MODES[mode]} pooling · Output: {shape}{where}"

    digits = 0 if mode == "max" else 2
    stepped = _steps(grid, result, size, stride, mode, readout)
    panels = [
        _view.grid("input", f"Input {_format.shape(n, n)}", grid, tone="input"),
        {**stepped[0]["panels"]["window"], "label": "Window"},
        _view.grid("output", f"{MODES[mode]} pooled {shape}", result, tone="output", digits=digits),
        _view.text("gap", "Global average pooling",
                   [f"mean of all {grid.size} values = {grid.sum()} / {grid.size} = "
                    f"{_format.number(global_avg_pool(grid), 4)}"]),
    ]
    if mode == "max":
        panels.insert(3, _view.grid("winners", "Windows each input value wins",
                                    _win_counts(grid.shape, winners(grid, size, stride)), tone="neutral"))
    kept = result.size / grid.size
    note = (f"{grid.size} values become {result.size}: {_format.number(100 * (1 - kept), 0)}% fewer, "
            "and no weights to learn.")
    return _view.state(readout(), panels, stepped, notes=[note], reveal={"window": 0, "output": 0},
                       narration="Press Step to lay the window on the top-left corner.")


def _steps(grid: np.ndarray, result: np.ndarray, size: int, stride: int, mode: str, readout) -> list:
    patches = _windows(grid, (size, size), (stride, stride)).tolist()
    best = winners(grid, size, stride).tolist() if mode == "max" else None
    rows, cols = result.shape
    values = _view.plain(result)
    stepped = []
    for row in range(rows):
        for col in range(cols):
            flat = [v for line in patches[row][col] for v in line]
            value = _format.number(result[row, col])
            step = {"out": [row, col],
                    "marks": {"input": [_view.box(row * stride, col * stride, size, size)],
                              "output": [_view.cell(row, col)]},
                    "reveal": {"output": row * cols + col + 1},
                    "window": patches[row][col], "value": values[row][col],
                    "readout": readout(row, col)}
            listed = ", ".join(_format.number(v) for v in flat)
            if best is None:
                step["panels"] = {"window": _view.grid("window", f"Window: mean = {value}", patches[row][col],
                                                       digits=0, shade=False, values_too=False)}
                step["narration"] = (f"row {row}, col {col}: ({' + '.join(_format.number(v) for v in flat)})"
                                     f" / {len(flat)} = {value}")
            else:
                r, c = best[row][col]
                step["panels"] = {"window": _view.grid("window", f"Window: max = {value}", patches[row][col],
                                                       digits=0, shade=False, values_too=False)}
                step["winner"] = best[row][col]
                step["marks"]["winners"] = [_view.cell(r, c)]
                step["marks"]["window"] = [_view.cell(r - row * stride, c - col * stride)]
                step["narration"] = (f"row {row}, col {col}: max({listed}) = {value}, "
                                     f"from input ({r},{c})")
            stepped.append(step)
    return stepped


def _win_counts(shape: tuple, best: np.ndarray) -> np.ndarray:
    counts = np.zeros(shape, dtype=int)
    np.add.at(counts, (best[..., 0].ravel(), best[..., 1].ravel()), 1)
    return counts


def _checked(x, size, stride, mode: str) -> tuple:
    x = _sliding.numeric(x, "input")
    if x.ndim not in (2, 3):
        raise ValueError(f"Pooling takes an (H, W) or (C, H, W) array; got {x.ndim} dimensions.")
    if mode not in MODES:
        raise ValueError(f"Mode must be 'max' or 'avg'; got {mode!r}.")
    size = _sliding.whole_numbers(size, "The window size", 1, 2)
    stride = size if stride is None else _sliding.whole_numbers(stride, "Stride", 1, 2)
    if any(k > length for k, length in zip(size, x.shape[-2:])):
        raise ValueError(f"A {_format.shape(*size)} window does not fit in a "
                         f"{_format.shape(*x.shape[-2:])} input; use a smaller window.")
    out_shape = tuple(output_size(int(length), k, 0, s) for length, k, s in zip(x.shape[-2:], size, stride))
    return x, size, stride, out_shape


def _windows(x: np.ndarray, size: tuple, stride: tuple) -> np.ndarray:
    """Every window, shaped (..., out rows, out cols, size rows, size cols); a view, not a copy."""
    views = sliding_window_view(x, size, axis=(-2, -1))
    return views[..., ::stride[0], ::stride[1], :, :]
