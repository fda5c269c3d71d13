"""Chapter 7: a small ConvNet trained on real handwritten digits, forward and backward by hand in numpy.

    8×8 digit → conv 3×3, 8 filters, padding 1 → ReLU → 2×2 max-pool → linear 128 → 10 → softmax

The convolution and its gradients are ``channels.correlate`` and ``learning.backward``, the functions the
chapter proves equal to PyTorch; pooling, ReLU, the linear layer and the softmax cross-entropy are a few
lines each below. Training is minibatch SGD with momentum, deterministic for a seed: the same seed
draws the same starting weights and the same order of batches, in CPython and in Pyodide.

A ``Trainer`` holds one run and advances it a few batches at a time (``train_batches``), so the page can
train in short worker calls and stop between any two of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from . import _digits, _format, _view
from ._params import Int, resolve
from .channels import correlate
from .learning import backward as conv_backward
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
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    pre = correlate(padded, params["conv_w"], (1, 1), params["conv_b"])
    maps = np.maximum(pre, 0.0)
    n, f, h, w = maps.shape
    windows = maps.reshape(n, f, h // POOL, POOL, w // POOL, POOL).transpose(0, 1, 2, 4, 3, 5)
    windows = windows.reshape(n, f, h // POOL, w // POOL, POOL * POOL)
    choice = windows.argmax(axis=-1)
    pooled = np.take_along_axis(windows, choice[..., None], axis=-1)[..., 0]
    logits = pooled.reshape(n, -1) @ params["fc_w"].T + params["fc_b"]
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = shifted / shifted.sum(axis=1, keepdims=True)
    return {"padded": padded, "pre": pre, "maps": maps, "choice": choice, "pooled": pooled,
            "logits": logits, "probs": probs}


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
    # Max-pooling passes each window's gradient to the one cell that won it.
    grad_windows = np.zeros(cache["choice"].shape + (POOL * POOL,))
    np.put_along_axis(grad_windows, cache["choice"][..., None], grad_pooled[..., None], axis=-1)
    _, f, h, w = cache["maps"].shape
    grad_maps = grad_windows.reshape(n, f, h // POOL, w // POOL, POOL, POOL).transpose(0, 1, 2, 4, 3, 5)
    grad_pre = grad_maps.reshape(cache["maps"].shape) * (cache["pre"] > 0)
    _, grad_conv_w, grad_conv_b = conv_backward(cache["padded"], params["conv_w"], grad_pre, (1, 1), (1, 1))
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
PARAMS = (
    Int("epochs", "Epochs trained", 0, 0, 5, help="Passes over the 1,437 training digits before the picture."),
    Int("example", "Held-out digit", 0, 0, 359, help="Which of the 360 held-out digits to run the network on."),
)


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    return training_view(_trained(settings["epochs"]), split()[2][settings["example"], 0])


@lru_cache(maxsize=8)
def _trained(epochs: int) -> "Trainer":
    """A run of the default seed after ``epochs`` epochs; views only read it."""
    trainer = Trainer()
    trainer.train_epochs(epochs)
    return trainer


def training_view(trainer: "Trainer", image: np.ndarray) -> dict:
    """What the page draws for a run: readout, loss by epoch, filters, one digit's maps and probabilities."""
    test_y = split()[3]
    cache = forward(trainer.params, image[None, None])
    probs = cache["probs"][0]
    held_loss, held = trainer.held_out()
    panels = [
        _view.bars("loss", "Training loss, mean of each epoch", _epoch_bars(trainer)),
        *[_view.image(f"filter-{i}", f"Filter {i + 1}", _unit(trainer.params["conv_w"][i, 0]))
          for i in range(FILTERS)],
        _view.image("digit", "The digit", image),
        *[_view.image(f"map-{i}", f"Map {i + 1} after ReLU", _unit(cache["maps"][0, i], low=0.0))
          for i in range(FILTERS)],
        _view.bars("probs", "Class probabilities", [
            _view.bar(str(digit), probs[digit], _format.percent(probs[digit])) for digit in range(CLASSES)]),
    ]
    readout = (f"Epoch {trainer.epoch} · loss {_format.number(held_loss, 3)} · "
               f"accuracy {_format.percent(held)} on {len(test_y)} held-out digits · "
               f"prediction {int(probs.argmax())}")
    return _view.state(readout, panels, notes=[
        f"Loss and accuracy are measured on the {len(test_y)} held-out digits, which training never sees.",
        f"{_format.count(parameter_count())} parameters; {batches_per_epoch()} batches of {BATCH} digits "
        "make one epoch."])


def _epoch_bars(trainer: "Trainer") -> list:
    per = batches_per_epoch()
    means = [float(np.mean(trainer.losses[i:i + per])) for i in range(0, len(trainer.losses), per)]
    return [_view.bar(f"Epoch {i + 1}", value, _format.number(value, 3)) for i, value in enumerate(means)]


def _unit(values: np.ndarray, low: float | None = None) -> np.ndarray:
    low = float(values.min()) if low is None else low
    high = float(values.max())
    return (values - low) / ((high - low) or 1.0)
