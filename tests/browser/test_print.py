"""Printing a chapter: its text, every simulation as the build computed it (whatever the reader changed on
screen), every quiz answer, and none of the screen-only controls."""

from __future__ import annotations

import json

import pytest

from browser.sim_page import expected, module, set_control, wait_ready, wait_until_shows

pytestmark = pytest.mark.browser

SIM = "sim-conv2d"
DISPLAY = "selector => { const node = document.querySelector(selector); return node && getComputedStyle(node).display; }"


def display(page, selector: str) -> str | None:
    return page.evaluate(DISPLAY, selector)


def test_a_printed_chapter_shows_the_first_paint_and_the_answers(reader, site):
    page = reader.page
    reader.open(site.pages_with_simulations()["conv2d"])
    first_panels = page.locator(f"#{SIM} .sim-panels").inner_text()
    first_readout = page.locator(f"#{SIM} .sim-readout-text").inner_text()
    wait_ready(page, SIM)
    payload = json.loads(page.locator(f"#{SIM} .sim-payload").text_content())
    stride = next(spec for spec in payload["controls"] if spec["name"] == "stride")
    set_control(page, SIM, stride, 2)
    wait_until_shows(page, SIM, expected(module("conv2d").view(**{**payload["values"], "stride": 2})))

    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    for hidden in (".site-header", ".course-nav", ".pager", f"#{SIM} .sim-controls", f"#{SIM} .sim-stepper",
                   f"#{SIM} .sim-code", f"#{SIM} > .sim-panels"):
        assert display(page, hidden) == "none", hidden
    assert page.locator(f"#{SIM} .sim-print .sim-panels").inner_text() == first_panels
    assert page.locator(f"#{SIM} .sim-print .sim-readout").inner_text() == first_readout
    assert page.locator("details.quiz-answer:not([open])").count() == 0
    assert page.locator(".quiz-answer .quiz-correct").first.is_visible()

    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator(".sim-print").count() == 0
    assert page.locator("details.quiz-answer[open]").count() == 0
    assert display(page, f"#{SIM} > .sim-panels") != "none"
    assert reader.page_errors == []
