"""Chapter 7: backpropagation through a convolution, and gradient descent finding a hidden kernel.

For a layer O = b + W ⋆ X (cross-correlation, as in ``channels.conv_layer``) and the gradient G = ∂L/∂O of
some loss L with respect to its output:

* ∂L/∂W[o, c, m, n] = Σ_ij G[o, i, j] · X[c, i·S + m, j·S + n]: the input correlated with G;
* ∂L/∂b[o] = Σ_ij G[o, i, j];
* ∂L/∂X is G (spread out by the stride) convolved in full with the kernel flipped both ways, each
  filter sending its gradient back to every channel it read.

``conv_layer_grads`` computes all three; the ``view`` lets the reader watch plain gradient descent
recover a hidden 3×3 kernel from one photo and its filtered version.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import _format, _sliding, _view
from ._kernels import KERNEL_LABELS, KERNELS
from ._params import Choice, Float, Int, resolve
from ._sample_image import astronaut_rgb
from .channels import checked, correlate

TARGETS = ("edge", "horizontal_edge", "sobel", "sharpen", "blur")
MAX_STEPS = 200
SEED = 0
DIVERGED = 1e6
SAFE_RATE = 0.3  # below critical_rate(), about 0.38

TITLE = "Learning one kernel"
SUMMARY = ("A photo and its filtered version are all the network sees. Starting from random weights, "
           "gradient descent moves the nine weights toward the hidden kernel, step by step.")
PARAMS = (
    Choice("target", "Hidden kernel", "edge", {name: KERNEL_LABELS[name] for name in TARGETS},
           help="The kernel that made the target; the learner never sees it."),
    Int("step", "Step", 20, 0, MAX_STEPS, help="How many gradient-descent steps have been taken."),
    Float("rate", "Learning rate", 0.2, 0.02, 0.5, step=0.02,
          help="How far each step moves the weights along the negative gradient."),
)


def conv_layer_grads(x, weights, grad_out, stride=1, padding=0) -> tuple:
    """Gradients of ``sum(conv_layer(x, weights, bias, stride, padding) * grad_out)``.

    Returns ``(grad_x, grad_weights, grad_bias)`` shaped like ``x`` (C_in, H, W), ``weights``
    (C_out, C_in, K, K) and the bias (C_out,). The bias does not change any gradient, so it is not asked for.

    >>> gx, gw, gb = conv_layer_grads(np.ones((1, 3, 3)), np.ones((1, 1, 2, 2)), np.ones((1, 2, 2)))
    >>> gx[0].tolist(), gw[0, 0].tolist(), gb.tolist()
    ([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]], [[4.0, 4.0], [4.0, 4.0]], [4.0])
    """
    x, weights, _, stride, padding = checked(x, weights, None, stride, padding)
    grad_out = _sliding.numeric(grad_out, "output gradient")
    dtype = _sliding.result_dtype(x, weights, grad_out)
    padded = _sliding.pad(x, padding, dtype)
    expected = (weights.shape[0],) + tuple(
        (size - k) // s + 1 for size, k, s in zip(padded.shape[1:], weights.shape[2:], stride))
    if grad_out.shape != expected:
        raise ValueError(f"The output gradient must have the layer's output shape "
                         f"{_format.shape(*expected)}; got {_format.shape(*grad_out.shape)}.")
    return backward(padded, weights.astype(dtype), grad_out.astype(dtype, copy=False), stride, padding)


def backward(padded: np.ndarray, weights: np.ndarray, grad_out: np.ndarray, stride: tuple,
             padding: tuple) -> tuple:
    """The three gradients for an already padded input (…, C_in, H, W), batch axes allowed; no checks.

    Batch axes are summed for the weights and the bias, kept for the input.
    """
    grad_weights, grad_bias = parameter_grads(padded, weights.shape[-2:], grad_out, stride)
    return _grad_input(grad_out, weights, stride, padded.shape[-2:], padding), grad_weights, grad_bias


def parameter_grads(padded: np.ndarray, kernel: tuple, grad_out: np.ndarray, stride: tuple) -> tuple:
    """``(grad_weights, grad_bias)`` of ``backward``, without ∂L/∂X; no checks.

    A network's first layer needs no gradient for its input, which nothing learns from, and computing
    it would cost more than both of these (``digits`` trains such a layer).
    """
    views = sliding_window_view(padded, kernel, axis=(-2, -1))
    views = views[..., ::stride[0], ::stride[1], :, :]
    lead = tuple(range(grad_out.ndim - 3))
    grad_weights = np.tensordot(grad_out, views, axes=(lead + (-2, -1), lead + (-4, -3)))
    return grad_weights, grad_out.sum(axis=lead + (-2, -1))


def _grad_input(grad_out: np.ndarray, weights: np.ndarray, stride: tuple, padded_shape: tuple,
                padding: tuple) -> np.ndarray:
    """∂L/∂X: G with S − 1 zeros between its cells, zero-padded by K − 1, correlated with the flipped kernel."""
    k_rows, k_cols = weights.shape[-2:]
    rows, cols = grad_out.shape[-2:]
    spread = np.zeros(grad_out.shape[:-2] + ((rows - 1) * stride[0] + 1, (cols - 1) * stride[1] + 1),
                      dtype=grad_out.dtype)
    spread[..., ::stride[0], ::stride[1]] = grad_out
    ring = [(0, 0)] * (spread.ndim - 2) + [(k_rows - 1, k_rows - 1), (k_cols - 1, k_cols - 1)]
    flipped = np.ascontiguousarray(weights[:, :, ::-1, ::-1].swapaxes(0, 1))
    full = correlate(np.pad(spread, ring), flipped, (1, 1))
    # Rows and columns past the last window (when the stride does not divide evenly) got no gradient.
    tail = [(0, 0)] * (full.ndim - 2) + [(0, padded_shape[0] - full.shape[-2]),
                                         (0, padded_shape[1] - full.shape[-1])]
    full = np.pad(full, tail)
    return full[..., padding[0]:padded_shape[0] - padding[0], padding[1]:padded_shape[1] - padding[1]]


@lru_cache(maxsize=1)
def critical_rate() -> float:
    """The learning rate above which ``learn_kernel``'s gradient descent overshoots and diverges.

    The loss is quadratic in the nine weights, with Hessian H = the mean of p pᵀ over the photo's 3×3
    patches p; a step multiplies the error along H's top eigenvector by (1 − rate · λ_max), so descent
    converges exactly when rate < 2 / λ_max, whatever the hidden kernel.

    >>> round(critical_rate(), 2)
    0.38
    """
    patches = sliding_window_view(_photo(), (3, 3)).reshape(-1, 9)
    hessian = patches.T @ patches / patches.shape[0]
    return float(2.0 / np.linalg.eigvalsh(hessian)[-1])


def _photo() -> np.ndarray:
    """The gray photo the learner sees, standardised to zero mean and unit variance."""
    gray = astronaut_rgb().mean(axis=0)
    return (gray - gray.mean()) / gray.std()


def learn_kernel(target: str, rate: float, steps: int = MAX_STEPS) -> dict:
    """Plain gradient descent on half the mean squared error between ``W ⋆ photo`` and ``hidden ⋆ photo``.

    Returns the photo, the target map, and per step (0 is the random start) the weights, the output and
    the loss. The photo is standardised (zero mean, unit variance) so one learning rate suits every
    kernel. Deterministic: the start is drawn from a fixed seed.

    >>> run = learn_kernel("edge", 0.2, steps=100)
    >>> bool(run["losses"][-1] < run["losses"][0] / 100)
    True
    """
    return _learn(target, float(rate), int(steps))


@lru_cache(maxsize=16)
def _learn(target: str, rate: float, steps: int) -> dict:
    photo = _photo()[None]
    hidden = KERNELS[target][None, None]
    goal = correlate(photo, hidden, (1, 1))
    weights = np.random.default_rng(SEED).normal(0.0, 0.3, size=(1, 1, 3, 3))
    history, outputs, losses = [], [], []
    for _ in range(steps + 1):
        output = correlate(photo, weights, (1, 1))
        error = output - goal
        history.append(weights[0, 0])
        outputs.append(output[0])
        losses.append(float(np.mean(error ** 2)) / 2.0)
        if losses[-1] > DIVERGED:
            continue  # too large a rate: the weights stop where they blew up, the loss stays finite
        _, grad_weights, _ = backward(photo, weights, error / error.size, (1, 1), (0, 0))
        weights = weights - rate * grad_weights
    return {"photo": photo[0], "goal": goal[0], "weights": history, "outputs": outputs, "losses": losses}


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    run = learn_kernel(settings["target"], settings["rate"])
    step = settings["step"]
    weights, goal = run["weights"][step], run["goal"]
    loss = run["losses"][step]
    scale = float(np.max(np.abs(goal))) or 1.0
    label = KERNEL_LABELS[settings["target"]]
    panels = [
        _view.grid("weights", f"Learned weights after {_format.plural(step, 'step')}", weights,
                   tone="kernel", digits=2),
        _view.grid("hidden", f"Hidden kernel: {label}", KERNELS[settings["target"]], tone="kernel", digits=2),
        _view.image("photo", "Input photo", _unit(run["photo"])),
        _view.image("output", f"Output of the learned weights, step {step}",
                    np.clip(0.5 + run["outputs"][step] / (2 * scale), 0, 1)),
        _view.image("goal", "Target: the photo filtered by the hidden kernel", 0.5 + goal / (2 * scale)),
        _view.bars("loss", "Mean squared error (log scale)", [
            _view.bar("Start", run["losses"][0], _format.number(run["losses"][0], 4)),
            _view.bar(f"Step {step}", loss, _format.number(loss, 4)),
        ], scale="log"),
    ]
    distance = float(np.sqrt(np.sum((weights - KERNELS[settings["target"]]) ** 2)))
    readout = (f"Step {step} of {MAX_STEPS} · loss {_format.number(loss, 4)} · "
               f"distance to the hidden kernel {_format.number(distance, 3)}")
    notes = [f"Each step: weights ← weights − {_format.number(settings['rate'])} × ∂loss/∂weights, where "
             "∂loss/∂weights is the input correlated with the output's error.",
             "Outputs are drawn with zero as mid-grey, on the target's scale."]
    if loss > run["losses"][0]:
        notes.insert(0, f"This learning rate is too large: each step overshoots and the loss grows. "
                        f"Try {_format.number(SAFE_RATE)} or less.")
    return _view.state(readout, panels, notes=notes)


def _unit(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    return (values - low) / ((high - low) or 1.0)


# The number chapter 7 states, computed from the same photo the learner sees (convlab's checked facts).
FACTS = {"critical_rate": (critical_rate, "critical_rate()")}
