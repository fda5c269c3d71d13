"""Grayscale pictures as PNG data URIs, so an ``image`` panel shows at first paint without JavaScript.

Only ``zlib`` and ``struct``: the same values always give the same bytes, so a rebuild changes no page
whose pictures did not change. Registered in Jinja as the filter ``png_data_uri``.
"""

from __future__ import annotations

import base64
import math
import struct
import zlib

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_GRAYSCALE_8_BIT = (8, 0, 0, 0, 0)


def png_data_uri(values) -> str:
    """``data:image/png;base64,...`` of rows of floats in [0, 1], 0 black and 1 white.

    >>> png_data_uri([[0.0, 1.0]])[:22]
    'data:image/png;base64,'
    """
    return "data:image/png;base64," + base64.b64encode(png_bytes(values)).decode("ascii")


def png_bytes(values) -> bytes:
    """An 8-bit grayscale PNG of ``values``; ``ValueError`` if the rows are empty or uneven."""
    rows = [list(row) for row in values]
    width = len(rows[0]) if rows else 0
    if not width or any(len(row) != width for row in rows):
        raise ValueError(f"an image needs rows of equal, non-zero length; got {len(rows)} rows "
                         f"of lengths {sorted({len(row) for row in rows})}")
    scanlines = b"".join(b"\x00" + bytes(_byte(value) for value in row) for row in rows)
    header = struct.pack(">IIBBBBB", width, len(rows), *_GRAYSCALE_8_BIT)
    return (_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(scanlines, 9))
            + _chunk(b"IEND", b""))


def _byte(value: float) -> int:
    """0..255 for a value in [0, 1], rounding half up; out-of-range values are clipped, NaN is black."""
    value = float(value)
    if math.isnan(value):
        return 0
    return min(255, max(0, math.floor(value * 255 + 0.5)))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
