import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from simulations import pooling as sim
from simulations.pooling import global_avg_pool, pool2d, winners


@st.composite
def pool_cases(draw):
    channels = draw(st.sampled_from([None, 1, 3]))
    rows, cols = draw(st.integers(1, 14)), draw(st.integers(1, 14))
    size = (draw(st.integers(1, min(4, rows))), draw(st.integers(1, min(4, cols))))
    stride = draw(st.sampled_from([None, (draw(st.integers(1, 4)), draw(st.integers(1, 4)))]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    lead = () if channels is None else (channels,)
    return rng.standard_normal(lead + (rows, cols)), size, stride


def torch_pool(x, size, stride, mode):
    tensor = torch.tensor(x)[None] if x.ndim == 3 else torch.tensor(x)[None, None]
    pool = F.max_pool2d if mode == "max" else F.avg_pool2d
    result = pool(tensor, size, stride=stride if stride is not None else size)
    return result[0].numpy() if x.ndim == 3 else result[0, 0].numpy()


@settings(max_examples=100, deadline=None)
@given(pool_cases(), st.sampled_from(["max", "avg"]))
def test_pool2d_matches_torch(case, mode):
    x, size, stride = case
    np.testing.assert_allclose(pool2d(x, size, stride, mode), torch_pool(x, size, stride, mode), rtol=1e-12, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(pool_cases())
def test_winners_are_the_inputs_torch_picks(case):
    x, size, stride = case
    x = x[0] if x.ndim == 3 else x
    _, indices = F.max_pool2d(torch.tensor(x)[None, None], size, stride=stride or size, return_indices=True)
    found = winners(x, size, stride)
    assert (found[..., 0] * x.shape[1] + found[..., 1]).tolist() == indices[0, 0].tolist()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 9), st.integers(1, 9), st.integers(0, 2**32 - 1))
def test_global_avg_pool_matches_torch(channels, rows, cols, seed):
    x = np.random.default_rng(seed).standard_normal((channels, rows, cols))
    expected = F.adaptive_avg_pool2d(torch.tensor(x), 1)[:, 0, 0].numpy()
    np.testing.assert_allclose(global_avg_pool(x), expected, rtol=1e-12, atol=1e-12)


def test_the_chapters_4x4_grid_becomes_2x2_keeping_each_windows_max():
    grid = sim.VALUES[:4, :4]
    result = pool2d(grid)
    assert result.shape == (2, 2)
    assert result.tolist() == [[grid[:2, :2].max(), grid[:2, 2:].max()],
                               [grid[2:, :2].max(), grid[2:, 2:].max()]]


def test_max_pool_is_unchanged_when_the_feature_moves_within_its_window():
    before, after = np.zeros((4, 4)), np.zeros((4, 4))
    before[0, 0], after[1, 1] = 5, 5
    np.testing.assert_array_equal(pool2d(before), pool2d(after))


@pytest.mark.parametrize("mode", ["max", "avg"])
def test_the_input_is_not_mutated(mode):
    grid = np.arange(36.0).reshape(6, 6)
    pool2d(grid, 1, mode=mode)[0, 0] = -1
    pool2d(grid, 3, 1, mode=mode)
    assert grid.tolist() == np.arange(36.0).reshape(6, 6).tolist()


def test_max_pool_keeps_the_dtype_and_average_pool_gives_floats():
    grid = np.arange(16).reshape(4, 4)
    assert pool2d(grid).dtype == grid.dtype
    assert pool2d(grid, mode="avg").dtype == np.float64


@pytest.mark.parametrize("call, message", [
    (lambda: pool2d(np.ones((2, 2)), 3), "A 3×3 window does not fit in a 2×2 input; use a smaller window."),
    (lambda: pool2d(np.ones((4, 4)), mode="mean"), "Mode must be 'max' or 'avg'; got 'mean'."),
    (lambda: pool2d(np.ones((4, 4)), 0), "The window size must be at least 1; got 0."),
    (lambda: pool2d(np.ones(4)), "Pooling takes an (H, W) or (C, H, W) array; got 1 dimensions."),
    (lambda: global_avg_pool(np.ones(4)),
     "Global average pooling takes an (H, W) or (C, H, W) array with values; got shape (4,)."),
])
def test_bad_arguments_are_explained(call, message):
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value) == message


def test_default_view_steps_through_four_windows_naming_each_winner():
    state = sim.view()
    grid = sim.VALUES[:4, :4]
    assert state["readout"] == "Max pooling · Output: 2×2"
    assert state["steps"][0]["panels"]["window"] == {"label": "Window: max = 6"}
    assert state["steps"][0]["marks"]["window"] == [[1, 1, 1, 1]]
    assert [step["out"] for step in state["steps"]] == [[0, 0], [0, 1], [1, 0], [1, 1]]
    for step in state["steps"]:
        row, col = step["winner"]
        r0, c0, r1, c1 = step["marks"]["input"][0]
        assert r0 <= row <= r1 and c0 <= col <= c1
        assert step["value"] == grid[row, col] == grid[r0:r1 + 1, c0:c1 + 1].max()
        assert step["marks"]["winners"] == [[row, col, row, col]]
    assert state["steps"][0]["narration"] == (f"row 0, col 0: max({grid[0, 0]}, {grid[0, 1]}, {grid[1, 0]}, "
                                              f"{grid[1, 1]}) = {grid[:2, :2].max()}, from input (1,1)")


@pytest.mark.parametrize("settings", [{"mode": "avg"}, {"grid": 8, "window": 3, "stride": 1},
                                      {"mode": "avg", "grid": "6", "stride": "3"}])
def test_view_output_and_steps_agree_with_torch(settings):
    state = sim.view(**settings)
    values = {"mode": "max", "grid": 4, "window": 2, "stride": 2} | {k: v for k, v in settings.items()}
    n = int(values["grid"])
    expected = torch_pool(sim.VALUES[:n, :n].astype(float), int(values["window"]), int(values["stride"]),
                          values["mode"])
    panels = {panel["id"]: panel for panel in state["panels"]}
    np.testing.assert_allclose(panels["output"]["values"], expected, atol=1e-4)
    assert len(state["steps"]) == expected.size
    assert [step["value"] for step in state["steps"]] == pytest.approx(expected.ravel().tolist(), abs=1e-4)
    if values["mode"] == "max":
        assert np.sum(panels["winners"]["values"]) == expected.size


def test_view_reports_global_average_pooling_of_the_grid():
    panels = {panel["id"]: panel for panel in sim.view()["panels"]}
    grid = sim.VALUES[:4, :4]
    assert panels["gap"]["lines"] == [f"mean of all 16 values = {grid.sum()} / 16 = {grid.mean():g}"]
