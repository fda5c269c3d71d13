"""Chapter 0: how many weights a fully-connected layer needs for an image, next to a conv layer.

A fully-connected neuron has one weight per input value, so its count grows with the image: a 256×256
RGB image gives 196,608 weights per neuron, and 1,000 neurons about 200 million. A conv filter looks at a
K×K patch of every channel and reuses the same weights at every position, so its count does not depend
on the image size at all.
"""

from __future__ import annotations

from . import _format, _view
from ._params import Bool, Int, Preset, resolve
from .output_size import conv_params, fc_params

TITLE = "Fully connected vs convolution"
SUMMARY = ("Choose an image size and a layer width and compare the weights a fully-connected layer needs "
           "with those of a conv layer.")
PARAMS = (
    Int("size", "Image size", 256, 8, 512, help="Width and height of the square image, in pixels."),
    Int("channels", "Channels", 3, 1, 64, help="Values per pixel: 3 for an RGB image."),
    Int("units", "Neurons / filters", 1000, 1, 4096,
        help="Neurons of the fully-connected layer, and filters of the conv layer."),
    Int("kernel", "Kernel size", 3, 1, 7, help="Width and height of each conv filter."),
    Bool("bias", "Count biases", False, help="Add one bias per neuron or filter to the counts."),
)
PRESETS = (
    Preset("photo", "a 256×256 RGB image, 1,000 neurons or 3×3 filters",
           {"size": 256, "channels": 3, "units": 1000, "kernel": 3, "bias": False}),
)


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    size, channels, units = settings["size"], settings["channels"], settings["units"]
    k, bias = settings["kernel"], settings["bias"]
    inputs = size * size * channels
    dense = fc_params(inputs, units, bias)
    conv = conv_params(k, channels, units, bias)
    ratio = dense / conv
    plus = " + 1" if bias else ""
    lines = [
        f"Fully connected: ({size} × {size} × {channels}{plus}) × {_format.plural(units, 'neuron')} "
        f"= {_format.count(dense)}",
        f"Convolution: ({k} × {k} × {channels}{plus}) × {_format.plural(units, 'filter')} "
        f"= {_format.count(conv)}",
    ]
    panels = [
        _view.bars("weights", "Weights in one layer", [
            _view.bar("Fully connected", dense, f"{_format.count(dense)} ({approximately(dense)})"),
            _view.bar("Convolution", conv, f"{_format.count(conv)} ({approximately(conv)})"),
        ], scale="log"),
        _view.text("counts", "Where the numbers come from", lines),
        _view.table("per_unit", "One neuron vs one filter", ["Per unit", "Fully connected", "Convolution"], [
            ["Looks at", f"every value: {_format.shape(size, size, channels)}",
             f"a {_format.shape(k, k, channels)} patch, at every position"],
            ["Weights", _format.count(inputs), _format.count(k * k * channels)],
        ]),
    ]
    readout = (f"Fully connected: {_format.count(dense)} · Convolution: {_format.count(conv)} · "
               f"{_times(ratio)} fewer with convolution")
    note = (f"The conv layer's count does not depend on the image size: only the fully-connected layer "
            f"grows with the {_format.count(size * size)} pixels.")
    return _view.state(readout, panels, notes=[note])


def approximately(n: int) -> str:
    """A count in words, the way the chapter rounds it.

    >>> approximately(196_608_000), approximately(27_000), approximately(512)
    ('about 197 million', 'about 27 thousand', '512')
    """
    for size, word in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= size:
            return f"about {_format.number(float(f'{n / size:.3g}'), 1)} {word}"
    return _format.count(n)


def _times(ratio: float) -> str:
    return f"{_format.count(round(ratio))}×" if ratio >= 10 else f"{_format.number(ratio, 1)}×"
