"""Author-facing build errors: ``path:line: what is wrong — what to do``.

The build never stops at the first problem. Each stage appends ``BuildError`` values to a shared
``ErrorLog``; the builder reports all of them at the end, sorted by file and line, and exits once.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class BuildError:
    """One problem in an author's file, located at a 1-based line (0 when no line applies)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        if not self.path:
            return self.message
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def display_path(path: Path) -> str:
    """The path as an author would type it: relative to the working directory when it is inside it."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:
        return str(path)


def error_from_exception(exc: BaseException, within: Path | None = None) -> BuildError:
    """An exception raised by an author's Python (a simulation module) as ``file:line: what went wrong``.

    The line is the innermost one of the traceback inside the folder ``within`` (the author's code, not
    numpy's or ours); without one, the exception's own sentence stands alone.
    """
    if isinstance(exc, SyntaxError) and exc.filename:
        return BuildError(display_path(Path(exc.filename)), exc.lineno or 0,
                          f"SyntaxError: {exc.msg} — fix the Python there")
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__)
              if within is None or Path(frame.filename).resolve().is_relative_to(within.resolve())]
    if not frames:
        return BuildError("", 0, str(exc))
    return BuildError(display_path(Path(frames[-1].filename)), frames[-1].lineno or 0,
                      f"{type(exc).__name__}: {exc}")


@dataclass
class ErrorLog:
    """Collects errors from every stage of one build."""

    errors: list[BuildError] = field(default_factory=list)
    warnings: list[BuildError] = field(default_factory=list)

    def add(self, path: Path | str, line: int, message: str) -> None:
        shown = display_path(path) if isinstance(path, Path) else path
        self.errors.append(BuildError(shown, line, message))

    def warn(self, path: Path | str, line: int, message: str) -> None:
        """Something that builds but that an author should look at; it never fails a build."""
        shown = display_path(path) if isinstance(path, Path) else path
        self.warnings.append(BuildError(shown, line, f"warning: {message}"))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def report(self) -> list[str]:
        """Every error once, in file and line order."""
        return [str(error) for error in sorted(set(self.errors))]

    def warning_report(self) -> list[str]:
        """Every warning once, in file and line order."""
        return [str(warning) for warning in sorted(set(self.warnings))]
