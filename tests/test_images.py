"""Image sizes read from file headers (convlab/markdown/images.py), on tiny files made here."""

from __future__ import annotations

import struct

import pytest

from convlab.markdown.images import intrinsic_size
from simulations._png import png_bytes


def write(folder, name, data):
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def test_png_size_comes_from_its_header(tmp_path):
    path = write(tmp_path, "grid.png", png_bytes([[0.0, 0.5, 1.0], [1.0, 0.5, 0.0]]))
    assert intrinsic_size(path) == (3, 2)


def jpeg(width, height):
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    tables = b"\xff\xc4" + struct.pack(">H", 5) + b"\x00\x00\x00"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + tables + frame + b"\xff\xd9"


def test_jpeg_size_comes_from_its_frame_header_after_other_segments(tmp_path):
    assert intrinsic_size(write(tmp_path, "photo.jpg", jpeg(640, 480))) == (640, 480)


def test_gif_size_comes_from_its_screen_descriptor(tmp_path):
    assert intrinsic_size(write(tmp_path, "a.gif", b"GIF89a" + struct.pack("<HH", 20, 10) + b"\x00" * 8)) == (20, 10)


@pytest.mark.parametrize(("root", "size"), [
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 784 200">', (784, 200)),
    ('<svg width="120" height="40px" viewBox="0 0 12 4">', (120, 40)),
    ('<svg width="300" viewBox="0,0,150,50">', (300, 100)),
    ('<svg width="100%" height="100%" viewBox="0 0 64 32">', (64, 32)),
])
def test_svg_size_comes_from_its_pixel_dimensions_or_its_view_box(tmp_path, root, size):
    assert intrinsic_size(write(tmp_path, "f.svg", f'<?xml version="1.0"?>\n{root}<rect/></svg>')) == size


@pytest.mark.parametrize("data", [
    '<svg width="50%">', "<svg>", "not an image", b"\xff\xd8\xff\xe0\x00", b"\x89PNG\r\n\x1a\n" + b"\x00" * 30,
])
def test_a_file_whose_size_cannot_be_read_gives_none(tmp_path, data):
    assert intrinsic_size(write(tmp_path, "bad", data)) is None


def test_a_missing_file_gives_none(tmp_path):
    assert intrinsic_size(tmp_path / "gone.png") is None


def test_every_course_figure_has_a_size():
    from pathlib import Path

    images = sorted((Path(__file__).resolve().parent.parent / "content" / "images").iterdir())
    assert images and all(intrinsic_size(image) for image in images)
