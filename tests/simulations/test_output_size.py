import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from simulations import output_size as sim
from simulations.output_size import conv_params, fc_params, output_size, stacked_output_size


@settings(max_examples=100, deadline=None)
@given(w=st.integers(1, 40), k=st.integers(1, 9), p=st.integers(0, 4), s=st.integers(1, 5))
def test_output_size_is_the_width_torch_gives(w, k, p, s):
    assume(k <= w + 2 * p)
    layer = torch.nn.Conv2d(1, 1, k, stride=s, padding=p)
    with torch.no_grad():
        assert layer(torch.zeros(1, 1, w, w)).shape[-1] == output_size(w, k, p, s)


@settings(max_examples=60, deadline=None)
@given(k=st.integers(1, 7), k2=st.integers(1, 7), c_in=st.integers(1, 64), n=st.integers(1, 64),
       bias=st.booleans())
def test_conv_params_counts_what_torch_allocates(k, k2, c_in, n, bias):
    square = torch.nn.Conv2d(c_in, n, k, bias=bias, device="meta")
    oblong = torch.nn.Conv2d(c_in, n, (k, k2), bias=bias, device="meta")
    assert conv_params(k, c_in, n, bias) == sum(p.numel() for p in square.parameters())
    assert conv_params((k, k2), c_in, n, bias) == sum(p.numel() for p in oblong.parameters())


@settings(max_examples=60, deadline=None)
@given(n_in=st.integers(1, 10**6), n_out=st.integers(1, 5000), bias=st.booleans())
def test_fc_params_counts_what_torch_allocates(n_in, n_out, bias):
    layer = torch.nn.Linear(n_in, n_out, bias=bias, device="meta")
    assert fc_params(n_in, n_out, bias) == sum(p.numel() for p in layer.parameters())


def test_the_chapters_numbers():
    assert output_size(7, 3, p=0, s=2) == 3
    assert output_size(32, 5, 2, 1) == 32
    assert conv_params(3, 64, 128) == 73_856


@pytest.mark.parametrize("args, message", [
    ((3, 5), "A 5×5 kernel does not fit in a 3-pixel input with no padding; "
             "use a smaller kernel or add padding."),
    ((1, 7, 2), "A 7×7 kernel does not fit in a 1-pixel input padded by 2 on each side; "
                "use a smaller kernel or add padding."),
    ((0, 3), "The input size must be at least 1; got 0."),
    ((7, 3, -1), "The padding must be at least 0; got -1."),
    ((7, 3, 0, 0), "The stride must be at least 1; got 0."),
    ((7.5, 3), "The input size must be a whole number; got 7.5."),
    ((7, True), "The kernel size must be a whole number; got True."),
])
def test_impossible_sizes_are_explained(args, message):
    with pytest.raises(ValueError) as error:
        output_size(*args)
    assert str(error.value) == message


def test_numpy_integers_are_whole_numbers():
    assert output_size(np.int64(7), np.int32(3)) == 5


def test_counts_refuse_zero_filters():
    with pytest.raises(ValueError, match="^The number of filters must be at least 1; got 0.$"):
        conv_params(3, 3, 0)


def test_default_view_shows_the_formula_and_the_chapters_parameter_count():
    state = sim.view()
    assert state["readout"] == "Output: 5×5×128 · Parameters: 73,856"
    panels = {panel["id"]: panel for panel in state["panels"]}
    assert panels["formula"]["lines"][1] == "O = ⌊(7 − 3 + 2·0) / 1⌋ + 1 = ⌊4 / 1⌋ + 1 = 5"
    assert panels["params"]["lines"][1] == "128 × (3 × 3 × 64 + 1) = 73,856"
    dense = fc_params(7 * 7 * 64, 5 * 5 * 128)
    assert [item["value"] for item in panels["compare"]["items"]] == [73_856, dense]


def test_view_gives_the_reason_when_no_output_fits():
    state = sim.view(width=3, kernel=5)
    reason = "A 5×5 kernel does not fit in a 3-pixel input with no padding; use a smaller kernel or add padding."
    assert state["panels"][0]["lines"][1] == reason
    assert state["readout"] == "Output: none · Parameters: 204,928", "the reason is shown once, not twice"


def test_view_notes_what_the_floor_drops_and_same_padding():
    assert sim.view(width=7, kernel=3, stride=3)["notes"] == [
        "4 / 3 is not whole: the floor drops the last 1 pixel of the padded input, where the kernel would "
        "hang off the edge."]
    assert sim.view(width=32, kernel=5, padding=2)["notes"] == [
        "The output keeps the input's size: with stride 1, P = (K − 1) / 2 = 2 is 'same' padding."]


@settings(max_examples=40, deadline=None)
@given(w=st.integers(1, 40), k=st.integers(1, 5), layers=st.integers(1, 6), p=st.integers(0, 2), s=st.integers(1, 2))
def test_stacked_output_size_is_the_width_after_torchs_stack_of_convolutions(w, k, layers, p, s):
    x = torch.zeros(1, 1, w, w)
    for _ in range(layers):
        assume(x.shape[-1] + 2 * p >= k)
        x = torch.nn.functional.conv2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p)
    assert stacked_output_size(w, k, layers, p=p, s=s) == x.shape[-1]


def test_stacked_output_size_refuses_a_stack_the_kernel_stops_fitting_or_too_deep_to_count():
    with pytest.raises(ValueError, match=r"^A 3×3 kernel does not fit in a 2-pixel input with no padding"):
        stacked_output_size(16, 3, 8)
    with pytest.raises(ValueError, match=r"^The number of layers must be at most 1000; got 1001\.$"):
        stacked_output_size(16, 1, 1001)
