"""Chapter 6: the chapter's small ConvNet traced layer by layer, shapes and parameters.

Each block is Conv2d (padding K // 2, so odd kernels keep the size) → ReLU → MaxPool2d(2); every block
doubles the filters of the one before. After the blocks the feature maps are flattened and a Linear layer
gives the class scores. With the defaults this is exactly the chapter's ``nn.Sequential``:
32×32×3 → 32×32×32 → 16×16×32 → 16×16×64 → 8×8×64 → 4096 → 10.
"""

from __future__ import annotations

import numbers

from . import _format, _view
from ._params import Int, resolve
from .output_size import conv_params, fc_params, output_size

TITLE = "ConvNet architecture"
SUMMARY = ("Follow an image through CONV → ReLU → POOL blocks: the spatial size shrinks while the number "
           "of channels grows, until a linear layer gives the class scores.")
PARAMS = (
    Int("size", "Input size", 32, 8, 64, help="Width and height of the input image."),
    Int("in_channels", "Input channels", 3, 1, 4, help="3 for an RGB image, 1 for grayscale."),
    Int("channels", "Filters in block 1", 32, 1, 128, help="Each later block doubles this."),
    Int("kernel", "Kernel size", 3, 1, 7, help="Conv kernel size; padding is K // 2."),
    Int("blocks", "Blocks", 2, 1, 4, help="How many CONV → ReLU → POOL blocks."),
    Int("classes", "Classes", 10, 2, 1000, help="Outputs of the final linear layer."),
)


def trace(size: int = 32, in_channels: int = 3, channels: int = 32, kernel: int = 3, blocks: int = 2,
          classes: int = 10) -> list[dict]:
    """Every layer: its PyTorch spelling, ``kind``, ``block`` (1-based, None after the blocks), output
    ``shape`` ((C, H, W), or (N,) once flat) and ``params``.

    >>> for layer in trace()[::3]:
    ...     print(layer["layer"], layer["shape"], layer["params"])
    nn.Conv2d(3, 32, 3, padding=1) (32, 32, 32) 896
    nn.Conv2d(32, 64, 3, padding=1) (64, 16, 16) 18496
    nn.Flatten() (4096,) 0
    >>> sum(layer["params"] for layer in trace())
    60362
    """
    layers, shape = [], (in_channels, size, size)
    for block in range(blocks):
        filters = channels * 2 ** block
        pad = kernel // 2
        side = output_size(shape[1], kernel, pad, 1)
        spelled_pad = f", padding={pad}" if pad else ""
        layers.append(_layer(f"nn.Conv2d({shape[0]}, {filters}, {kernel}{spelled_pad})", "conv",
                             (filters, side, side), conv_params(kernel, shape[0], filters), block + 1))
        layers.append(_layer("nn.ReLU()", "relu", (filters, side, side), 0, block + 1))
        shape = (filters, _pooled(side, block), _pooled(side, block))
        layers.append(_layer("nn.MaxPool2d(2)", "pool", shape, 0, block + 1))
    flat = shape[0] * shape[1] * shape[2]
    layers.append(_layer("nn.Flatten()", "flatten", (flat,), 0))
    layers.append(_layer(f"nn.Linear({flat}, {classes})", "linear", (classes,), fc_params(flat, classes)))
    return layers


