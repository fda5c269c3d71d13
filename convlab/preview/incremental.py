"""Rebuild a course again and again in one process, touching only the output files whose bytes change.

The live server calls ``IncrementalBuild.rebuild`` after every change it sees. A rebuild gathers the site
with a ``BuildCache`` (only chapters whose source or surroundings changed are rendered again) and then
writes into the served folder just the files that differ from what it holds, each one replaced
atomically, and deletes the files the site no longer has. The folder therefore always equals what a
clean ``build.py`` would write; the tests compare the two byte for byte after a series of edits.

The first good build is a normal one (written beside the folder and swapped in), so the served folder
starts from a known state. A failed rebuild writes nothing: the last good site stays served.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from convlab import runtime
from convlab.site.builder import Site, gather, page_bytes, write_site
from convlab.site.cache import BuildCache
from convlab.site.config import BuildOptions
from convlab.site.outdir import file_mode
from convlab.errors import ErrorLog
from convlab.site.registry import reload_simulations


@dataclass
class Rebuild:
    """What one rebuild did: its errors (then nothing was written), or the site paths it rewrote or removed."""

    errors: list[str]
    changed: list[str]
    pages: int = 0


class IncrementalBuild:
    """One course, built repeatedly into ``options.out_dir`` as its sources change."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.cache = BuildCache()
        self._digests: dict[str, bytes] | None = None
        self._simulations = simulations_signature()
        self._runtime: tuple[runtime.Runtime, dict[str, bytes]] | None = None

    def rebuild(self) -> Rebuild:
        """Build the course as it is now; write what changed, or report why nothing was written."""
        self._reload_changed_simulations()
        errors = ErrorLog()
        site = gather(self.options, errors, self.cache)
        if errors or site is None:
            return Rebuild(errors.report(), [])
        files = self._files(site)
        if self._digests is None:
            write_site(site, self.options)
            changed = sorted(files)
        else:
            changed = self._sync(files)
        self._digests = {relative: _digest(data) for relative, data in files.items()}
        return Rebuild([], changed, site.html_pages)

    def _reload_changed_simulations(self) -> None:
        signature = simulations_signature()
        if signature != self._simulations:
            reload_simulations()
            self._simulations = signature

    def _files(self, site: Site) -> dict[str, bytes]:
        """Every file of the site with its bytes, exactly as ``write_site`` writes them."""
        files = {relative: page_bytes(text) for relative, text in site.pages.items()}
        files.update({relative: source.read_bytes() for relative, source in site.copies.items()})
        files.update(self._runtime_files(site.runtime))
        return files

    def _runtime_files(self, plan: runtime.Runtime) -> dict[str, bytes]:
        """The runtime's files, learnt by letting it write itself into a scratch folder once per plan."""
        if self._runtime is None or self._runtime[0] != plan:
            with tempfile.TemporaryDirectory(prefix="convlab-runtime-") as scratch:
                plan.write(Path(scratch))
                files = {path.relative_to(scratch).as_posix(): path.read_bytes()
                         for path in sorted(Path(scratch).rglob("*")) if path.is_file()}
            self._runtime = (plan, files)
        return self._runtime[1]

    def _sync(self, files: dict[str, bytes]) -> list[str]:
        out = self.options.out_dir
        changed = [relative for relative, data in sorted(files.items())
                   if self._digests.get(relative) != _digest(data)]
        for relative in changed:
            _replace(out / relative, files[relative])
        gone = sorted(set(self._digests) - set(files))
        for relative in gone:
            (out / relative).unlink(missing_ok=True)
            _prune_empty_parents(out / relative, out)
        return sorted(changed + gone)


def simulations_signature() -> tuple:
    """Name, size and modification time of every simulation source: a change means reload the package."""
    sources = sorted([*runtime.SIMULATIONS_DIR.rglob("*.py"), *runtime.data_files()])
    return tuple((path.relative_to(runtime.SIMULATIONS_DIR).as_posix(), path.stat().st_mtime_ns,
                  path.stat().st_size) for path in sources if "__pycache__" not in path.parts)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _replace(target: Path, data: bytes) -> None:
    """Write ``target`` so that a reader sees either the old file or the new one, never half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, file_mode())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _prune_empty_parents(path: Path, root: Path) -> None:
    folder = path.parent
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
