"""Each simulation's Python source, for the page's "Open the Python" panel (assets/js/open-python.js).

One JSON file per simulation, ``assets/source/<name>.json``: the module's text exactly as the bundle
ships it (the reader edits and runs that) and the same text highlighted by Pygments, with line numbers
so that an error's "line N" can be found. The page fetches a file only when the reader opens the panel,
so chapter pages stay small.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pygments
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from convlab.site.diskcache import cached_text
from convlab.site.registry import Simulation

SOURCE_DIR = "assets/source"


def source_path(name: str) -> str:
    """Where the source file of simulation ``name`` sits in the site."""
    return f"{SOURCE_DIR}/{name}.json"


@functools.lru_cache(maxsize=64)
def source_file(name: str, source: str) -> str:
    """The JSON text of one simulation's source file: ``{"name", "source", "html"}``.

    Kept per source text, in memory and on disk, so that only a module that changed is highlighted again.
    """
    def compute() -> str:
        formatter = HtmlFormatter(linenos="inline", cssclass="highlight", wrapcode=True)
        return json.dumps({"name": name, "source": source, "html": highlight(source, PythonLexer(), formatter)},
                          ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    return cached_text("sources", (pygments.__version__, name, source), compute)


def source_files(registry: dict[str, Simulation]) -> dict[str, str]:
    """site path -> JSON text, for every simulation of the registry."""
    return {source_path(name): source_file(name, Path(simulation.module.__file__).read_text(encoding="utf-8"))
            for name, simulation in sorted(registry.items())}
