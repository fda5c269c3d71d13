"""templates/simulation.html: the first paint of an embed, rendered from small states made by the view builders.

Views are display-ready, so the template only places what they carry; assets/js/panels.js does the same
after every recomputation, and tests/browser checks that both draw the real simulations identically.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from convlab.site.render import make_environment
from simulations import _view

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def render(panels: list, controls: list | None = None, values: dict | None = None, presets: list | None = None,
           **state) -> str:
    sim = {"name": "demo", "id": "sim-demo", "title": "Demo", "summary": "A made-up state.",
           "controls": controls or [], "values": values or {}, "presets": presets or [],
           "state": {"readout": "Readout", "panels": panels, **state}}
    sim["payload"] = json.dumps({"state": sim["state"]})
    return make_environment(TEMPLATES).get_template("simulation.html").render(sim=sim)


def cells(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<td class="([^"]*)">([^<]*)</td>', html)


def test_grid_cells_show_the_views_text_and_look():
    html = render([_view.grid("g", "G", [[-1, 0, 0.125], [2, 0, 0]], padding=0)])
    assert cells(html) == [("sim-cell shade-n2", "−1"), ("sim-cell", "0"), ("sim-cell", "0.125"),
                           ("sim-cell shade-p4", "2"), ("sim-cell", "0"), ("sim-cell", "0")]


def test_the_padding_ring_is_marked():
    html = render([_view.grid("g", "G", [[0, 0, 0], [0, 5, 0], [0, 0, 0]], padding=1)])
    assert ["is-pad" in cls for cls, _ in cells(html)] == [True] * 4 + [False] + [True] * 4


def test_cells_a_stepper_has_not_reached_are_blank_before_the_first_step():
    panel = _view.grid("output", "Output", [[1, 2, 3]])
    html = render([panel], reveal={"output": 1}, narration="Press Step.", steps=[{}])
    assert cells(html) == [("sim-cell shade-p1", "1"), ("sim-cell shade-p3 is-hidden", ""),
                           ("sim-cell shade-p4 is-hidden", "")]
    assert '<span class="sim-narration">Press Step.</span>' in html


def test_bars_are_drawn_at_the_views_widths_and_a_log_scale_says_so():
    items = [_view.bar("big", 1_000_000, "1M"), _view.bar("small", 1000, "1k")]
    linear = render([_view.bars("b", "B", items)])
    log = render([_view.bars("b", "B", items, scale="log")])
    assert re.findall(r'<rect class="sim-bar-fill" width="([\d.]+)"', linear) == ["100.0", "0.1"]
    assert re.findall(r'<rect class="sim-bar-fill" width="([\d.]+)"', log) == ["100.0", "50.0"]
    assert '<p class="sim-bar-scale">Log scale: each tick is 10× the one before, from 1 to 1,000,000.</p>' in log
    assert len(re.findall(r'<line class="sim-bar-tick" x1="16.7"', log)) == 2
    assert "sim-bar-scale" not in linear and "style=" not in linear + log


def test_an_image_is_the_views_png_at_its_size():
    panel = _view.image("i", "Picture", [[0.0, 1.0, 0.5]])
    html = render([panel])
    assert f'<img class="sim-image" src="{panel["src"]}" width="3" height="1" alt="Picture">' in html


def test_a_table_highlights_its_row_and_shows_the_views_text():
    html = render([_view.table("t", "T", ["Layer", "Size"], [["conv", 32], ["pool", 2.5]], highlight=1)])
    assert '<tr class="is-highlight"><td>pool</td><td>2.50</td></tr>' in html
    assert "<td>conv</td><td>32</td>" in html


def test_controls_are_labelled_and_described():
    controls = [{"name": "stride", "kind": "int", "label": "Stride", "help": "How far it jumps.",
                 "default": 1, "min": 1, "max": 3, "step": 1},
                {"name": "kernel", "kind": "matrix", "label": "Kernel", "help": "", "default": "1 0",
                 "rows": 1, "cols": 2}]
    html = render([], controls, {"stride": 2, "kernel": ((1.0, -0.5),)})
    assert ('<input type="range" id="sim-demo-stride" name="stride" min="1" max="3" step="1" value="2" '
            'aria-describedby="sim-demo-stride-help sim-demo-stride-message">') in html
    assert '<label class="sim-control-label" for="sim-demo-stride">Stride</label>' in html
    assert 'value="1 -0.5"' in html and 'aria-describedby="sim-demo-kernel-message"' in html


def test_a_stepper_appears_only_with_steps():
    step = {"out": 0, "marks": {}, "reveal": {}, "readout": "r", "narration": "n"}
    with_steps = render([], steps=[step, step])
    assert re.findall(r'<button type="button" class="sim-button" data-action="\w+">(\w+)</button>', with_steps) \
        == ["Step", "Play", "Reset"]
    assert "Step 0 of 2" in with_steps
    assert "sim-stepper" not in render([])


def test_an_unknown_panel_kind_stops_the_build_naming_the_kinds():
    with pytest.raises(ValueError, match=r"a simulation's view has a panel of kind 'chart', which the page cannot "
                                         r"draw \(expected: grid, image, bars, table, text, curve\)"):
        render([{"kind": "chart", "id": "c", "label": "C"}])


def test_a_curve_draws_pythons_points_and_axis_texts():
    from simulations import _view
    html = render([_view.curve("loss", "Loss", [2.0, 1.0, 0.5], x_label="batches", y_label="loss", total=4)])
    assert '<polyline class="sim-curve-line" points="25,0 50,20 75,30 "></polyline>' in html
    assert re.findall(r"<span>([^<]*)</span>", html) == ["loss 2", "loss 0", "0 batches", "4 batches"]


def test_a_trainer_gets_train_pause_reset_and_a_drawing_pad():
    html = render([], trainer={"pad": 32, "cell": 4, "cells": 8, "chunk": 5})
    assert [a for a in re.findall(r'data-action="([a-z]+)"', html)] == ["train", "pause", "reset", "predict",
                                                                        "clear"]
    assert '<canvas class="sim-drawpad-canvas" id="sim-demo-pad" width="32" height="32"' in html
    assert 'data-cell="4" data-cells="8" tabindex="0" role="application"' in html
    assert 'aria-describedby="sim-demo-pad-help"' in html and 'id="sim-demo-pad-help"' in html


def test_a_worked_example_is_one_button_that_carries_its_values():
    controls = [{"name": "stride", "kind": "int", "label": "Stride", "help": "", "default": 1, "min": 1, "max": 3,
                 "step": 1}]
    html = render([], controls, {"stride": 1}, presets=[{"label": "the chapter's", "values": {"stride": 2}}])
    assert ('<button type="button" class="sim-button sim-preset" data-values=\'{"stride": 2}\'>'
            "Load this example: the chapter&#39;s</button>") in html


def test_a_matrix_that_selects_a_choice_says_which():
    controls = [{"name": "custom", "kind": "matrix", "label": "Yours", "help": "", "default": "1", "rows": 1,
                 "cols": 1, "selects": {"name": "kernel", "value": "custom"}}]
    html = render([], controls, {"custom": "1"})
    assert 'data-selects-name="kernel" data-selects-value="custom"' in html
