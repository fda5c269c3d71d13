"""Each simulation's Python source, for the page's "Open the Python" panel (assets/js/open-python.js).

One JSON file per simulation, ``assets/source/<name>.json``: the module's text exactly as the bundle
ships it (the reader edits and runs that) and the same text highlighted by Pygments, with line numbers
so that an error's "line N" can be found. The page fetches a file only when the reader opens the panel,
so chapter pages stay small.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

from convlab.site.diskcache import cached_text, library_stamp
from convlab.site.registry import Simulation

SOURCE_DIR = "assets/source"
_START, _END = '<div class="highlight"><pre><span></span><code>', "</code></pre></div>\n"
# What Pygments' HTML may hold: class-only spans and escaped text. Removing these must leave nothing.
_PIECE = re.compile(r'<span(?: class="[a-z0-9]+")?>|</span>|[^<>&]+|&(?:quot|#39|lt|gt|amp);')
_LINE_NUMBER = re.compile(r'<span class="linenos"> *[0-9]+</span>')
_TAG = re.compile(r"<[^>]*>")


def source_path(name: str) -> str:
    """Where the source file of simulation ``name`` sits in the site."""
    return f"{SOURCE_DIR}/{name}.json"


@functools.lru_cache(maxsize=64)
def source_file(name: str, source: str) -> str:
    """The JSON text of one simulation's source file: ``{"name", "source", "html"}``.

    Kept per source text, in memory and on disk, so that only a module that changed is highlighted again.
    """
    def compute() -> str:
        # Pygments is loaded only for a source not kept on disk: its plugins cost a cached build a tenth.
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer

        formatter = HtmlFormatter(linenos="inline", cssclass="highlight", wrapcode=True)
        return _dump({"name": name, "source": source, "html": highlight(source, PythonLexer(), formatter)})

    return cached_text("sources", (library_stamp("pygments"), name, source), compute,
                       lambda kept: is_source_file(kept, name, source))


def is_source_file(text: str, name: str, source: str) -> bool:
    """Whether ``text`` is exactly the file ``source_file`` writes for ``source``: a kept copy is used only
    if it is canonical JSON for this name and source, and its HTML is inert markup showing that source."""
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if not isinstance(data, dict) or data.keys() != {"name", "source", "html"} or not isinstance(data["html"], str):
        return False
    return (data["name"] == name and data["source"] == source and _dump(data) == text
            and _shows(data["html"], source))


def _shows(highlighted: str, source: str) -> bool:
    if not (highlighted.startswith(_START) and highlighted.endswith(_END)):
        return False
    body = highlighted[len(_START):-len(_END)]
    if _PIECE.sub("", body):
        return False
    text = html.unescape(_TAG.sub("", _LINE_NUMBER.sub("", body)))
    return text == (source if source.endswith("\n") else source + "\n")


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def source_files(registry: dict[str, Simulation]) -> dict[str, str]:
    """site path -> JSON text, for every simulation of the registry."""
    return {source_path(name): source_file(name, Path(simulation.module.__file__).read_text(encoding="utf-8"))
            for name, simulation in sorted(registry.items())}
