"""Each simulation on its chapter page, against the same module run in CPython by the test.

The page's numbers come from Pyodide in the browser; the expectations come from ``view()`` here. They
must agree for the first paint, for every control, for a rejected value and for a linked state.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from convlab import runtime
from convlab.site.registry import discover_simulations
from browser.sim_page import (RENDER_WITH_JS, candidates, comparable, control_values, expected, module,
                      set_control, shown, structure, wait_for_text, wait_ready, wait_until_shows)

pytestmark = pytest.mark.browser

SIMULATIONS = sorted(discover_simulations())


def rejection(name: str):
    """A control value within the control's range that the module rejects, with its sentence."""
    sim = module(name)
    specs = discover_simulations()[name].controls()
    defaults = {spec["name"]: spec["default"] for spec in specs}
    for spec in specs:
        for value in candidates(spec, defaults[spec["name"]]):
            try:
                sim.view(**{**defaults, spec["name"]: value})
            except ValueError as error:
                return spec, value, str(error)
    return None


REJECTABLE = [name for name in SIMULATIONS if rejection(name)]


def open_ready(reader, site, name: str) -> str:
    reader.open(site.pages_with_simulations()[name])
    wait_ready(reader.page, f"sim-{name}")
    return f"sim-{name}"


@pytest.mark.parametrize("name", SIMULATIONS)
def test_first_paint_is_the_state_cpython_computes(reader, site, name):
    reader.open(site.pages_with_simulations()[name])
    sim_id = f"sim-{name}"
    read = shown(reader.page, sim_id)
    assert read["status"] == "static"
    assert comparable(read) == expected(module(name).view(**control_values(reader.page, sim_id)))


@pytest.mark.parametrize("name", SIMULATIONS)
def test_javascript_draws_a_state_exactly_as_the_build_does(reader, site, name):
    reader.open(site.pages_with_simulations()[name])
    sim_id = f"sim-{name}"
    static = structure(reader.page.locator(f"#{sim_id} .sim-panels"))
    drawn = reader.page.locator(f"#{sim_id}").evaluate_handle(RENDER_WITH_JS)
    assert structure(drawn) == static


@pytest.mark.parametrize("name", SIMULATIONS)
def test_every_control_recomputes_what_cpython_predicts(reader, site, name):
    sim_id = open_ready(reader, site, name)
    sim = module(name)
    values = control_values(reader.page, sim_id)
    for spec in discover_simulations()[name].controls():
        value = _changing_value(sim, values, spec)
        values[spec["name"]] = value
        if "selects" in spec:  # typing in this field also picks a choice elsewhere ("Your own")
            values[spec["selects"]["name"]] = spec["selects"]["value"]
        set_control(reader.page, sim_id, spec, value)
        wait_until_shows(reader.page, sim_id, expected(sim.view(**values)))
    assert reader.page.locator(f"#{sim_id}").get_attribute("data-status") == "ready"
    assert reader.page_errors == [] and reader.console_errors == []


@pytest.mark.parametrize("name", REJECTABLE)
def test_a_rejected_value_shows_the_module_sentence_and_keeps_the_state(reader, site, name):
    sim_id = open_ready(reader, site, name)
    spec, value, sentence = rejection(name)
    before = comparable(shown(reader.page, sim_id))
    set_control(reader.page, sim_id, spec, value)
    wait_for_text(reader.page.locator(f"#{sim_id}-{spec['name']}-message"), sentence)
    assert reader.page.locator(f"#{sim_id}-{spec['name']}").get_attribute("aria-invalid") == "true"
    assert comparable(shown(reader.page, sim_id)) == before


def test_the_explorer_has_the_course_labels_and_readout(reader, site):
    sim_id = open_ready(reader, site, "conv2d")
    page = reader.page
    for label in ("Kernel", "Stride", "Padding"):
        assert page.get_by_label(label, exact=True).count() == 1
    assert page.locator(f"#{sim_id} .sim-readout-text").text_content() == \
        "Kernel: Edge · Output: 6×6"
    page.get_by_label("Stride", exact=True).focus()
    page.keyboard.press("ArrowRight")
    wait_until_shows(page, sim_id, expected(module("conv2d").view(stride=2)))
    assert page.locator(f"#{sim_id} .sim-readout-text").text_content() == \
        "Kernel: Edge · Output: 3×3"


