"""Every worked example in the chapters is a preset of its simulation, and the preset shows the text's numbers.

The numbers are read out of the chapter's Markdown (its own formulas and tables), so a change of the text
or of a preset that makes them disagree fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from convlab.site.registry import discover_simulations
from convlab.markdown.facts import evaluate
from simulations import conv1d, conv2d, fc_vs_conv, output_size, pooling, stride_padding
from simulations import _format
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


def first_step(module, preset) -> tuple[dict, dict]:
    """The panels as the first press of Step shows them (that step's changes applied), and the step."""
    state = module.view(**preset.values)
    step = state["steps"][0]
    return {panel["id"]: {**panel, **step["panels"].get(panel["id"], {})} for panel in state["panels"]}, step


def embed_options(text: str, name: str) -> dict:
    """The options of the chapter's first ``::: simulation name`` directive, as written."""
    block = re.search(rf"^::: simulation {name}\n((?:[\w-]+: .*\n)*):::$", text, re.M).group(1)
    return dict(re.findall(r"^([\w-]+): (.*)$", block, re.M))


def offered(text: str, module) -> list:
    """The presets the chapter's embed of ``module`` offers, by the keys of its ``presets:`` line."""
    by_key = {preset.key: preset for preset in module.PRESETS}
    keys = embed_options(text, module.__name__.rsplit(".", 1)[1])["presets"]
    return [by_key[key.strip()] for key in keys.split(",")]


def bmatrices(text: str) -> list[np.ndarray]:
    """Every ``bmatrix`` of ``text``, as arrays, in order."""
    return [np.array([numbers(row) for row in body.split("\\\\")])
            for body in re.findall(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", text, re.S)]


def test_the_chapters_simulations_with_worked_examples_have_presets():
    assert set(WITH_PRESETS) >= {"conv1d", "conv2d", "pooling", "output_size", "stride_padding", "fc_vs_conv"}


@pytest.mark.parametrize("name", sorted(WITH_PRESETS))
def test_every_preset_is_a_valid_setting_with_a_caption_and_a_key(name):
    module = WITH_PRESETS[name].module
    for preset in module.PRESETS:
        assert preset.label and not preset.label.endswith(".")
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", preset.key), "a key fits a 'presets:' line"
        resolve(module.PARAMS, preset.values)
        assert set(preset.values) == {param.name for param in module.PARAMS}, "a preset sets every control"
    keys = [preset.key for preset in module.PRESETS]
    assert len(set(keys)) == len(keys), "keys are unique within a simulation"


@pytest.mark.parametrize("name", sorted(discover_simulations()))
def test_no_simulation_has_a_setting_called_presets(name):
    """The directive's ``presets:`` line chooses examples; a control of that name could not be set."""
    assert "presets" not in {param.name for param in discover_simulations()[name].module.PARAMS}


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


def facts_in(text: str) -> list:
    """The values of a passage's checked facts, in order, as the build computes them."""
    return [evaluate(expression) for expression in re.findall(r"\{\{=(.*?)(?::[^:}]*)?\}\}", text)]


def readout_size(module, preset) -> tuple:
    side = re.match(r"(?:Kernel: [^·]+ · )?Output: (\d+)×(\d+)", module.view(**preset.values)["readout"])
    return tuple(map(int, side.groups()))


def test_chapter_3_stride_example_on_9x9_is_two_presets():
    passage = re.search(r"Take a (\d+)×\d+ input and a (\d+)×\d+ kernel\..*?instead of\n.*?\.", chapter("03"), re.S)
    at_1, at_2, square_2, square_1 = facts_in(passage.group(0))
    one, two = stride_padding.PRESETS[:2]
    for preset, stride in ((one, 1), (two, 2)):
        assert (preset.values["size"], preset.values["kernel"], preset.values["stride"], preset.values["padding"]) \
            == (int(passage.group(1)), int(passage.group(2)), stride, 0)
    assert readout_size(stride_padding, one) == square_1 == (at_1, at_1) == (7, 7)
    assert readout_size(stride_padding, two) == square_2 == (at_2, at_2) == (4, 4)


def test_chapter_3_padding_examples_are_presets_and_their_counts_the_coverage_map():
    text = chapter("03")
    without = re.search(r"On a (\d+)×\d+ input, a (\d+)×\d+ kernel fits in\n.*?: smaller", text, re.S)
    padded = re.search(r"Now add one ring of zeros.*?the same size as the input", text, re.S)
    plain_preset, padded_preset = stride_padding.PRESETS[2:]
    assert (plain_preset.values["size"], plain_preset.values["kernel"]) == tuple(map(int, without.groups()))
    assert readout_size(stride_padding, plain_preset) == facts_in(without.group(0))[-1] == (3, 3)
    assert padded_preset.values["padding"] == 1
    assert readout_size(stride_padding, padded_preset) == facts_in(padded.group(0))[-1] == (5, 5)
    border = re.search(r"Padding also treats the border more fairly.*?almost ignored", text, re.S).group(0)
    plain, padded_map = (panels(stride_padding, preset)["coverage"]["values"] for preset in (plain_preset, padded_preset))
    assert facts_in(border) == [plain[0][0], plain[0][2], plain[2][2], padded_map[0][0], padded_map[0][2]] == \
        [1, 3, 9, 4, 6]


def test_chapter_8_explorer_settings_are_presets():
    text = chapter("08")
    default, same, strided = offered(text, conv2d)
    assert conv2d.view(**default.values)["readout"] == conv2d.view()["readout"]
    assert re.search(r'starts as "' + re.escape(conv2d.view()["readout"] + ' · Position: (0,0)') + '"',
                     text.replace("\n", " "))
    assert same.values["padding"] == 1 and readout_size(conv2d, same) == (8, 8)
    assert strided.values["stride"] == 2 and readout_size(conv2d, strided) == (3, 3)
    padding_try = re.search(r"\*\*Add padding\.\*\*.*?at work", text, re.S).group(0)
    stride_try = re.search(r"\*\*Raise the stride\.\*\*.*?\$:", text, re.S).group(0)
    assert facts_in(padding_try) == [readout_size(conv2d, same)]
    assert facts_in(stride_try) == [readout_size(conv2d, strided), 3]


def test_chapter_0_layer_sizes():
    text = chapter("00")
    assert "256 \\times 256 \\times 3" in text and "1,000 of them" in text
    (preset,) = fc_vs_conv.PRESETS
    assert (preset.values["size"], preset.values["channels"], preset.values["units"]) == (256, 3, 1000)
    readout = fc_vs_conv.view(**preset.values)["readout"]
    assert readout.startswith(f"Fully connected: {256 * 256 * 3 * 1000:,} · Convolution: {3 * 3 * 3 * 1000:,}")


def test_chapter_1_worked_step_is_the_first_step_of_its_stepper():
    text = chapter("01")
    patch, kernel = bmatrices(text)[:2]
    terms = re.search(r"the products add up to \$(.*?)\$", text).group(1)
    products, total = numbers(terms.split("=")[0]), numbers(terms)[-1]
    (figure,) = offered(text, conv2d)
    assert embed_options(text, "conv2d")["image"] == figure.values["image"], "the embed starts on the example"
    shown_panels, step = first_step(conv2d, figure)
    assert np.array_equal(np.array(shown_panels["input"]["values"])[:3, :3], patch)
    assert shown(shown_panels["kernel"]["text"]) == kernel.ravel().tolist()
    assert shown(shown_panels["products"]["text"]) == products
    assert step["sum"] == total == 13 and shown_panels["products"]["label"].endswith("sum = 13")
    assert step["narration"].endswith("= 13")


def test_chapter_1_stepper_image_is_the_figures():
    svg = (CONTENT / "images" / "kernel-dot-product.svg").read_text(encoding="utf-8")
    cells = re.findall(r'<text x="(\d+)" y="(\d+)" text-anchor="middle">(\d+)</text>', svg)
    image = [float(value) for x, y, value in cells if int(x) < 200 and int(y) >= 70]
    (figure,) = offered(chapter("01"), conv2d)
    assert shown(panels(conv2d, figure)["input"]["text"]) == image and len(image) == 25
    (output,) = [value for x, y, value in cells if int(x) > 500]  # the figure writes only the first output cell
    assert output == panels(conv2d, figure)["output"]["text"][0][0] == "13"


def edge_bullets(text: str) -> list[str]:
    section = re.search(r"## Edge detection(.*?)\n## ", text, re.S).group(1)
    return [" ".join(item.split()) for item in re.findall(r"^- (.*?)(?=^- |\n\n)", section, re.M | re.S)]


def column_sums(products_panel: dict) -> list[float]:
    return np.array(shown(products_panel["text"])).reshape(3, 3).sum(axis=0).tolist()


def test_chapter_2_edge_kernel_on_a_flat_patch_and_on_both_edges():
    text = chapter("02")
    kernel = bmatrices(text)[0]
    flat, rising, falling = edge_bullets(text)
    edge_flat, edge_rising, edge_falling = offered(text, conv2d)[:3]
    seven = numbers(re.search(r"every pixel is (\d+)", flat).group(1))[0]
    dark, bright = numbers(re.search(r"dark \((\d+)\).*?bright \((\d+)\)", rising).group(0))
    for preset, image, bullet in ((edge_flat, np.full((3, 3), seven), flat),
                                  (edge_rising, np.array([[dark, bright, bright]] * 3), rising),
                                  (edge_falling, np.array([[bright, bright, dark]] * 3), falling)):
        shown_panels, step = first_step(conv2d, preset)
        assert shown(shown_panels["kernel"]["text"]) == kernel.ravel().tolist()
        assert np.array_equal(shown_panels["input"]["values"], image)
        assert step["sum"] == numbers(bullet)[-1] and shown_panels["output"]["text"] == [[_format.number(step["sum"])]]
    for preset, bullet in ((edge_flat, flat), (edge_rising, rising)):  # "$21 - 21 = 0$": right minus left
        right, left = numbers(re.search(r"\$(\d+) - (\d+) =", bullet).group(0).replace("-", " "))
        assert column_sums(first_step(conv2d, preset)[0]["products"]) == [-left, 0, right]
    assert [first_step(conv2d, preset)[1]["sum"] for preset in (edge_flat, edge_rising, edge_falling)] == [0, 27, -27]


def test_chapter_2_blur_smears_one_bright_pixel_into_a_square_of_ones():
    text = chapter("02")
    sentence = " ".join(re.search(r"A single bright pixel.*?of 1s\.", text, re.S).group(0).split())
    value, side, one = map(int, re.search(r"value (\d+) .*? (\d+)×\d+ square of (\d+)s", sentence).groups())
    blur = offered(text, conv2d)[3]
    shown_panels = panels(conv2d, blur)
    image = np.array(shown_panels["input"]["values"])
    assert image[image != 0].tolist() == [value]
    output = np.array(shown_panels["output"]["values"])
    rows, cols = np.nonzero(output)
    assert (np.ptp(rows) + 1, np.ptp(cols) + 1) == (side, side) and output[output != 0].tolist() == [one] * side ** 2
    assert {text for row in shown_panels["output"]["text"] for text in row} == {"0", str(one)}, "black around it"
    numerator, denominator = re.search(r"\\frac\{(\d+)\}\{(\d+)\} \\begin\{bmatrix\}", text).groups()
    np.testing.assert_allclose(shown_panels["kernel"]["values"],
                               bmatrices(text)[1] * int(numerator) / int(denominator), atol=1e-4)


def test_chapter_2_table_on_a_flat_region_of_7s():
    text = chapter("02")
    flat_value = numbers(re.search(r"On a flat region of value (\d+)", text).group(1))[0]
    rows = re.findall(r"^\| (Edge|Blur|Sharpen) \| [^|]+ \| \$(-?\d+)\$", text, re.M)
    edge_flat, blur_flat, sharpen_flat = (offered(text, conv2d)[index] for index in (0, 4, 5))
    for (kernel, value), preset in zip(rows, (edge_flat, blur_flat, sharpen_flat)):
        shown_panels, step = first_step(conv2d, preset)
        assert shown_panels["kernel"]["label"] == f"Kernel: {kernel}"
        assert np.array_equal(shown_panels["input"]["values"], np.full((3, 3), flat_value))
        assert step["sum"] == float(value) and shown_panels["output"]["text"] == [[value]]
    assert len(rows) == 3
