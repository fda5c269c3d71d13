import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from simulations import skip_connection as sim
from simulations._format import magnitude
from simulations.skip_connection import block_weights, first_block, norms, signal


def torch_norms(depth, scale, skip):
    """The same stack built from torch operations, with autograd giving the gradient at every x_l."""
    x0, grad = (torch.tensor(v) for v in signal())
    xs = [x0.clone().requires_grad_(True)]
    for w1, w2 in block_weights(depth, scale):
        w1, w2 = torch.tensor(w1), torch.tensor(w2)
        out = w2 @ torch.relu(w1 @ xs[-1])
        xs.append(out + xs[-1] if skip else out)
        xs[-1].retain_grad()
    (xs[-1] * grad).sum().backward()
    activations = [x.detach().norm().item() for x in xs]
    gradients = [x.grad.norm().item() if x.grad is not None else 0.0 for x in xs]
    return np.array(activations), np.array(gradients)


@settings(max_examples=60, deadline=None)
@given(depth=st.integers(1, 50), scale=st.floats(0.0, 1.0), skip=st.booleans())
def test_norms_match_torch_autograd(depth, scale, skip):
    acts, grads = norms(depth, scale, skip)
    expected_acts, expected_grads = torch_norms(depth, scale, skip)
    np.testing.assert_allclose(acts, expected_acts, rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(grads, expected_grads, rtol=1e-9, atol=1e-300)


def test_with_f_zero_a_residual_block_passes_x_through_unchanged():
    x, f, y = first_block(0.0)
    assert not np.any(f)
    np.testing.assert_array_equal(y, x)
    rows = {p["id"]: p for p in sim.view(scale=0)["panels"]}["block"]["rows"]
    assert rows[0][1:] == rows[2][1:] and set(rows[1][1:]) == {"0"}


def test_gradients_fade_through_a_deep_plain_stack_and_survive_with_skips():
    _, plain = norms(20, 0.5, skip=False)
    _, residual = norms(20, 0.5, skip=True)
    assert plain[0] < 1e-9 < 0.5 < residual[0]
    assert np.all(np.diff(plain) > 0)


def test_readout_quotes_the_gradient_reaching_the_input():
    _, plain = norms(20, 0.5, skip=False)
    _, residual = norms(20, 0.5, skip=True)
    assert sim.view()["readout"] == (f"Gradient reaching the input: plain {magnitude(plain[0])} · "
                                     f"with skips {magnitude(residual[0])}")


@pytest.mark.parametrize("measure, which", [("gradients", 1), ("activations", 0)])
def test_bars_carry_the_computed_norms_for_every_block(measure, which):
    state = sim.view(depth=12, scale="0.7", measure=measure)
    panels = {panel["id"]: panel for panel in state["panels"]}
    for panel_id, skip in (("plain", False), ("residual", True)):
        values = [item["value"] for item in panels[panel_id]["items"]]
        np.testing.assert_allclose(values, norms(12, 0.7, skip)[which], rtol=1e-5)
        assert len(values) == 13
