"""Fact values kept between build processes, so a fact that trains a network costs a fresh build nothing.

``digits_accuracy`` trains the chapter-7 network for a few epochs: about a second, most of a cold build's
own work. A fact's text depends only on its expression, its format and the code of the functions it may
call, so it is kept in the user's private cache (``convlab.site.diskcache``) under a hash of all three. The
code is every source file in the folders the functions come from (a simulation's helpers included), with
the Python and numpy versions; any edit there misses. Functions that are not plain module-level functions
(a lambda, a closure) are never cached: their behaviour is not in their file.
"""

from __future__ import annotations

import re
import sys
from typing import Callable

from convlab.site.diskcache import cached_text, sources_digest

# What ``facts.shown`` can produce: digits, separators, signs, exponents, percent and the shape's ×.
_SHOWN = re.compile(r"[-+0-9.,_×e%]{1,400}")


def cached_fact(expression: str, spec: str, functions: dict, compute: Callable[[], str]) -> str:
    """``compute()``, or its text from an earlier build of the same fact with the same code."""
    return cached_text("fact", (expression.strip(), spec.strip(), code_digest(functions)), compute,
                       lambda text: _SHOWN.fullmatch(text) is not None)


def code_digest(functions: dict) -> str | None:
    """A hash of the sources ``functions`` come from, or None when one of them has no source file."""
    modules = []
    for function, _ in functions.values():
        module = sys.modules.get(getattr(function, "__module__", None) or "")
        if module is None or "<" in getattr(function, "__qualname__", "<"):
            return None
        if module.__name__ != "builtins":
            modules.append(module)
    return sources_digest(modules)
