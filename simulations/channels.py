"""Chapter 1: a convolution layer on a colour photo, channel by channel, and the ``conv_layer`` it runs.

A filter of a layer with C_in input channels is a k×k×C_in volume: one k×k slice per channel. Each slice
is correlated with its own channel, and the C_in responses plus one bias make one feature map:

    O[o, i, j] = b[o] + Σ_c Σ_m Σ_n W[o, c, m, n] · X[c, i·S + m, j·S + n]

C_out filters give a stack of C_out maps, the next layer's channels. A 1×1 filter has no neighbourhood
at all: it mixes the channels of each pixel, a weighted sum of R, G and B.
"""

from __future__ import annotations

import numpy as np

from . import _format, _sliding, _view
from ._kernels import BLUR, EDGE
from ._params import Choice, Float, Int, resolve
from ._sample_image import astronaut_rgb
from .output_size import conv_params, padded_by

CHANNEL_NAMES = ("R", "G", "B")
_EDGE, _BLUR, _ZERO = EDGE, BLUR, np.zeros((3, 3))

# Each filter is a (3, 3, 3) volume: a 3×3 slice for R, one for G, one for B.
FILTERS = {
    "edge": np.stack([_EDGE, _EDGE, _EDGE]),
    "red_edge": np.stack([_EDGE, _ZERO, _ZERO]),
    "warm": np.stack([_BLUR, _ZERO, -_BLUR]),
    "blur": np.stack([_BLUR, _BLUR, _BLUR]) / 3.0,
}
FILTER_LABELS = {"edge": "Edge in every channel", "red_edge": "Edge in red only",
                 "warm": "Red minus blue", "blur": "Blur of all three"}
# 1×1 convolutions: one weight per input channel.
MIXES = {
    "gray": np.array([0.2125, 0.7154, 0.0721]),
    "average": np.array([1.0, 1.0, 1.0]) / 3.0,
    "red_minus_blue": np.array([1.0, 0.0, -1.0]),
}
MIX_LABELS = {"gray": "Luminance (0.21 R + 0.72 G + 0.07 B)", "average": "Average of R, G, B",
              "red_minus_blue": "Red minus blue"}
for _volume in (*FILTERS.values(), *MIXES.values()):
    _volume.flags.writeable = False

PADDING = 1

TITLE = "Channels: one filter, three slices"
SUMMARY = ("A colour photo is three channels. One filter has a 3×3 slice for each; the three responses "
           "plus a bias add up to one feature map, and a layer of filters stacks such maps.")
PARAMS = (
    Choice("filter", "Filter", "edge", FILTER_LABELS, help="The 3×3×3 filter followed channel by channel."),
    Float("bias", "Bias", 0.0, -1.0, 1.0, help="The one number the filter adds to every output cell."),
    Int("filters", "Filters in the layer", 4, 1, 4, help="How many filters the layer has: one map each."),
    Choice("mix", "1×1 convolution", "gray", MIX_LABELS, help="Three weights mixing R, G and B at each pixel."),
)


def conv_layer(x, weights, bias=None, stride=1, padding=0) -> np.ndarray:
    """A convolution layer: ``x`` (C_in, H, W) and ``weights`` (C_out, C_in, K, K) give (C_out, H', W').

    Cross-correlation, as ``torch.nn.functional.conv2d`` computes it; ``bias`` is None or C_out numbers;
    ``stride`` and ``padding`` are an int or a (rows, cols) pair.

    >>> conv_layer(np.ones((3, 5, 5)), np.ones((2, 3, 3, 3)), bias=[0, 1]).shape
    (2, 3, 3)
    >>> float(conv_layer(np.ones((3, 5, 5)), np.ones((2, 3, 3, 3)), bias=[0, 1])[1, 0, 0])
    28.0
    """
    x, weights, bias, stride, padding = checked(x, weights, bias, stride, padding)
    dtype = _sliding.result_dtype(x, weights)
    return correlate(pad(x, padding, dtype), weights.astype(dtype, copy=False), stride, bias)


def correlate(padded: np.ndarray, weights: np.ndarray, stride: tuple, bias=None) -> np.ndarray:
    """The layer on an already padded input (…, C_in, H, W), leading batch axes allowed; no checks.

    The K·K taps' strided views are copied once into a (C_in·K·K) × (H'·W') matrix, so one matrix product
    with the C_out × (C_in·K·K) filters computes every output cell, as a deep-learning library does.
    """
    c_out, _, k_rows, k_cols = weights.shape
    rows = (padded.shape[-2] - k_rows) // stride[0] + 1
    cols = (padded.shape[-1] - k_cols) // stride[1] + 1
    patches = np.empty(padded.shape[:-2] + (k_rows, k_cols, rows, cols), dtype=padded.dtype)
    for m in range(k_rows):
        for n in range(k_cols):
            patches[..., m, n, :, :] = padded[..., m:m + stride[0] * (rows - 1) + 1:stride[0],
                                              n:n + stride[1] * (cols - 1) + 1:stride[1]]
    lead = padded.shape[:-3]
    flat = patches.reshape(lead + (-1, rows * cols))
    out = (weights.reshape(c_out, -1).astype(padded.dtype, copy=False) @ flat).reshape(lead + (c_out, rows, cols))
    if bias is not None:
        out += np.asarray(bias, dtype=out.dtype)[:, None, None]
    return out


