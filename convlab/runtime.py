"""What a page needs to run its simulations in the reader's browser: Pyodide, numpy and our Python.

This is the one place the Pyodide version and its CDN are pinned. A site either loads Pyodide from the
official CDN (the default) or carries its own copy (``build.py --pyodide-dir DIR``), in which case the
site makes no request outside itself. Either way the simulations reach the browser as one zip of the
very files under ``simulations/``, named by a hash of its bytes so browsers may cache it for good.

The builder plans the runtime before it writes anything (``plan_runtime`` reads and checks every input
and reports every problem) and writes it into the new site at the end (``Runtime.write``).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from convlab.errors import ErrorLog

PYODIDE_VERSION = "0.27.7"
PYODIDE_CDN_URL = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
CORE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
LOCK_FILE = "pyodide-lock.json"
PACKAGES = ("numpy",)
SELF_HOSTED_DIR = f"assets/pyodide-{PYODIDE_VERSION}"
SIMULATIONS_DIR = Path(__file__).resolve().parent.parent / "simulations"

_FIX = (f"pass --pyodide-dir a complete Pyodide {PYODIDE_VERSION} distribution, "
        "such as the one `python3 -m convlab.pyodide_dist` assembles")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Runtime:
    """The runtime of one site: the URLs and policy every page's ``<head>`` carries, and its files.

    ``pyodide_url`` is the folder Pyodide loads from (ends with ``/``), ``bundle_url`` the simulations
    zip, ``csp`` the Content-Security-Policy text. ``bundle_name`` and ``bundle`` are the zip's file
    name under ``assets/`` and its bytes; ``pyodide_source`` is the self-hosted distribution to copy
    (``None`` for the CDN) and ``pyodide_files`` the names copied from it.
    """

    pyodide_url: str
    bundle_url: str
    csp: str
    bundle_name: str
    bundle: bytes
    pyodide_source: Path | None = None
    pyodide_files: tuple[str, ...] = ()

    def write(self, site_dir: Path) -> None:
        """Write the bundle, and the self-hosted Pyodide if any, into the site folder ``site_dir``."""
        assets = Path(site_dir) / "assets"
        assets.mkdir(parents=True, exist_ok=True)
        (assets / self.bundle_name).write_bytes(self.bundle)
        if self.pyodide_source is not None:
            target = Path(site_dir) / SELF_HOSTED_DIR
            target.mkdir(parents=True, exist_ok=True)
            for name in self.pyodide_files:
                shutil.copyfile(self.pyodide_source / name, target / name)


def plan_runtime(base_url: str, pyodide_dir: Path | None = None, errors: ErrorLog | None = None,
                 package_dir: Path = SIMULATIONS_DIR) -> Runtime | None:
    """Read and check everything the runtime needs, writing nothing.

    ``base_url`` is the site's URL prefix (``/`` or ``/course/``). Problems with ``pyodide_dir`` go to
    ``errors`` (and the result is ``None``); without an error log they raise one ``ValueError``.
    """
    if pyodide_dir is None:
        pyodide_url, source, files = PYODIDE_CDN_URL, None, ()
    else:
        problems = check_pyodide_dir(pyodide_dir)
        if problems and errors is None:
            raise ValueError("\n".join(f"--pyodide-dir {pyodide_dir}: {problem}" for problem in problems))
        for problem in problems:
            errors.add(Path(pyodide_dir), 0, problem)
        if problems:
            return None
        source = Path(pyodide_dir)
        pyodide_url, files = f"{base_url}{SELF_HOSTED_DIR}/", tuple(self_hosted_files(source))
    bundle = simulations_bundle(package_dir)
    name = bundle_file_name(bundle)
    return Runtime(pyodide_url=pyodide_url, bundle_url=f"{base_url}assets/{name}",
                   csp=content_security_policy(pyodide_url), bundle_name=name, bundle=bundle,
                   pyodide_source=source, pyodide_files=files)


def content_security_policy(pyodide_url: str) -> str:
    """The policy of every page: scripts only from the site and Pyodide's origin, nothing inline.

    Pyodide compiles WebAssembly, hence ``'wasm-unsafe-eval'`` (not ``'unsafe-eval'``); it fetches its
    wasm, standard library, lock file and wheels, hence ``connect-src``. Images allow ``data:`` for the
    pictures embedded at build time. The same text works as an HTTP header for the whole site, where it
    also governs the Web Worker that runs Python.
    """
    origin = _origin(pyodide_url)
    scripts = " ".join(filter(None, ("'self'", origin, "'wasm-unsafe-eval'")))
    connect = " ".join(filter(None, ("'self'", origin)))
    return "; ".join((
        "default-src 'self'",
        f"script-src {scripts}",
        f"connect-src {connect}",
        "worker-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ))


def check_pyodide_dir(path: Path) -> list[str]:
    """Every reason the folder ``path`` cannot be self-hosted, one sentence each naming the fix.

    An empty list means it holds the core files, a lock file for the pinned version, and the numpy
    wheel (and any wheel numpy depends on) with the sha256 the lock lists.
    """
    path = Path(path)
    if not path.is_dir():
        return [f"no such folder — {_FIX}."]
    problems = [f"missing core file {name} — {_FIX}."
                for name in CORE_FILES if not (path / name).is_file()]
    try:
        lock = read_lock(path)
    except ValueError as error:
        return problems + [str(error)]
    return problems + _lock_problems(path, lock)


def read_lock(path: Path) -> dict:
    """The distribution's ``pyodide-lock.json``; ``ValueError`` if it is missing or unreadable."""
    lock_path = Path(path) / LOCK_FILE
    if not lock_path.is_file():
        raise ValueError(f"no lock file {LOCK_FILE} — {_FIX}.")
    try:
        lock = json.loads(lock_path.read_text(encoding="utf-8"))
    except ValueError:
        lock = None
    if not _looks_like_lock(lock):
        raise ValueError(f"{LOCK_FILE} is not a Pyodide lock file — {_FIX}.")
    return lock


