"""The UCI handwritten digits, 1,797 images of 8×8 pixels, read from the data file next to this module.

Source: E. Alpaydin and C. Kaynak, "Optical Recognition of Handwritten Digits", UCI Machine Learning
Repository, 1998, https://doi.org/10.24432/C50P49, licensed under Creative Commons Attribution 4.0
(CC BY 4.0, https://creativecommons.org/licenses/by/4.0/). These are the 1,797 images of the set's test
part (43 writers in all; 32×32 bitmaps counted in 4×4 blocks, so each pixel is 0–16), as scikit-learn
1.9.1 carries them in ``sklearn/datasets/data/digits.csv.gz`` (sha256 09f66e6d…23aa22).

Changed from that file only in encoding: ``_digits.bin`` holds the pixels as uint8, image by image and
row by row (1,797 × 64 bytes), then the 1,797 labels as uint8, the whole zlib-compressed (level 9):
44 KB. The decoded bytes have sha256 87ff0c9e40dc7e2c0e34e7257799c2e3f3aec1a016363bb11cad869ec428a826.
The file is not in the simulations' zip every page downloads: the site carries it as an asset of its own,
which the page's worker fetches only when a simulation that names it in ``DATA_FILES`` is loaded
(see convlab/runtime.py); it is read and decoded on first use.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

COUNT = 1797
SIZE = 8
LEVELS = 16  # pixels run from 0 to 16

DATA_FILE = "_digits.bin"  # next to this module; the page fetches it only where digits are used


@lru_cache(maxsize=1)
def digits() -> tuple:
    """``(images, labels)``: read-only uint8 arrays shaped (1797, 8, 8) with values 0–16, and (1797,)."""
    raw = np.frombuffer(zlib.decompress((Path(__file__).parent / DATA_FILE).read_bytes()), dtype=np.uint8)
    images = raw[:COUNT * SIZE * SIZE].reshape(COUNT, SIZE, SIZE)
    labels = raw[COUNT * SIZE * SIZE:]
    return images, labels
