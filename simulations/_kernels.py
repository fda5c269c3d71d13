"""The named 3×3 kernels of the course, shared by the ``kernels`` and ``conv2d`` simulations.

They live apart from both so that neither simulation imports the other. ``edge``, ``blur`` and ``sharpen``
are exactly the chapter's; the others are the classic companions a reader meets next. Each array is
read-only, so no caller can change a kernel for everyone else.
"""

from __future__ import annotations

import numpy as np


def _frozen(rows, scale: float = 1.0) -> np.ndarray:
    array = np.array(rows, dtype=float) * scale
    array.flags.writeable = False
    return array


EDGE = _frozen([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]])
BLUR = _frozen([[1, 1, 1], [1, 1, 1], [1, 1, 1]], 1 / 9)
SHARPEN = _frozen([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
HORIZONTAL_EDGE = _frozen([[-1, -1, -1], [0, 0, 0], [1, 1, 1]])
SOBEL = _frozen([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
EMBOSS = _frozen([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]])
IDENTITY = _frozen([[0, 0, 0], [0, 1, 0], [0, 0, 0]])

KERNELS = {
    "edge": EDGE,
    "blur": BLUR,
    "sharpen": SHARPEN,
    "horizontal_edge": HORIZONTAL_EDGE,
    "sobel": SOBEL,
    "emboss": EMBOSS,
    "identity": IDENTITY,
}

KERNEL_LABELS = {
    "edge": "Edge",
    "blur": "Blur",
    "sharpen": "Sharpen",
    "horizontal_edge": "Horizontal edge",
    "sobel": "Sobel",
    "emboss": "Emboss",
    "identity": "Identity",
}
