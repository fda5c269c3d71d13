import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from simulations import stride_padding as sim
from simulations.stride_padding import coverage

SETTINGS = dict(size=st.integers(3, 9), kernel=st.integers(1, 5), stride=st.integers(1, 3),
                padding=st.integers(0, 2))


def torch_counts(size, kernel, stride, padding):
    """Real pixels under each kernel position, and (by autograd) how many positions use each pixel."""
    pixels = torch.ones(1, 1, size, size, dtype=torch.float64, requires_grad=True)
    ones = torch.ones(1, 1, kernel, kernel, dtype=torch.float64)
    out = F.conv2d(pixels, ones, stride=stride, padding=padding)
    out.sum().backward()
    return out[0, 0].detach().numpy(), pixels.grad[0, 0].numpy()


@settings(max_examples=80, deadline=None)
@given(**SETTINGS)
def test_view_counts_match_torch(size, kernel, stride, padding):
    assume(kernel <= size + 2 * padding)
    state = sim.view(size=size, kernel=kernel, stride=stride, padding=padding)
    under, used = torch_counts(size, kernel, stride, padding)
    panels = {panel["id"]: panel for panel in state["panels"]}
    assert panels["output"]["values"] == under.astype(int).tolist()
    assert panels["coverage"]["values"] == used.astype(int).tolist()
    assert len(state["steps"]) == under.size
    assert [step["sum"] for step in state["steps"]] == under.ravel().astype(int).tolist()


@settings(max_examples=60, deadline=None)
@given(**SETTINGS)
def test_each_step_marks_a_kernel_sized_window_inside_the_padded_input(size, kernel, stride, padding):
    assume(kernel <= size + 2 * padding)
    state = sim.view(size=size, kernel=kernel, stride=stride, padding=padding)
    side = size + 2 * padding
    for step in state["steps"]:
        (r0, c0, r1, c1), = step["marks"]["input"]
        assert (r1 - r0 + 1, c1 - c0 + 1) == (kernel, kernel)
        assert 0 <= r0 and r1 < side and 0 <= c0 and c1 < side
        assert (r0, c0) == (step["out"][0] * stride, step["out"][1] * stride)


def test_the_chapters_examples():
    assert sim.view()["readout"] == "Output: 3×3 · Stride: 1 · Padding: 0"
    same = sim.view(padding=1)
    assert same["readout"] == "Output: 5×5 · Stride: 1 · Padding: 1"
    assert same["notes"] == ["'Same' size: the padding keeps the output as large as the input."]


def test_padding_lets_border_pixels_take_part_as_often_as_central_ones():
    assert coverage(5, 3)[0, 0] == 1 and coverage(5, 3)[2, 2] == 9
    assert coverage(5, 3, padding=1)[0, 0] == 4
    assert np.all(coverage(5, 3, padding=2) == 9)


def test_a_stride_wider_than_the_kernel_skips_pixels():
    state = sim.view(size=7, kernel=2, stride=3)
    assert state["notes"][0] == ("With stride 3 the kernel never lands on 33 of the 49 input pixels: "
                                 "their values cannot reach the output.")


def test_corner_narration_counts_the_padding_under_the_kernel():
    assert sim.view(padding=1)["steps"][0]["narration"] == (
        "row 0, col 0: padded rows 0–2, cols 0–2: 0 + 0 + 0 + 0 + 1 + 1 + 0 + 1 + 1 = 4: 4 real pixels, "
        "5 padding zeros.")
    assert sim.view(kernel=1, padding=2)["steps"][0]["narration"] == (
        "row 0, col 0: padded row 0, col 0: 0 = 0: 0 real pixels, 1 padding zero.")


def test_a_one_pixel_kernel_keeps_the_size_without_any_padding():
    assert sim.view(kernel=1)["notes"] == ["A 1×1 kernel with stride 1 fits at every pixel, so the output is as "
                                           "large as the input with no padding at all."]


def test_a_kernel_larger_than_the_padded_input_is_refused_with_a_reason():
    with pytest.raises(ValueError) as error:
        sim.view(size=3, kernel=5)
    assert str(error.value) == ("A 5×5 kernel does not fit in a 3×3 image with no padding; "
                                "use a smaller kernel or add padding.")


def test_times_used_reads_the_coverage_map_and_names_a_pixel_outside_the_input():
    assert [sim.times_used(9, 3, 4, col, stride=2) for col in range(5)] == coverage(9, 3, stride=2)[4, :5].tolist()
    with pytest.raises(ValueError, match=r"^The col must be a whole number from 0 to 4; got 5\.$"):
        sim.times_used(5, 3, 0, 5)
