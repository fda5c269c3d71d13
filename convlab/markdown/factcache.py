"""Fact values kept between build processes, so a fact that trains a network costs a fresh build nothing.

``digits_accuracy`` trains the chapter-7 network for a few epochs: about a second, most of a cold build's
own work. A fact's text depends only on its expression, its format and the code of the functions it may
call, so it is kept in the user's private cache (``convlab.site.diskcache``) under a hash of all three. The
code is every source file in the folders the functions come from (a simulation's helpers included), with
the Python and numpy versions; any edit there misses. Functions that are not plain module-level functions
(a lambda, a closure) are never cached: their behaviour is not in their file.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import Callable

import numpy

from convlab.site.diskcache import cached_text

# What ``facts.shown`` can produce: digits, separators, signs, exponents, percent and the shape's ×.
_SHOWN = re.compile(r"[-+0-9.,_×e%]{1,400}")
_digests: dict[tuple, str] = {}


def cached_fact(expression: str, spec: str, functions: dict, compute: Callable[[], str]) -> str:
    """``compute()``, or its text from an earlier build of the same fact with the same code."""
    code = code_digest(functions)
    if code is None:
        return compute()
    return cached_text("fact", (expression.strip(), spec.strip(), code), compute,
                       lambda text: _SHOWN.fullmatch(text) is not None)


def code_digest(functions: dict) -> str | None:
    """A hash of the sources ``functions`` come from, or None when one of them has no source file."""
    folders = set()
    for function, _ in functions.values():
        module = sys.modules.get(getattr(function, "__module__", None) or "")
        if module is None or "<" in getattr(function, "__qualname__", "<"):
            return None
        if module.__name__ != "builtins":
            if not getattr(module, "__file__", None):
                return None
            folders.add(Path(module.__file__).parent)
    files = sorted(path for folder in folders for path in folder.glob("*.py"))
    stamp = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    if stamp not in _digests:
        digest = hashlib.sha256(f"{sys.version}\0{numpy.__version__}".encode())
        for path in files:
            digest.update(f"\0{path.name}\0".encode() + path.read_bytes())
        _digests[stamp] = digest.hexdigest()
    return _digests[stamp]
