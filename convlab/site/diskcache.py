"""Results kept between build processes, in a folder only the user running the build can write.

A fresh ``python build.py`` pays for rendering every chapter's Markdown, compiling the page templates,
highlighting the simulations' sources (Pygments lexes about a thousand lines), and for facts and first
paints that train a network (``digits_accuracy``, ``learning``). So each is kept here: a chapter's
rendering (``rendercache``), the compiled templates (``render.PrivateBytecodeCache``), the highlighted
sources, facts and states. Each entry is named by a hash of everything it is computed from (for a
simulation's result, ``sources_digest``: every source file of the package), so a changed input simply
misses, and deleting the folder only costs time. Past ``SIZE_LIMIT`` the entries used least recently
go (``prune``, checked at most once an hour), so the folder stays bounded however long an author edits.

The folder is ``$XDG_CACHE_HOME/convlab`` (``~/.cache/convlab`` by default), never the shared temporary
folder. It is used only while it is a real folder owned by this user that nobody else may write, and
each entry only while it is a regular file with the same owner and mode. Text entries reach a page only
after the caller's check accepts them; anything else is recomputed and written afresh. Compiled templates
are code, which no check can vouch for: they are trusted as Python trusts ``__pycache__``, because only
this user can write them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import stat
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Callable

_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH
# The folder's size past which the least recently used entries go, down to three quarters of it. A course
# like this one keeps about 2 MB; every edit of a chapter or a simulation adds entries under new names.
SIZE_LIMIT = 64 * 2**20
PRUNE_EVERY = 3600.0
_PRUNED = ".last-pruned"  # its time is the last time ``prune`` listed the folder
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


def cached_text(kind: str, inputs: tuple[str | None, ...], compute: Callable[[], str],
                valid: Callable[[str], bool]) -> str:
    """``compute()``, or what it returned before for the same ``inputs`` if ``valid`` accepts that.

    An input that is None (a ``sources_digest`` of code with no file) means the result cannot be named:
    it is computed every time, and never kept."""
    kept = read_kept(kind, inputs, valid)
    if kept is not None:
        return kept
    text = compute()
    keep(kind, inputs, text)
    return text


def read_kept(kind: str, inputs: tuple[str | None, ...],
              valid: Callable[[str], bool] = lambda text: True) -> str | None:
    """The text kept for ``inputs``, if there is one, the folder and the file are private and ``valid``
    accepts it (the caller may check it as it parses it)."""
    path = _entry(kind, inputs)
    kept = _text(_read(path)) if path else None
    return kept if kept is not None and valid(kept) else None


def keep(kind: str, inputs: tuple[str | None, ...], text: str) -> None:
    """Keep ``text`` for ``inputs``; without a private folder, or with an input that is None, nothing is kept."""
    path = _entry(kind, inputs)
    if path is not None:
        _write(path, text.encode("utf-8"))


def _entry(kind: str, inputs: tuple[str | None, ...]) -> Path | None:
    folder = None if None in inputs else cache_folder()
    if folder is None:
        return None
    digest = hashlib.sha256("\0".join((kind, *inputs)).encode("utf-8")).hexdigest()
    return folder / f"{kind}-{digest}"


def sources_digest(modules: list[ModuleType]) -> str | None:
    """A hash of every source file in the folders ``modules`` come from (their helpers included), with the
    Python and numpy versions: what a result computed by their code depends on. None for a module without
    a file. Kept per process while the files' sizes and times stay the same."""
    if not all(getattr(module, "__file__", None) for module in modules):
        return None
    folders = {Path(module.__file__).parent for module in modules}
    stamp = tuple(sorted(_stamps(folders)))
    if stamp not in _digests:
        numpy = sys.modules.get("numpy")
        digest = hashlib.sha256(f"{sys.version}\0{getattr(numpy, '__version__', '')}".encode())
        for path, _, _ in stamp:
            digest.update(f"\0{os.path.basename(path)}\0".encode() + Path(path).read_bytes())
        _digests[stamp] = digest.hexdigest()
    return _digests[stamp]


def _stamps(folders: set[Path]):
    """(path, modification time, size) of every ``.py`` file directly in ``folders``: one listing and one
    ``stat`` per file, since a build asks for its digest once per fact and per simulation state."""
    for folder in folders:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py") and entry.is_file():
                    info = entry.stat()
                    yield entry.path, info.st_mtime_ns, info.st_size


def library_stamp(name: str) -> str:
    """Where the installed package ``name`` is, with the size and time of its folder and ``__init__.py``,
    which any install or upgrade changes: its version, without the cost of importing it to ask."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        return f"{name}:missing"
    origin = Path(spec.origin)
    stamps = [(os.stat(path).st_mtime_ns, os.stat(path).st_size) for path in (origin, origin.parent)]
    return f"{name}:{origin}:{stamps}"


def _private(info: os.stat_result, is_kind: Callable[[int], bool]) -> bool:
    """Whether ``info`` is of the expected kind, owned by this user, and not writable by anyone else."""
    return is_kind(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & _OTHERS_WRITE


def read_kept_bytes(kind: str, key: str) -> bytes | None:
    """The bytes kept under ``key``, if the folder and the file are private (for compiled templates)."""
    path = _entry(kind, (key,))
    return _read(path) if path else None


def keep_bytes(kind: str, key: str, data: bytes) -> None:
    path = _entry(kind, (key,))
    if path is not None:
        _write(path, data)


def prune(limit: int = SIZE_LIMIT, every: float = PRUNE_EVERY) -> None:
    """Once the folder holds more than ``limit`` bytes, delete the least recently used entries (reading an
    entry marks it used) until it holds three quarters of that. Listing a folder of thousands of entries
    costs a live rebuild a fifth of its time, so it is done at most once per ``every`` seconds."""
    folder = cache_folder()
    if folder is None or not _due(folder / _PRUNED, every):
        return
    entries = sorted(_files(folder))
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return
    for _, size, path in entries:
        if total <= limit * 3 // 4:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size


def _due(stamp: Path, every: float) -> bool:
    """Whether ``every`` seconds have passed since ``stamp`` was last touched; touches it if so."""
    try:
        if time.time() - os.stat(stamp, follow_symlinks=False).st_mtime < every:
            return False
        os.utime(stamp, follow_symlinks=False)
    except FileNotFoundError:
        _write(stamp, b"")
    except OSError:
        return False
    return True


def _files(folder: Path):
    """(last use, size, path) of every file in ``folder``."""
    with os.scandir(folder) as listing:
        for entry in listing:
            if entry.is_file(follow_symlinks=False) and entry.name != _PRUNED:
                info = entry.stat(follow_symlinks=False)
                yield info.st_mtime_ns, info.st_size, entry.path


def _read(path: Path) -> bytes | None:
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        if not _private(os.fstat(file.fileno()), stat.S_ISREG):
            return None
        data = file.read()
        try:
            os.utime(file.fileno())  # used now: ``prune`` keeps the entries builds read
        except OSError:
            pass
        return data


def _text(data: bytes | None) -> str | None:
    try:
        return None if data is None else data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _write(path: Path, data: bytes) -> None:
    """Write atomically beside the entry; a read-only or full disk only makes the next build slower."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
