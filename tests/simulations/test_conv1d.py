import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from simulations import conv1d as sim
from simulations._params import resolve
from simulations.conv1d import conv1d, steps


def torch_conv1d(signal, kernel, stride, padding):
    signal, kernel = torch.tensor(np.asarray(signal, float)), torch.tensor(np.asarray(kernel, float))
    return F.conv1d(signal[None, None], kernel[None, None], stride=stride, padding=padding)[0, 0].numpy()


@st.composite
def conv_cases(draw):
    padding = draw(st.integers(0, 3))
    length = draw(st.integers(1, 30))
    width = draw(st.integers(1, min(7, length + 2 * padding)))
    stride = draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.standard_normal(length), rng.standard_normal(width), stride, padding


@settings(max_examples=100, deadline=None)
@given(conv_cases())
def test_conv1d_matches_torch(case):
    signal, kernel, stride, padding = case
    expected = torch_conv1d(signal, kernel, stride, padding)
    np.testing.assert_allclose(conv1d(signal, kernel, stride, padding), expected, rtol=1e-10, atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(conv_cases())
def test_one_step_per_output_value_and_each_sum_is_that_value(case):
    signal, kernel, stride, padding = case
    result = conv1d(signal, kernel, stride, padding)
    stepped = steps(signal, kernel, stride, padding)
    assert [step["out"] for step in stepped] == list(range(result.size))
    padded = np.pad(signal, padding)
    for step in stepped:
        first, last = step["window"]
        np.testing.assert_array_equal(step["patch"], padded[first:last + 1])
        np.testing.assert_allclose(step["products"], kernel * padded[first:last + 1])
        np.testing.assert_allclose(step["sum"], result[step["out"]], atol=1e-10)


def test_kernel_is_not_flipped_so_a_spike_traces_it_backwards():
    assert conv1d([0, 0, 5, 0, 0], [1, 2, 3]).tolist() == [15, 10, 5]


@pytest.mark.parametrize("args, message", [
    (([1, 2], [1, 1, 1]),
     "A 3-value kernel does not fit in a 2-value signal with no padding; "
     "use a shorter kernel or add padding."),
    (([1, 2, 3], [1, 1], 0), "Stride must be at least 1; got 0."),
    (([1, 2, 3], [1, 1], 1, -2), "Padding must be at least 0; got -2."),
    (([[1, 2, 3]], [1, 1]), "The signal and the kernel must both be 1-D; got 2-D and 1-D."),
    (([], [1]), "The signal and the kernel must each have at least one value."),
])
def test_bad_arguments_are_explained(args, message):
    with pytest.raises(ValueError) as error:
        conv1d(*args)
    assert str(error.value) == message


def test_default_view_steps_a_difference_kernel_over_a_step():
    state = sim.view()
    assert state["readout"] == "Kernel: −1 0 1 · Output: 8 values"
    panels = {panel["id"]: panel for panel in state["panels"]}
    assert panels["output"]["values"] == [[0, 0, 0, 3, 3, 0, 0, 0]]
    assert panels["output"]["text"] == [["0", "0", "0", "3", "3", "0", "0", "0"]]
    assert len(state["steps"]) == 8
    assert state["steps"][3]["narration"] == "position 3: (−1)·1 + 0·1 + 1·4 = 3"
    assert state["steps"][3]["marks"] == {"input": [[0, 3, 0, 5]], "output": [[0, 3, 0, 3]]}
    assert state["steps"][3]["panels"]["products"] == {"label": "Kernel × window: sum = 3",
                                                       "text": [["−1", "0", "4"]]}


def test_before_the_first_step_nothing_is_computed_yet():
    state = sim.view()
    assert state["reveal"] == {"products": 0, "output": 0}
    assert state["narration"] == "Press Step to lay the kernel on the start of the signal."
    assert "marks" not in state


def test_a_typed_kernel_reads_the_same_in_the_grid_and_the_narration():
    state = sim.view(kernel="0.125 0 1")
    panels = {panel["id"]: panel for panel in state["panels"]}
    assert panels["kernel"]["text"] == [["0.125", "0", "1"]]
    assert state["steps"][3]["narration"] == "position 3: 0.125·1 + 0·1 + 1·4 = 4.125"
    assert panels["output"]["text"][0][3] == "4.125"
    assert state["readout"].startswith("Kernel: 0.125 0 1 ·")


@pytest.mark.parametrize("settings", [
    {"signal": "ramp", "kernel": "1 2 1", "stride": 2},
    {"signal": "bumpy", "kernel": "0.5, -1, 0.25", "padding": "2", "stride": "3"},
    {"signal": "spike", "kernel": [[1, 1, 1]], "padding": 1},
])
def test_view_matches_torch_for_typed_kernels(settings):
    state = sim.view(**settings)
    resolved = resolve(sim.PARAMS, settings)
    expected = torch_conv1d(sim.SIGNALS[resolved["signal"]], resolved["kernel"][0], resolved["stride"],
                            resolved["padding"])
    panels = {panel["id"]: panel for panel in state["panels"]}
    np.testing.assert_allclose(panels["output"]["values"][0], expected, atol=1e-4)
    assert [step["sum"] for step in state["steps"]] == pytest.approx(expected.tolist(), abs=1e-4)
    padded = [look == "is-pad" for look in panels["input"]["look"][0]]
    assert padded == [True] * resolved["padding"] + [False] * 10 + [True] * resolved["padding"]


def test_a_kernel_with_the_wrong_number_of_weights_is_refused():
    with pytest.raises(ValueError, match="^Kernel must have 1 row of 3 numbers; got 1 row of 2.$"):
        sim.view(kernel="1 2")
