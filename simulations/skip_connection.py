"""Chapter 8: y = F(x) + x, and why the skip keeps a deep stack trainable.

Two stacks share the same random blocks F(x) = W₂·ReLU(W₁·x) on a 16-wide vector. The plain stack feeds
each block's output to the next; the residual stack adds each block's input back, y = F(x) + x. Both are
run forward and then backward from a fixed unit gradient at the output, so the norms on the page are
computed, not drawn. With small weights every plain block shrinks the signal and the gradient; a skip's
identity path (∂y/∂x = ∂F/∂x + I) lets them pass. With F = 0 (weight scale 0) a residual block is exactly
the identity.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import _format, _view
from ._params import Choice, Float, Int, resolve

TITLE = "Skip connections"
SUMMARY = ("Stack blocks with and without skips and compare how much of the signal, and of the gradient, "
           "gets through.")
WIDTH = 16
MAX_DEPTH = 50
MEASURES = {"gradients": "Gradients", "activations": "Activations"}
PARAMS = (
    Int("depth", "Blocks", 20, 1, MAX_DEPTH, help="How many blocks are stacked."),
    Float("scale", "Weight scale", 0.5, 0.0, 1.0, step=0.1,
          help="Multiplies the He-initialised weights; 0 makes every F(x) = 0."),
    Choice("measure", "Show", "gradients", MEASURES, help="What to follow through the stack."),
)
SHOWN = 8


def block_weights(depth: int, scale: float) -> list[tuple]:
    """The (W₁, W₂) pair of each block: fixed random draws, times ``scale``.

    W₁ has variance 2/16 (He initialisation for a ReLU) and W₂ variance 1/16, so at scale 1 a block
    keeps the signal's size on average; each is drawn once from a seeded legacy generator, whose stream
    numpy keeps stable across versions.
    """
    base = _base_weights()
    return [(scale * base[i, 0] * np.sqrt(2 / WIDTH), scale * base[i, 1] * np.sqrt(1 / WIDTH))
            for i in range(depth)]


def signal() -> tuple:
    """The unit input vector x₀ and the unit gradient arriving at the output."""
    generator = np.random.RandomState(8)
    x0, grad = generator.standard_normal(WIDTH), generator.standard_normal(WIDTH)
    return x0 / np.linalg.norm(x0), grad / np.linalg.norm(grad)


def norms(depth: int, scale: float, skip: bool) -> tuple:
    """‖xₗ‖ and ‖∂L/∂xₗ‖ for l = 0 (the input) … depth (the output), with L = ⟨x_depth, g⟩.

    >>> acts, grads = norms(3, 0.0, skip=True)
    >>> np.allclose(acts, 1), np.allclose(grads, 1)
    (True, True)
    >>> acts, grads = norms(3, 0.0, skip=False)
    >>> acts.tolist(), grads.tolist()
    ([1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0])
    """
    weights = block_weights(depth, scale)
    x, grad = signal()
    activations, masks = [x], []
    for w1, w2 in weights:
        hidden = w1 @ activations[-1]
        masks.append(hidden > 0)
        out = w2 @ np.maximum(hidden, 0)
        activations.append(out + activations[-1] if skip else out)
    gradients = [grad]
    for (w1, w2), mask in zip(reversed(weights), reversed(masks)):
        through = w1.T @ (mask * (w2.T @ gradients[-1]))
        gradients.append(through + gradients[-1] if skip else through)
    return (np.linalg.norm(activations, axis=1),
            np.linalg.norm(gradients[::-1], axis=1))


def first_block(scale: float) -> tuple:
    """x₀, F(x₀) and y = F(x₀) + x₀ for the first block."""
    (w1, w2), = block_weights(1, scale)
    x, _ = signal()
    residual = w2 @ np.maximum(w1 @ x, 0)
    return x, residual, residual + x


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    depth, scale, measure = settings["depth"], settings["scale"], settings["measure"]
    which = 1 if measure == "gradients" else 0
    plain, residual = norms(depth, scale, skip=False)[which], norms(depth, scale, skip=True)[which]
    noun = "Gradient" if which else "Activation"
    where = "reaching the input" if which else "at the output"
    end = 0 if which else depth
    x, f, y = first_block(scale)
    panels = [
        _view.bars("plain", f"Plain stack: {noun.lower()} size after each block", _items(plain)),
        _view.bars("residual", f"With skips: {noun.lower()} size after each block", _items(residual)),
        _view.table("block", f"Block 1, first {SHOWN} of {WIDTH} values",
                    ["Value"] + [str(i + 1) for i in range(SHOWN)],
                    [[name] + [_format.number(v) for v in values[:SHOWN]]
                     for name, values in (("x", x), ("F(x)", f), ("y = F(x) + x", y))]),
    ]
    readout = (f"{noun} {where}: plain {_format.magnitude(plain[end])} · "
               f"with skips {_format.magnitude(residual[end])}")
    notes = [f"Sizes are norms, relative to the unit {'gradient at the output' if which else 'input'}.",
             "A skip adds the identity to every block's Jacobian, ∂y/∂x = ∂F/∂x + I, so part of the "
             "gradient always passes straight through."]
    if scale == 0:
        notes.append("With F = 0 the plain stack outputs zeros, while each residual block passes x through "
                     "unchanged: y = x.")
    return _view.state(readout, panels, notes=notes)


def _items(values: np.ndarray) -> list:
    labels = ["Input"] + [f"Block {i}" for i in range(1, len(values))]
    return [_view.bar(label, value, _format.magnitude(value)) for label, value in zip(labels, values)]


@lru_cache(maxsize=1)
def _base_weights() -> np.ndarray:
    weights = np.random.RandomState(0).standard_normal((MAX_DEPTH, 2, WIDTH, WIDTH))
    weights.flags.writeable = False
    return weights
