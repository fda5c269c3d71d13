"""Steppers: Step, Play (which becomes Pause) and Reset walk through the steps Python computed."""

from __future__ import annotations

import pytest

from browser.conftest import reading
from browser.sim_page import control_values, expected, module, wait_ready, wait_until_shows
from convlab.site.registry import discover_simulations

pytestmark = pytest.mark.browser

STEPPERS = [name for name in sorted(discover_simulations()) if module(name).view().get("steps")]


def state_on_page(page, sim_id: str) -> dict:
    return module(sim_id.removeprefix("sim-")).view(**control_values(page, sim_id))


def button(page, sim_id: str, name: str):
    return page.locator(f"#{sim_id}").get_by_role("button", name=name, exact=True)


def test_the_course_has_the_four_steppers():
    assert STEPPERS == ["conv1d", "conv2d", "pooling", "stride_padding"]


@pytest.mark.parametrize("name", STEPPERS)
def test_step_play_pause_and_reset(reader, site, name):
    page, sim_id = reader.page, f"sim-{name}"
    reader.open(site.pages_with_simulations()[name])
    wait_ready(page, sim_id)
    state = state_on_page(page, sim_id)
    steps = state["steps"]
    assert page.locator(f"#{sim_id} .sim-readout").get_attribute("aria-live") == "polite"

    button(page, sim_id, "Step").click()
    wait_until_shows(page, sim_id, expected(state, steps[0]))
    button(page, sim_id, "Step").click()
    wait_until_shows(page, sim_id, expected(state, steps[1]))

    page.locator(f"#{sim_id} .sim-stepper select").select_option(label="Fast")
    button(page, sim_id, "Play").click()
    button(page, sim_id, "Pause").wait_for()
    button(page, sim_id, "Pause").click()
    button(page, sim_id, "Play").wait_for()
    paused_at = page.locator(f"#{sim_id} .sim-narration").text_content()
    page.wait_for_timeout(1000)
    assert page.locator(f"#{sim_id} .sim-narration").text_content() == paused_at

    button(page, sim_id, "Play").click()
    wait_until_shows(page, sim_id, expected(state, steps[-1]), timeout=60)
    button(page, sim_id, "Play").wait_for()

    button(page, sim_id, "Reset").click()
    wait_until_shows(page, sim_id, expected(state))
    assert reader.page_errors == [] and reader.console_errors == []


def test_play_never_starts_by_itself_and_honours_reduced_motion(browser, site):
    with reading(browser, site, reduced_motion="reduce") as reader:
        page, sim_id = reader.page, "sim-conv2d"
        reader.open(site.pages_with_simulations()["conv2d"])
        wait_ready(page, sim_id)
        assert page.locator(f"#{sim_id} .sim-stepper select").input_value() == "1500"
        page.wait_for_timeout(1500)
        assert page.locator(f"#{sim_id} .sim-narration").text_content() == module("conv2d").view()["narration"]
        assert button(page, sim_id, "Play").count() == 1
