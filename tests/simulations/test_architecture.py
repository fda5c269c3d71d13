import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from simulations import architecture as sim
from simulations.architecture import trace


def torch_network(size=32, in_channels=3, channels=32, kernel=3, blocks=2, classes=10):
    """The chapter's nn.Sequential, generalised the way the simulation describes it, built by torch."""
    layers, depth = [], in_channels
    for block in range(blocks):
        filters = channels * 2 ** block
        conv = torch.nn.Conv2d(depth, filters, kernel, padding=kernel // 2)
        layers += [conv, torch.nn.ReLU(), torch.nn.MaxPool2d(2)]
        depth = filters
    model = torch.nn.Sequential(*layers, torch.nn.Flatten())
    with torch.no_grad():
        flat = model(torch.zeros(1, in_channels, size, size)).shape[1]
    return torch.nn.Sequential(*layers, torch.nn.Flatten(), torch.nn.Linear(flat, classes))


def torch_trace(model, size, in_channels):
    """Each layer's output shape (without the batch axis) and parameter count, recorded by forward hooks."""
    shapes = []
    for layer in model:
        layer.register_forward_hook(lambda module, inputs, output: shapes.append(tuple(output.shape[1:])))
    with torch.no_grad():
        model(torch.zeros(1, in_channels, size, size))
    return [(shape, sum(p.numel() for p in layer.parameters())) for shape, layer in zip(shapes, model)]


def test_the_chapters_network_traced_by_torch():
    model = torch.nn.Sequential(
        torch.nn.Conv2d(3, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(4096, 10))
    assert [(layer["shape"], layer["params"]) for layer in trace()] == torch_trace(model, 32, 3)
    assert [layer["layer"] for layer in trace()] == [
        "nn.Conv2d(3, 32, 3, padding=1)", "nn.ReLU()", "nn.MaxPool2d(2)", "nn.Conv2d(32, 64, 3, padding=1)",
        "nn.ReLU()", "nn.MaxPool2d(2)", "nn.Flatten()", "nn.Linear(4096, 10)"]


def test_default_readout_is_the_chapters_chain_of_shapes():
    assert sim.view()["readout"] == ("32×32×3 → 32×32×32 → 16×16×32 → 16×16×64 → 8×8×64 → 4096 → 10 · "
                                     "Parameters: 60,362")


@settings(max_examples=60, deadline=None)
@given(size=st.integers(8, 64), in_channels=st.integers(1, 4), channels=st.integers(1, 16),
       kernel=st.integers(1, 7), blocks=st.integers(1, 4), classes=st.integers(2, 20))
def test_trace_equals_torch_for_any_settings(size, in_channels, channels, kernel, blocks, classes):
    settings_ = dict(size=size, in_channels=in_channels, channels=channels, kernel=kernel, blocks=blocks,
                     classes=classes)
    try:
        layers = trace(**settings_)
    except ValueError:
        with pytest.raises(RuntimeError):
            torch_network(**settings_)
        return
    expected = torch_trace(torch_network(**settings_), size, in_channels)
    assert [(layer["shape"], layer["params"]) for layer in layers] == expected


def test_view_table_lists_every_layer_and_the_total():
    rows = sim.view()["panels"][0]["rows"]
    assert rows[0] == ["Input", "32×32×3", "0"]
    assert rows[1] == ["nn.Conv2d(3, 32, 3, padding=1)", "32×32×32", "896"]
    assert rows[-2] == ["nn.Linear(4096, 10)", "10", "40,970"]
    assert rows[-1] == ["Total", "", "60,362"]


def test_spatial_size_shrinks_while_channels_grow():
    panels = {panel["id"]: panel for panel in sim.view(blocks=3)["panels"]}
    widths = [item["value"] for item in panels["size"]["items"]]
    depths = [item["value"] for item in panels["depth"]["items"]]
    assert widths == [32, 32, 16, 16, 8, 8, 4]
    assert depths == [3, 32, 32, 64, 64, 128, 128]


def test_too_many_blocks_for_the_input_is_explained():
    with pytest.raises(ValueError) as error:
        sim.view(size=8, blocks=4)
    assert str(error.value) == ("Block 4 gets a 1×1 feature map, too small for a 2×2 pool; use fewer blocks "
                                "or a larger input.")
