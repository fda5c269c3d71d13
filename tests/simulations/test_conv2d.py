import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from simulations import conv2d as sim
from simulations._kernels import KERNELS
from simulations.conv2d import conv2d, steps


def torch_conv2d(image, kernel, stride, padding):
    image, kernel = torch.tensor(np.asarray(image, float)), torch.tensor(np.asarray(kernel, float))
    if image.ndim == 2:
        image, kernel = image[None], kernel[None]
    return F.conv2d(image[None], kernel[None], stride=stride, padding=padding)[0, 0].numpy()


@st.composite
def conv_cases(draw):
    """A random image (with or without channels), a kernel that fits, strides and paddings as pairs."""
    channels = draw(st.sampled_from([None, 1, 2, 3]))
    padding = (draw(st.integers(0, 3)), draw(st.integers(0, 3)))
    rows, cols = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    kh = draw(st.integers(1, min(6, rows + 2 * padding[0])))
    kw = draw(st.integers(1, min(6, cols + 2 * padding[1])))
    stride = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    lead = () if channels is None else (channels,)
    return rng.standard_normal(lead + (rows, cols)), rng.standard_normal(lead + (kh, kw)), stride, padding


@settings(max_examples=100, deadline=None)
@given(conv_cases())
def test_conv2d_matches_torch(case):
    image, kernel, stride, padding = case
    expected = torch_conv2d(image, kernel, stride, padding)
    np.testing.assert_allclose(conv2d(image, kernel, stride, padding), expected, rtol=1e-10, atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(conv_cases())
def test_one_step_per_output_cell_in_row_major_order_and_each_sum_is_that_cell(case):
    image, kernel, stride, padding = case
    result = conv2d(image, kernel, stride, padding)
    stepped = steps(image, kernel, stride, padding)
    assert [step["out"] for step in stepped] == [(r, c) for r in range(result.shape[0])
                                                 for c in range(result.shape[1])]
    for step in stepped:
        np.testing.assert_allclose(step["sum"], result[step["out"]], atol=1e-10)
        np.testing.assert_allclose(np.sum(step["products"]), step["sum"], atol=1e-10)
        np.testing.assert_allclose(step["products"], np.multiply(step["patch"], kernel))


@settings(max_examples=60, deadline=None)
@given(conv_cases())
def test_each_step_window_is_the_patch_it_multiplies(case):
    image, kernel, stride, padding = case
    pads = ((0, 0),) * (image.ndim - 2) + ((padding[0],) * 2, (padding[1],) * 2)
    padded = np.pad(image, pads)
    for step in steps(image, kernel, stride, padding):
        r0, c0, r1, c1 = step["window"]
        assert (r1 - r0 + 1, c1 - c0 + 1) == kernel.shape[-2:]
        np.testing.assert_array_equal(step["patch"], padded[..., r0:r1 + 1, c0:c1 + 1])


def test_int_stride_and_padding_mean_the_same_on_both_axes():
    image, kernel = np.arange(49.0).reshape(7, 7), np.arange(9.0).reshape(3, 3)
    np.testing.assert_array_equal(conv2d(image, kernel, 2, 1), conv2d(image, kernel, (2, 2), (1, 1)))


def test_edge_kernel_on_flat_image_is_zero():
    assert not np.any(conv2d(np.full((6, 6), 7.0), KERNELS["edge"]))


def test_edge_kernel_responds_to_brightness_rising_left_to_right():
    image = np.repeat([[0, 0, 0, 9, 9, 9]], 5, axis=0)
    assert conv2d(image, KERNELS["edge"])[0].tolist() == [0, 27, 27, 0]


def test_float32_input_keeps_its_precision_and_integers_become_float64():
    assert conv2d(np.ones((4, 4), np.float32), np.ones((2, 2), np.float32)).dtype == np.float32
    assert conv2d(np.ones((4, 4), int), np.ones((2, 2), int)).dtype == np.float64


def test_inputs_are_not_mutated():
    image, kernel = np.arange(25.0).reshape(5, 5), KERNELS["sharpen"].copy()
    before = image.copy(), kernel.copy()
    conv2d(image, kernel, 2, 2)
    steps(image, kernel, 2, 2)
    np.testing.assert_array_equal(image, before[0])
    np.testing.assert_array_equal(kernel, before[1])


@pytest.mark.parametrize("args, message", [
    ((np.ones((3, 3)), np.ones((5, 5))),
     "A 5×5 kernel does not fit in a 3×3 image with no padding; use a smaller kernel or add padding."),
    ((np.ones((3, 3)), np.ones((4, 9)), 1, (1, 2)),
     "A 4×9 kernel does not fit in a 3×3 image padded by 1 row and 2 columns on each side; "
     "use a smaller kernel or add padding."),
    ((np.ones((3, 5, 5)), np.ones((2, 3, 3))),
     "The kernel has 2 channels but the image has 3; they must match."),
    ((np.ones((5, 5)), np.ones((1, 3, 3))),
     "A 2-D image needs a 2-D kernel; got a kernel with 3 dimensions."),
    ((np.ones(5), np.ones(3)), "The image must be 2-D (H, W) or 3-D (C, H, W); got 1 dimensions."),
    ((np.ones((5, 5)), np.ones((3, 3)), 0), "Stride must be at least 1; got 0."),
    ((np.ones((5, 5)), np.ones((3, 3)), 1, -1), "Padding must be at least 0; got -1."),
    ((np.ones((5, 5)), np.ones((3, 3)), 1.5),
     "Stride must be a whole number or a (rows, cols) pair; got 1.5."),
    ((np.ones((5, 5)), np.ones((3, 3)), (1, 2, 3)),
     "Stride must be a whole number or a (rows, cols) pair; got (1, 2, 3)."),
    ((np.array([["a"]]), np.ones((1, 1))), "The image must hold real numbers; got values of type <U1."),
])
def test_bad_arguments_are_explained(args, message):
    with pytest.raises(ValueError) as error:
        conv2d(*args)
    assert str(error.value) == message


def test_controls_are_kernel_stride_padding_and_input():
    assert [param.label for param in sim.PARAMS] == ["Kernel", "Stride", "Padding", "Input"]


def test_default_readout_is_the_chapters():
    assert sim.view()["readout"] == "Kernel: Edge · Output: 6×6"


@pytest.mark.parametrize("settings", [{}, {"kernel": "blur", "stride": "2"},
                                      {"kernel": "sharpen", "padding": 2},
                                      {"kernel": "sobel", "stride": 3, "padding": 1},
                                      {"image": "figure"}, {"image": "dot", "kernel": "blur", "padding": 1},
                                      {"image": "flat", "kernel": "sharpen", "stride": 3, "padding": 2},
                                      {"image": "rising", "kernel": "emboss", "padding": 1}])
def test_view_shows_the_computed_convolution_and_one_step_per_cell(settings):
    state = sim.view(**settings)
    resolved = {"kernel": "edge", "stride": 1, "padding": 0, "image": "square"} | settings
    expected = torch_conv2d(sim.IMAGES[resolved["image"]][1], KERNELS[resolved["kernel"]], int(resolved["stride"]),
                            int(resolved["padding"]))
    panels = {panel["id"]: panel for panel in state["panels"]}
    np.testing.assert_allclose(panels["output"]["values"], expected, atol=1e-4)
    assert len(state["steps"]) == expected.size
    assert [step["reveal"]["output"] for step in state["steps"]] == list(range(1, expected.size + 1))
    for step in state["steps"]:
        row, col = step["out"]
        assert step["readout"].endswith(f"Position: ({row},{col})")
        assert step["sum"] == pytest.approx(expected[row, col], abs=1e-4)


def test_each_step_draws_all_nine_products_and_the_narration_lists_every_term():
    state = sim.view()
    step = state["steps"][1]
    assert step["narration"] == ("row 0, col 1: (−1)·1 + 0·1 + 1·1 + (−1)·1 + 0·1 + 1·1 + (−1)·1 + 0·1 + 1·9 "
                                 "= 8")
    assert step["panels"]["products"] == {"label": "Kernel × window: sum = 8",
                                          "text": [["−1", "0", "1"], ["−1", "0", "1"], ["−1", "0", "9"]]}
    products = {panel["id"]: panel for panel in state["panels"]}["products"]
    assert products["label"] == "Kernel × window" and state["reveal"] == {"products": 0, "output": 0}


@pytest.mark.parametrize("image, size", [("square", 8), ("figure", 5), ("flat", 3), ("dot", 5)])
def test_the_input_menu_names_each_image_by_its_size_and_the_view_uses_that_size(image, size):
    assert sim.IMAGE_LABELS[image].endswith(f", {size}×{size}")
    state = sim.view(image=image, padding=1, stride=2)
    assert state["panels"][0]["label"] == f"Input {size}×{size}, padded by 1 on each side"
    out = torch_conv2d(sim.IMAGES[image][1], KERNELS["edge"], 2, 1).shape[0]
    assert state["notes"] == [f"Output size: ⌊({size} − 3 + 2·1) / 2⌋ + 1 = {out} in each direction."]
    assert state["readout"] == f"Kernel: Edge · Output: {out}×{out}"


def test_the_default_input_is_the_explorers_bright_square():
    assert sim.view() == sim.view(image="square")
    np.testing.assert_array_equal(sim.IMAGES["square"][1], sim.INPUT)


def test_padding_shows_in_the_input_panel_and_moves_the_marks():
    state = sim.view(padding=1)
    panel = state["panels"][0]
    assert len(panel["values"]) == 10 and panel["values"][0] == [0] * 10
    assert panel["look"][0] == ["is-pad"] * 10 and panel["look"][1][1:9] == [""] * 8
    assert state["steps"][0]["marks"]["input"] == [[0, 0, 2, 2]]
    assert state["readout"] == "Kernel: Edge · Output: 8×8"