def test_a_link_restores_a_state(reader, site):
    reader.open(site.pages_with_simulations()["conv2d"] + "#sim-conv2d?kernel=blur&stride=2&padding=1")
    wait_until_shows(reader.page, "sim-conv2d", expected(module("conv2d").view(kernel="blur", stride=2, padding=1)))
    page = reader.page
    assert page.locator("#sim-conv2d-kernel").input_value() == "blur"
    assert page.locator("#sim-conv2d-stride").input_value() == "2"
    assert page.locator("#sim-conv2d-padding").input_value() == "1"


def test_a_change_is_recorded_in_the_link(reader, site):
    sim_id = open_ready(reader, site, "conv2d")
    reader.page.locator("#sim-conv2d-kernel").select_option("sharpen")
    wait_until_shows(reader.page, sim_id, expected(module("conv2d").view(kernel="sharpen")))
    assert reader.page.evaluate("location.hash") == "#sim-conv2d?kernel=sharpen&stride=1&padding=0&image=square"


def test_a_link_python_rejects_shows_its_sentence_and_keeps_the_state(reader, site):
    reader.open(site.pages_with_simulations()["conv2d"] + "#sim-conv2d?stride=9")
    sentence = _rejected(lambda: module("conv2d").view(stride=9))
    wait_for_text(reader.page.locator("#sim-conv2d .sim-message"), sentence, timeout=120)
    assert comparable(shown(reader.page, "sim-conv2d")) == expected(module("conv2d").view())
    assert reader.page.locator("#sim-conv2d-stride").input_value() == "1"


PERCENT = re.compile(r"Loading Python: (\d+)% of ([0-9.]+ MB)…$")


