"""The command line of ``build.py``: its options and how a build's outcome is reported."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from convlab.site.builder import BuildResult
from convlab.site.config import BuildOptions, normalize_base_url
from convlab.errors import display_path
from convlab.scaffold import ScaffoldError, new_chapter

ROOT = Path(__file__).resolve().parent.parent
_URL_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build the course in CONTENT into a static site that any static host can serve.",
        epilog="Errors are reported as file:line: message, all at once; a failed build leaves the "
               "previous site untouched and exits with status 1.")
    parser.add_argument("--out", type=Path, default=Path("_site"), metavar="DIR",
                        help="where to write the site (default: _site); replaced as a whole on success")
    parser.add_argument("--base-url", default="/", metavar="PREFIX",
                        help="the URL path the site is served under, e.g. /my-course/ for a GitHub Pages "
                             "project site (default: /)")
    parser.add_argument("--pyodide-dir", type=Path, metavar="DIR",
                        help="self-host this Pyodide distribution (core files, lock file, numpy wheel) "
                             "instead of loading Pyodide from its CDN, for fully offline sites")
    parser.add_argument("--content", type=Path, default=ROOT / "content", metavar="DIR",
                        help="the course to build: course.yml and NN-slug.md chapters (default: content/)")
    parser.add_argument("--templates", type=Path, default=ROOT / "templates", metavar="DIR",
                        help="the Jinja2 templates and assets/ folder (default: templates/)")
    parser.add_argument("--check", action="store_true",
                        help="check everything a build checks (front matter, directives, options, links, checked "
                             "facts), but write nothing: fast enough for every save or a pre-commit hook")
    parser.add_argument("--serve", action="store_true",
                        help="build, serve the site on http://127.0.0.1:PORT, and rebuild and reload the browser "
                             "tab on every change to the content, templates or simulations, until Ctrl-C")
    parser.add_argument("--new", metavar="TITLE",
                        help="create a chapter titled TITLE, numbered after the last one, print its path, and "
                             "build nothing")
    parser.add_argument("--port", type=int, default=8000, metavar="N", help="port for --serve (default: 8000)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address for --serve (default: 127.0.0.1; 0.0.0.0 serves every interface)")
    args = parser.parse_args(argv)
    problems = option_problems(args)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        raise SystemExit(1)
    return args


def option_problems(args: argparse.Namespace) -> list[str]:
    """Sentences for command-line values no build could use, found before anything is read or written."""
    problems = []
    if not 0 <= args.port <= 65535:
        problems.append(f"--port {args.port}: a port is a number from 1 to 65535 — pass --port 8000, or another "
                        "free port")
    segments = [segment for segment in args.base_url.strip().strip("/").split("/") if segment]
    if any(not _URL_SEGMENT.match(segment) or segment in (".", "..") for segment in segments) or \
            "//" in args.base_url.strip().strip("/"):
        problems.append(f"--base-url {args.base_url!r}: a URL path prefix holds only letters, digits and . _ ~ - "
                        "between single slashes — write it as /my-course/ (no scheme, host, query or spaces)")
    return problems


def options_from(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(content_dir=args.content, templates_dir=args.templates, out_dir=args.out,
                        base_url=normalize_base_url(args.base_url), pyodide_dir=args.pyodide_dir)


def report(result: BuildResult, options: BuildOptions, checked_only: bool = False) -> None:
    """All errors, then warnings, on stderr, one per line; on success one line saying what was written where."""
    for line in [*result.errors, *result.warnings]:
        print(line, file=sys.stderr)
    if result.errors:
        noun = "error" if len(result.errors) == 1 else "errors"
        print(f"build failed: {len(result.errors)} {noun}; the previous site is untouched", file=sys.stderr)
    elif checked_only:
        warned = f", {len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''}" if result.warnings else ""
        print(f"checked {result.pages} pages: no errors{warned}")
    else:
        print(f"built {result.pages} pages into {options.out_dir}")


def report_new_chapter(content_dir: Path, title: str) -> int:
    """``--new``: create the chapter and print its path, or say why not; the exit status."""
    try:
        path = new_chapter(content_dir, title)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"created {display_path(path)}")
    return 0
