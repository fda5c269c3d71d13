"""Light and dark: the system decides until the reader chooses in the header; the choice is remembered,
applied before the first paint, and followed by the code blocks and the simulations. Paper is light."""

from __future__ import annotations

import pytest

from browser.conftest import reading

pytestmark = pytest.mark.browser

LIGHT_BG, DARK_BG = "rgb(253, 253, 252)", "rgb(15, 18, 23)"
LIGHT_CODE_BG, DARK_CODE_BG = "rgb(248, 248, 248)", "rgb(13, 17, 23)"
LIGHT_NEGATIVE, DARK_NEGATIVE = "rgb(0, 114, 178)", "rgb(86, 180, 233)"
THEME_KEY = "convlab:convolutional-networks-from-zero:theme"

CODE_PAGE, SIMULATION_PAGE = "building-a-convnet/", "explorer/"
BACKGROUNDS = """() => {
  const background = (selector) => {
    const node = document.querySelector(selector);
    return node ? getComputedStyle(node).backgroundColor : null;
  };
  return {
    theme: document.documentElement.dataset.theme || "system",
    page: background("body"),
    code: background(".highlight"),
    negative: background(".sim .sim-grid td.shade-n4:not(.is-hidden)"),
  };
}"""
PALETTES = {
    "light": {"page": LIGHT_BG, "code": LIGHT_CODE_BG, "negative": LIGHT_NEGATIVE},
    "dark": {"page": DARK_BG, "code": DARK_CODE_BG, "negative": DARK_NEGATIVE},
}


def toggle(page):
    return page.locator("[data-theme-toggle]")


def looks(reader) -> tuple[dict, dict]:
    """What the code page and the simulation page look like now: (code page, simulation page)."""
    reader.open(CODE_PAGE)
    code = reader.page.evaluate(BACKGROUNDS)
    reader.open(SIMULATION_PAGE)
    simulation = reader.page.evaluate(BACKGROUNDS)
    return ({"theme": code["theme"], "page": code["page"], "code": code["code"]},
            {"theme": simulation["theme"], "page": simulation["page"], "negative": simulation["negative"]})


def palette(theme: str, colours: str) -> tuple[dict, dict]:
    chosen = PALETTES[colours]
    return ({"theme": theme, "page": chosen["page"], "code": chosen["code"]},
            {"theme": theme, "page": chosen["page"], "negative": chosen["negative"]})


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_toggle_cycles_system_light_dark_and_is_remembered(browser, site, system):
    with reading(browser, site, color_scheme=system) as reader:
        page = reader.page
        assert looks(reader) == palette("system", system)
        assert toggle(page).get_attribute("aria-label") == "Colour theme: System. Switch to Light"
        assert toggle(page).is_visible()

        toggle(page).click()
        assert toggle(page).get_attribute("aria-label") == "Colour theme: Light. Switch to Dark"
        assert looks(reader) == palette("light", "light")

        toggle(page).click()
        assert toggle(page).get_attribute("aria-label") == "Colour theme: Dark. Switch to System"
        assert toggle(page).text_content().strip().endswith("Dark")
        assert page.evaluate(f"localStorage.getItem({THEME_KEY!r})") == "dark"
        assert looks(reader) == palette("dark", "dark")

        toggle(page).click()
        assert page.evaluate(f"localStorage.getItem({THEME_KEY!r})") is None
        assert looks(reader) == palette("system", system)
        assert reader.page_errors == [] and reader.console_errors == []


def test_the_chosen_theme_is_on_the_page_before_its_body_is(browser, site):
    """theme.js runs in <head>, so the first paint is already in the chosen colours."""
    with reading(browser, site) as reader:
        reader.open()
        reader.page.evaluate(f"localStorage.setItem({THEME_KEY!r}, 'dark')")
        reader.page.add_init_script(
            "new MutationObserver((_, observer) => { if (!document.body) return; observer.disconnect(); "
            "window.themeAtBody = document.documentElement.dataset.theme || 'system'; })"
            ".observe(document, { childList: true, subtree: true });")
        reader.open("filters/")
        assert reader.page.evaluate("window.themeAtBody") == "dark"


def test_paper_is_light_even_in_the_dark_theme(browser, site):
    with reading(browser, site, color_scheme="dark") as reader:
        reader.open(CODE_PAGE)
        reader.page.locator("[data-theme-toggle]").click()
        reader.page.locator("[data-theme-toggle]").click()
        assert reader.page.evaluate(BACKGROUNDS)["page"] == DARK_BG
        reader.page.emulate_media(media="print")
        printed = reader.page.evaluate(BACKGROUNDS)
        assert (printed["page"], printed["code"]) == (LIGHT_BG, LIGHT_CODE_BG)
