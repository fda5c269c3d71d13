"""Every worked example in the chapters is a preset of its simulation, and the preset shows the text's numbers.

The numbers are read out of the chapter's Markdown (its own formulas and tables), so a change of the text
or of a preset that makes them disagree fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from convlab.site.registry import discover_simulations
from simulations import conv1d, fc_vs_conv, output_size, pooling, stride_padding
from simulations._params import resolve

CONTENT = Path(__file__).resolve().parents[2] / "content"
WITH_PRESETS = {name: sim for name, sim in discover_simulations().items() if sim.presets()}


def chapter(prefix: str) -> str:
    return next(CONTENT.glob(f"{prefix}-*.md")).read_text(encoding="utf-8")


def numbers(text: str) -> list[float]:
    return [float(value) for value in re.findall(r"-?\d+(?:\.\d+)?", text)]


def shown(text_rows: list) -> list[float]:
    return [float(cell.replace("−", "-")) for row in text_rows for cell in row]


def panels(module, preset) -> dict:
    return {panel["id"]: panel for panel in module.view(**preset.values)["panels"]}


def test_the_chapters_simulations_with_worked_examples_have_presets():
    assert set(WITH_PRESETS) >= {"conv1d", "pooling", "output_size", "stride_padding", "fc_vs_conv"}


@pytest.mark.parametrize("name", sorted(WITH_PRESETS))
def test_every_preset_is_a_valid_setting_with_a_caption(name):
    module = WITH_PRESETS[name].module
    for preset in module.PRESETS:
        assert preset.label and not preset.label.endswith(".")
        resolve(module.PARAMS, preset.values)
        assert set(preset.values) == {param.name for param in module.PARAMS}, "a preset sets every control"


def test_chapter_1_signal_and_kernel_give_its_output():
    text = chapter("01")
    signal, kernel = re.search(r"signal \$\(([^)]*)\)\$ and the kernel \$\(([^)]*)\)\$", text).groups()
    output = re.search(r"the output is \$\(([^)]*)\)\$", text).group(1)
    (preset,) = conv1d.PRESETS
    shown_panels = panels(conv1d, preset)
    assert shown(shown_panels["input"]["text"]) == numbers(signal)
    assert shown(shown_panels["kernel"]["text"]) == numbers(kernel)
    assert shown(shown_panels["output"]["text"]) == numbers(output)


def test_chapter_4_pooling_grid_and_both_results():
    matrices = re.findall(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", chapter("04"))
    grid, max_pooled, avg_pooled = (numbers(matrix) for matrix in matrices[:3])
    max_preset, avg_preset = pooling.PRESETS
    assert shown(panels(pooling, max_preset)["input"]["text"]) == grid
    assert shown(panels(pooling, max_preset)["output"]["text"]) == max_pooled
    assert shown(panels(pooling, avg_preset)["output"]["text"]) == avg_pooled


def test_chapter_5_table_of_examples_row_by_row():
    rows = re.findall(r"^\| (\d+) \| (\d+) \| (\d+) \| (\d+) \| [^|]+ \| (\d+) \|$", chapter("05"), flags=re.M)
    assert len(rows) == len(output_size.PRESETS) == 5
    for (w, k, p, s, o), preset in zip(rows, output_size.PRESETS):
        assert {key: preset.values[key] for key in ("width", "kernel", "padding", "stride")} == \
            {"width": int(w), "kernel": int(k), "padding": int(p), "stride": int(s)}
        formula = panels(output_size, preset)["formula"]["lines"][1]
        assert formula.endswith(f"= {o}")


def test_chapter_3_padding_examples():
    text = chapter("03")
    without = re.search(r"On a (\d+)×\d+ input, a (\d+)×\d+ kernel.*?the output is (\d+)×\d+", text, re.S)
    padded = re.search(r"the output is \*\*(\d+)×\d+, the same size", text)
    plain_preset, padded_preset = stride_padding.PRESETS
    assert (plain_preset.values["size"], plain_preset.values["kernel"]) == tuple(map(int, without.groups()[:2]))
    assert stride_padding.view(**plain_preset.values)["readout"].startswith(f"Output: {without.group(3)}×")
    assert padded_preset.values["padding"] == 1
    assert stride_padding.view(**padded_preset.values)["readout"].startswith(f"Output: {padded.group(1)}×")


def test_chapter_0_layer_sizes():
    text = chapter("00")
    assert "256 \\times 256 \\times 3" in text and "1,000 of them" in text
    (preset,) = fc_vs_conv.PRESETS
    assert (preset.values["size"], preset.values["channels"], preset.values["units"]) == (256, 3, 1000)
    readout = fc_vs_conv.view(**preset.values)["readout"]
    assert readout.startswith(f"Fully connected: {256 * 256 * 3 * 1000:,} · Convolution: {3 * 3 * 3 * 1000:,}")
