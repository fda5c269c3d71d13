"""Chapter 1: a 3-element kernel sliding over a 1-D signal, one multiply-and-sum at a time.

O(i) = Σₘ K(m) · I(i·S + m) over the zero-padded signal: cross-correlation, as
``torch.nn.functional.conv1d`` computes it (the kernel is not flipped).
"""

from __future__ import annotations

import numpy as np

from . import _format, _sliding, _view
from ._params import Choice, Int, Matrix, Preset, resolve
from .output_size import output_size

TITLE = "1-D convolution, step by step"
SUMMARY = ("A 3-element kernel slides along a signal: at each position it multiplies the values under it "
           "and adds the products into one output value.")
PARAMS = (
    Choice("signal", "Signal", "step",
           {"step": "Step", "spike": "Spike", "ramp": "Ramp", "bumpy": "Bumpy",
            "chapter": "The chapter's (2, 5, 1, 3, 4)"},
           help="The values the kernel slides over."),
    Matrix("kernel", "Kernel", ((-1, 0, 1),), 1, 3,
           help="Three weights, e.g. -1 0 1 (right minus left) or 1 1 1 (a running sum)."),
    Int("stride", "Stride", 1, 1, 3, help="How far the kernel jumps between positions."),
    Int("padding", "Padding", 0, 0, 2, help="Zeros added at each end of the signal."),
)

SIGNALS = {
    "step": (1, 1, 1, 1, 1, 4, 4, 4, 4, 4),
    "spike": (0, 0, 0, 0, 5, 0, 0, 0, 0, 0),
    "ramp": (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    "bumpy": (2, 3, 1, 4, 6, 5, 2, 1, 3, 2),
    "chapter": (2, 5, 1, 3, 4),
}
# The chapter's worked example: (2, 5, 1, 3, 4) with the kernel (1, 0, −1) gives (1, 2, −3).
PRESETS = (
    Preset("signal", "the signal (2, 5, 1, 3, 4) and the kernel (1, 0, −1)",
           {"signal": "chapter", "kernel": "1 0 -1", "stride": 1, "padding": 0}),
)


def conv1d(signal, kernel, stride=1, padding=0) -> np.ndarray:
    """Slide ``kernel`` along ``signal`` and return the dot product at each position.

    >>> conv1d([1, 1, 1, 4, 4, 4], [-1, 0, 1])
    array([0., 3., 3., 0.])
    >>> conv1d([1, 2, 3], [1, 1, 1], padding=1)
    array([3., 6., 5.])
    """
    signal, kernel, stride, padding = _checked(signal, kernel, stride, padding)
    padded = _sliding.pad(signal, padding, _sliding.result_dtype(signal, kernel))
    return _sliding.correlate(padded, kernel, stride, (_length(signal, kernel, stride, padding),))


def steps(signal, kernel, stride=1, padding=0) -> list[dict]:
    """One entry per output value: ``out`` (its index), ``window`` (first and last index covered in
    the padded signal), ``patch`` (the values under the kernel), ``products`` and ``sum``.

    >>> steps([1, 1, 1, 4], [-1, 0, 1])[1]
    {'out': 1, 'window': (1, 3), 'patch': [1.0, 1.0, 4.0], 'products': [-1.0, 0.0, 4.0], 'sum': 3.0}
    """
    signal, kernel, stride, padding = _checked(signal, kernel, stride, padding)
    padded = _sliding.pad(signal, padding, _sliding.result_dtype(signal, kernel))
    patches = _sliding.windows(padded, kernel.shape, stride)
    products = patches * kernel
    patch_list, product_list, sum_list = patches.tolist(), products.tolist(), products.sum(axis=-1).tolist()
    width = kernel.shape[0]
    return [{"out": i, "window": (i * stride[0], i * stride[0] + width - 1), "patch": patch_list[i],
             "products": product_list[i], "sum": sum_list[i]} for i in range(len(sum_list))]


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    signal = np.array(SIGNALS[settings["signal"]], dtype=float)
    kernel = np.array(settings["kernel"][0])
    stride, padding = settings["stride"], settings["padding"]
    result = conv1d(signal, kernel, stride, padding)
    digits = _format.decimals(kernel)
    out_digits = _format.decimals(result)
    weights = " ".join(_format.number(w, digits) for w in kernel)

    def readout(position: int | None = None) -> str:
        where = "" if position is None else f" · Position: {position}"
        return f"Kernel: {weights} · Output: {result.size} values{where}"

    raw = steps(signal, kernel, stride, padding)
    panels = [
        _view.grid("input", f"Signal, {_padding_text(padding)}", np.pad(signal, padding),
                   tone="input", padding=padding),
        _view.grid("kernel", "Kernel", kernel, tone="kernel", digits=digits),
        _products(raw[0], digits, out_digits, before=True),
        _view.grid("output", f"Output: {result.size} values", result, tone="output", digits=out_digits),
    ]
    stepped = [{
        "out": step["out"],
        "marks": {"input": [[0, step["window"][0], 0, step["window"][1]]],
                  "output": [_view.cell(0, step["out"])]},
        "reveal": {"output": step["out"] + 1},
        "panels": {"products": _products(step, digits, out_digits)},
        "sum": _view.scalar(step["sum"]),
        "readout": readout(step["out"]),
        "narration": f"position {step['out']}: "
                     + _format.weighted_sum(kernel.tolist(), step["patch"], step["sum"], digits, out_digits),
    } for step in raw]
    note = (f"Output length: ⌊({signal.size} − {kernel.size} + 2·{padding}) / {stride}⌋ + 1 = {result.size}.")
    return _view.state(readout(), panels, stepped, notes=[note], reveal={"products": 0, "output": 0},
                       narration="Press Step to lay the kernel on the start of the signal.")


def _products(step: dict, digits: int, out_digits: int, before: bool = False) -> dict:
    total = None if before else _format.number(step["sum"], out_digits)
    return _view.products("Kernel × window", step["products"], total, max(digits, out_digits))


def _padding_text(padding: int) -> str:
    return "no padding" if padding == 0 else f"{_format.plural(padding, 'zero')} added at each end"


def _checked(signal, kernel, stride, padding) -> tuple:
    signal, kernel = _sliding.numeric(signal, "signal"), _sliding.numeric(kernel, "kernel")
    if signal.ndim != 1 or kernel.ndim != 1:
        raise ValueError(f"The signal and the kernel must both be 1-D; got {signal.ndim}-D and "
                         f"{kernel.ndim}-D.")
    if signal.size < 1 or kernel.size < 1:
        raise ValueError("The signal and the kernel must each have at least one value.")
    stride = _sliding.whole_numbers(stride, "Stride", 1, 1)
    padding = _sliding.whole_numbers(padding, "Padding", 0, 1)
    if kernel.size > signal.size + 2 * padding[0]:
        raise ValueError(f"A {kernel.size}-value kernel does not fit in a {signal.size}-value signal "
                         f"with {_padding_text(padding[0])}; use a shorter kernel or add padding.")
    return signal, kernel, stride, padding


def _length(signal, kernel, stride: tuple, padding: tuple) -> int:
    return output_size(signal.size, kernel.size, padding[0], stride[0])