def pad(x: np.ndarray, padding: tuple, dtype) -> np.ndarray:
    """``x`` with ``padding`` rings of zeros around its last two axes (a fresh array, ``x`` untouched)."""
    rows, cols = padding
    out = np.zeros(x.shape[:-2] + (x.shape[-2] + 2 * rows, x.shape[-1] + 2 * cols), dtype=dtype)
    out[..., rows:rows + x.shape[-2], cols:cols + x.shape[-1]] = x
    return out


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    photo = astronaut_rgb() / 255.0
    name, bias = settings["filter"], settings["bias"]
    volume = FILTERS[name]
    per_channel = np.stack([conv_layer(photo[c:c + 1], volume[None, c:c + 1], padding=PADDING)[0]
                            for c in range(3)])
    feature = conv_layer(photo, volume[None], bias=[bias], padding=PADDING)[0]
    names = list(FILTERS)[:settings["filters"]]
    stack = conv_layer(photo, np.stack([FILTERS[n] for n in names]), padding=PADDING)
    mix = MIXES[settings["mix"]]
    mixed = conv_layer(photo, mix[None, :, None, None])[0]
    per_filter, layer = conv_params(3, 3, 1), conv_params(3, 3, len(names))
    size = _format.shape(*feature.shape)
    panels = [
        _view.image("photo", "The photo: its three channels together", photo),
        *[_view.image(f"channel-{c}", f"{CHANNEL_NAMES[c]} channel of the photo", photo[c]) for c in range(3)],
        *[_view.grid(f"slice-{c}", f"Filter slice for {CHANNEL_NAMES[c]}", volume[c], tone="kernel",
                     digits=_digits(volume[c])) for c in range(3)],
        *[_view.image(f"response-{c}", f"{CHANNEL_NAMES[c]} slice's response", _signed(per_channel[c], per_channel))
          for c in range(3)],
        _view.image("feature", f"Sum of the three + bias {_format.number(bias)}: one feature map {size}",
                    _signed(feature, per_channel)),
        *[_view.image(f"map-{i}", f"Map {i + 1}: {FILTER_LABELS[n]}", _signed(stack[i], stack[i]))
          for i, n in enumerate(names)],
        _view.grid("mix-weights", "1×1 filter: weights for R, G, B", mix, tone="kernel", digits=_digits(mix)),
        _view.image("mixed", f"1×1 convolution: {MIX_LABELS[settings['mix']]}", _signed(mixed, mixed)
                    if np.any(mix < 0) else np.clip(mixed, 0, 1)),
        _view.text("params", "Parameters", [
            f"One filter: 3 × 3 × 3 weights + 1 bias = {per_filter}",
            f"A layer of {_format.plural(len(names), 'filter')}: {len(names)} × {per_filter} = {layer}",
            f"The 1×1 layer: 1 × 1 × 3 weights + 1 bias = {conv_params(1, 3, 1)}",
        ]),
    ]
    readout = (f"Filter: {FILTER_LABELS[name]} · 3 slices of 3×3 · Bias: {_format.number(bias)} · "
               f"Output: {len(names)} × {size} · Parameters: {layer}")
    notes = ["Responses are drawn with zero as mid-grey: lighter is positive, darker negative. The three "
             "slices' responses and their sum share one scale, so the sum is their total, brightness for "
             "brightness.",
             f"With padding {PADDING}, a 3×3 filter keeps the {_format.shape(*photo.shape[1:])} size."]
    return _view.state(readout, panels, notes=notes)


def _signed(values: np.ndarray, scale_of: np.ndarray) -> np.ndarray:
    """Values drawn around mid-grey: 0 → 0.5, ±(largest magnitude in ``scale_of``) → 1 or 0."""
    scale = float(np.max(np.abs(scale_of))) or 1.0
    return np.clip(0.5 + values / (2.0 * scale), 0.0, 1.0)


def _digits(values: np.ndarray) -> int:
    return 0 if np.all(values == np.round(values)) else 2


def checked(x, weights, bias=None, stride=1, padding=0) -> tuple:
    """``conv_layer``'s arguments as arrays and (rows, cols) pairs, or a ``ValueError`` naming the bad one."""
    x, weights = _sliding.numeric(x, "input"), _sliding.numeric(weights, "weights")
    if x.ndim != 3:
        raise ValueError(f"The input must be 3-D (C_in, H, W); got {x.ndim} dimensions.")
    if weights.ndim != 4:
        raise ValueError(f"The weights must be 4-D (C_out, C_in, K, K); got {weights.ndim} dimensions.")
    if weights.shape[1] != x.shape[0]:
        raise ValueError(f"The weights expect {_format.plural(weights.shape[1], 'input channel')} but the "
                         f"input has {x.shape[0]}; they must match.")
    if min(x.shape) < 1 or min(weights.shape) < 1:
        raise ValueError("The input and the weights must each have at least one value in every dimension.")
    if bias is not None:
        bias = _sliding.numeric(bias, "bias")
        if bias.shape != (weights.shape[0],):
            raise ValueError(f"The bias must hold one number per filter ({weights.shape[0]}); "
                             f"got shape {bias.shape}.")
    stride = _sliding.whole_numbers(stride, "Stride", 1, 2)
    padding = _sliding.whole_numbers(padding, "Padding", 0, 2)
    if any(k > size + 2 * p for size, k, p in zip(x.shape[1:], weights.shape[2:], padding)):
        pad_text = (padded_by(padding[0]) if padding[0] == padding[1]
                    else f"padded by {padding[0]} and {padding[1]} (rows, columns) on each side")
        raise ValueError(f"A {_format.shape(*weights.shape[2:])} kernel does not fit in a "
                         f"{_format.shape(*x.shape[1:])} input {pad_text}; use a smaller kernel or more "
                         "padding.")
    return x, weights, bias, stride, padding
