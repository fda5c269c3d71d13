"""Chapter 5: the output-size formula and the parameter count of a conv layer.

O = ⌊(W − K + 2P) / S⌋ + 1: W − K is the room the kernel has to slide, 2P the padding on both sides,
dividing by S counts the jumps, the floor drops positions where the kernel would hang off the edge, and
the + 1 counts the starting position. A conv layer of N filters has N·(K·K·Cin + 1) parameters, whatever
the size of its input: that is why it is so much smaller than a fully-connected layer.
"""

from __future__ import annotations

import numbers

from . import _format, _view
from ._params import Int, Preset, resolve

TITLE = "Output size calculator"
SUMMARY = ("Set the input size, kernel, padding and stride: the output size and the layer's parameter "
           "count follow from one formula each.")
PARAMS = (
    Int("width", "Input W", 7, 1, 64, help="Width (and height) of the square input, in pixels."),
    Int("kernel", "Kernel K", 3, 1, 11, help="Width (and height) of the square kernel."),
    Int("padding", "Padding P", 0, 0, 5, help="Rings of zeros added around the input."),
    Int("stride", "Stride S", 1, 1, 5, help="How far the kernel jumps between positions."),
    Int("channels", "Input channels", 64, 1, 512, help="Channels of the input, Cin."),
    Int("filters", "Filters N", 128, 1, 512, help="Number of filters, one output channel each."),
)
# A stack deeper than any network of the course; it keeps a fact about a stack to microseconds.
MAX_LAYERS = 1000
# The chapter's table of examples, one click each: (W, K, P, S) → O.
EXAMPLES = ((5, 3, 0, 1, 3), (5, 3, 1, 1, 5), (9, 3, 0, 2, 4), (8, 3, 0, 2, 3), (32, 2, 0, 2, 16))
PRESETS = tuple(Preset(f"w{w}-k{k}-p{p}-s{s}", f"W = {w}, K = {k}, P = {p}, S = {s}",
                       {"width": w, "kernel": k, "padding": p, "stride": s, "channels": 64, "filters": 128})
                for w, k, p, s, _ in EXAMPLES)


def output_size(w: int, k: int, p: int = 0, s: int = 1) -> int:
    """Output width of a convolution (or pooling) along one axis.

    The chapter's examples:

    >>> output_size(7, 3, p=0, s=2)
    3
    >>> output_size(32, 5, 2, 1)
    32
    >>> output_size(5, 3, p=1)
    5
    >>> output_size(3, 5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: A 5×5 kernel does not fit in a 3-pixel input with no padding; use a smaller kernel or ...
    """
    w = whole(w, "The input size", 1)
    k = whole(k, "The kernel size", 1)
    p = whole(p, "The padding", 0)
    s = whole(s, "The stride", 1)
    if k > w + 2 * p:
        raise ValueError(f"A {k}×{k} kernel does not fit in a {w}-pixel input {padded_by(p)}; "
                         "use a smaller kernel or add padding.")
    return (w - k + 2 * p) // s + 1


def stacked_output_size(w: int, k: int, layers: int, p: int = 0, s: int = 1) -> int:
    """Output width after ``layers`` identical convolutions, one after the other.

    The chapter on stride and padding: without padding every 3×3 layer trims a pixel off each side.

    >>> stacked_output_size(32, 3, 10), stacked_output_size(16, 3, 7), stacked_output_size(32, 3, 10, p=1)
    (12, 2, 32)
    """
    layers = whole(layers, "The number of layers", 1)
    if layers > MAX_LAYERS:
        raise ValueError(f"The number of layers must be at most {MAX_LAYERS}; got {layers}.")
    for _ in range(layers):
        w = output_size(w, k, p, s)
    return w


def conv_params(k, c_in: int, n_filters: int, bias: bool = True) -> int:
    """Parameters of a conv layer: each of the N filters has K·K·Cin weights and one bias.

    ``k`` is the kernel size, or a (rows, cols) pair for a non-square kernel.

    >>> conv_params(3, 64, 128)
    73856
    >>> conv_params(3, 3, 32), conv_params((1, 5), 1, 1, bias=False)
    (896, 5)
    """
    rows, cols = (k, k) if isinstance(k, numbers.Integral) else tuple(k)
    weights = (whole(rows, "The kernel size", 1) * whole(cols, "The kernel size", 1)
               * whole(c_in, "The number of input channels", 1))
    return whole(n_filters, "The number of filters", 1) * (weights + bool(bias))


