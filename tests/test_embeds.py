"""The simulation directive: checked against the simulation's own parameter spec at build time."""

from __future__ import annotations

import html as html_module
import json
import re

import pytest
from embed_html import control_values, embedded_state
from simulations import conv2d


def test_embed_holds_the_state_python_computes_for_its_options(chapter_html):
    html, errors = chapter_html("::: simulation conv2d\nstride: 2\npadding: 1\n:::\n")
    assert errors == []
    shown = control_values(html, "sim-conv2d")
    assert shown["stride"] == "2" and shown["padding"] == "1"
    assert embedded_state(html, "sim-conv2d") == json.loads(json.dumps(conv2d.view(stride=2, padding=1)))


def test_two_embeds_of_one_simulation_get_distinct_ids(chapter_html):
    html, errors = chapter_html("::: simulation conv2d\n:::\n\n::: simulation conv2d\nstride: 3\n:::\n")
    assert errors == []
    assert 'id="sim-conv2d"' in html and 'id="sim-conv2d-2"' in html


def test_unknown_simulation_lists_the_known_ones(chapter_html):
    _, errors = chapter_html("::: simulation conv3d\n:::\n")
    assert len(errors) == 1
    assert errors[0].startswith("content/01-test.md:4: unknown simulation 'conv3d' (expected: ")
    assert "conv2d" in errors[0] and "output_size" in errors[0]


def test_simulation_without_a_name(chapter_html):
    _, errors = chapter_html("::: simulation\n:::\n")
    assert errors[0].startswith("content/01-test.md:4: simulation directive needs a name, "
                                "as in '::: simulation conv2d' (expected: ")


def test_unknown_option_names_the_valid_ones(chapter_html):
    _, errors = chapter_html("::: simulation conv2d\nstrid: 2\n:::\n")
    names = ", ".join(param.name for param in conv2d.PARAMS)
    assert errors == [f"content/01-test.md:5: unknown option 'strid' for simulation 'conv2d' "
                      f"(expected: {names}, presets)"]


def test_a_simulation_without_presets_does_not_offer_the_option(chapter_html):
    _, errors = chapter_html("::: simulation kernels\nkernal: blur\n:::\n")
    assert errors == ["content/01-test.md:5: unknown option 'kernal' for simulation 'kernels' "
                      "(expected: kernel, custom)"]


def preset_buttons(html: str) -> list[str]:
    labels = re.findall(r'class="sim-button sim-preset"[^>]*>Load this example: ([^<]*)</button>', html)
    return [html_module.unescape(label) for label in labels]


def test_an_embed_offers_every_preset_unless_its_presets_line_names_some(chapter_html):
    html, errors = chapter_html("::: simulation conv2d\n:::\n")
    assert errors == [] and preset_buttons(html) == [preset.label for preset in conv2d.PRESETS]
    html, errors = chapter_html("::: simulation conv2d\npresets: stride-2, same,stride-1, same\nstride: 2\n:::\n")
    by_key = {preset.key: preset for preset in conv2d.PRESETS}
    assert errors == [] and preset_buttons(html) == [by_key[key].label for key in ("stride-2", "same", "stride-1")]
    assert control_values(html, "sim-conv2d")["stride"] == "2", "the line chooses buttons, not values"


def test_a_preset_button_carries_the_values_it_loads(chapter_html):
    html, _ = chapter_html("::: simulation conv2d\npresets: same\n:::\n")
    values = re.search(r'class="sim-button sim-preset" data-values=\'([^\']*)\'', html).group(1)
    (same,) = [preset for preset in conv2d.PRESETS if preset.key == "same"]
    assert json.loads(html_module.unescape(values)) == same.values


CONV2D_KEYS = ", ".join(preset.key for preset in conv2d.PRESETS)


@pytest.mark.parametrize("body, message", [
    ("::: simulation conv2d\npresets: same, strid-2\n:::\n",
     f"content/01-test.md:5: unknown preset 'strid-2' for simulation 'conv2d' (expected: {CONV2D_KEYS})"),
    ("::: simulation kernels\npresets: edge\n:::\n",
     "content/01-test.md:5: unknown preset 'edge' for simulation 'kernels' (expected: none)"),
    ("::: simulation pooling\nmode: avg\npresets:\n:::\n",
     "content/01-test.md:6: option 'presets' of simulation 'pooling' names no example — list the keys of those "
     "to offer, separated by commas (expected: max, average)"),
])
def test_a_presets_line_naming_no_known_preset_is_an_error_at_its_line(chapter_html, body, message):
    html, errors = chapter_html(body)
    assert errors == [message]
    assert "sim-preset" not in html


def test_out_of_range_option_repeats_the_readers_sentence(chapter_html):
    _, errors = chapter_html("::: simulation conv2d\nkernel: edge\nstride: 7\n:::\n")
    assert errors == ["content/01-test.md:6: bad value for option 'stride' of simulation 'conv2d': "
                      "Stride must be between 1 and 3; got 7."]


def test_text_inside_a_simulation_block_is_refused(chapter_html):
    _, errors = chapter_html("::: simulation conv2d\nstride: 2\nTry stride 2.\n:::\n")
    assert errors == ["content/01-test.md:6: a simulation takes only 'key: value' option lines "
                      "— move the text outside the ':::' block"]


def test_a_first_paint_is_kept_between_builds_and_read_back(chapter_html, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    html, _ = chapter_html("::: simulation conv2d\nstride: 2\n:::\n")
    (entry,) = (tmp_path / "cache" / "convlab").glob("state-*")
    assert json.loads(entry.read_text(encoding="utf-8")) == embedded_state(html, "sim-conv2d")
    kept = {**embedded_state(html, "sim-conv2d"), "readout": "kept"}
    entry.write_text(json.dumps(kept), encoding="utf-8")
    html, _ = chapter_html("::: simulation conv2d\nstride: 2\n:::\n")
    assert embedded_state(html, "sim-conv2d")["readout"] == "kept"


def test_a_kept_first_paint_that_is_not_a_state_is_computed_again(chapter_html, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    chapter_html("::: simulation conv2d\n:::\n")
    (entry,) = (tmp_path / "cache" / "convlab").glob("state-*")
    entry.write_text("[1, 2]", encoding="utf-8")
    html, _ = chapter_html("::: simulation conv2d\n:::\n")
    assert embedded_state(html, "sim-conv2d") == json.loads(json.dumps(conv2d.view()))
