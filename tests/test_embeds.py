"""The simulation directive: checked against the simulation's own parameter spec at build time."""

from __future__ import annotations

import json

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
    assert errors == [f"content/01-test.md:5: unknown option 'strid' for simulation 'conv2d' (expected: {names})"]


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
