import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings

from simulations import learning as sim
from simulations._kernels import KERNELS
from simulations.channels import conv_layer
from simulations.learning import conv_layer_grads, learn_kernel

from .test_channels import layer_cases


@settings(max_examples=150, deadline=None)
@given(layer_cases())
def test_conv_layer_grads_match_torch_autograd(case):
    x, weights, bias, stride, padding = case
    bias = np.zeros(weights.shape[0]) if bias is None else bias
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, weights, bias))
    out = F.conv2d(tx[None], tw, tb, stride=stride, padding=padding)[0]
    grad_out = np.random.default_rng(int(abs(x).sum() * 1000) % 2**32).standard_normal(tuple(out.shape))
    (out * torch.tensor(grad_out)).sum().backward()
    grad_x, grad_w, grad_b = conv_layer_grads(x, weights, grad_out, stride, padding)
    np.testing.assert_allclose(grad_x, tx.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(grad_w, tw.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(grad_b, tb.grad.numpy(), rtol=1e-10, atol=1e-10)


def test_grads_agree_with_finite_differences():
    rng = np.random.default_rng(7)
    x, weights = rng.standard_normal((2, 6, 5)), rng.standard_normal((3, 2, 3, 3))
    grad_out = rng.standard_normal(conv_layer(x, weights, stride=2, padding=1).shape)

    def objective(x, weights):
        return float(np.sum(conv_layer(x, weights, stride=2, padding=1) * grad_out))

    grad_x, grad_w, _ = conv_layer_grads(x, weights, grad_out, stride=2, padding=1)
    eps = 1e-6
    for array, grad, which in ((x, grad_x, 0), (weights, grad_w, 1)):
        for index in np.ndindex(array.shape):
            bumped = [x.copy(), weights.copy()]
            bumped[which][index] += eps
            lowered = [x.copy(), weights.copy()]
            lowered[which][index] -= eps
            numeric = (objective(*bumped) - objective(*lowered)) / (2 * eps)
            assert numeric == pytest.approx(grad[index], abs=1e-6)


def test_grad_wrt_kernel_is_the_input_correlated_with_the_output_gradient():
    rng = np.random.default_rng(8)
    x, grad_out = rng.standard_normal((1, 7, 7)), rng.standard_normal((1, 5, 5))
    _, grad_w, _ = conv_layer_grads(x, np.zeros((1, 1, 3, 3)), grad_out)
    np.testing.assert_allclose(grad_w[0, 0], conv_layer(x, grad_out[None])[0])


def test_grad_wrt_input_is_a_full_convolution_with_the_flipped_kernel():
    rng = np.random.default_rng(9)
    kernel, grad_out = rng.standard_normal((3, 3)), rng.standard_normal((1, 4, 4))
    grad_x, _, _ = conv_layer_grads(np.zeros((1, 6, 6)), kernel[None, None], grad_out)
    full = conv_layer(np.pad(grad_out, ((0, 0), (2, 2), (2, 2))), kernel[::-1, ::-1][None, None])
    np.testing.assert_allclose(grad_x, full)


def test_a_wrongly_shaped_output_gradient_is_explained():
    with pytest.raises(ValueError) as error:
        conv_layer_grads(np.ones((1, 5, 5)), np.ones((1, 1, 3, 3)), np.ones((1, 2, 2)))
    assert str(error.value) == "The output gradient must have the layer's output shape 1×3×3; got 1×2×2."


@pytest.mark.parametrize("target", sim.TARGETS)
def test_gradient_descent_recovers_the_hidden_kernel(target):
    run = learn_kernel(target, 0.2)
    distances = [np.abs(w - KERNELS[target]).max() for w in run["weights"]]
    assert all(later <= earlier + 1e-12 for earlier, later in zip(run["losses"], run["losses"][1:]))
    assert distances[-1] < 0.2 * distances[0] and distances[-1] < 0.2
    assert run["losses"][-1] < 1e-3 * run["losses"][0]
    # the output sharpens into the target map: it is closer to it at the end than after ten steps
    error = [np.abs(run["outputs"][i] - run["goal"]).mean() for i in (0, 10, sim.MAX_STEPS)]
    assert error[0] > error[1] > error[2]


def test_too_large_a_rate_diverges_and_the_view_says_so():
    view = sim.view(rate=0.5, step=200)
    assert any("too large" in note for note in view["notes"])
    assert "loss" in view["readout"]


def test_view_shows_the_weights_of_the_chosen_step():
    view = sim.view(target="sobel", step=30)
    weights = next(panel for panel in view["panels"] if panel["id"] == "weights")
    np.testing.assert_allclose(weights["values"], np.round(learn_kernel("sobel", 0.2)["weights"][30], 4))


@pytest.mark.parametrize("target", sim.TARGETS)
def test_descent_converges_just_below_the_critical_rate_and_diverges_just_above(target):
    rate = sim.critical_rate()
    below = sim.learn_kernel(target, 0.97 * rate, steps=sim.MAX_STEPS)["losses"]
    above = sim.learn_kernel(target, 1.03 * rate, steps=sim.MAX_STEPS)["losses"]
    assert below[-1] < below[0] / 100
    assert above[-1] > above[0]
