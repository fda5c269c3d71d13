import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from simulations import skip_connection as sim
from simulations._format import magnitude
from simulations.skip_connection import EPS, WIDTH, block_weights, first_block, signal, sizes


def torch_sizes(depth, scale, skip, normalised, scaled=False):
    """The same stack built from torch operations, with autograd giving the gradient at every x_l."""
    x0, grad = (torch.tensor(v) for v in signal())
    norm = (lambda z: F.layer_norm(z, (WIDTH,), eps=EPS)) if normalised else (lambda z: z)
    xs = [x0.clone().requires_grad_(True)]
    for w1, w2 in block_weights(depth, scale):
        w1, w2 = torch.tensor(w1), torch.tensor(w2)
        branch = norm(w2 @ torch.relu(norm(w1 @ xs[-1]))) * (depth ** -0.5 if scaled else 1.0)
        xs.append(branch + xs[-1] if skip else branch)
        xs[-1].retain_grad()
    (xs[-1] * grad).sum().backward()
    rms = lambda t: t.pow(2).mean().sqrt().item()  # noqa: E731
    activations = [rms(x.detach()) for x in xs]
    gradients = [rms(x.grad) if x.grad is not None else 0.0 for x in xs]
    return np.array(activations), np.array(gradients)


@settings(max_examples=60, deadline=None)
@given(depth=st.integers(1, 50), scale=st.floats(0.0, 1.0), skip=st.booleans(), normalised=st.booleans(),
       scaled=st.booleans())
def test_sizes_match_torch_autograd(depth, scale, skip, normalised, scaled):
    scaled = scaled and skip
    acts, grads = sizes(depth, scale, skip, normalised, scaled)
    expected_acts, expected_grads = torch_sizes(depth, scale, skip, normalised, scaled)
    np.testing.assert_allclose(acts, expected_acts, rtol=1e-8, atol=1e-300)
    np.testing.assert_allclose(grads, expected_grads, rtol=1e-8, atol=1e-300)


def test_normalise_matches_torch_layer_norm():
    z = np.random.RandomState(3).standard_normal(WIDTH) * 7 + 2
    expected = F.layer_norm(torch.tensor(z), (WIDTH,), eps=EPS).numpy()
    np.testing.assert_allclose(sim.normalise(z), expected, rtol=1e-12)


def test_input_and_output_gradient_have_size_one():
    x, grad = signal()
    assert np.sqrt(np.mean(x ** 2)) == pytest.approx(1) and np.sqrt(np.mean(grad ** 2)) == pytest.approx(1)


def test_with_f_zero_a_residual_block_passes_x_through_unchanged():
    x, f, y = first_block(0.0)
    assert not np.any(f)
    np.testing.assert_array_equal(y, x)
    rows = {p["id"]: p for p in sim.view(scale=0)["panels"]}["block"]["rows"]
    assert rows[0][1:] == rows[2][1:] and set(rows[1][1:]) == {"0"}


# The numbers chapter 8 quotes, pinned: vanishing at half of He scale, exploding skips at He scale,
# and what normalisation does to both.

def test_at_half_he_scale_the_plain_stack_vanishes_and_skips_keep_the_gradient():
    acts, plain = sizes(20, 0.5, skip=False)
    _, residual = sizes(20, 0.5, skip=True)
    assert plain[0] == pytest.approx(1.258e-14, rel=1e-3) and acts[-1] == pytest.approx(8.011e-15, rel=1e-3)
    assert residual[0] == pytest.approx(2.502, rel=1e-3)
    assert np.all(np.diff(plain) > 0)


def test_at_he_scale_the_residual_stack_explodes():
    _, plain = sizes(20, 1.0, skip=False)
    _, residual = sizes(20, 1.0, skip=True)
    acts_50, _ = sizes(50, 1.0, skip=True)
    assert plain[0] == pytest.approx(0.01383, rel=1e-3)
    assert residual[0] == pytest.approx(1229.09, rel=1e-5)
    assert acts_50[-1] == pytest.approx(866341, rel=1e-5)


