"""The default (CDN) build with every outside request blocked: Pyodide cannot load.

The reader still gets the whole first paint, a stepper that steps through the precomputed steps, one
sentence saying what happened with a Retry button, and nothing uncaught in the console.
"""

from __future__ import annotations


import pytest

from browser.sim_page import comparable, control_values, expected, module, shown, wait_until_shows
from convlab.site.registry import discover_simulations
from convlab.runtime import PYODIDE_CDN_URL

pytestmark = pytest.mark.browser

SIMULATIONS = sorted(discover_simulations())


def starting_state(page, sim_id: str) -> dict:
    return module(sim_id.removeprefix("sim-")).view(**control_values(page, sim_id))


def wait_for_failure(page, sim_id: str) -> None:
    page.locator(f"#{sim_id}").scroll_into_view_if_needed()
    page.wait_for_selector(f"#{sim_id}[data-status=error]", timeout=60_000)


@pytest.mark.parametrize("name", SIMULATIONS)
def test_blocked_cdn_keeps_the_first_paint_and_says_why(offline_reader, cdn_site, name):
    page, sim_id = offline_reader.page, f"sim-{name}"
    offline_reader.open(cdn_site.pages_with_simulations()[name])
    state = starting_state(page, sim_id)
    assert shown(page, sim_id)["status"] == "static"
    assert comparable(shown(page, sim_id)) == expected(state)

    wait_for_failure(page, sim_id)
    read = shown(page, sim_id)
    assert read["message"].startswith("Python could not run (the Python runtime could not be downloaded "
                                      "from cdn.jsdelivr.net); ")
    assert page.locator(f"#{sim_id}").get_by_role("button", name="Retry", exact=True).count() == 1
    assert comparable(read) == expected(state)
    assert f"{PYODIDE_CDN_URL}pyodide.mjs" in offline_reader.blocked
    assert offline_reader.page_errors == []
    assert not [text for text in offline_reader.console_errors if "Uncaught" in text]


def test_retry_tries_again_and_fails_the_same_quiet_way(offline_reader, cdn_site):
    page, sim_id = offline_reader.page, "sim-conv2d"
    offline_reader.open(cdn_site.pages_with_simulations()["conv2d"])
    wait_for_failure(page, sim_id)
    page.get_by_role("button", name="Retry", exact=True).click()
    page.wait_for_selector(f"#{sim_id}[data-status=error]", timeout=60_000)
    assert offline_reader.blocked.count(f"{PYODIDE_CDN_URL}pyodide.mjs") == 2
    assert offline_reader.page_errors == []
    assert not [text for text in offline_reader.console_errors if "Uncaught" in text]


def test_a_stepper_steps_through_precomputed_steps_without_python(offline_reader, cdn_site):
    page, sim_id = offline_reader.page, "sim-conv2d"
    offline_reader.open(cdn_site.pages_with_simulations()["conv2d"])
    state = starting_state(page, sim_id)
    page.locator(f"#{sim_id}").get_by_role("button", name="Step", exact=True).click()
    wait_until_shows(page, sim_id, expected(state, state["steps"][0]))
    wait_for_failure(page, sim_id)
    page.locator(f"#{sim_id}").get_by_role("button", name="Step", exact=True).click()
    wait_until_shows(page, sim_id, expected(state, state["steps"][1]))
