"""What a page needs to run its simulations in the reader's browser: Pyodide, numpy and our Python.

This is the one place the Pyodide version and its CDN are pinned: moving a site to another release is
changing ``PYODIDE_VERSION``, since the page starts Pyodide the way every release from 0.27 on shares (a
module worker importing ``pyodide.mjs``). A site either loads Pyodide from the official CDN (the
default) or carries its own copy of any release from 0.27 on (``build.py --pyodide-dir DIR``), in which
case the site makes no request outside itself. Either way the simulations reach the browser as one zip of the
very files under ``simulations/``, named by a hash of its bytes so browsers may cache it for good. Data
files of the package (``simulations/*.bin``, such as the digits) stay out of that zip: each is an asset of
its own, hash-named too, that the worker fetches only when a simulation listing it in ``DATA_FILES`` loads.

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
OLDEST_RELEASE = (0, 27)
PACKAGE_FILE = "package.json"
LOCK_FILE = "pyodide-lock.json"
CORE_FILES = ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
ASM_SCRIPTS = ("pyodide.asm.js", "pyodide.asm.mjs")  # up to 0.29 / from 314.0 on: one or the other
PACKAGES = ("numpy",)
DATA_SUFFIX = ".bin"  # a data file of the simulations package, shipped beside the bundle, not in it
SIMULATIONS_DIR = Path(__file__).resolve().parent.parent / "simulations"

_FIX = ("pass --pyodide-dir a complete Pyodide release, 0.27 or later, with its numpy wheel, "
        "such as the one `python3 -m convlab.pyodide_dist` assembles")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Runtime:
    """The runtime of one site: the URLs and policy every page's ``<head>`` carries, and its files.

    ``pyodide_url`` is the folder Pyodide loads from (ends with ``/``), ``bundle_url`` the simulations
    zip, ``csp`` the Content-Security-Policy text. ``data`` pairs each data file's name in the package
    with its bytes and ``data_urls`` each name with its URL in the site (``assets/data/<stem>-<hash>.bin``).
    ``bundle_name`` and ``bundle`` are the zip's file name under ``assets/`` and its bytes; ``pyodide_source`` is the self-hosted distribution to copy
    (``None`` for the CDN), ``pyodide_files`` the names copied from it and ``self_hosted_dir`` where they
    go in the site (``assets/pyodide-<version>``, the version read from the distribution itself).
    """

    pyodide_url: str
    bundle_url: str
    csp: str
    bundle_name: str
    bundle: bytes
    pyodide_source: Path | None = None
    pyodide_files: tuple[str, ...] = ()
    self_hosted_dir: str = ""
    data: tuple[tuple[str, bytes], ...] = ()
    data_urls: tuple[tuple[str, str], ...] = ()

    def write(self, site_dir: Path) -> None:
        """Write the bundle, and the self-hosted Pyodide if any, into the site folder ``site_dir``."""
        assets = Path(site_dir) / "assets"
        assets.mkdir(parents=True, exist_ok=True)
        (assets / self.bundle_name).write_bytes(self.bundle)
        if self.data:
            (assets / "data").mkdir(exist_ok=True)
        for name, content in self.data:
            (assets / "data" / data_file_name(name, content)).write_bytes(content)
        if self.pyodide_source is not None:
            target = Path(site_dir) / self.self_hosted_dir
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
        pyodide_url, source, files, hosted = PYODIDE_CDN_URL, None, (), ""
    else:
        problems = check_pyodide_dir(pyodide_dir)
        if problems and errors is None:
            raise ValueError("\n".join(f"--pyodide-dir {pyodide_dir}: {problem}" for problem in problems))
        for problem in problems:
            errors.add(Path(pyodide_dir), 0, problem)
        if problems:
            return None
        source = Path(pyodide_dir)
        hosted = self_hosted_dir(source)
        pyodide_url, files = f"{base_url}{hosted}/", tuple(self_hosted_files(source))
    bundle = simulations_bundle(package_dir)
    name = bundle_file_name(bundle)
    data = tuple((path.name, path.read_bytes()) for path in data_files(package_dir))
    urls = tuple((file, f"{base_url}assets/data/{data_file_name(file, content)}") for file, content in data)
    return Runtime(pyodide_url=pyodide_url, bundle_url=f"{base_url}assets/{name}",
                   csp=content_security_policy(pyodide_url), bundle_name=name, bundle=bundle,
                   pyodide_source=source, pyodide_files=files, self_hosted_dir=hosted, data=data,
                   data_urls=urls)


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

    An empty list means it is a Pyodide release from 0.27 on (its ``package.json`` says which), holds
    the core files of its layout, its lock file, and the numpy wheel (and any wheel numpy depends on)
    with the sha256 the lock lists.
    """
    path = Path(path)
    if not path.is_dir():
        return [f"no such folder — {_FIX}."]
    try:
        version = release_version(path)
    except ValueError as error:
        return [str(error)]
    if _release(version) < OLDEST_RELEASE:
        return [f"this is Pyodide {version}, older than the 0.27 this site's worker needs — {_FIX}."]
    problems = [f"missing core file {name} — {_FIX}." for name in core_files(path) if not (path / name).is_file()]
    try:
        lock = read_lock(path)
    except ValueError as error:
        return problems + [str(error)]
    return problems + _lock_problems(path, lock)