def test_normalisation_holds_the_plain_signal_at_one_and_tames_the_residual_stack():
    acts, plain = sizes(20, 1.0, skip=False, normalised=True)
    res_acts, residual = sizes(20, 1.0, skip=True, normalised=True)
    res_acts_50, residual_50 = sizes(50, 1.0, skip=True, normalised=True)
    np.testing.assert_allclose(acts[1:], 1, atol=1e-4)
    assert plain[0] == pytest.approx(0.1536, rel=1e-3)
    assert res_acts[-1] == pytest.approx(6.065, rel=1e-3) and residual[0] == pytest.approx(3.895, rel=1e-3)
    assert res_acts_50[-1] == pytest.approx(8.547, rel=1e-3) and residual_50[0] == pytest.approx(12.27, rel=1e-3)


def test_a_branch_scaled_by_one_over_root_depth_tames_the_residual_stack_at_he_scale():
    for depth, (act, grad) in {20: (1.7600, 1.9443), 50: (2.2055, 1.7711)}.items():
        acts, grads = sizes(depth, 1.0, skip=True, scaled=True)
        expected_acts, expected_grads = torch_sizes(depth, 1.0, True, False, scaled=True)
        np.testing.assert_allclose(acts, expected_acts, rtol=1e-10)
        np.testing.assert_allclose(grads, expected_grads, rtol=1e-10)
        assert acts[-1] == pytest.approx(act, rel=1e-4) and grads[0] == pytest.approx(grad, rel=1e-4)
        assert acts.max() < 2.5 and grads.max() < 2.5
    state = sim.view(scaled=True)
    assert state["readout"] == f"Gradient reaching the input: plain 0.01 · with skips {magnitude(sizes(20, 1.0, True, scaled=True)[1][0])}"
    assert state["notes"][-1] == ("Each branch is multiplied by 1/√20, so it adds about 1/20 of the signal's variance: "
                                  "over all the blocks the variance grows at most e-fold on average, however deep "
                                  "the stack. The plain stack has no branch to scale.")


def test_scaling_refuses_a_plain_stack_by_name():
    with pytest.raises(ValueError, match=r"^Only a residual branch can be scaled; use skip=True with scaled=True\.$"):
        sizes(5, 1.0, skip=False, scaled=True)


def test_the_first_block_table_shows_the_scaled_sum():
    x, f, y = first_block(1.0, factor=0.5)
    np.testing.assert_allclose(y, x + 0.5 * f)
    rows = {p["id"]: p for p in sim.view(depth=4, scaled=True)["panels"]}["block"]["rows"]
    assert rows[2][0] == "y = F(x)/√4 + x"


@pytest.mark.parametrize("skip", [False, True])
def test_with_normalisation_the_weight_scale_no_longer_matters(skip):
    for half, full in zip(sizes(30, 0.5, skip, True), sizes(30, 1.0, skip, True)):
        np.testing.assert_allclose(half, full, rtol=1e-3)  # only EPS tells them apart


def test_readout_quotes_the_gradient_reaching_the_input():
    _, plain = sizes(20, 1.0, skip=False)
    _, residual = sizes(20, 1.0, skip=True)
    assert sim.view()["readout"] == (f"Gradient reaching the input: plain {magnitude(plain[0])} · "
                                     f"with skips {magnitude(residual[0])}")


@pytest.mark.parametrize("measure, which", [("gradients", 1), ("activations", 0)])
@pytest.mark.parametrize("normalised", [False, True])
def test_bars_carry_the_computed_sizes_for_every_block(measure, which, normalised):
    state = sim.view(depth=12, scale="0.7", measure=measure, normalise=normalised)
    panels = {panel["id"]: panel for panel in state["panels"]}
    for panel_id, skip in (("plain", False), ("residual", True)):
        values = [item["value"] for item in panels[panel_id]["items"]]
        np.testing.assert_allclose(values, sizes(12, 0.7, skip, normalised)[which], rtol=1e-5)
        assert len(values) == 13
