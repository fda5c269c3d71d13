"""Formulas and figures as a reader sees them, on a phone and a desktop: the site's math font draws
every formula, brackets fit their matrix, inline formulas wrap instead of running off the screen, and
figure labels stay readable.
"""

from __future__ import annotations

import re

import pytest

from browser.conftest import ROOT, reading
from math_font import FONT

pytestmark = pytest.mark.browser

BRACKETS = """() => [...document.querySelectorAll("math[display=block] mtable")].map((table) => {
  const row = table.parentElement;
  const open = row.firstElementChild.getBoundingClientRect();
  return {rows: table.querySelectorAll("mtr").length, table: table.getBoundingClientRect().height,
          bracket: open.height};
})"""

OVERFLOW = """() => [...document.querySelectorAll(".chapter-body p math, .chapter-body li math")].filter((math) => {
  const box = math.getBoundingClientRect();
  const text = math.closest("p, li").getBoundingClientRect();
  return box.right > text.right + 1 || box.left < text.left - 1;
}).map((math) => math.getAttribute("alttext") || math.textContent)"""


def test_formulas_use_the_shipped_font_and_brackets_grow_with_their_matrix(reader):
    reader.open("pooling/")
    reader.page.evaluate("document.fonts.ready")
    font = reader.page.evaluate("""async () => {
      await document.fonts.load('16px "Noto Sans Math"', "∑");
      return [...document.fonts].filter((face) => face.family.replaceAll('"', '') === "Noto Sans Math")
        .map((face) => face.status);
    }""")
    assert font == ["loaded"]
    assert reader.page.locator("math").first.evaluate("m => getComputedStyle(m).fontFamily").startswith('"Noto Sans Math"')
    matrices = reader.page.evaluate(BRACKETS)
    assert sorted(matrix["rows"] for matrix in matrices) == [2, 2, 4]
    for matrix in matrices:
        assert matrix["bracket"] >= 0.9 * matrix["table"], matrix
    four, two = max(matrices, key=lambda m: m["rows"]), min(matrices, key=lambda m: m["rows"])
    assert two["bracket"] < 0.75 * four["bracket"], "a 2-row matrix's brackets fit it, not its neighbour"
    assert reader.page_errors == [] and reader.console_errors == []


@pytest.mark.parametrize("width", [375, 1280])
def test_inline_formulas_are_text_sized_and_never_run_off_their_paragraph(browser, site, width):
    with reading(browser, site, viewport={"width": width, "height": 800}) as reader:
        for path in site.chapter_paths():
            reader.open(path)
            reader.page.evaluate("document.fonts.ready")
            assert reader.page.evaluate(OVERFLOW) == [], path
            sizes = reader.page.evaluate("""() => [...document.querySelectorAll(".chapter-body p math")]
              .map((math) => parseFloat(getComputedStyle(math).fontSize) / parseFloat(getComputedStyle(math.closest("p")).fontSize))""")
            assert set(sizes) <= {1.0}, path


def smallest_text(svg: str) -> float:
    return min(float(size) for size in re.findall(r'font-size="([\d.]+)"', svg))


def test_figure_labels_stay_at_least_11_px_on_a_phone_and_the_figure_opens_full_size(browser, site):
    with reading(browser, site, viewport={"width": 375, "height": 800}) as reader:
        checked = 0
        for path in site.chapter_paths():
            reader.open(path)
            for figure in reader.page.locator("figure.figure").all():
                image = figure.locator("img")
                image.scroll_into_view_if_needed()
                image.evaluate("img => img.decode()")
                source = image.get_attribute("src").removeprefix("/course/")
                svg = (ROOT / "content" / source).read_text(encoding="utf-8")
                view_width = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+)', svg).group(1))
                drawn = image.evaluate("img => img.getBoundingClientRect().width")
                assert smallest_text(svg) * drawn / view_width >= 11, source
                assert figure.get_by_role("link", name="Open the figure full size").get_attribute("href") == f"/course/{source}"
                assert figure.locator(".figure-scroll").get_attribute("tabindex") == "0"
                checked += 1
        assert checked >= 5
