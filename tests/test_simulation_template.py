"""templates/simulation.html: the first paint of an embed, rendered from a small made-up state.

The same rules are implemented by assets/js/panels.js; tests/browser checks that both draw the real
simulations identically. These tests pin the rules themselves on tiny inputs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from convlab.site.render import make_environment

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def render(panels: list, controls: list | None = None, values: dict | None = None, **state) -> str:
    sim = {"name": "demo", "id": "sim-demo", "title": "Demo", "summary": "A made-up state.",
           "controls": controls or [], "values": values or {},
           "state": {"readout": "Readout", "panels": panels, **state}}
    sim["payload"] = json.dumps({"state": sim["state"]})
    return make_environment(TEMPLATES).get_template("simulation.html").render(sim=sim)


def cells(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<td class="([^"]*)">([^<]*)</td>', html)


def test_grid_numbers_use_a_true_minus_and_whole_numbers_show_no_decimals():
    html = render([{"kind": "grid", "id": "g", "label": "G", "values": [[-1, 0, 2]]}])
    assert [text for _, text in cells(html)] == ["−1", "0", "2"]


def test_grid_decimals_round_half_away_from_zero_and_honour_digits():
    html = render([{"kind": "grid", "id": "a", "label": "A", "values": [[0.125, -0.125, 1 / 3]]},
                   {"kind": "grid", "id": "b", "label": "B", "values": [[0.5, -0.004]], "digits": 1}])
    assert [text for _, text in cells(html)] == ["0.13", "−0.13", "0.33", "0.5", "0.0"]


def test_cells_are_shaded_by_sign_and_size_relative_to_the_largest():
    html = render([{"kind": "grid", "id": "g", "label": "G", "values": [[-8, -2, 0, 1, 4, 8]]}])
    assert [cls for cls, _ in cells(html)] == ["sim-cell shade-n4", "sim-cell shade-n1", "sim-cell",
                                               "sim-cell shade-p1", "sim-cell shade-p2", "sim-cell shade-p4"]


def test_the_padding_ring_is_marked():
    html = render([{"kind": "grid", "id": "g", "label": "G", "values": [[0, 0, 0], [0, 5, 0], [0, 0, 0]],
                    "padding": 1}])
    assert ["is-pad" in cls for cls, _ in cells(html)] == [True] * 4 + [False] + [True] * 4


def test_bars_are_drawn_linear_or_log_without_style_attributes():
    items = [{"label": "big", "value": 1_000_000, "text": "1M"}, {"label": "small", "value": 1000, "text": "1k"}]
    linear = render([{"kind": "bars", "id": "b", "label": "B", "items": items}])
    log = render([{"kind": "bars", "id": "b", "label": "B", "items": items, "scale": "log"}])
    assert re.findall(r'<rect class="sim-bar-fill" width="([\d.]+)"', linear) == ["100.0", "0.1"]
    assert re.findall(r'<rect class="sim-bar-fill" width="([\d.]+)"', log) == ["100.0", "50.0"]
    assert "style=" not in linear + log


def test_an_image_is_a_png_of_its_size():
    html = render([{"kind": "image", "id": "i", "label": "Picture", "values": [[0.0, 1.0, 0.5]]}])
    assert re.search(r'<img class="sim-image" src="data:image/png;base64,[^"]+" width="3" height="1" alt="Picture">',
                     html)


def test_a_table_highlights_its_row_and_formats_numbers():
    html = render([{"kind": "table", "id": "t", "label": "T", "columns": ["Layer", "Size"],
                    "rows": [["conv", 32], ["pool", 2.5]], "highlight": 1}])
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
    step = {"out": 0, "marks": {}, "reveal": {}, "products": [], "sum": 0, "readout": "r", "narration": "n"}
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
    html = render([], trainer={"pad": 32, "chunk": 5, "epoch_batches": 45})
    assert [a for a in re.findall(r'data-action="([a-z]+)"', html)] == ["train", "pause", "reset", "predict",
                                                                        "clear"]
    assert '<canvas class="sim-drawpad-canvas" id="sim-demo-pad" width="32" height="32"' in html
