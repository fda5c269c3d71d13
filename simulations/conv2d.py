"""Chapters 1, 2 and 8: 2-D convolution, step by step, and the ``conv2d`` the other simulations build on.

O(i, j) = Σₘ Σₙ K(m, n) · I(i·Sr + m, j·Sc + n) over the zero-padded input: cross-correlation, as
``torch.nn.functional.conv2d`` computes it. With channels, the kernel has one slice per input channel and
the products of all slices go into the same sum, so one kernel still makes one output map.
"""

from __future__ import annotations

import numpy as np

from . import _format, _sliding, _view
from ._kernels import KERNEL_LABELS, KERNELS
from ._params import Choice, Int, Preset, resolve
from .output_size import output_size, padded_by

TITLE = "2-D convolution, step by step"
SUMMARY = ("Pick an input and a kernel, set stride and padding, and step the kernel across the input: each "
           "position multiplies a patch by the kernel and writes the sum to one output cell.")


def _frozen(rows) -> np.ndarray:
    array = np.array(rows)
    array.flags.writeable = False
    return array


# A bright square on a dim background: flat regions, vertical and horizontal edges and corners,
# so every kernel of the course has something to respond to. The explorer's input, and the default.
INPUT = _frozen([
    [1, 1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 9, 9, 9, 9, 1],
    [1, 1, 1, 9, 9, 9, 9, 1],
    [1, 1, 1, 9, 9, 9, 9, 1],
    [1, 1, 1, 9, 9, 9, 9, 1],
    [1, 1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1, 1, 1],
])
# Chapter 1's figure (content/images/kernel-dot-product.svg): its top-left patch times the edge kernel is 13.
FIGURE = _frozen([[1, 2, 4, 0, 3], [1, 3, 5, 2, 1], [0, 2, 6, 1, 0], [2, 1, 3, 4, 2], [0, 1, 2, 5, 3]])
# Chapter 2's patches, each the size of the kernel so that its one step is the text's sum; the bright pixel
# has a black border wide enough for the blur to spread into.
FLAT = _frozen(np.full((3, 3), 7))
RISING = _frozen([[0, 9, 9]] * 3)
FALLING = _frozen([[9, 9, 0]] * 3)
DOT = _frozen(np.pad([[9]], 2))

IMAGES = {
    "square": ("Bright square", INPUT),
    "figure": ("Chapter 1's figure", FIGURE),
    "flat": ("Flat patch of 7s", FLAT),
    "rising": ("Dark left column", RISING),
    "falling": ("Dark right column", FALLING),
    "dot": ("One bright pixel", DOT),
}
IMAGE_LABELS = {key: f"{name}, {_format.shape(*image.shape)}" for key, (name, image) in IMAGES.items()}

PARAMS = (
    Choice("kernel", "Kernel", "edge", KERNEL_LABELS, help="The 3×3 weights that slide over the input."),
    Int("stride", "Stride", 1, 1, 3, help="How far the kernel jumps between positions."),
    Int("padding", "Padding", 0, 0, 2, help="Rings of zeros added around the input."),
    Choice("image", "Input", "square", IMAGE_LABELS, help="The grid of pixels the kernel slides over."),
)


def _example(key: str, label: str, image: str, kernel: str = "edge", stride: int = 1, padding: int = 0) -> Preset:
    return Preset(key, label, {"kernel": kernel, "stride": stride, "padding": padding, "image": image})


# The worked examples: the explorer chapter's default, "same" padding and stride 2; chapter 1's figure;
# chapter 2's edge kernel on a flat patch and on both edges, its blur of one bright pixel, and its table's
# three kernels on a flat region of 7s. A directive's ``presets:`` line picks those its chapter offers.
PRESETS = (
    _example("stride-1", "stride 1, no padding", "square"),
    _example("same", "padding 1, same size", "square", padding=1),
    _example("stride-2", "stride 2", "square", stride=2),
    _example("figure", "the figure's image and the edge kernel", "figure"),
    _example("edge-flat", "the edge kernel on a flat patch of 7s", "flat"),
    _example("edge-rising", "the edge kernel, dark on the left", "rising"),
    _example("edge-falling", "the edge kernel, dark on the right", "falling"),
    _example("blur-dot", "the blur of one bright pixel", "dot", kernel="blur", padding=1),
    _example("blur-flat", "the blur on a flat patch of 7s", "flat", kernel="blur"),
    _example("sharpen-flat", "the sharpen kernel on a flat patch of 7s", "flat", kernel="sharpen"),
)


def conv2d(image, kernel, stride=1, padding=0) -> np.ndarray:
    """Slide ``kernel`` over ``image`` and return the map of dot products.

    ``image`` is (H, W) with a (kh, kw) kernel, or (C, H, W) with a (C, kh, kw) kernel; ``stride`` and
    ``padding`` are an int or a (rows, cols) pair.

    >>> conv2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0], [0, -1]])
    array([[-4., -4.],
           [-4., -4.]])
    >>> conv2d(np.ones((7, 7)), np.ones((3, 3)), stride=2).shape
    (3, 3)
    """
    image, kernel, stride, padding = _checked(image, kernel, stride, padding)
    padded = _sliding.pad(image, padding, _sliding.result_dtype(image, kernel))
    return _sliding.correlate(padded, kernel, stride, _output_shape(image, kernel, stride, padding))


