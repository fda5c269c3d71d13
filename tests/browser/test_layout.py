"""Phones and zoom: every page fits a 375 px wide screen (only wide grids and code scroll, inside their own
boxes), controls are big enough to touch, and a 1280 px window zoomed to 200% (640 CSS px) still fits."""

from __future__ import annotations

import pytest

from browser.conftest import reading
from browser.sim_page import wait_ready

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
ZOOMED = {"width": 640, "height": 400}

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const sticking = [...document.querySelectorAll("body *")].filter((node) => {
    const box = node.getBoundingClientRect();
    if (!box.width || box.right <= width + 0.5) return false;
    for (let up = node.parentElement; up; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow === "auto" || overflow === "scroll" || overflow === "hidden") return false;
    }
    return true;
  });
  return {
    scroll: document.documentElement.scrollWidth,
    width,
    sticking: sticking.slice(0, 5).map((node) => node.outerHTML.slice(0, 120)),
  };
}"""

SMALL_TARGETS = """() => [...document.querySelectorAll(
    "button, select, input, textarea, summary, .button, .chapter-card a, .pager a, .search-results a")]
  .filter((node) => node.offsetParent !== null && node.type !== "hidden")
  .map((node) => {
    const box = node.getBoundingClientRect();
    const least = node.type === "checkbox" ? 24 : 44;
    return { what: node.outerHTML.slice(0, 80), height: Math.round(box.height), least };
  })
  .filter((target) => target.height < target.least)"""


def all_pages(site) -> list[str]:
    return ["", "404.html", *site.chapter_paths()]


@pytest.mark.parametrize("viewport", [PHONE, ZOOMED], ids=["phone-375", "zoom-200"])
def test_no_page_scrolls_sideways(browser, site, viewport):
    with reading(browser, site, viewport=viewport) as reader:
        for path in all_pages(site):
            reader.open(path)
            for summary in reader.page.locator(".course-nav summary").all():
                summary.click()
            measured = reader.page.evaluate(OVERFLOW)
            assert measured["scroll"] <= measured["width"] and not measured["sticking"], (path, measured)


def test_controls_are_big_enough_to_touch_on_a_phone(browser, site):
    with reading(browser, site, viewport=PHONE, has_touch=True, is_mobile=True) as reader:
        for path in all_pages(site):
            reader.open(path)
            assert reader.page.evaluate(SMALL_TARGETS) == [], path


def test_the_python_panel_fits_a_phone(browser, site):
    with reading(browser, site, viewport=PHONE) as reader:
        reader.open(site.pages_with_simulations()["conv2d"])
        wait_ready(reader.page, "sim-conv2d")
        reader.page.locator("#sim-conv2d").get_by_role("button", name="Open the Python").click()
        reader.page.locator("#sim-conv2d .sim-code-listing .highlight").wait_for()
        measured = reader.page.evaluate(OVERFLOW)
        assert measured["scroll"] <= measured["width"] and not measured["sticking"], measured
        editor = reader.page.locator("#sim-conv2d .sim-code-editor").bounding_box()
        assert editor["x"] >= 0 and editor["x"] + editor["width"] <= PHONE["width"]


def test_the_explorer_at_padding_2_shows_input_and_output_side_by_side(browser, site):
    """At 1280 px the 12×12 padded input and the output it writes sit next to each other, not 500 px apart."""
    with reading(browser, site, viewport={"width": 1280, "height": 900}) as reader:
        page = reader.page
        reader.open(site.pages_with_simulations()["conv2d"] + "#sim-conv2d?kernel=edge&stride=1&padding=2")
        page.locator("#sim-conv2d [data-panel=input] tr:first-child td:nth-child(12)").wait_for(timeout=120_000)
        boxes = page.evaluate("""() => Object.fromEntries(["input", "output"].map((id) => {
          const box = document.querySelector(`#sim-conv2d [data-panel=${id}] table`).getBoundingClientRect();
          return [id, {top: box.top, bottom: box.bottom, left: box.left, right: box.right}];
        }))""")
        width = page.evaluate("document.querySelector('#sim-conv2d .sim-panels').clientWidth")
        assert boxes["output"]["top"] < boxes["input"]["bottom"], (width, boxes)
        assert boxes["output"]["left"] >= boxes["input"]["right"], boxes
