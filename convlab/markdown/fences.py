"""Fenced code, tracked one way for every line-based processor: what is inside a fence is left alone.

A fence opens with three or more backticks or tildes (indented or not, an info string allowed) and
closes on a line of only the same character, at least as many of them. Checked facts, directives and
display math all skip what lies inside, so ``:::`` or ``$$`` shown in a code sample stays text.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def fence_after(line: str, fence: str | None) -> str | None:
    """The open code fence (its backticks or tildes) after ``line``, given the one open before it."""
    if fence:
        text = line.strip()
        return None if text.startswith(fence) and not text.strip(fence[0]) else fence
    match = _FENCE.match(line)
    return match.group(1) if match else None


def outside_fences(lines: list[str]):
    """``(index, line)`` for every line that is neither inside a fence nor one of its fence lines."""
    fence = None
    for index, line in enumerate(lines):
        inside = fence is not None
        fence = fence_after(line, fence)
        if not inside and fence is None:
            yield index, line