def release_version(path: Path) -> str:
    """The Pyodide version of the distribution at ``path``, from its ``package.json``.

    The lock file is no witness: 0.28's says ``0.28.0.dev0`` in every 0.28 release and since 0.29 it
    names no version. ``package.json`` ships in the npm package and in the release tarballs alike.
    """
    try:
        package = json.loads((Path(path) / PACKAGE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        package = None
    version = package.get("version") if isinstance(package, dict) and package.get("name") == "pyodide" else None
    if not isinstance(version, str) or _release(version) is None:
        raise ValueError(f"this folder is not a Pyodide release: it has no {PACKAGE_FILE} naming pyodide "
                         f"and its version — {_FIX}.")
    return version


def core_files(path: Path) -> list[str]:
    """The core files of the distribution at ``path``: the shared ones and its layout's asm script.

    Up to 0.29 the script is ``pyodide.asm.js``; from 314.0 on, ``pyodide.asm.mjs``. Whichever the folder
    holds is its layout; a folder holding neither is missing the one its version ships.
    """
    present = [name for name in ASM_SCRIPTS if (Path(path) / name).is_file()]
    if not present:
        present = [ASM_SCRIPTS[1] if _release(release_version(path)) >= (314,) else ASM_SCRIPTS[0]]
    return [*CORE_FILES, *present]


def self_hosted_dir(path: Path) -> str:
    """Where the site carries the distribution at ``path``: ``assets/pyodide-<its version>``."""
    return f"assets/pyodide-{release_version(path)}"


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
    return [*core_files(path), LOCK_FILE, *wheels]


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


def data_files(package_dir: Path = SIMULATIONS_DIR) -> list[Path]:
    """The package's data files (``*.bin`` at its top), sorted: shipped as assets, never in the bundle."""
    return sorted(path for path in Path(package_dir).glob(f"*{DATA_SUFFIX}") if path.is_file())


def data_file_name(name: str, content: bytes) -> str:
    """``_digits.bin`` holding ``content`` is ``_digits-<10 hex digits of its sha256>.bin`` in the site."""
    stem = name[:-len(DATA_SUFFIX)] if name.endswith(DATA_SUFFIX) else name
    return f"{stem}-{hashlib.sha256(content).hexdigest()[:10]}{DATA_SUFFIX}"


def bundle_file_name(bundle: bytes) -> str:
    """``simulations-<10 hex digits of the content's sha256>.zip``: a new name whenever a file changes."""
    return f"simulations-{hashlib.sha256(bundle).hexdigest()[:10]}.zip"


def _lock_problems(path: Path, lock: dict) -> list[str]:
    try:
        entries = package_files(lock)
    except ValueError as error:
        return [str(error)]
    return [problem for entry in entries if (problem := _wheel_problem(path, entry))]


def _release(version: str) -> tuple[int, ...] | None:
    """The release numbers of a version string: ``0.28.3`` is (0, 28, 3), ``314.0.0a2`` is (314, 0, 0)."""
    numbers = []
    for part in version.split("."):
        digits = part[:len(part) - len(part.lstrip("0123456789"))] if part else ""
        if not digits:
            break
        numbers.append(int(digits))
        if digits != part:
            break
    return tuple(numbers) if len(numbers) >= 2 else None


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
    return isinstance(data, dict) and isinstance(data.get("packages"), dict)


def _origin(url: str) -> str:
    """``https://host`` of an absolute URL; empty for a path on the site itself."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
