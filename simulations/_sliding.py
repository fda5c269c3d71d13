"""The sliding-window arithmetic shared by ``conv1d`` and ``conv2d``: checks, padding, taps and windows.

Convolution here is cross-correlation, as deep-learning libraries define it: O(i) = Σₘ K(m)·I(i·S + m)
over the zero-padded input. ``correlate`` is vectorized over the output cells and loops only over the
kernel's taps (9 for a 3×3 kernel): each tap adds one weight times one strided view of the input, so no
copy of the input is made per window and no Python loop runs over pixels.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def numeric(value, name: str) -> np.ndarray:
    """``value`` as an array of real numbers: the caller's own array when it already is one, only read."""
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise ValueError(f"The {name} must hold real numbers; got values of type {array.dtype}.")
    return array


def whole_numbers(value, name: str, least: int, count: int) -> tuple:
    """An int or a sequence of ``count`` ints, each at least ``least``, as a tuple of ``count`` ints."""
    items = (value,) * count if _is_whole(value) or not _is_sequence(value) else tuple(value)
    if len(items) != count or not all(_is_whole(item) for item in items):
        shape = "a whole number" if count == 1 else "a whole number or a (rows, cols) pair"
        raise ValueError(f"{name} must be {shape}; got {value!r}.")
    if any(item < least for item in items):
        raise ValueError(f"{name} must be at least {least}; got {value!r}.")
    return tuple(int(item) for item in items)


def result_dtype(*arrays) -> np.dtype:
    """Floating inputs keep their precision; integers and booleans are computed in float64."""
    dtype = np.result_type(*arrays)
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def pad(array: np.ndarray, padding: tuple, dtype) -> np.ndarray:
    """Zeros added on both sides of the last ``len(padding)`` axes."""
    lead = [(0, 0)] * (array.ndim - len(padding))
    widths = lead + [(p, p) for p in padding]
    if not any(padding):
        return array.astype(dtype, copy=False)
    return np.pad(array.astype(dtype, copy=False), widths)


def correlate(padded: np.ndarray, kernel: np.ndarray, stride: tuple, out_shape: tuple) -> np.ndarray:
    """Σ over taps of weight × strided view; leading kernel axes (channels) are summed too."""
    spatial = len(stride)
    weights = kernel.astype(padded.dtype, copy=False)
    result = np.zeros(out_shape, dtype=padded.dtype)
    for tap in np.ndindex(kernel.shape):
        lead, offsets = tap[:-spatial], tap[-spatial:]
        window = tuple(slice(start, start + step * (size - 1) + 1, step)
                       for start, step, size in zip(offsets, stride, out_shape))
        result += weights[tap] * padded[lead + window]
    return result


def windows(padded: np.ndarray, kernel_shape: tuple, stride: tuple) -> np.ndarray:
    """Every window the kernel visits, shaped (*output cells, *kernel shape); a view, not a copy."""
    spatial = len(stride)
    axes = tuple(range(padded.ndim - spatial, padded.ndim))
    views = sliding_window_view(padded, kernel_shape[-spatial:], axis=axes)
    views = views[(Ellipsis,) + tuple(slice(None, None, step) for step in stride) + (slice(None),) * spatial]
    channels = padded.ndim - spatial
    return np.moveaxis(views, tuple(range(channels)), tuple(range(spatial, spatial + channels)))


def _is_whole(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_sequence(value) -> bool:
    return isinstance(value, (tuple, list, np.ndarray))
