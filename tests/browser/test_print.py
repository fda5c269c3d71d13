"""Printing a chapter: its text, every simulation as the build computed it (whatever the reader changed on
screen; a stepper with its computation complete, or as the reader left it if they stepped), every quiz
answer, and none of the screen-only controls."""

from __future__ import annotations


import pytest

from browser.sim_page import (comparable, control_spec, control_values, expected, module, set_control, shown,
                              wait_ready, wait_until_shows)

pytestmark = pytest.mark.browser

DISPLAY = "selector => { const node = document.querySelector(selector); return node && getComputedStyle(node).display; }"


def display(page, selector: str) -> str | None:
    return page.evaluate(DISPLAY, selector)


def print_page(page) -> None:
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")


@pytest.mark.parametrize("name", ["conv2d", "conv1d"])
def test_a_printed_chapter_shows_the_first_paint_completed_and_the_answers(reader, site, name):
    page, sim_id = reader.page, f"sim-{name}"
    reader.open(site.pages_with_simulations()[name])
    wait_ready(page, sim_id)
    values = control_values(page, sim_id)
    first = module(name).view(**values)
    stride = control_spec(name, "stride")
    set_control(page, sim_id, stride, 2)
    wait_until_shows(page, sim_id, expected(module(name).view(**{**values, "stride": 2})))

    print_page(page)
    for hidden in (".site-header", ".course-nav", ".pager", f"#{sim_id} .sim-controls", f"#{sim_id} .sim-stepper",
                   f"#{sim_id} .sim-code", f"#{sim_id} > .sim-panels"):
        assert display(page, hidden) == "none", hidden
    printed = shown(page, sim_id, " .sim-print")
    assert comparable(printed) == expected(first, first["steps"][-1])
    output = next(panel for panel in printed["panels"] if panel["id"] == "output")
    assert not any(map(any, output["hidden"])) and output["cells"][0][0] != ""
    assert page.locator(f"#{sim_id} .sim-print .sim-narration").is_visible()
    assert page.locator("details.quiz-answer:not([open])").count() == 0
    assert page.locator(".quiz-answer .quiz-correct").first.is_visible()

    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator(".sim-print").count() == 0
    assert page.locator("details.quiz-answer[open]").count() == 0
    assert display(page, f"#{sim_id} > .sim-panels") != "none"
    assert reader.page_errors == []


@pytest.mark.parametrize("name", ["conv1d", "pooling", "stride_padding"])
def test_a_stepper_the_reader_stepped_prints_as_they_left_it(reader, site, name):
    page, sim_id = reader.page, f"sim-{name}"
    reader.open(site.pages_with_simulations()[name])
    wait_ready(page, sim_id)
    state = module(name).view(**control_values(page, sim_id))
    for _ in range(2):
        page.locator(f"#{sim_id}").get_by_role("button", name="Step", exact=True).click()
    wait_until_shows(page, sim_id, expected(state, state["steps"][1]))

    print_page(page)
    assert page.locator(f"#{sim_id} .sim-print").count() == 0
    assert display(page, f"#{sim_id} > .sim-panels") != "none"
    assert comparable(shown(page, sim_id)) == expected(state, state["steps"][1])
    assert page.locator(f"#{sim_id} .sim-narration").is_visible()
    assert display(page, f"#{sim_id} .sim-stepper") == "none"

    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator(f"#{sim_id}.prints-live").count() == 0
    assert reader.page_errors == []
