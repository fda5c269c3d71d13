"""Each chapter's rendering kept between build processes, so a fresh build renders only what changed.

Rendering the Markdown is most of a build's own work, and between two runs of ``python build.py`` most
chapters have not changed. Like Sphinx's pickled environment, each chapter's rendering (everything
``render_chapter`` returns) is kept in the user's private cache (``convlab.site.diskcache``), as JSON, under
a hash of everything it is computed from:

- the chapter itself (its file's path and parsed content) and the working folder its messages name;
- its ``world``: the rest of the course a chapter's HTML depends on (``world_digest``);
- the code: convlab's own sources, the simulations' (facts, first paints), and the installed Markdown,
  pymdown-extensions, Pygments, latex2mathml and Jinja2 (``rendering_code_digest``).

Any change to one of them misses. A chapter with errors is never kept: its build fails anyway, and the
author is editing it. A kept entry is used only if it has exactly the shape written here; anything else is
rendered afresh. Whether an entry was kept or computed, the page is the same bytes.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Callable

import convlab
from convlab.errors import BuildError
from convlab.markdown.links import PendingAnchor
from convlab.site.chapters import Chapter
from convlab.site.diskcache import keep, library_stamp, read_kept, sources_digest

# The libraries whose output is part of a chapter's HTML.
LIBRARIES = ("markdown", "pymdownx", "pygments", "latex2mathml", "jinja2")


def world_digest(world: tuple) -> str:
    """A hash of the ``world`` (``builder._world``): plain data whose ``repr`` is deterministic."""
    return hashlib.sha256(repr(world).encode("utf-8")).hexdigest()


def rendering_code_digest(simulation_modules: list[ModuleType]) -> str | None:
    """A hash of the code a rendering runs: convlab, the simulations, and the installed libraries (each
    known by ``diskcache.library_stamp``). None when some code has no file to hash."""
    digests = [sources_digest([module]) for module in (*_convlab_packages(), *simulation_modules)]
    if None in digests:
        return None
    return hashlib.sha256("\0".join([*digests, *map(library_stamp, LIBRARIES)]).encode("utf-8")).hexdigest()


def cached_rendering(chapter: Chapter, world: str, code: str | None, render: Callable[[], object],
                     rebuild: Callable[[dict], object]) -> object:
    """``render()``, or the rendering an earlier build kept for the same chapter, world and code.

    ``render`` returns a ``RenderedChapter``; ``rebuild(fields)`` makes one from a kept entry's fields.
    Code that cannot be hashed (``code`` None) is rendered every time.
    """
    inputs = (repr(chapter), os.getcwd(), world, code)
    kept = read_kept("chapter", inputs)
    fields = load_rendering(kept) if kept is not None else None
    if fields is not None:
        return rebuild(fields)
    rendered = render()
    if not rendered.errors:
        keep("chapter", inputs, dump_rendering(rendered))
    return rendered


def dump_rendering(rendered) -> str:
    """The JSON kept for a ``RenderedChapter`` without errors."""
    page = rendered.page
    return json.dumps({
        "html": page.html, "toc": page.toc, "simulations": page.simulations, "quizzes": page.quizzes,
        "warnings": [[error.path, error.line, error.message] for error in rendered.warnings],
        "pending": [[str(link.path), link.line, link.target, link.slug, link.fragment]
                    for link in rendered.pending],
        "assets": list(rendered.assets),
    }, ensure_ascii=False, separators=(",", ":"))


def load_rendering(text: str) -> dict | None:
    """The fields of a kept rendering, rebuilt as the builder's records; None unless exactly well-formed."""
    try:
        data = json.loads(text)
        fields = {
            "html": _checked(data["html"], str),
            "toc": [_toc_entry(entry) for entry in _checked(data["toc"], list)],
            "simulations": [_checked(name, str) for name in _checked(data["simulations"], list)],
            "quizzes": {_checked(anchor, str): _quiz(entry) for anchor, entry in _checked(data["quizzes"], dict).items()},
            "warnings": tuple(BuildError(_checked(path, str), _checked(line, int), _checked(message, str))
                              for path, line, message in _checked(data["warnings"], list)),
            "pending": tuple(PendingAnchor(Path(_checked(path, str)), _checked(line, int), _checked(target, str),
                                           _checked(slug, str), _checked(fragment, str))
                             for path, line, target, slug, fragment in _checked(data["pending"], list)),
            "assets": tuple(_checked(asset, str) for asset in _checked(data["assets"], list)),
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return fields if data.keys() == fields.keys() else None


def _checked(value, kind: type):
    if type(value) is not kind:
        raise TypeError(f"expected {kind.__name__}")
    return value


def _toc_entry(entry) -> dict:
    entry = _checked(entry, dict)
    for key, value in entry.items():
        _checked(key, str), _checked(value, int if key == "level" else str)
    return entry


def _quiz(entry) -> dict:
    entry = _checked(entry, dict)
    if entry.keys() != {"options", "correct"}:
        raise KeyError("a quiz entry holds options and correct")
    _checked(entry["options"], int), _checked(entry["correct"], int)
    return entry


def _convlab_packages() -> list[ModuleType]:
    """One module per folder of convlab (``sources_digest`` hashes a module's whole folder)."""
    folder = Path(convlab.__file__).parent
    names = ["convlab", *(f"convlab.{path.name}" for path in sorted(folder.iterdir())
                          if (path / "__init__.py").is_file())]
    return [importlib.import_module(name) for name in names]
