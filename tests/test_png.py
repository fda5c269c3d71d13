"""convlab/site/png.py: grayscale values become a PNG whose pixels are those values, the same bytes every time."""

from __future__ import annotations

import base64
import struct
import zlib

import pytest

from convlab.site.png import png_bytes, png_data_uri


def decode(data: bytes) -> tuple[int, int, list[list[int]]]:
    """Width, height and pixel rows of an 8-bit grayscale PNG without filters, checking every CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = {}, 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        kind, body = data[offset + 4:offset + 8], data[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        offset += 12 + length
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, colour) == (8, 0)
    raw = zlib.decompress(chunks[b"IDAT"])
    rows = [raw[r * (width + 1):(r + 1) * (width + 1)] for r in range(height)]
    assert all(row[0] == 0 for row in rows)
    return width, height, [list(row[1:]) for row in rows]


def test_values_become_grey_levels_rounded_half_up():
    width, height, pixels = decode(png_bytes([[0.0, 0.5, 1.0], [0.25, 0.75, 0.002]]))
    assert (width, height) == (3, 2)
    assert pixels == [[0, 128, 255], [64, 191, 1]]


def test_values_outside_the_unit_range_are_clipped():
    assert decode(png_bytes([[-0.5, 1.5]]))[2] == [[0, 255]]


def test_the_same_values_give_the_same_bytes():
    values = [[(r * 7 + c) % 10 / 9 for c in range(16)] for r in range(16)]
    assert png_bytes(values) == png_bytes([row[:] for row in values])


def test_the_data_uri_carries_the_png():
    uri = png_data_uri([[1.0]])
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == png_bytes([[1.0]])


def test_uneven_rows_are_refused():
    with pytest.raises(ValueError, match="rows of equal, non-zero length"):
        png_bytes([[0.0, 1.0], [0.5]])
