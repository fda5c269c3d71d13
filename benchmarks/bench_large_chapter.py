"""How ``--check`` time grows with one chapter's size, up to the per-file limit.

    python3 benchmarks/bench_large_chapter.py

A chapter of N repeated sections (a paragraph with a chapter link, inline maths and a checked fact, a
heading and a small table) is checked in this process, untimed once first, for sizes from a twentieth of
``MAX_TEXT_BYTES`` to the limit itself. The last column is the time per kilobyte relative to the smallest
size: 1.0 everywhere means time linear in the input. Python-Markdown's inline pass is itself slightly
worse than linear in a page's number of top-level blocks, which the per-file limit keeps to seconds.
Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convlab.site.builder import check  # noqa: E402
from convlab.site.config import BuildOptions  # noqa: E402
from convlab.site.inputs import MAX_TEXT_BYTES  # noqa: E402

SECTION = ("A kernel slides over the input; see [the other chapter](02-b.md#intro), $x_i$ and "
           "{{= output_size(7, 3, s=2) }} values.\n\n## Section {n}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n")


def chapter(size: int) -> str:
    head, sections = "---\ntitle: A\n---\n", []
    while len(head) + sum(map(len, sections)) < size - 200:
        sections.append(SECTION.format(n=len(sections)))
    return head + "".join(sections)


def seconds_to_check(content: Path, size: int) -> tuple[int, float]:
    text = chapter(size)
    (content / "01-a.md").write_text(text, encoding="utf-8")
    options = BuildOptions(content_dir=content, templates_dir=ROOT / "templates", out_dir=content.parent / "_site")
    started = time.process_time()
    result = check(options)
    assert not result.errors, result.errors
    return len(text.encode()), time.process_time() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        content = Path(scratch) / "content"
        content.mkdir()
        (content / "course.yml").write_text("title: Large\n", encoding="utf-8")
        (content / "02-b.md").write_text("---\ntitle: B\n---\n## Intro\n\nText.\n", encoding="utf-8")
        seconds_to_check(content, 5_000)
        rows = [seconds_to_check(content, MAX_TEXT_BYTES * share // 20) for share in (1, 2, 5, 10, 20)]
    base = rows[0][1] / rows[0][0]
    print(f"{'chapter bytes':>14} {'CPU s':>8} {'ms per kB':>10} {'vs smallest':>12}")
    for size, seconds in rows:
        print(f"{size:>14,} {seconds:>8.2f} {seconds / size * 1e6:>10.2f} {seconds / size / base:>12.2f}")


if __name__ == "__main__":
    main()
