"""The intrinsic width and height of a course image, read from its header at build time.

Every ``<img>`` the build writes carries them, so the browser reserves the image's box before the file
arrives and nothing below it moves when it does (a link to a simulation further down the page stays on
target). Only the header is read: PNG's IHDR, JPEG's start-of-frame, GIF's screen descriptor, and an
SVG root's ``width``/``height`` in pixels or else its ``viewBox``. A file whose size cannot be read
gives ``None``, and its image is written without them.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from urllib.parse import unquote, urlsplit

_HEAD_BYTES = 4096
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.S)
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*")
# JPEG start-of-frame markers: C0–CF except C4 (Huffman tables), C8 (reserved) and CC (arithmetic coding).
_JPEG_FRAMES = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def intrinsic_size(path: Path) -> tuple[int, int] | None:
    """``(width, height)`` in CSS pixels of the image file at ``path``, or ``None`` if unreadable."""
    try:
        with open(path, "rb") as file:
            head = file.read(_HEAD_BYTES)
            if head.startswith(b"\xff\xd8"):
                return _jpeg_size(file)
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return _positive(*struct.unpack(">II", head[16:24]))
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return _positive(*struct.unpack("<HH", head[6:10]))
    return _svg_size(head)


def course_image_size(chapter_dir: Path, src: str, url: str) -> tuple[int, int] | None:
    """The size of the course image an author wrote as ``src`` (relative to ``chapter_dir``).

    ``url`` is what the link resolver made of ``src``: it gives ``src`` back unchanged for an image of
    another site or one it refused (missing, outside the course), and those are not read.
    """
    parts = urlsplit(src)
    if url == src or parts.scheme or parts.netloc or not parts.path:
        return None
    return intrinsic_size(Path(chapter_dir) / unquote(parts.path))


def _jpeg_size(file) -> tuple[int, int] | None:
    """Walk the JPEG's segments from just after its start-of-image marker to its first frame header."""
    file.seek(2)
    while True:
        marker = file.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        if marker[1] in (0x01, *range(0xD0, 0xD8)):
            continue
        length_bytes = file.read(2)
        if len(length_bytes) < 2:
            return None
        length = struct.unpack(">H", length_bytes)[0]
        if marker[1] in _JPEG_FRAMES:
            frame = file.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            return _positive(width, height)
        file.seek(length - 2, 1)


def _svg_size(head: bytes) -> tuple[int, int] | None:
    root = _SVG_ROOT.search(head)
    if root is None:
        return None
    attributes = dict(re.findall(r'([\w:-]+)\s*=\s*["\']([^"\']*)["\']', root.group(0).decode("utf-8", "replace")))
    width, height = _pixels(attributes.get("width")), _pixels(attributes.get("height"))
    if width and height:
        return _positive(round(width), round(height))
    box = attributes.get("viewBox", "").replace(",", " ").split()
    try:
        box_width, box_height = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        return None
    if box_width <= 0 or box_height <= 0:
        return None
    if width:
        return _positive(round(width), round(width * box_height / box_width))
    return _positive(round(box_width), round(box_height))


def _pixels(value: str | None) -> float | None:
    match = _LENGTH.fullmatch(value or "")
    return float(match.group(1)) if match else None


def _positive(width: int, height: int) -> tuple[int, int] | None:
    return (width, height) if width > 0 and height > 0 else None
