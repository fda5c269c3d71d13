"""simulations/_png.py: grayscale values become a PNG whose pixels are those values, the same bytes every time."""

from __future__ import annotations

import base64

import pytest

from png_reader import decode
from simulations._png import png_bytes, png_data_uri


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


def test_an_alpha_channel_makes_pixels_transparent():
    width, height, pixels = decode(png_bytes([[0.5, 1.0]], alpha=[[0.0, 1.0]]))
    assert (width, height, pixels) == (2, 1, [[(128, 0), (255, 255)]])


def test_nan_is_black():
    assert decode(png_bytes([[float("nan"), 1.0]]))[2] == [[0, 255]]


def test_three_levels_per_pixel_make_a_colour_picture():
    width, height, pixels = decode(png_bytes([[[1.0, 0.0, 0.0], [0.0, 0.5, 1.0]]]))
    assert (width, height, pixels) == (2, 1, [[(255, 0, 0), (0, 128, 255)]])
