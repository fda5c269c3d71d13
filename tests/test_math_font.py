"""The math font the site ships covers every character the course's formulas use, and can stretch.

A formula with a symbol outside the subset would fall back to a system font for that symbol; this test
names it, so the subset is regenerated (``python tests/math_font.py``) with a range that holds it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from fontTools.ttLib import TTFont

from conftest import ROOT, options_for
from convlab.markdown.mathml import NS
from convlab.site.builder import build
from math_font import FONT

# What Chromium draws for a one-letter <mi>: the mathematical italic letter (MathML Core's math-auto).
_ITALIC = {**{chr(ord("a") + i): chr(0x1D44E + i) for i in range(26)},
           **{chr(ord("A") + i): chr(0x1D434 + i) for i in range(26)}, "h": "\u210e"}


@pytest.fixture(scope="module")
def font() -> TTFont:
    return TTFont(FONT)


@pytest.fixture(scope="module")
def course_formulas(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("course") / "_site"
    assert build(options_for(ROOT / "content", out)).errors == []
    pages = [path.read_text(encoding="utf-8") for path in out.glob("*/index.html")]
    return [formula for page in pages for formula in re.findall(r"<math\b.*?</math>", page, re.S)]


def drawn_characters(mathml: str) -> set[str]:
    characters = set()
    for element in ET.fromstring(mathml).iter():
        text = (element.text or "").strip()
        if element.tag == f"{{{NS}}}mi" and len(text) == 1 and "mathvariant" not in element.attrib:
            text = _ITALIC.get(text, text)
        characters.update(text)
    return characters - {" "}


def test_the_font_covers_every_character_of_the_course_formulas(font, course_formulas):
    assert len(course_formulas) > 50
    cmap = font.getBestCmap()
    missing = sorted({char for formula in course_formulas for char in drawn_characters(formula)
                      if ord(char) not in cmap})
    assert missing == [], f"not in {FONT.name}: {missing} — add their range in tests/math_font.py and run it"


def test_the_font_keeps_its_math_table_with_stretchy_brackets_and_big_operators(font):
    math = font["MATH"].table
    cmap = font.getBestCmap()
    stretchy = set(math.MathVariants.VertGlyphCoverage.glyphs)
    assert {cmap[ord(char)] for char in "([{⌊⌋|∑"} <= stretchy
    assert math.MathConstants.FractionRuleThickness.Value > 0
    assert font.flavor == "woff2" and FONT.stat().st_size < 80_000
