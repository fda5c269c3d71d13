"""The site's math font: Noto Sans Math (SIL OFL 1.1), cut down to the characters a course's formulas use.

Browsers typeset MathML with an OpenType font's MATH table: how tall a bracket grows, where Σ's limits
sit, how thick a fraction bar is. Without one, each system picks whatever font it has and brackets stay
one line tall. So the site ships its own, ``templates/assets/fonts/noto-sans-math.woff2``, a sans-serif
face that sits well beside the site's system sans text.

Maintainers regenerate it with ``python tests/math_font.py`` (needs npm and ``pip install fonttools
brotli``, which the test extras bring): it packs ``@fontsource/noto-sans-math`` from npm, keeps the
ranges below with the MATH table, every glyph variant and assembly part and every OpenType feature
(``ssty`` gives script-size primes), and writes woff2. Nothing of this runs at build time.
``tests/test_math_font.py`` checks that the committed file covers every character the course's
formulas use, and that it still has its MATH table.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FONT = ROOT / "templates" / "assets" / "fonts" / "noto-sans-math.woff2"
PACKAGE = "@fontsource/noto-sans-math@5.3.0"
SOURCE = "package/files/noto-sans-math-latin-400-normal.woff2"

# Latin and Latin-1 (× · ± ²), Greek, spaces and invisible operators, letter-like symbols (ℎ ℝ), arrows,
# operators, floor/ceiling and bracket pieces, over/under braces, white brackets and angle brackets,
# long arrows, n-ary operators, and the mathematical bold, italic and double-struck alphabets (a single
# letter in <mi> is drawn from the italic one) with their Greek and bold digits.
RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x0391, 0x03A9), (0x03B1, 0x03C9), (0x03D1, 0x03D1),
    (0x03D5, 0x03D5), (0x03F0, 0x03F1), (0x03F5, 0x03F5), (0x2000, 0x206F), (0x2100, 0x214F),
    (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2308, 0x230B), (0x239B, 0x23B3), (0x23DC, 0x23E1),
    (0x27E6, 0x27EF), (0x27F5, 0x27FF), (0x2A00, 0x2A06), (0x1D400, 0x1D467), (0x1D538, 0x1D56B),
    (0x1D6A8, 0x1D71B), (0x1D7CE, 0x1D7D7),
]


def unicodes() -> list[int]:
    return [code for first, last in RANGES for code in range(first, last + 1)]


def subset(source: Path, target: Path) -> None:
    """Write ``target``: ``source`` with only ``RANGES``, its MATH table and all its features, as woff2."""
    from fontTools import subset as fontsubset
    from fontTools.ttLib import TTFont

    options = fontsubset.Options(layout_features=["*"], name_IDs=["*"], name_languages=["*"], hinting=False)
    font = TTFont(source)
    subsetter = fontsubset.Subsetter(options)
    subsetter.populate(unicodes=unicodes())
    subsetter.subset(font)
    font.flavor = "woff2"
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        packed = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=folder, capture_output=True, text=True)
        if packed.returncode:
            print(f"npm pack {PACKAGE} failed: {packed.stderr.strip()}", file=sys.stderr)
            return 1
        with tarfile.open(Path(folder) / packed.stdout.strip().splitlines()[-1]) as archive:
            archive.extract(SOURCE, folder, filter="data")
        subset(Path(folder) / SOURCE, FONT)
    print(f"wrote {FONT.relative_to(ROOT)} ({FONT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
