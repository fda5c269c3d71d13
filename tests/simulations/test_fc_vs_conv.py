import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from simulations import fc_vs_conv as sim


def torch_counts(size, channels, units, kernel, bias):
    """Parameters torch allocates for both layers (on the meta device: no memory for 200 M weights)."""
    dense = torch.nn.Linear(size * size * channels, units, bias=bias, device="meta")
    conv = torch.nn.Conv2d(channels, units, kernel, bias=bias, device="meta")
    return (sum(p.numel() for p in dense.parameters()), sum(p.numel() for p in conv.parameters()))


def test_the_chapters_256x256_rgb_image_needs_about_200_million_weights():
    state = sim.view()
    bars = {item["label"]: item for item in state["panels"][0]["items"]}
    assert bars["Fully connected"]["value"] == 256 * 256 * 3 * 1000 == 196_608_000
    assert bars["Fully connected"]["text"] == "196,608,000 (about 197 million)"
    assert state["panels"][2]["rows"][1] == ["Weights", "196,608", "27"]
    assert state["readout"] == ("Fully connected: 196,608,000 · Convolution: 27,000 · "
                                "7,282× fewer with convolution")


@settings(max_examples=60, deadline=None)
@given(size=st.integers(8, 512), channels=st.integers(1, 64), units=st.integers(1, 4096),
       kernel=st.integers(1, 7), bias=st.booleans())
def test_counts_are_what_torch_allocates(size, channels, units, kernel, bias):
    state = sim.view(size=size, channels=channels, units=units, kernel=kernel, bias=bias)
    dense, conv = torch_counts(size, channels, units, kernel, bias)
    texts = [item["text"].split(" ")[0] for item in state["panels"][0]["items"]]
    assert texts == [f"{dense:,}", f"{conv:,}"]
    assert state["readout"].startswith(f"Fully connected: {dense:,} · Convolution: {conv:,} · ")


def test_the_conv_count_does_not_depend_on_the_image_size():
    small, large = sim.view(size=8), sim.view(size=512)
    same = ("label", "value", "text")
    assert [small["panels"][0]["items"][1][key] for key in same] == \
        [large["panels"][0]["items"][1][key] for key in same]
    assert small["panels"][0]["items"][0]["value"] < large["panels"][0]["items"][0]["value"]


def test_biases_add_one_per_neuron_and_per_filter():
    lines = sim.view(bias="on")["panels"][1]["lines"]
    assert lines == ["Fully connected: (256 × 256 × 3 + 1) × 1,000 neurons = 196,609,000",
                     "Convolution: (3 × 3 × 3 + 1) × 1,000 filters = 28,000"]


@pytest.mark.parametrize("n, words", [(999, "999"), (1_000, "about 1 thousand"),
                                      (27_000, "about 27 thousand"), (196_608_000, "about 197 million"),
                                      (2_500_000_000, "about 2.5 billion")])
def test_counts_in_words(n, words):
    assert sim.approximately(n) == words
