"""Reading back the PNGs views carry, by the PNG specification's rules, so tests check pixels, not bytes."""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np


def decode(data: bytes) -> tuple[int, int, list[list]]:
    """Width, height and pixel rows of an 8-bit grayscale (grayscale + alpha as pairs, RGB as triples) PNG, checking
    every CRC and undoing the "Up" filter by the PNG specification's rule."""
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
    assert depth == 8 and colour in (0, 2, 4)
    channels = {0: 1, 4: 2, 2: 3}[colour]
    stride = width * channels + 1
    raw = zlib.decompress(chunks[b"IDAT"])
    assert len(raw) == height * stride
    previous, rows = [0] * (stride - 1), []
    for r in range(height):
        kind, line = raw[r * stride], list(raw[r * stride + 1:(r + 1) * stride])
        assert kind in (0, 2)
        if kind == 2:
            line = [(value + above) % 256 for value, above in zip(line, previous)]
        rows.append(line if channels == 1 else [tuple(line[i:i + channels]) for i in range(0, len(line), channels)])
        previous = line
    return width, height, rows


def pixels(panel: dict) -> np.ndarray:
    """An image panel's gray levels in [0, 1] (grayscale + alpha: the levels, with NaN where transparent;
    colour: (height, width, 3) red, green and blue)."""
    width, height, rows = decode(base64.b64decode(panel["src"].split(",", 1)[1]))
    assert (width, height) == (panel["width"], panel["height"])
    array = np.array(rows, dtype=float)
    if array.ndim == 3 and array.shape[-1] == 3:
        return array / 255
    if array.ndim == 3:
        array = np.where(array[..., 1] == 0, np.nan, array[..., 0])
    return array / 255