def package_files(lock: dict, names=PACKAGES) -> list[dict]:
    """The lock entries of ``names`` and everything they depend on, each once, in load order."""
    found: dict[str, dict] = {}

    def visit(name: str) -> None:
        if name in found:
            return
        entry = lock["packages"].get(name)
        if entry is None:
            raise ValueError(f"{LOCK_FILE} lists no package '{name}' — {_FIX}.")
        for dependency in entry.get("depends", ()):
            visit(dependency)
        found[name] = entry

    for name in names:
        visit(name)
    return list(found.values())


def self_hosted_files(path: Path) -> list[str]:
    """The files a self-hosted site needs from the distribution at ``path``: core, lock, wheels."""
    wheels = [entry["file_name"] for entry in package_files(read_lock(path))]
    return [*CORE_FILES, LOCK_FILE, *wheels]


def simulations_bundle(package_dir: Path = SIMULATIONS_DIR) -> bytes:
    """A zip of every ``.py`` file of the package, byte for byte the same for the same sources.

    Entries are sorted, dated 1980-01-01 and stored under ``simulations/``, so the zip unpacked into a
    folder on ``sys.path`` makes ``import simulations.conv2d`` work; caches are left out.
    """
    package_dir = Path(package_dir)
    sources = sorted(p for p in package_dir.rglob("*.py") if "__pycache__" not in p.parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for source in sources:
            entry = zipfile.ZipInfo(f"{package_dir.name}/{source.relative_to(package_dir).as_posix()}",
                                    date_time=_ZIP_TIME)
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, source.read_bytes(), compress_type=zipfile.ZIP_DEFLATED,
                             compresslevel=9)
    return buffer.getvalue()


def bundle_file_name(bundle: bytes) -> str:
    """``simulations-<10 hex digits of the content's sha256>.zip``: a new name whenever a file changes."""
    return f"simulations-{hashlib.sha256(bundle).hexdigest()[:10]}.zip"


def _lock_problems(path: Path, lock: dict) -> list[str]:
    version = lock["info"]["version"]
    if version != PYODIDE_VERSION:
        return [f"{LOCK_FILE} is for Pyodide {version}, but this site is pinned "
                f"to {PYODIDE_VERSION} — {_FIX}."]
    try:
        entries = package_files(lock)
    except ValueError as error:
        return [str(error)]
    return [problem for entry in entries if (problem := _wheel_problem(path, entry))]


def _wheel_problem(path: Path, entry: dict) -> str:
    wheel = path / entry["file_name"]
    if not wheel.is_file():
        return (f"{LOCK_FILE} names the {entry['name']} wheel "
                f"{entry['file_name']}, which is missing — put that file next to {LOCK_FILE}.")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != entry["sha256"]:
        return (f"{entry['file_name']} has sha256 {digest}, but {LOCK_FILE} "
                f"expects {entry['sha256']} — replace it with the wheel the lock names.")
    return ""


def _looks_like_lock(data) -> bool:
    return (isinstance(data, dict) and isinstance(data.get("info"), dict)
            and "version" in data["info"] and isinstance(data.get("packages"), dict))


def _origin(url: str) -> str:
    """``https://host`` of an absolute URL; empty for a path on the site itself."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