def bytes_fetched(site) -> int:
    """What the worker fetches to start: the Pyodide lock, WebAssembly module and standard library, the
    wheels numpy needs, and the simulations bundle (the runtime's scripts come by import, uncounted)."""
    dist = site.folder / "assets" / f"pyodide-{runtime.PYODIDE_VERSION}"
    lock = json.loads((dist / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]
    wheels, pending = set(), ["numpy"]
    while pending:
        name = pending.pop()
        wheels.add(lock[name]["file_name"])
        pending += lock[name].get("depends", [])
    files = [dist / name for name in ("pyodide-lock.json", "pyodide.asm.wasm", "python_stdlib.zip", *wheels)]
    return sum(path.stat().st_size for path in files + list((site.folder / "assets").glob("simulations-*.zip")))


def test_progress_is_shown_while_python_loads_then_cleared(reader, site):
    reader.page.add_init_script("""
      window.convlabMessages = [];
      new MutationObserver(() => document.querySelectorAll(".sim-message").forEach(
        (node) => window.convlabMessages.push(node.textContent))).observe(document, {subtree: true, childList: true, characterData: true});
    """)
    sim_id = open_ready(reader, site, "conv2d")
    seen = reader.page.evaluate("window.convlabMessages")
    percentages = [int(found.group(1)) for found in map(PERCENT.match, seen) if found]
    assert percentages, seen
    assert percentages == sorted(percentages) and 0 <= percentages[-1] <= 100, seen
    sizes = {found.group(2) for found in map(PERCENT.match, seen) if found}
    assert sizes == {f"{bytes_fetched(site) / 1e6:.1f} MB"}, seen
    assert reader.page.locator(f"#{sim_id} .sim-message").text_content() == ""


def _changing_value(sim, values: dict, spec: dict):
    """A value for this control that the module accepts, preferring one that changes the view."""
    current = sim.view(**values)
    accepted = []
    for value in candidates(spec, values[spec["name"]]):
        try:
            state = sim.view(**{**values, spec["name"]: value})
        except ValueError:
            continue
        if state != current:
            return value
        accepted.append(value)
    assert accepted, f"no other value of {spec['name']} is accepted"
    return accepted[0]


def _rejected(call) -> str:
    with pytest.raises(ValueError) as caught:
        call()
    return str(caught.value)


# Appended to conv1d.py in a bundle served instead of the real one: the module fails the way a bug would.
FAILING_VIEW = """

_real_view = view


def view(**params):
    if str(params.get("kernel", "")).split() == ["7", "7", "7"]:
        raise RuntimeError("a deliberate failure for the test")
    return _real_view(**params)
"""


def failing_bundle() -> bytes:
    """The real simulations bundle with conv1d's view wrapped to raise RuntimeError on kernel "7 7 7"."""
    source = runtime.simulations_bundle()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(buffer, "w") as patched:
        for entry in original.infolist():
            data = original.read(entry)
            if entry.filename == "simulations/conv1d.py":
                data += FAILING_VIEW.encode()
            patched.writestr(entry, data)
    return buffer.getvalue()


def test_when_python_raises_the_state_stays_and_retry_is_offered(reader, site):
    bundle = failing_bundle()
    reader.page.route("**/simulations-*.zip", lambda route: route.fulfill(body=bundle, content_type="application/zip"))
    sim_id = open_ready(reader, site, "conv1d")
    before = comparable(shown(reader.page, sim_id))
    set_control(reader.page, sim_id, {"name": "kernel", "kind": "matrix"}, "7 7 7")
    reader.page.wait_for_selector(f"#{sim_id}[data-status=error]")
    message = shown(reader.page, sim_id)["message"]
    assert message.startswith("Python stopped with RuntimeError: a deliberate failure for the test")
    assert message.endswith(", so the simulation keeps its last state. Retry")
    assert comparable(shown(reader.page, sim_id)) == before
    set_control(reader.page, sim_id, {"name": "kernel", "kind": "matrix"}, "1 1 1")
    wait_until_shows(reader.page, sim_id, expected(module("conv1d").view(kernel="1 1 1")))
    assert reader.page.locator(f"#{sim_id}").get_attribute("data-status") == "ready"
    assert reader.page_errors == []


@pytest.mark.parametrize("name, index", [("conv1d", -1), ("pooling", -1), ("stride_padding", 1)])
def test_load_this_example_shows_the_chapters_worked_example(reader, site, name, index):
    sim_id = open_ready(reader, site, name)
    preset = module(name).PRESETS[index]
    reader.page.locator(f"#{sim_id}").get_by_role("button", name=f"Load this example: {preset.label}").click()
    wait_until_shows(reader.page, sim_id, expected(module(name).view(**preset.values)))
    assert reader.page_errors == [] and reader.console_errors == []


def test_chapter_1_offers_only_its_example_and_its_first_step_sums_to_13(reader, site):
    page, sim_id = reader.page, "sim-conv2d"
    reader.open("convolution-operation/")
    wait_ready(page, sim_id)
    (figure,) = [preset for preset in module("conv2d").PRESETS if preset.key == "figure"]
    assert page.locator(f"#{sim_id} .sim-preset").all_text_contents() == [f"Load this example: {figure.label}"]
    page.locator(f"#{sim_id}-kernel").select_option("blur")
    wait_until_shows(page, sim_id, expected(module("conv2d").view(**{**figure.values, "kernel": "blur"})))
    page.locator(f"#{sim_id}").get_by_role("button", name=f"Load this example: {figure.label}").click()
    state = module("conv2d").view(**figure.values)
    wait_until_shows(page, sim_id, expected(state))
    page.locator(f"#{sim_id}").get_by_role("button", name="Step", exact=True).click()
    wait_until_shows(page, sim_id, expected(state, state["steps"][0]))
    assert page.locator(f"#{sim_id} [data-panel=products] .sim-panel-label").text_content() == \
        "Kernel × window: sum = 13"
    assert reader.page_errors == [] and reader.console_errors == []


def test_typing_your_own_kernel_switches_the_menu_to_your_own(reader, site):
    sim_id = open_ready(reader, site, "kernels")
    set_control(reader.page, sim_id, {"name": "custom", "kind": "matrix"}, "1 1 1; 1 1 1; 1 1 1")
    assert reader.page.locator(f"#{sim_id}-kernel").input_value() == "custom"
    wait_until_shows(reader.page, sim_id, expected(module("kernels").view(kernel="custom", custom="1 1 1; 1 1 1; 1 1 1")))
    field = reader.page.locator(f"#{sim_id}-custom")
    assert field.evaluate("(node) => node.scrollWidth <= node.clientWidth"), "the typed kernel is not clipped"
