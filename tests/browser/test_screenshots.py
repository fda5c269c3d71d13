"""The README's pictures, taken from the real site: the landing page and the explorer chapter (its 2-D
convolution a few steps in), on a desktop (1280 px wide) and on a phone (375 px), and the digits ConvNet
training in the page. Each run rewrites
docs/screenshots/, so the pictures always show the course as it is."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from browser.conftest import reading
from browser.sim_page import wait_ready
from browser.test_training import SIM as TRAINER, open_trainer, train_until

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
SIM = "sim-conv2d"


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def show_explorer(reader, site, start: str) -> None:
    """The explorer chapter scrolled to ``start`` in its simulation (on a phone its panels, since the
    controls fill the screen), three steps in, with Python ready."""
    reader.open(site.pages_with_simulations()["conv2d"])
    wait_ready(reader.page, SIM)
    for _ in range(3):
        reader.page.locator(f"#{SIM}").get_by_role("button", name="Step", exact=True).click()
    reader.page.locator(f"#{SIM}{start}").evaluate("node => node.scrollIntoView({ block: 'start' })")
    reader.page.evaluate("window.scrollBy(0, -16)")


@pytest.mark.parametrize("device, options, suffix, start", [("desktop", DESKTOP, "", ""),
                                                           ("phone", PHONE, "-phone", " > .sim-panels")])
def test_screenshots_of_the_landing_page_and_a_chapter(browser, site, device, options, suffix, start):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with reading(browser, site, color_scheme="light", **options) as reader:
        reader.open()
        reader.page.screenshot(path=SCREENSHOTS / f"landing{suffix}.png")
        show_explorer(reader, site, start)
        reader.page.screenshot(path=SCREENSHOTS / f"chapter{suffix}.png")
        assert reader.page_errors == [] and reader.console_errors == []
    size = (options["viewport"]["width"], options["viewport"]["height"])
    assert png_size(SCREENSHOTS / f"landing{suffix}.png") == size
    assert png_size(SCREENSHOTS / f"chapter{suffix}.png") == size


def test_screenshot_of_the_training_view(browser, site):
    """The digits ConvNet two epochs into training in the page: loss curve, accuracy and learned filters."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "training.png"
    with reading(browser, site, **DESKTOP) as reader:
        page = open_trainer(reader, site)
        train_until(page, 90)
        page.locator(f"#{TRAINER} .sim-panels").scroll_into_view_if_needed()
        page.locator(f"#{TRAINER}").screenshot(path=path)
        assert reader.page_errors == []
    width, height = png_size(path)
    assert 600 <= width <= 1280 and height >= 300
