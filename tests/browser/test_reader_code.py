"""Reader code cannot take the page down: Open the Python's Run works under a time limit, past which the
worker is replaced by a fresh one that still holds the course's modules; a stopped or broken edit is never
used silently; a view of the wrong shape gets a sentence. All on the test Pyodide, in Chromium."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from browser.sim_page import control_spec, expected, module, set_control, wait_ready, wait_until_shows

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SIM = "sim-conv2d"
LIMIT = 5
ORIGINAL_LINE = "    kernel = KERNELS[name]\n"
CODE_KEY = "convlab:convolutional-networks-from-zero:code:conv2d"
STOPPED = "Your code ran longer than 5 s and was stopped; the simulation runs the course's own module."


def looping_source() -> str:
    source = (ROOT / "simulations" / "conv2d.py").read_text(encoding="utf-8")
    assert source.count(ORIGINAL_LINE) == 1
    return source.replace(ORIGINAL_LINE, "    while True:\n        pass\n")


def worker_id(page, site) -> str:
    return page.evaluate(f"import({json.dumps(site.url + 'assets/js/python-client.js')})"
                         ".then((client) => client.python.workerId)")


def open_and_run(page, source: str) -> None:
    page.locator(f"#{SIM}").get_by_role("button", name="Open the Python").click()
    page.locator(f"#{SIM} .sim-code-listing .highlight").wait_for(state="attached")
    page.locator(f"#{SIM} .sim-code-editor").fill(source)
    page.locator(f"#{SIM}").get_by_role("button", name="Run", exact=True).click()


def control_values(page) -> dict:
    return page.locator(f"#{SIM} .sim-controls").evaluate(
        "form => Object.fromEntries([...form.querySelectorAll('[name]')].map(field => [field.name, field.value]))")


def notice(page):
    return page.locator(f"#{SIM} .sim-edited")


def test_the_limit_is_stated_in_the_panel(reader, site):
    page = reader.page
    reader.open(site.pages_with_simulations()["conv2d"])
    page.locator(f"#{SIM}").get_by_role("button", name="Open the Python").click()
    assert "Code still running after 5 s is stopped." in page.locator(f"#{SIM} .sim-code-keys").text_content()


def test_an_endless_loop_is_stopped_and_a_fresh_python_takes_over(reader, site):
    page = reader.page
    reader.open(site.pages_with_simulations()["conv2d"])
    wait_ready(page, SIM)
    first = worker_id(page, site)
    assert first

    started = time.monotonic()
    open_and_run(page, looping_source())
    page.locator(f"#{SIM} .sim-code-message").filter(has_text="was stopped").wait_for(timeout=(LIMIT + 5) * 1000)
    assert time.monotonic() - started < LIMIT + 5
    assert page.locator(f"#{SIM} .sim-code-message").text_content() == STOPPED
    assert notice(page).is_visible() and notice(page).locator(".sim-edited-text").text_content() == STOPPED
    assert page.evaluate(f"localStorage.getItem({CODE_KEY!r})") is None, "stopped code is not used again"

    set_control(page, SIM, control_spec("conv2d", "stride"), 2)
    wait_until_shows(page, SIM, expected(module("conv2d").view(**{**control_values(page), "stride": "2"})),
                     timeout=60)
    assert page.locator(f"#{SIM}").get_attribute("data-status") == "ready"
    assert worker_id(page, site) not in ("", first), "the stuck worker was replaced"
    assert reader.page_errors == []


def test_a_saved_endless_loop_is_stopped_after_a_reload_and_the_page_says_so(reader, site):
    page = reader.page
    reader.open(site.pages_with_simulations()["conv2d"])
    page.evaluate(f"localStorage.setItem({CODE_KEY!r}, {json.dumps(looping_source())})")
    page.reload()
    assert "runs your edited version" in notice(page).text_content()
    page.locator(f"#{SIM}").scroll_into_view_if_needed()
    notice(page).filter(has_text="was stopped").wait_for(timeout=120_000)
    assert notice(page).locator(".sim-edited-text").text_content() == STOPPED
    wait_ready(page, SIM)
    values = control_values(page)
    wait_until_shows(page, SIM, expected(module("conv2d").view(**values)), timeout=60)

    set_control(page, SIM, control_spec("conv2d", "stride"), 3)
    wait_until_shows(page, SIM, expected(module("conv2d").view(**{**values, "stride": "3"})), timeout=60)
    assert page.evaluate(f"localStorage.getItem({CODE_KEY!r})") is None
    assert reader.page_errors == []


def test_restore_ends_a_stuck_run_at_once_and_says_so_only_when_done(reader, site):
    page = reader.page
    reader.open(site.pages_with_simulations()["conv2d"])
    wait_ready(page, SIM)
    values = control_values(page)
    open_and_run(page, looping_source())
    page.locator(f"#{SIM} .sim-code-message").filter(has_text="Running your code").wait_for()
    page.wait_for_timeout(500)
    page.locator(f"#{SIM}-code").get_by_role("button", name="Restore").click()
    message = page.locator(f"#{SIM} .sim-code-message")
    assert message.text_content() == "Restoring the course's own module…"
    message.filter(has_text="Restored").wait_for(timeout=60_000)
    wait_until_shows(page, SIM, expected(module("conv2d").view(**values)))
    assert notice(page).is_hidden()
    assert "was stopped" not in message.text_content()
    assert reader.page_errors == []


@pytest.mark.parametrize("returned, sentence", [
    ("{'readout': 'x', 'panels': 3}",
     'your view() returned "panels" as an int, but the page needs a list of panels.'),
    ("{'readout': 'x', 'panels': [{'kind': 'grid', 'id': 'g', 'label': 'G'}]}",
     'your view() returned panel 1 (grid "g") with "text" as None, but a grid panel needs a list of rows '
     '(lists) there.'),
])
def test_a_view_of_the_wrong_shape_gets_a_sentence_not_a_javascript_error(reader, site, returned, sentence):
    page = reader.page
    reader.open(site.pages_with_simulations()["conv2d"])
    wait_ready(page, SIM)
    values = control_values(page)
    open_and_run(page, f"def view(**params):\n    return {returned}\n")
    message = page.locator(f"#{SIM} .sim-code-message")
    message.filter(has_text="your view() returned").wait_for()
    assert message.text_content() == sentence
    wait_until_shows(page, SIM, expected(module("conv2d").view(**values)))
    assert "Cannot read properties" not in page.locator(f"#{SIM}").text_content()
    assert reader.page_errors == []
