"""Grayscale pictures as PNG data URLs, made in Python so the first paint and the browser show the same bytes.

An ``image`` panel carries its picture as a ``data:image/png`` URL: the build writes it into the page
and the browser's Python sends the same string, so no page script turns numbers into pixels. Only
numpy, ``zlib`` and ``struct``: the same values always give the same bytes, so a rebuild changes no page
whose pictures did not change. Rows are stored with PNG's "Up" filter (each byte minus the one above),
which lets zlib find a photograph's smooth gradients: about a third smaller than unfiltered rows.
"""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_GRAY, _GRAY_ALPHA = 0, 4
_UP = 2


def png_data_uri(values, alpha=None) -> str:
    """``data:image/png;base64,...`` of rows of floats in [0, 1], 0 black and 1 white.

    ``alpha`` (same shape, 0 transparent to 1 opaque) adds transparency, e.g. for a frame of no data.

    >>> png_data_uri([[0.0, 1.0]])[:22]
    'data:image/png;base64,'
    """
    return "data:image/png;base64," + base64.b64encode(png_bytes(values, alpha)).decode("ascii")


def png_bytes(values, alpha=None) -> bytes:
    """An 8-bit grayscale (or grayscale + alpha) PNG; ``ValueError`` if the rows are empty or uneven."""
    levels = _levels(values)
    channels = levels[:, :, None]
    if alpha is not None:
        opacity = _levels(alpha)
        if opacity.shape != levels.shape:
            raise ValueError(f"an image's alpha must match its {levels.shape[1]}×{levels.shape[0]} pixels; "
                             f"got {opacity.shape[1]}×{opacity.shape[0]}")
        channels = np.stack([levels, opacity], axis=-1)
    height, width = levels.shape
    rows = channels.reshape(height, -1)
    above = np.vstack([np.zeros((1, rows.shape[1]), dtype=np.uint8), rows[:-1]])
    filtered = np.hstack([np.full((height, 1), _UP, dtype=np.uint8), rows - above])
    colour = _GRAY if alpha is None else _GRAY_ALPHA
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return (_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(filtered.tobytes(), 6))
            + _chunk(b"IEND", b""))


def _levels(values) -> np.ndarray:
    """0..255 for values in [0, 1], rounding half up; out-of-range values are clipped, NaN is black."""
    try:
        array = np.array(values, dtype=float)
    except ValueError:
        array = None
    if array is None or array.ndim != 2 or 0 in array.shape:
        rows = [list(row) for row in values]
        raise ValueError(f"an image needs rows of equal, non-zero length; got {len(rows)} rows "
                         f"of lengths {sorted({len(row) for row in rows})}")
    array = np.nan_to_num(array, nan=0.0)
    return np.floor(np.clip(array, 0.0, 1.0) * 255 + 0.5).astype(np.uint8)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
