"""Chapter 7: a small ConvNet trained on real handwritten digits, forward and backward by hand in numpy.

    8×8 digit → conv 3×3, 8 filters, padding 1 → ReLU → 2×2 max-pool → linear 128 → 10 → softmax

The convolution and its gradients are ``channels.correlate`` and ``learning.parameter_grads`` (the
weights' and the bias's part of ``learning.backward``), the functions the chapter proves equal to
PyTorch; pooling, ReLU, the linear layer and the softmax cross-entropy are a few lines each below.
Training is minibatch SGD with momentum, deterministic for a seed: the same seed draws the same
starting weights and the same order of batches, in CPython and in Pyodide.

A ``Trainer`` holds one run and advances it a few batches at a time (``train_batches``), so the page can
train in short worker calls and stop between any two of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache, reduce

import numpy as np

from . import _digits, _format, _view
from ._params import Bool, Int, resolve
from .channels import correlate, pad
from .learning import parameter_grads
from .output_size import conv_params, fc_params

FILTERS = 3 * 3 - 1  # eight 3×3 filters
KERNEL = 3
POOL = 2
CLASSES = 10
HIDDEN = FILTERS * (_digits.SIZE // POOL) ** 2  # 8 maps of 4×4 after pooling: 128 features
HOLD_OUT_EVERY = 5  # every fifth image is held out: 360 for testing, 1,437 for training
BATCH = 32
RATE = 0.05
MOMENTUM = 0.9
SEED = 0
EPOCHS_CLAIMED = 3  # the chapter states the held-out accuracy after this many epochs
PARAM_NAMES = ("conv_w", "conv_b", "fc_w", "fc_b")


def parameter_count() -> int:
    """Weights and biases of the network.

    >>> parameter_count()
    1370
    """
    return conv_params(KERNEL, 1, FILTERS) + fc_params(HIDDEN, CLASSES)


@lru_cache(maxsize=1)
def split() -> tuple:
    """``(train_x, train_y, test_x, test_y)``: images scaled to [0, 1] as (N, 1, 8, 8), labels as ints.

    >>> [len(part) for part in split()]
    [1437, 1437, 360, 360]
    """
    images, labels = _digits.digits()
    x = (images / _digits.LEVELS)[:, None].astype(np.float64)
    held = np.arange(len(labels)) % HOLD_OUT_EVERY == 0
    parts = x[~held], labels[~held].astype(np.int64), x[held], labels[held].astype(np.int64)
    for part in parts:
        part.flags.writeable = False
    return parts


def init(seed: int = SEED) -> dict:
    """Starting weights: He-scaled normals for both layers, zero biases."""
    rng = np.random.default_rng(seed)
    return {
        "conv_w": rng.normal(0.0, np.sqrt(2.0 / (KERNEL * KERNEL)), (FILTERS, 1, KERNEL, KERNEL)),
        "conv_b": np.zeros(FILTERS),
        "fc_w": rng.normal(0.0, np.sqrt(2.0 / HIDDEN), (CLASSES, HIDDEN)),
        "fc_b": np.zeros(CLASSES),
    }


def forward(params: dict, x: np.ndarray) -> dict:
    """Every intermediate of the network for a batch ``x`` (N, 1, 8, 8); ``probs`` are the softmax."""
    padded = pad(x, (1, 1), x.dtype)  # the zeros np.pad adds, without its generic overhead (felt in Pyodide)
    pre = correlate(padded, params["conv_w"], (1, 1), params["conv_b"])
    maps = np.maximum(pre, 0.0)
    # Each window's maximum from its cells' strided views, with no copy of the windows: the values that
    # picking each window's winner gives (only the gradient needs the winners), several times faster.
    pooled = reduce(np.maximum, [maps[..., i::POOL, j::POOL] for i in range(POOL) for j in range(POOL)])
    logits = pooled.reshape(len(x), -1) @ params["fc_w"].T + params["fc_b"]
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = shifted / shifted.sum(axis=1, keepdims=True)
    return {"padded": padded, "pre": pre, "maps": maps, "pooled": pooled, "logits": logits, "probs": probs}


def loss(probs: np.ndarray, labels: np.ndarray) -> float:
    """Mean cross-entropy: −log of the probability given to the right class."""
    picked = probs[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.maximum(picked, 1e-300))))


def gradients(params: dict, cache: dict, labels: np.ndarray) -> dict:
    """∂(mean cross-entropy)/∂parameter for each parameter, by the chain rule from the output back."""
    n = len(labels)
    grad_logits = cache["probs"].copy()
    grad_logits[np.arange(n), labels] -= 1.0
    grad_logits /= n
    flat = cache["pooled"].reshape(n, -1)
    grad_pooled = (grad_logits @ params["fc_w"]).reshape(cache["pooled"].shape)
    # Max-pooling passes each window's gradient to the one cell that won it (the first, on a tie).
    _, f, h, w = cache["maps"].shape
    windows = cache["maps"].reshape(n, f, h // POOL, POOL, w // POOL, POOL).transpose(0, 1, 2, 4, 3, 5)
    choice = windows.reshape(n, f, h // POOL, w // POOL, POOL * POOL).argmax(axis=-1)
    grad_windows = np.zeros(choice.shape + (POOL * POOL,))
    np.put_along_axis(grad_windows, choice[..., None], grad_pooled[..., None], axis=-1)
    grad_maps = grad_windows.reshape(n, f, h // POOL, w // POOL, POOL, POOL).transpose(0, 1, 2, 4, 3, 5)
    grad_pre = grad_maps.reshape(cache["maps"].shape) * (cache["pre"] > 0)
    grad_conv_w, grad_conv_b = parameter_grads(cache["padded"], (KERNEL, KERNEL), grad_pre, (1, 1))
    return {"conv_w": grad_conv_w, "conv_b": grad_conv_b,
            "fc_w": grad_logits.T @ flat, "fc_b": grad_logits.sum(axis=0)}


def accuracy(params: dict, x: np.ndarray, labels: np.ndarray) -> float:
    """The fraction of images whose most probable class is their label."""
    return float(np.mean(forward(params, x)["logits"].argmax(axis=1) == labels))


@dataclass
class Trainer:
    """One training run: weights, momentum, the batch order, and what has been measured so far."""

    seed: int = SEED
    params: dict = field(init=False)
    velocity: dict = field(init=False)
    epoch: int = field(default=0, init=False)
    position: int = field(default=0, init=False)
    order: np.ndarray = field(init=False)
    losses: list = field(default_factory=list, init=False)  # mean training loss of each batch

    def __post_init__(self) -> None:
        self.params = init(self.seed)
        self.velocity = {name: np.zeros_like(value) for name, value in self.params.items()}
        self._rng = np.random.default_rng(self.seed + 1)
        self.order = self._rng.permutation(len(split()[1]))

    def train_batches(self, count: int) -> None:
        """Take ``count`` SGD steps, starting a new shuffled epoch whenever one ends."""
        train_x, train_y = split()[:2]
        for _ in range(count):
            batch = self.order[self.position:self.position + BATCH]
            cache = forward(self.params, train_x[batch])
            self.losses.append(loss(cache["probs"], train_y[batch]))
            grads = gradients(self.params, cache, train_y[batch])
            for name in PARAM_NAMES:
                self.velocity[name] = MOMENTUM * self.velocity[name] - RATE * grads[name]
                self.params[name] = self.params[name] + self.velocity[name]
            self.position += BATCH
            if self.position >= len(train_y):
                self.epoch, self.position = self.epoch + 1, 0
                self.order = self._rng.permutation(len(train_y))

    def train_epochs(self, epochs: int) -> None:
        while self.epoch < epochs:
            self.train_batches(1)

    def held_out(self) -> tuple:
        """``(loss, accuracy)`` on the 360 held-out digits, from one forward pass."""
        test_x, test_y = split()[2:]
        probs = forward(self.params, test_x)["probs"]
        return loss(probs, test_y), float(np.mean(probs.argmax(axis=1) == test_y))


def claimed_epochs() -> int:
    """The epochs after which the chapter states the held-out accuracy (``EPOCHS_CLAIMED``)."""
    return EPOCHS_CLAIMED


def batches_per_epoch() -> int:
    """SGD steps in one pass over the training images.

    >>> batches_per_epoch()
    45
    """
    return -(-len(split()[1]) // BATCH)


@lru_cache(maxsize=8)
def held_out_accuracy(epochs: int, seed: int = SEED) -> float:
    """Accuracy on the 360 held-out images after ``epochs`` passes over the training images."""
    trainer = Trainer(seed)
    trainer.train_epochs(int(epochs))
    return trainer.held_out()[1]


TITLE = "Training a ConvNet on handwritten digits"
SUMMARY = ("Eight 3×3 filters, a ReLU, a 2×2 max-pool and one linear layer learn to read 8×8 digits: the "
           "loss falls, the accuracy on held-out digits rises, and the filters take shape.")
DATA_FILES = (_digits.DATA_FILE,)  # fetched by the page's worker when this simulation loads, and only then
PARAMS = ()  # no settings: the page's Train, Pause and Reset buttons and the drawing pad drive it
# What the page's trainer sends instead (templates/assets/js/trainer.js): checked like settings.
CHUNK_LIMIT = 2 * 45
COMMANDS = (
    Int("train", "Batches to train", 0, 0, CHUNK_LIMIT, help="SGD steps to take on the page's run."),
    Bool("reset", "Start again", False, help="A new run from the seed's random weights."),
)
CHUNK = 5  # batches per worker call: short enough that Pause acts within 100 ms in Pyodide
PAD = 32  # the drawing pad is a 32×32 bitmap, as the UCI digits were before their 4×4 blocks were counted
_RUN: dict = {}  # the page's one live run, kept in the worker's module between its short calls


def view(**params) -> dict:
    """The untrained network at first paint; with ``train``/``reset``/``drawing``, the page's live run.

    ``drawing`` is the reader's digit: ``PAD``×``PAD`` characters ``0``/``1``, row by row ("" clears it).
    """
    drawing = params.pop("drawing", None)
    commands = resolve(COMMANDS, params)
    if not params and drawing is None:
        return _first_paint()
    if commands["reset"] or "trainer" not in _RUN:
        _RUN.update(trainer=Trainer(), image=None)
    if drawing is not None:
        _RUN["image"] = digit_from_drawing(drawing)
    _RUN["trainer"].train_batches(commands["train"])
    return training_view(_RUN["trainer"], _RUN["image"])


@lru_cache(maxsize=1)
def _first_paint() -> dict:
    return training_view(Trainer(), None)


def digit_from_drawing(drawing) -> np.ndarray | None:
    """A drawing as the network's input: framed to its ink, scaled to fill 32×32, 4×4 blocks counted.

    That is how the UCI digits were made from their writers' bitmaps, so a drawn digit looks like the
    training digits. Returns None for an empty drawing; values are in [0, 1] like ``split()``'s.

    >>> stroke = "".join("1" if 8 <= c < 12 else "0" for r in range(32) for c in range(32))
    >>> digit_from_drawing(stroke).shape
    (8, 8)
    """
    text = str(drawing)
    if len(text) not in (0, PAD * PAD) or set(text) - {"0", "1"}:
        raise ValueError(f"A drawing must be {PAD * PAD} characters 0 or 1, one per pad pixel.")
    if "1" not in text:
        return None
    ink = np.array([c == "1" for c in text]).reshape(PAD, PAD)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    box = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    scale = PAD / max(box.shape)
    size = [max(1, min(PAD, int(round(side * scale)))) for side in box.shape]
    picks = [np.minimum((np.arange(n) / scale).astype(int), side - 1) for n, side in zip(size, box.shape)]
    framed = np.zeros((PAD, PAD))
    top, left = (PAD - size[0]) // 2, (PAD - size[1]) // 2
    framed[top:top + size[0], left:left + size[1]] = box[np.ix_(*picks)]
    block = PAD // _digits.SIZE
    return framed.reshape(_digits.SIZE, block, _digits.SIZE, block).sum(axis=(1, 3)) / _digits.LEVELS


def training_view(trainer: "Trainer", image: np.ndarray | None) -> dict:
    """What the page draws for a run: readout, loss curve, filters, one digit's maps and probabilities."""
    test_x, test_y = split()[2:]
    yours = image is not None
    digit = image if yours else test_x[0, 0]
    cache = forward(trainer.params, digit[None, None])
    probs = cache["probs"][0]
    held_loss, held = trainer.held_out()
    guess = int(probs.argmax())
    panels = [
        _view.curve("loss", "Training loss, batch by batch", trainer.losses, x_label="batches",
                    y_label="loss", total=max(len(trainer.losses), batches_per_epoch())),
        *[_view.image(f"filter-{i}", f"Filter {i + 1}", _unit(trainer.params["conv_w"][i, 0]))
          for i in range(FILTERS)],
        _view.image("digit", "Your drawing, as 8×8 input" if yours
                    else f"A held-out digit (a {int(test_y[0])}), the input", digit),
        *[_view.image(f"map-{i}", f"Map {i + 1} after ReLU", _unit(cache["maps"][0, i], low=0.0))
          for i in range(FILTERS)],
        _view.bars("probs", "Class probabilities", [
            _view.bar(str(n), probs[n], _format.percent(probs[n])) for n in range(CLASSES)]),
    ]
    readout = (f"Epoch {trainer.epoch} · batch {len(trainer.losses)} · loss {_format.number(held_loss, 3)} · "
               f"accuracy {_format.percent(held)} · prediction {guess} ({_format.percent(probs[guess])})")
    state = _view.state(readout, panels, notes=[
        f"Loss and accuracy are measured on the {len(test_y)} held-out digits, which training never sees.",
        f"{_format.count(parameter_count())} parameters; {batches_per_epoch()} batches of {BATCH} digits "
        "make one epoch. Filters are drawn from their most negative weight (black) to their most positive "
        "(white)."])
    state["trainer"] = {"pad": PAD, "cell": PAD // _digits.SIZE, "cells": _digits.SIZE, "chunk": CHUNK}
    return state


def _unit(values: np.ndarray, low: float | None = None) -> np.ndarray:
    low = float(values.min()) if low is None else low
    high = float(values.max())
    return (values - low) / ((high - low) or 1.0)


# The numbers chapter 7 states, computed by this network (convlab's checked facts read this table).
FACTS = {
    "digits_params": (parameter_count, "digits_params()"),
    "digits_epochs": (claimed_epochs, "digits_epochs()"),
    "digits_accuracy": (held_out_accuracy, "digits_accuracy(epochs, seed=0)"),
}
