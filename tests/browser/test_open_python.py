""""Open the Python": the reader edits the module behind a simulation, runs it in the page's Pyodide, and
the simulation redraws with what their code computes, as CPython computes it from the same text. Errors
come back with the line in the reader's text; edits survive a reload; Restore brings back the original."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from browser.sim_page import control_spec, expected, module, set_control, wait_ready, wait_until_shows

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SIM = "sim-conv2d"
ORIGINAL_LINE = "    kernel = KERNELS[name]\n"
EDITED_LINE = "    kernel = KERNELS[name].T\n"
CODE_KEY = "convlab:convolutional-networks-from-zero:code:conv2d"


def original_source() -> str:
    return (ROOT / "simulations" / "conv2d.py").read_text(encoding="utf-8")


def reader_view(source: str, values: dict) -> dict:
    """What the reader's text computes: run as a fresh module of the package, as the page runs it."""
    fresh = types.ModuleType("simulations.conv2d")
    fresh.__package__ = "simulations"
    exec(compile(source, "<your code>", "exec", dont_inherit=True), fresh.__dict__)
    return fresh.view(**values)


def control_values(page) -> dict:
    return page.locator(f"#{SIM} .sim-controls").evaluate(
        "form => Object.fromEntries([...form.querySelectorAll('[name]')].map(field => [field.name, field.value]))")


def open_panel(page):
    page.locator(f"#{SIM}").get_by_role("button", name="Open the Python").click()
    page.locator(f"#{SIM} .sim-code-listing .highlight").wait_for(state="attached")
    return page.locator(f"#{SIM} .sim-code-editor")


def run(page, source: str) -> None:
    page.locator(f"#{SIM} .sim-code-editor").fill(source)
    page.locator(f"#{SIM}").get_by_role("button", name="Run", exact=True).click()


def code_message(page):
    return page.locator(f"#{SIM} .sim-code-message")


def test_edit_run_redraw_persist_and_restore(reader, site):
    page = reader.page
    source = original_source()
    assert source.count(ORIGINAL_LINE) == 1
    edited = source.replace(ORIGINAL_LINE, EDITED_LINE)
    reader.open(site.pages_with_simulations()["conv2d"])
    wait_ready(page, SIM)

    editor = open_panel(page)
    assert editor.input_value() == source
    assert "def view" in page.locator(f"#{SIM} .sim-code-listing").text_content()
    values = control_values(page)
    assert reader_view(edited, values) != module("conv2d").view(**values), "the edit must change the picture"

    run(page, edited)
    wait_until_shows(page, SIM, expected(reader_view(edited, values)))
    code_message(page).filter(has_text="Your code ran").wait_for()

    set_control(page, SIM, control_spec("conv2d", "stride"), 2)
    wait_until_shows(page, SIM, expected(reader_view(edited, {**values, "stride": "2"})))

    page.reload()
    wait_ready(page, SIM)
    values = control_values(page)
    wait_until_shows(page, SIM, expected(reader_view(edited, values)))
    assert page.evaluate(f"localStorage.getItem({CODE_KEY!r})") == edited
    editor = open_panel(page)
    assert editor.input_value() == edited

    page.locator(f"#{SIM}-code").get_by_role("button", name="Restore").click()
    wait_until_shows(page, SIM, expected(module("conv2d").view(**values)))
    assert editor.input_value() == source
    assert page.evaluate(f"localStorage.getItem({CODE_KEY!r})") is None
    assert reader.page_errors == [] and reader.console_errors == []


@pytest.mark.parametrize("broken_line, error", [
    ("    kernel = KERNELS[nme]\n", "NameError: name 'nme' is not defined"),
    ("    kernel = KERNELS[name] @ [1, 2]\n", "ValueError: "),
    ("    kernel = KERNELS[name]]\n", "SyntaxError: "),
])
def test_an_error_names_the_line_in_the_readers_text(reader, site, broken_line, error):
    page = reader.page
    source = original_source()
    broken = source.replace(ORIGINAL_LINE, broken_line)
    line = broken.splitlines(keepends=True).index(broken_line) + 1
    reader.open(site.pages_with_simulations()["conv2d"])
    wait_ready(page, SIM)
    values = control_values(page)
    editor = open_panel(page)

    run(page, broken)
    code_message(page).filter(has_text="line").wait_for()
    assert code_message(page).text_content().startswith(f"line {line}: {error}")
    start = sum(len(text) for text in broken.splitlines(keepends=True)[:line - 1])
    assert editor.evaluate("editor => [editor.selectionStart, editor.selectionEnd]") == [
        start, start + len(broken_line) - 1], "the editor selects the line"
    wait_until_shows(page, SIM, expected(module("conv2d").view(**values)))

    run(page, source)
    code_message(page).filter(has_text="Your code ran").wait_for()
    assert page.locator(f"#{SIM}").get_attribute("data-status") == "ready"
    assert reader.page_errors == []
