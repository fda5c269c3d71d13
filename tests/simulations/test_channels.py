import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from png_reader import pixels
from simulations import channels as sim
from simulations.channels import conv_layer
from simulations.output_size import conv_params


@st.composite
def layer_cases(draw):
    """Random channels, filters, sizes, a kernel that fits the padded input, strides and paddings."""
    c_in, c_out = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    rows, cols = draw(st.integers(1, 10)), draw(st.integers(1, 10))
    k = draw(st.integers(1, min(5, rows + 2 * padding[0], cols + 2 * padding[1])))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    bias = rng.standard_normal(c_out) if draw(st.booleans()) else None
    return (rng.standard_normal((c_in, rows, cols)), rng.standard_normal((c_out, c_in, k, k)), bias,
            stride, padding)


@settings(max_examples=150, deadline=None)
@given(layer_cases())
def test_conv_layer_matches_torch_conv2d(case):
    x, weights, bias, stride, padding = case
    expected = F.conv2d(torch.tensor(x)[None], torch.tensor(weights),
                        None if bias is None else torch.tensor(bias), stride=stride, padding=padding)[0]
    np.testing.assert_allclose(conv_layer(x, weights, bias, stride, padding), expected.numpy(),
                               rtol=1e-10, atol=1e-10)


def test_one_filter_is_the_sum_of_its_slices_responses_plus_bias():
    rng = np.random.default_rng(3)
    x, volume = rng.standard_normal((3, 6, 6)), rng.standard_normal((1, 3, 3, 3))
    slices = sum(conv_layer(x[c:c + 1], volume[:, c:c + 1]) for c in range(3))
    np.testing.assert_allclose(conv_layer(x, volume, bias=[0.5]), slices + 0.5)


def test_one_by_one_convolution_mixes_the_channels_of_each_pixel():
    x = np.random.default_rng(4).standard_normal((3, 4, 5))
    mix = np.array([0.2, -1.0, 0.5])
    np.testing.assert_allclose(conv_layer(x, mix[None, :, None, None])[0], np.tensordot(mix, x, axes=1))


def test_inputs_are_not_mutated():
    x, weights = np.arange(75.0).reshape(3, 5, 5), np.ones((2, 3, 3, 3))
    before = x.copy(), weights.copy()
    conv_layer(x, weights, [1, 2], 2, 1)
    np.testing.assert_array_equal(x, before[0])
    np.testing.assert_array_equal(weights, before[1])


@pytest.mark.parametrize("args, message", [
    ((np.ones((3, 5, 5)), np.ones((2, 2, 3, 3))),
     "The weights expect 2 input channels but the input has 3; they must match."),
    ((np.ones((1, 3, 3)), np.ones((1, 1, 5, 5))),
     "A 5×5 kernel does not fit in a 3×3 input with no padding; use a smaller kernel or more padding."),
    ((np.ones((1, 3, 3)), np.ones((1, 1, 6, 6)), None, 1, 1),
     "A 6×6 kernel does not fit in a 3×3 input padded by 1 on each side; use a smaller kernel or more "
     "padding."),
    ((np.ones((5, 5)), np.ones((1, 1, 3, 3))), "The input must be 3-D (C_in, H, W); got 2 dimensions."),
    ((np.ones((1, 5, 5)), np.ones((1, 3, 3))),
     "The weights must be 4-D (C_out, C_in, K, K); got 3 dimensions."),
    ((np.ones((1, 5, 5)), np.ones((2, 1, 3, 3)), [1, 2, 3]),
     "The bias must hold one number per filter (2); got shape (3,)."),
    ((np.ones((1, 5, 5)), np.ones((1, 1, 3, 3)), None, 0), "Stride must be at least 1; got 0."),
])
def test_bad_arguments_are_explained(args, message):
    with pytest.raises(ValueError) as error:
        conv_layer(*args)
    assert str(error.value) == message


def test_view_shows_three_channels_three_slices_and_their_sum():
    view = sim.view(filter="warm", bias=0.5, filters=3)
    ids = [panel["id"] for panel in view["panels"]]
    for part in ("channel", "slice", "response"):
        assert [f"{part}-{c}" for c in range(3)] == [i for i in ids if i.startswith(part + "-")]
    assert [i for i in ids if i.startswith("map-")] == ["map-0", "map-1", "map-2"]
    slices = [panel for panel in view["panels"] if panel["id"].startswith("slice-")]
    np.testing.assert_allclose([s["values"] for s in slices], np.round(sim.FILTERS["warm"], 4))
    assert f"Parameters: {conv_params(3, 3, 3)}" in view["readout"]


@pytest.mark.parametrize("filters", [1, 4])
def test_every_view_stays_under_50_kb(filters):
    for name in sim.FILTERS:
        for mix in sim.MIXES:
            assert len(json.dumps(sim.view(filter=name, mix=mix, filters=filters, bias=-0.55))) < 50_000


def test_the_photo_is_shown_in_colour_before_its_channels():
    view = sim.view()
    photo = view["panels"][0]
    assert photo["id"] == "photo" and [panel["id"] for panel in view["panels"][1:4]] == ["channel-0", "channel-1", "channel-2"]
    colour = pixels(photo)
    assert colour.shape == (photo["height"], photo["width"], 3)
    for c in range(3):
        np.testing.assert_array_equal(colour[..., c], pixels(view["panels"][1 + c]))
    assert len(set(map(tuple, colour.reshape(-1, 3)[:, :2]))) > 100, "red and green differ: a colour picture"
