"""The site folder: which ``--out`` a build may replace, and the modes of what it writes there.

A build replaces its output folder whole, so it must never be a folder someone else made. Every site
convlab writes carries ``MARKER``; an existing folder is replaced only when it has the marker or is empty.
The folder may not be a file, nor lie inside the sources (it would be read back in, and under ``--serve``
it would rebuild into itself without end), nor contain them.

The site is written into a ``mkdtemp`` folder, which is private (0700); ``publishable`` gives it the mode
a normal ``mkdir`` would, so a web server running as another user can read the site.
"""

from __future__ import annotations

import os
from pathlib import Path

from convlab import runtime
from convlab.errors import ErrorLog, display_path

MARKER = ".convlab-site"
MARKER_TEXT = "This folder is a site built by convlab's build.py, which replaces it whole on every build.\n"


def check_out_dir(options, errors: ErrorLog) -> None:
    """Refuse an output folder whose replacement would destroy sources or someone else's files."""
    problem = _problem(options)
    if problem:
        errors.add(options.out_dir, 0, problem)


def _problem(options) -> str:
    out_dir = options.out_dir.resolve()
    sources = {"content": options.content_dir, "templates": options.templates_dir,
               "simulations": runtime.SIMULATIONS_DIR}
    for name, folder in sources.items():
        if out_dir.is_relative_to(folder.resolve()):
            return (f"the output folder is inside the {name} folder ({display_path(folder)}), so every build would "
                    "read its own output — choose an --out folder outside the sources, such as _site")
    if any(out_dir in path.resolve().parents or out_dir == path.resolve() for path in (Path.cwd(), *sources.values())):
        return ("the output folder would contain the sources or the working folder, and a build replaces it "
                "whole — choose another --out folder, such as _site")
    if out_dir.exists() and not out_dir.is_dir():
        return "this is a file, not a folder, and a build would replace it — choose a folder for --out"
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        return (f"the output folder exists and was not written by convlab (it has no {MARKER} file), and a build "
                "would delete what it holds — choose an empty or new --out folder")
    return _unwritable(out_dir)


def _unwritable(out_dir: Path) -> str:
    """Why the folder that would hold the site cannot be written, or ''."""
    parent = out_dir.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        return f"{display_path(parent)} is a file, so the site cannot be written under it — choose another --out"
    if not os.access(parent, os.W_OK | os.X_OK):
        return (f"{display_path(parent)} cannot be written by you, so the site cannot be created there — choose "
                "another --out folder")
    return ""


def folder_mode() -> int:
    """The mode ``mkdir`` gives a new folder under the current umask (0755 under the usual 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


def file_mode() -> int:
    """The mode ``open`` gives a new file under the current umask (0644 under the usual 022)."""
    return folder_mode() & 0o666