def view(**params) -> dict:
    settings = resolve(PARAMS, params)
    layers = trace(**settings)
    first = (settings["in_channels"], settings["size"], settings["size"])
    total = sum(layer["params"] for layer in layers)
    rows = [["Input", shape_text(first), "0"]]
    rows += [[layer["layer"], shape_text(layer["shape"]), _format.count(layer["params"])] for layer in layers]
    rows.append(["Total", "", _format.count(total)])
    spatial = [("Input", first)] + [(_short(layer), layer["shape"]) for layer in layers
                                     if layer["kind"] in ("conv", "pool")]
    panels = [
        _view.table("layers", "Layer by layer", ["Layer", "Output", "Parameters"], rows,
                    highlight=len(rows) - 1),
        _view.bars("size", "Width and height", [
            _view.bar(label, shape[1], _format.shape(shape[1], shape[2])) for label, shape in spatial]),
        _view.bars("depth", "Channels", [
            _view.bar(label, shape[0], f"{shape[0]} channels") for label, shape in spatial]),
        _view.text("code", "The same network in PyTorch", _code(layers)),
    ]
    chain = [first] + [layer["shape"] for layer in layers if layer["kind"] != "relu"]
    readout = " → ".join(shape_text(shape) for shape in chain) + f" · Parameters: {_format.count(total)}"
    return _view.state(readout, panels, notes=_kernel_notes(settings["kernel"], settings["size"]))


def _kernel_notes(kernel: int, size: int) -> list:
    """An even kernel has no centre pixel, so padding K // 2 cannot keep the size: say what it does."""
    if kernel % 2:
        return []
    grown = output_size(size, kernel, kernel // 2, 1)
    return [f"A {kernel}×{kernel} kernel has no centre pixel: padding K // 2 = {kernel // 2} adds one pixel "
            f"more than the kernel takes away, so each conv grows the map by one ({size} → {grown} in "
            "block 1), as nn.Conv2d does. Odd kernels (1, 3, 5, 7) keep the size."]


def shape_text(shape: tuple) -> str:
    """(C, H, W) written as the chapter writes it, H×W×C; a flat shape as its length."""
    return _format.shape(shape[1], shape[2], shape[0]) if len(shape) == 3 else str(shape[0])


def _layer(layer: str, kind: str, shape: tuple, params: int, block: int | None = None) -> dict:
    return {"layer": layer, "kind": kind, "block": block, "shape": shape, "params": params}


def _pooled(side: int, block: int) -> int:
    if side < 2:
        raise ValueError(f"Block {block + 1} gets a {side}×{side} feature map, too small for a 2×2 pool; "
                         "use fewer blocks or a larger input.")
    return output_size(side, 2, 0, 2)


def _short(layer: dict) -> str:
    return f"{'Conv' if layer['kind'] == 'conv' else 'Pool'} {layer['block']}"


def _code(layers: list) -> list:
    return (["model = nn.Sequential("] + [f"    {layer['layer']},  # → {shape_text(layer['shape'])}"
                                          for layer in layers] + [")"])


def layer_shape(i, **network) -> tuple:
    """H×W×C after layer ``i`` of the network (0 is the input), or (N,) once it is flat."""
    shape = _layer_at(i, network)["shape"]
    return (shape[1], shape[2], shape[0]) if len(shape) == 3 else tuple(shape)


def layer_params(i, **network) -> int:
    """The parameters of layer ``i`` of the network (the input, layer 0, has none)."""
    return _layer_at(i, network)["params"]


def network_params(**network) -> int:
    """The parameters of the whole network."""
    return sum(layer["params"] for layer in trace(**resolve(PARAMS, network)))


def _layer_at(index, network: dict) -> dict:
    """Layer ``index`` of the traced network, the input being layer 0; settings checked by ``PARAMS``."""
    settings = resolve(PARAMS, network)
    first = {"shape": (settings["in_channels"], settings["size"], settings["size"]), "params": 0}
    layers = [first, *trace(**settings)]
    if isinstance(index, bool) or not isinstance(index, numbers.Integral) or not 0 <= index < len(layers):
        raise ValueError(f"The network has layers 0 (the input) to {len(layers) - 1}; got {index!r}.")
    return layers[index]


# What a chapter's checked facts may call, ``{{= name(...) }}``: name -> (function, how an author calls it).
# The build discovers this table (convlab/site/registry.py), so a course's facts come from its simulations.
FACTS = {
    "layer_shape": (layer_shape, "layer_shape(i, **network)"),
    "layer_params": (layer_params, "layer_params(i, **network)"),
    "network_params": (network_params, "network_params(**network)"),
}
