"""Every simulation's view, at its defaults and at every boundary of its spec, keeps the page contract
(docs/simulation-contract.md): JSON-serializable, small, and made only of the panel kinds the page draws."""

import importlib
import json
import math
import pkgutil
from numbers import Real

import pytest

import simulations
from simulations._params import Bool, Choice, Float, Int, Matrix, describe

NAMES = sorted(info.name for info in pkgutil.iter_modules(simulations.__path__)
               if not info.name.startswith("_"))
MODULES = {name: importlib.import_module(f"simulations.{name}") for name in NAMES}
LIMIT = 50_000


def boundaries(module):
    """(label, settings) for each edge of each spec, the others left at their defaults."""
    for param in module.PARAMS:
        if isinstance(param, (Int, Float)):
            values = [param.min, param.max, str(param.min), str(param.max)]
        elif isinstance(param, Choice):
            values = list(param.choices)
        elif isinstance(param, Bool):
            values = [True, False, "true", "false"]
        elif isinstance(param, Matrix):
            values = [param.default, param.describe()["default"]]
        else:
            raise AssertionError(f"unknown spec {param!r}")
        for value in values:
            yield f"{module.__name__}:{param.name}={value!r}", {param.name: value}


CASES = [(name, f"{name}:defaults", {}) for name in NAMES]
CASES += [(name, label, given) for name in NAMES for label, given in boundaries(MODULES[name])]


def test_the_twelve_simulations_are_discovered():
    assert NAMES == sorted(["fc_vs_conv", "conv1d", "kernels", "stride_padding", "pooling", "output_size",
                            "architecture", "conv2d", "skip_connection", "channels", "learning", "digits"])


@pytest.mark.parametrize("name", NAMES)
def test_module_exposes_the_page_contract(name):
    module = MODULES[name]
    assert isinstance(module.TITLE, str) and module.TITLE
    assert isinstance(module.SUMMARY, str) and module.SUMMARY.endswith(".")
    # a trainer's controls are its buttons and pad (docs/simulation-contract.md), not settings
    assert isinstance(module.PARAMS, tuple) and (module.PARAMS or "trainer" in module.view())
    controls = describe(module.PARAMS)
    json.dumps(controls)
    assert len({control["name"] for control in controls}) == len(controls)
    for param in module.PARAMS:
        assert param.coerce(param.describe()["default"]) == param.coerce(param.default)


@pytest.mark.parametrize("name, label, given", CASES, ids=[case[1] for case in CASES])
def test_view_keeps_the_contract_and_stays_small(name, label, given):
    state = MODULES[name].view(**given)
    text = json.dumps(state, allow_nan=False, ensure_ascii=False, separators=(",", ":"))  # as the page embeds it
    assert len(text.encode()) < LIMIT, f"{label}: {len(text.encode())} bytes"
    check_state(state)


@pytest.mark.parametrize("name", NAMES)
def test_a_bad_value_is_one_sentence_for_the_reader(name):
    param = (MODULES[name].PARAMS or MODULES[name].COMMANDS)[0]
    with pytest.raises(ValueError) as error:
        MODULES[name].view(**{param.name: "not a value"})
    message = str(error.value)
    assert message.startswith(param.label) and message.endswith(".") and "\n" not in message


@pytest.mark.parametrize("name", NAMES)
def test_an_unknown_setting_is_refused(name):
    with pytest.raises(ValueError, match="^There is no setting called 'nonsense'"):
        MODULES[name].view(nonsense=1)


def check_state(state):
    assert set(state) <= {"readout", "panels", "steps", "notes", "reveal", "narration", "trainer"}
    assert isinstance(state["readout"], str) and state["readout"]
    ids = [panel["id"] for panel in state["panels"]]
    assert len(ids) == len(set(ids)), ids
    panels = {panel["id"]: panel for panel in state["panels"]}
    for panel in state["panels"]:
        assert isinstance(panel["label"], str)
        PANEL_CHECKS[panel["kind"]](panel)
    check_reveal(state.get("reveal", {}), panels)
    for step in state.get("steps", []):
        check_step(step, panels)
    assert ("steps" in state) == ("narration" in state), "a stepper says what to do before the first step"
    assert all(isinstance(note, str) and note for note in state.get("notes", []))


def check_numbers(rows):
    assert rows and all(len(row) == len(rows[0]) and row for row in rows)
    values = [v for row in rows for v in row]
    assert all(isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(v) for v in values)


def check_texts(rows):
    assert rows and all(len(row) == len(rows[0]) and row for row in rows)
    assert all(isinstance(text, str) and "-" not in text for row in rows for text in row), "a true minus sign"


LOOKS = {"", "is-pad"} | {f"shade-{sign}{level}" for sign in "pn" for level in range(1, 5)}


def check_grid(panel):
    check_texts(panel["text"])
    if "values" in panel:
        check_numbers(panel["values"])
        assert [len(row) for row in panel["values"]] == [len(row) for row in panel["text"]]
    assert panel["tone"] in ("input", "kernel", "output", "neutral")
    for row, looks in zip(panel["text"], panel.get("look", panel["text"])):
        assert len(row) == len(looks)
    for looks in panel.get("look", []):
        assert all(set(look.split(" ")) <= LOOKS for look in looks)


def check_image(panel):
    assert panel["src"].startswith("data:image/png;base64,")
    assert 1 <= panel["width"] <= 128 and 1 <= panel["height"] <= 128


def check_bars(panel):
    assert panel["scale"] in ("linear", "log")
    assert bool(panel["scale_label"]) == (panel["scale"] == "log"), "a log scale says so"
    assert all(0 < float(tick) < 100 for tick in panel["ticks"])
    for item in panel["items"]:
        assert isinstance(item["label"], str) and isinstance(item["text"], str)
        check_numbers([[item["value"]]])
        assert 0 <= float(item["width"]) <= 100
        assert item["value"] > 0 or panel["scale"] != "log"


def check_table(panel):
    assert all(isinstance(column, str) for column in panel["columns"])
    for row in panel["rows"]:
        assert len(row) == len(panel["columns"])
        assert all(isinstance(cell, str) for cell in row)
    assert 0 <= panel.get("highlight", 0) < max(len(panel["rows"]), 1)


def check_text(panel):
    assert panel["lines"] and all(isinstance(line, str) for line in panel["lines"])


def check_curve(panel):
    for x, y in panel["points"]:
        check_numbers([[x, y]])
        assert 0 <= x <= panel["width"] and 0 <= y <= panel["height"]
    assert all(isinstance(text, str) and text for axis in ("x", "y") for text in panel["ticks"][axis])


PANEL_CHECKS = {"grid": check_grid, "image": check_image, "bars": check_bars, "table": check_table,
                "text": check_text, "curve": check_curve}


def check_reveal(reveal, panels):
    for panel_id, shown in reveal.items():
        text = panels[panel_id]["text"]
        assert 0 <= shown <= len(text) * len(text[0])


def check_step(step, panels):
    assert "out" in step
    assert isinstance(step["readout"], str) and isinstance(step["narration"], str) and step["narration"]
    for panel_id, rects in step["marks"].items():
        text = panels[panel_id]["text"]
        for r0, c0, r1, c1 in rects:
            assert 0 <= r0 <= r1 < len(text) and 0 <= c0 <= c1 < len(text[0])
    check_reveal(step["reveal"], panels)
    for panel_id, fields in step.get("panels", {}).items():
        PANEL_CHECKS[panels[panel_id]["kind"]]({**panels[panel_id], **fields})
