"""Chapter 9: what depth does to a signal, and what normalisation and the identity path add.

Two stacks share the same random blocks F(x) = W₂·ReLU(W₁·x) on a 16-wide vector. The plain stack feeds
each block's output to the next; the residual stack adds each block's input back, y = x + F(x) (no ReLU
after the addition, so the identity path stays exact, as in pre-activation ResNets). Both run forward and
then backward from a fixed gradient at the output, so every size on the page is computed, not drawn.

Sizes are root-mean-square values, the typical size of one of the 16 numbers; the input and the output
gradient both have RMS 1. What the reader can see:

- weight scale 0.5 (half of He initialisation): each plain block shrinks the signal and the gradient about
  fourfold, and after 20 blocks nothing is left (vanishing);
- scale 1.0 (He initialisation): the plain stack keeps most of its size, but every residual branch adds a
  signal as large as its input, so the residual stack grows geometrically (exploding);
- normalisation (each layer's values rescaled to mean 0 and variance 1, as batch normalisation does per
  unit over a batch; here, with one example, over the layer's 16 units): the plain stack stays at size 1
  whatever the weight scale, and the residual stack grows only like √depth;
- a scaled branch, y = x + F(x)/√depth (a fixed stand-in for the learned multiplier SkipInit puts on
  each residual branch, De and Smith 2020, arXiv:2002.10444): each block adds about 1/depth of the signal's variance, so the
  variance grows at most e-fold on average, and at He scale the residual stack stays near size 2 with no
  normalisation at all.

It measures the network at initialisation. The degradation of deep plain networks that ResNet fixed is a
training effect (He et al. 2015, §4.1: their plain nets used batch normalisation and had healthy gradient
norms), which a forward and backward pass cannot show.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import _format, _view
from ._params import Bool, Choice, Float, Int, resolve

TITLE = "Skip connections"
SUMMARY = ("Stack blocks with and without skips, with and without normalisation, and compare how much of "
           "the signal, and of the gradient, gets through.")
WIDTH = 16
MAX_DEPTH = 50
EPS = 1e-5  # added to the variance before normalising, as torch's batch_norm and layer_norm do
MEASURES = {"gradients": "Gradients", "activations": "Activations"}
PARAMS = (
    Int("depth", "Blocks", 20, 1, MAX_DEPTH, help="How many blocks are stacked."),
    Float("scale", "Weight scale", 1.0, 0.0, 1.0, step=0.1,
          help="Multiplies the He-initialised weights: 1 is He initialisation, 0 makes every F(x) = 0."),
    Bool("normalise", "Normalise each layer", False,
         help="Rescale every layer's values to mean 0 and variance 1, as batch normalisation does."),
    Bool("scaled", "Scale each branch by 1/√blocks", False,
         help="With skips, add F(x)/√blocks instead of F(x): y = x + F(x)/√blocks."),
    Choice("measure", "Show", "gradients", MEASURES, help="What to follow through the stack."),
)
SHOWN = 8


def block_weights(depth: int, scale: float) -> list[tuple]:
    """The (W₁, W₂) pair of each block: fixed random draws, times ``scale``.

    W₁ has variance 2/16 (He initialisation for a layer followed by a ReLU) and W₂ variance 1/16 (no ReLU
    follows it), so at scale 1 a block keeps the signal's size on average; each is drawn once from a
    seeded legacy generator, whose stream numpy keeps stable across versions.
    """
    base = _base_weights()
    return [(scale * base[i, 0] * np.sqrt(2 / WIDTH), scale * base[i, 1] * np.sqrt(1 / WIDTH))
            for i in range(depth)]


def signal() -> tuple:
    """The input vector x₀ and the gradient arriving at the output, each of RMS 1."""
    generator = np.random.RandomState(8)
    x0, grad = generator.standard_normal(WIDTH), generator.standard_normal(WIDTH)
    return x0 / _rms(x0), grad / _rms(grad)


def normalise(z: np.ndarray) -> np.ndarray:
    """``z`` shifted and scaled to mean 0 and variance 1 over its units (biased variance, plus ``EPS``).

    >>> normalise(np.array([1.0, 3.0])).round(4).tolist()
    [-1.0, 1.0]
    """
    return (z - z.mean()) / np.sqrt(z.var() + EPS)


def _normalise_backward(grad: np.ndarray, z: np.ndarray) -> np.ndarray:
    """∂L/∂z from ∂L/∂N(z): the gradient with its mean and its component along N(z) removed, over σ."""
    y = normalise(z)
    return (grad - grad.mean() - y * np.mean(grad * y)) / np.sqrt(z.var() + EPS)


def sizes(depth: int, scale: float, skip: bool, normalised: bool = False, scaled: bool = False) -> tuple:
    """RMS of xₗ and of ∂L/∂xₗ for l = 0 (the input) … depth (the output), with L = ⟨x_depth, g⟩.

    ``scaled`` multiplies each residual branch by 1/√depth; a plain stack has no branch beside a skip.

    >>> acts, grads = sizes(3, 0.0, skip=True)
    >>> np.allclose(acts, 1), np.allclose(grads, 1)
    (True, True)
    >>> acts, grads = sizes(3, 0.0, skip=False)
    >>> acts.tolist(), grads.tolist()
    ([1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0])
    """
    if scaled and not skip:
        raise ValueError("Only a residual branch can be scaled; use skip=True with scaled=True.")
    weights = block_weights(depth, scale)
    factor = 1 / np.sqrt(depth) if scaled else 1.0
    x, grad = signal()
    norm = normalise if normalised else (lambda z: z)
    activations, caches = [x], []
    for w1, w2 in weights:
        z1 = w1 @ activations[-1]
        hidden = norm(z1)
        z2 = w2 @ np.maximum(hidden, 0)
        branch = factor * norm(z2)
        caches.append((z1, hidden > 0, z2))
        activations.append(branch + activations[-1] if skip else branch)
    gradients = [grad]
    for (w1, w2), (z1, mask, z2) in zip(reversed(weights), reversed(caches)):
        through = factor * gradients[-1]
        through = _normalise_backward(through, z2) if normalised else through
        through = mask * (w2.T @ through)
        through = w1.T @ (_normalise_backward(through, z1) if normalised else through)
        gradients.append(through + gradients[-1] if skip else through)
    return (np.array([_rms(a) for a in activations]),
            np.array([_rms(g) for g in gradients[::-1]]))


def input_gradient(depth: int, scale: float, skip: bool = False, normalised: bool = False,
                   scaled: bool = False) -> float:
    """The size of the gradient reaching the input: chapter 8 quotes it as a checked fact.

    >>> round(input_gradient(20, 1.0, skip=True)), round(input_gradient(20, 1.0, skip=True, scaled=True), 2)
    (1229, 1.94)
    """
    return float(sizes(depth, scale, skip, normalised, scaled)[1][0])


def output_activation(depth: int, scale: float, skip: bool = False, normalised: bool = False,
                      scaled: bool = False) -> float:
    """The size of the activations after the last block, for the chapter's checked facts.

    >>> round(output_activation(50, 1.0, skip=True), -3), round(output_activation(50, 1.0, skip=True, scaled=True), 2)
    (866000.0, 2.21)
    """
    return float(sizes(depth, scale, skip, normalised, scaled)[0][-1])


def first_block(scale: float, normalised: bool = False, factor: float = 1.0) -> tuple:
    """x₀, F(x₀) and y = x₀ + ``factor``·F(x₀) for the first block."""
    (w1, w2), = block_weights(1, scale)
    x, _ = signal()
    norm = normalise if normalised else (lambda z: z)
    residual = norm(w2 @ np.maximum(norm(w1 @ x), 0))
    return x, residual, factor * residual + x


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    depth, scale, normalised, scaled = (settings[name] for name in ("depth", "scale", "normalise", "scaled"))
    which = 1 if settings["measure"] == "gradients" else 0
    plain = sizes(depth, scale, skip=False, normalised=normalised)[which]
    residual = sizes(depth, scale, skip=True, normalised=normalised, scaled=scaled)[which]
    noun = "Gradient" if which else "Activation"
    where = "reaching the input" if which else "at the output"
    end = 0 if which else depth
    normed = ", normalised" if normalised else ""
    x, f, y = first_block(scale, normalised, 1 / np.sqrt(depth) if scaled else 1.0)
    branch = f"F(x)/√{depth}" if scaled else "F(x)"
    panels = [
        _bars("plain", f"Plain stack{normed}: {noun.lower()} size at each block", plain),
        _bars("residual", f"With skips{normed}{', y = x + ' + branch if scaled else ''}: "
                          f"{noun.lower()} size at each block", residual),
        _view.table("block", f"Block 1, first {SHOWN} of {WIDTH} values",
                    ["Value"] + [str(i + 1) for i in range(SHOWN)],
                    [[name] + [_format.number(v) for v in values[:SHOWN]]
                     for name, values in (("x", x), ("F(x)", f), (f"y = {branch} + x", y))]),
    ]
    readout = (f"{noun} {where}: plain {_format.magnitude(plain[end])} · "
               f"with skips {_format.magnitude(residual[end])}")
    return _view.state(readout, panels, notes=_notes(which, scale, normalised, scaled, depth))


def _notes(which: int, scale: float, normalised: bool, scaled: bool, depth: int) -> list:
    start = "gradient at the output" if which else "input"
    notes = [f"Sizes are root-mean-square values; the {start} has size 1.",
             "A skip adds the identity to every block's Jacobian, ∂y/∂x = ∂F/∂x + I, so part of the "
             "gradient always passes straight through."]
    if normalised:
        notes.append("Normalising undoes any rescaling of the weights, so the weight scale no longer matters "
                     "(except 0, which leaves nothing to normalise).")
    elif scale < 1:
        notes.append(f"At scale {_format.number(scale)} the weights are smaller than He initialisation, so every "
                     "plain block shrinks the signal.")
    elif not scaled:
        notes.append("At He initialisation each residual branch adds a signal about as large as its input, so "
                     "the residual stack grows block after block.")
    if scaled:
        notes.append(f"Each branch is multiplied by 1/√{depth}, so it adds about 1/{depth} of the signal's "
                     "variance: over all the blocks the variance grows at most e-fold on average, however "
                     "deep the stack. The plain stack has no branch to scale.")
    if scale == 0:
        notes.append("With F = 0 the plain stack outputs zeros, while each residual block passes x through "
                     "unchanged: y = x.")
    return notes


def _rms(values: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(values))))


def _bars(panel_id: str, label: str, values: np.ndarray) -> dict:
    """One bar per block, on a log scale: sizes here span up to 40 orders of magnitude (0 needs linear)."""
    labels = ["Input"] + [f"Block {i}" for i in range(1, len(values))]
    items = [_view.bar(name, value, _format.magnitude(value)) for name, value in zip(labels, values)]
    return _view.bars(panel_id, label, items, "log" if np.all(values > 0) else "linear")


@lru_cache(maxsize=1)
def _base_weights() -> np.ndarray:
    weights = np.random.RandomState(0).standard_normal((MAX_DEPTH, 2, WIDTH, WIDTH))
    weights.flags.writeable = False
    return weights


# What a chapter's checked facts may call, ``{{= name(...) }}``: name -> (function, how an author calls it).
# The build discovers this table (convlab/site/registry.py), so a course's facts come from its simulations.
FACTS = {
    "skip_gradient": (input_gradient, "skip_gradient(depth, scale, skip=False, normalised=False, scaled=False)"),
    "skip_activation": (output_activation,
                        "skip_activation(depth, scale, skip=False, normalised=False, scaled=False)"),
}