def steps(image, kernel, stride=1, padding=0) -> list[dict]:
    """One entry per output cell, row by row: what a stepper shows at that position.

    Each entry has ``out`` (row, col), ``window`` (r0, c0, r1, c1: the patch in the padded input,
    inclusive), ``patch`` and ``products`` (nested lists shaped like the kernel) and ``sum``.

    >>> first = steps(np.arange(16).reshape(4, 4), [[-1, 0, 1]] * 3)[0]
    >>> first["out"], first["window"], first["sum"]
    ((0, 0), (0, 0, 2, 2), 6.0)
    """
    image, kernel, stride, padding = _checked(image, kernel, stride, padding)
    padded = _sliding.pad(image, padding, _sliding.result_dtype(image, kernel))
    patches = _sliding.windows(padded, kernel.shape, stride)
    products = patches * kernel
    sums = products.reshape(products.shape[:2] + (-1,)).sum(axis=-1)
    rows, cols = sums.shape
    kh, kw = kernel.shape[-2:]
    patch_list, product_list, sum_list = patches.tolist(), products.tolist(), sums.tolist()
    return [{"out": (r, c), "window": (r * stride[0], c * stride[1],
                                       r * stride[0] + kh - 1, c * stride[1] + kw - 1),
             "patch": patch_list[r][c], "products": product_list[r][c], "sum": sum_list[r][c]}
            for r in range(rows) for c in range(cols)]


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    name, stride, padding = settings["kernel"], settings["stride"], settings["padding"]
    kernel = KERNELS[name]
    image = IMAGES[settings["image"]][1]
    result = conv2d(image, kernel, stride, padding)
    size = _format.shape(*result.shape)
    digits = (_format.decimals(kernel), _format.decimals(result))

    def readout(row: int | None = None, col: int | None = None) -> str:
        where = "" if row is None else f" · Position: ({row},{col})"
        return f"Kernel: {KERNEL_LABELS[name]} · Output: {size}{where}"

    raw = steps(image, kernel, stride, padding)
    panels = [
        _view.grid("input", f"Input {_format.shape(*image.shape)}, {padded_by(padding)}",
                   np.pad(image, padding), tone="input", padding=padding),
        _view.grid("output", f"Output {size}", result, tone="output", digits=digits[1]),
        _view.grid("kernel", f"Kernel: {KERNEL_LABELS[name]}", kernel, tone="kernel", digits=digits[0]),
        products_panel(raw[0], digits, before=True),
    ]
    stepped = _view_steps(raw, kernel, digits, readout)
    note = (f"Output size: ⌊({image.shape[0]} − {kernel.shape[0]} + 2·{padding}) / {stride}⌋ + 1 "
            f"= {result.shape[0]} in each direction.")
    return _view.state(readout(), panels, stepped, notes=[note], reveal=BEFORE_FIRST_STEP,
                       narration=FIRST_STEP)


BEFORE_FIRST_STEP = {"products": 0, "output": 0}
FIRST_STEP = "Press Step to lay the kernel on its first window."


def products_panel(step: dict, digits: tuple, before: bool = False) -> dict:
    """The K×K products of one step, zeros included, and their sum: what a step adds up."""
    total = None if before else _format.number(step["sum"], digits[1])
    return _view.products("Kernel × window", step["products"], total, max(digits))


def _view_steps(raw_steps: list, kernel: np.ndarray, digits: tuple, readout) -> list:
    weights = kernel.ravel().tolist()
    view_steps = []
    for index, step in enumerate(raw_steps):
        row, col = step["out"]
        patch = np.ravel(step["patch"]).tolist()
        view_steps.append({
            "out": [row, col],
            "marks": {"input": [list(step["window"])], "output": [_view.cell(row, col)]},
            "reveal": {"output": index + 1},
            "panels": {"products": products_panel(step, digits)},
            "sum": _view.scalar(step["sum"]),
            "readout": readout(row, col),
            "narration": f"row {row}, col {col}: " + _format.weighted_sum(weights, patch, step["sum"], *digits),
        })
    return view_steps


def _checked(image, kernel, stride, padding) -> tuple:
    image, kernel = _sliding.numeric(image, "image"), _sliding.numeric(kernel, "kernel")
    if image.ndim not in (2, 3):
        raise ValueError(f"The image must be 2-D (H, W) or 3-D (C, H, W); got {image.ndim} dimensions.")
    if kernel.ndim != image.ndim:
        raise ValueError(f"A {image.ndim}-D image needs a {image.ndim}-D kernel; "
                         f"got a kernel with {kernel.ndim} dimensions.")
    if image.ndim == 3 and kernel.shape[0] != image.shape[0]:
        raise ValueError(f"The kernel has {kernel.shape[0]} channels but the image has "
                         f"{image.shape[0]}; they must match.")
    if min(image.shape) < 1 or min(kernel.shape) < 1:
        raise ValueError("The image and the kernel must each have at least one value in every dimension.")
    stride = _sliding.whole_numbers(stride, "Stride", 1, 2)
    padding = _sliding.whole_numbers(padding, "Padding", 0, 2)
    _check_fits(image.shape[-2:], kernel.shape[-2:], padding)
    return image, kernel, stride, padding


def _check_fits(image_shape: tuple, kernel_shape: tuple, padding: tuple) -> None:
    if all(k <= size + 2 * p for size, k, p in zip(image_shape, kernel_shape, padding)):
        return
    pad_text = (padded_by(padding[0]) if padding[0] == padding[1]
                else f"padded by {_format.plural(padding[0], 'row')} and "
                     f"{_format.plural(padding[1], 'column')} on each side")
    raise ValueError(f"A {_format.shape(*kernel_shape)} kernel does not fit in a "
                     f"{_format.shape(*image_shape)} image {pad_text}; use a smaller kernel or add padding.")


def _output_shape(image, kernel, stride: tuple, padding: tuple) -> tuple:
    return tuple(output_size(int(size), int(k), p, s) for size, k, p, s
                 in zip(image.shape[-2:], kernel.shape[-2:], padding, stride))
