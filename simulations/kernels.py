"""Chapter 2: what different kernels pick out of a real photograph.

The chapter's three kernels (edge, blur, sharpen) and a few classics, or a 3×3 kernel the reader types,
are applied to a 128×128 grayscale photograph. Nothing here is hand-drawn: the feature map is
``conv2d(photo, kernel)`` and only its display is scaled, as the page's notes say.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import _format, _view
from ._kernels import KERNEL_LABELS, KERNELS
from ._params import Choice, Matrix, resolve
from ._sample_image import astronaut
from .conv2d import conv2d

__all__ = ["KERNELS", "KERNEL_LABELS", "TITLE", "SUMMARY", "PARAMS", "view"]

TITLE = "Kernel effects"
SUMMARY = "Pick a kernel, or type your own, and see the feature map it makes from a photograph."
CUSTOM = "custom"
LAPLACIAN = ((0, -1, 0), (-1, 4, -1), (0, -1, 0))
PARAMS = (
    Choice("kernel", "Kernel", "edge", {**KERNEL_LABELS, CUSTOM: "Your own"},
           help="A named kernel, or 'Your own' to use the numbers below."),
    Matrix("custom", "Your kernel", LAPLACIAN, 3, 3, selects=("kernel", CUSTOM),
           help="Three rows of three numbers, e.g. 0 -1 0; -1 4 -1; 0 -1 0. Typing here picks 'Your own'."),
)

DESCRIPTIONS = {
    "edge": "Right column minus left column: large where brightness changes from left to right.",
    "blur": "The mean of each 3×3 neighbourhood: noise and sharp transitions are smoothed away.",
    "sharpen": "Five times the centre minus its four neighbours: contrast at edges goes up.",
    "horizontal_edge": "Bottom row minus top row: large where brightness changes from top to bottom.",
    "sobel": "Like the edge kernel, with the middle row counted twice: a smoother edge detector.",
    "emboss": "Bottom-right minus top-left, plus the centre: edges look raised, lit from one side.",
    "identity": "A single 1 in the centre: the output is the input (without its one-pixel border).",
    CUSTOM: "Your own weights, slid over the photograph like any other kernel.",
}


def shown_map(kernel) -> tuple:
    """The feature map of ``kernel`` on the photograph, as gray levels in [0, 1], and how it is scaled."""
    return _display(conv2d(astronaut(), kernel), np.asarray(kernel, dtype=float))


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    name = settings["kernel"]
    kernel = np.array(settings["custom"]) if name == CUSTOM else KERNELS[name]
    label = "Your own" if name == CUSTOM else KERNEL_LABELS[name]
    photo = astronaut()
    feature_map = conv2d(photo, kernel)
    shown, scale_note = _display(feature_map, kernel)
    size = _format.shape(*feature_map.shape)
    panels = [
        _photo_panel(),
        _view.image("output", f"Feature map {size}, drawn at the photograph's scale", shown, frame=1),
        _view.grid("kernel", f"Kernel: {label}", kernel, tone="kernel"),
        _view.text("about", label, [DESCRIPTIONS[name]]),
    ]
    low, high = feature_map.min(), feature_map.max()
    readout = (f"Kernel: {label} · Output: {size} · "
               f"Range: {_format.number(low, 1)} to {_format.number(high, 1)}")
    credit = "Photograph: astronaut Eileen Collins, NASA (public domain), from scikit-image's sample data."
    return _view.state(readout, panels, notes=[scale_note, credit])


@lru_cache(maxsize=1)
def _photo() -> dict:
    photo = astronaut()
    return _view.image("input", f"Photograph {_format.shape(*photo.shape)}", photo / 255)


def _photo_panel() -> dict:
    """The photograph's panel; its PNG is made once per process, as it never changes."""
    return dict(_photo())


def _display(feature_map: np.ndarray, kernel: np.ndarray) -> tuple:
    """Map the feature map to gray levels in [0, 1], and say how, in one sentence."""
    total = float(kernel.sum())
    if abs(total) < 1e-9:
        strength = np.abs(feature_map)
        bound = float(np.percentile(strength, 98)) or float(strength.max())
        if bound == 0:
            return np.full(feature_map.shape, 0.5), "Every response is 0, shown gray."
        return 0.5 + feature_map / (2 * bound), (
            f"The weights sum to 0, so flat regions give 0, shown gray; responses of "
            f"+{_format.number(bound, 0)} or more show white and {_format.number(-bound, 0)} or less black.")
    shown = feature_map / (255 * total)
    return shown, (f"The weights sum to {_format.number(total)}, so the map is shown on the photograph's "
                   f"brightness scale (divided by {_format.number(total)}); values beyond it are clipped.")
