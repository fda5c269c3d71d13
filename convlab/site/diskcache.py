"""Results kept between build processes, in a folder only the user running the build can write.

A fresh ``python build.py`` pays for highlighting the simulations' sources (Pygments lexes about a
thousand lines in 0.15 s, a sixth of a cold build), for facts and first paints that train a network
(``digits_accuracy``, ``learning``), and the rest of their facts and states. Each entry is named by a
hash of everything it is computed from (for a simulation's result, ``sources_digest``: every source file
of the package), so a changed input simply misses, and deleting the folder only costs time.

The folder is ``$XDG_CACHE_HOME/convlab`` (``~/.cache/convlab`` by default), never the shared temporary
folder. It is used only while it is a real folder owned by this user that nobody else may write, and
each entry only while it is a regular file with the same owner and mode. Even then an entry reaches a
page only after the caller's ``valid`` accepts it; anything else is recomputed and written afresh.
Compiled templates are not kept: Jinja stores them as marshalled code, which no check can vouch for.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path
from types import ModuleType
from typing import Callable

_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH
_digests: dict[tuple, str] = {}


def cache_folder() -> Path | None:
    """The user's convlab cache folder, created if missing; None when it cannot be trusted or made."""
    if not hasattr(os, "getuid"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    base_dir = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    folder = base_dir / "convlab"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder if _private(os.lstat(folder), stat.S_ISDIR) else None
    except OSError:
        return None


def cached_text(kind: str, inputs: tuple[str, ...], compute: Callable[[], str],
                valid: Callable[[str], bool]) -> str:
    """``compute()``, or what it returned before for the same ``inputs`` if ``valid`` accepts that."""
    folder = cache_folder()
    if folder is None:
        return compute()
    digest = hashlib.sha256("\0".join((kind, *inputs)).encode("utf-8")).hexdigest()
    path = folder / f"{kind}-{digest}"
    kept = _read(path)
    if kept is not None and valid(kept):
        return kept
    text = compute()
    _write(path, text)
    return text


def sources_digest(modules: list[ModuleType]) -> str | None:
    """A hash of every source file in the folders ``modules`` come from (their helpers included), with the
    Python and numpy versions: what a result computed by their code depends on. None for a module without
    a file. Kept per process while the files' sizes and times stay the same."""
    files = [Path(module.__file__).parent for module in modules if getattr(module, "__file__", None)]
    if len(files) < len(modules):
        return None
    paths = sorted(path for folder in set(files) for path in folder.glob("*.py"))
    stamp = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in paths)
    if stamp not in _digests:
        numpy = sys.modules.get("numpy")
        digest = hashlib.sha256(f"{sys.version}\0{getattr(numpy, '__version__', '')}".encode())
        for path in paths:
            digest.update(f"\0{path.name}\0".encode() + path.read_bytes())
        _digests[stamp] = digest.hexdigest()
    return _digests[stamp]


def _private(info: os.stat_result, is_kind: Callable[[int], bool]) -> bool:
    """Whether ``info`` is of the expected kind, owned by this user, and not writable by anyone else."""
    return is_kind(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & _OTHERS_WRITE


def _read(path: Path) -> str | None:
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        if not _private(os.fstat(file.fileno()), stat.S_ISREG):
            return None
        try:
            return file.read().decode("utf-8")
        except UnicodeDecodeError:
            return None


def _write(path: Path, text: str) -> None:
    """Write atomically beside the entry; a read-only or full disk only makes the next build slower."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(text.encode("utf-8"))
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
