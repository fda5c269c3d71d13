"""Results kept between build processes, in the system's temporary folder, keyed by their inputs.

A fresh ``python build.py`` pays for work whose inputs rarely change: compiling templates, highlighting
the simulations' sources. Each entry's name is a hash of everything it is computed from, so a changed
input simply misses; nothing is ever served stale, and deleting the folder only costs time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable


def cache_folder(kind: str) -> Path:
    """``<tmp>/convlab-<kind>-<user>``, private to the user running the build."""
    user = os.getuid() if hasattr(os, "getuid") else "user"
    folder = Path(tempfile.gettempdir()) / f"convlab-{kind}-{user}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def cached_text(kind: str, inputs: tuple[str, ...], compute: Callable[[], str]) -> str:
    """``compute()``, or what it returned before for the same ``inputs``."""
    digest = hashlib.sha256("\0".join(inputs).encode("utf-8")).hexdigest()
    path = cache_folder(kind) / digest
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    text = compute()
    try:
        partial = path.with_name(f".{digest}.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass  # a read-only or full temporary folder only makes the next build slower
    return text