def fc_params(n_in: int, n_out: int, bias: bool = True) -> int:
    """Parameters of a fully-connected layer: every output neuron has one weight per input, plus a bias.

    >>> fc_params(4096, 10)
    40970
    >>> fc_params(256 * 256 * 3, 1000, bias=False)
    196608000
    """
    inputs = whole(n_in, "The number of inputs", 1)
    return whole(n_out, "The number of outputs", 1) * (inputs + bool(bias))


def whole(value, name: str, least: int) -> int:
    """``value`` as an int of at least ``least``, or a ``ValueError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number; got {value!r}.")
    if value < least:
        raise ValueError(f"{name} must be at least {least}; got {value}.")
    return int(value)


def padded_by(p: int) -> str:
    """The tail of a sentence about padding: 'with no padding' or 'padded by 1 on each side'."""
    return "with no padding" if p == 0 else f"padded by {p} on each side"


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    w, k, p, s = (settings[name] for name in ("width", "kernel", "padding", "stride"))
    c_in, n = settings["channels"], settings["filters"]
    params_count = conv_params(k, c_in, n)
    try:
        size = output_size(w, k, p, s)
    except ValueError as reason:
        return _no_output_view(str(reason), k, c_in, n, params_count)
    panels = [
        _view.text("formula", "Output size", _formula_lines(w, k, p, s, size)),
        _view.text("params", "Parameters", _params_lines(k, c_in, n, params_count)),
        _comparison(w * w * c_in, size * size * n, params_count),
    ]
    readout = f"Output: {_format.shape(size, size, n)} · Parameters: {_format.count(params_count)}"
    return _view.state(readout, panels, notes=_notes(w, k, p, s, size))


def _formula_lines(w: int, k: int, p: int, s: int, size: int) -> list:
    room = w - k + 2 * p
    return ["O = ⌊(W − K + 2P) / S⌋ + 1",
            f"O = ⌊({w} − {k} + 2·{p}) / {s}⌋ + 1 = ⌊{room} / {s}⌋ + 1 = {size}"]


def _params_lines(k: int, c_in: int, n: int, total: int) -> list:
    return ["N × (K × K × Cin + 1)",
            f"{n} × ({k} × {k} × {c_in} + 1) = {_format.count(total)}"]


def _comparison(n_in: int, n_out: int, conv_total: int) -> dict:
    dense = fc_params(n_in, n_out)
    items = [_view.bar("Conv layer", conv_total, f"{_format.count(conv_total)} parameters"),
             _view.bar("Fully connected, same tensors", dense, f"{_format.count(dense)} parameters")]
    return _view.bars("compare", "Parameters: conv vs fully connected", items, scale="log")


def _notes(w: int, k: int, p: int, s: int, size: int) -> list:
    notes = []
    dropped = (w - k + 2 * p) % s
    if dropped:
        notes.append(f"{w - k + 2 * p} / {s} is not whole: the floor drops the last "
                     f"{_format.plural(dropped, 'pixel')} of the padded input, where the kernel would "
                     "hang off the edge.")
    if s == 1 and size == w:
        notes.append(f"The output keeps the input's size: with stride 1, P = (K − 1) / 2 = {p} is "
                     "'same' padding.")
    return notes


def _no_output_view(reason: str, k: int, c_in: int, n: int, total: int) -> dict:
    panels = [
        _view.text("formula", "Output size", ["O = ⌊(W − K + 2P) / S⌋ + 1", reason]),
        _view.text("params", "Parameters", _params_lines(k, c_in, n, total)),
        _view.bars("compare", "Parameters: conv vs fully connected",
                   [_view.bar("Conv layer", total, f"{_format.count(total)} parameters")], scale="log"),
    ]
    return _view.state(f"Output: none · Parameters: {_format.count(total)}", panels)


# What a chapter's checked facts may call, ``{{= name(...) }}``: name -> (function, how an author calls it).
# The build discovers this table (convlab/site/registry.py), so a course's facts come from its simulations.
FACTS = {
    "output_size": (output_size, "output_size(w, k, p=0, s=1)"),
    "stacked_output_size": (stacked_output_size, "stacked_output_size(w, k, layers, p=0, s=1)"),
    "conv_params": (conv_params, "conv_params(k, c_in, n_filters, bias=True)"),
    "fc_params": (fc_params, "fc_params(n_in, n_out, bias=True)"),
}
