"""convlab/pyodide_dist.py: only the official numpy wheel, as the official lock lists it, is accepted."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from convlab.runtime import CORE_FILES
from convlab.pyodide_dist import NUMPY_SHA256, NUMPY_WHEEL, verification_problems


def distribution(folder: Path, wheel: bytes, file_name: str = NUMPY_WHEEL) -> Path:
    """Core files, a 0.27.7 lock listing ``wheel``'s own sha256 for numpy, and the wheel itself."""
    folder.mkdir()
    for name in (*CORE_FILES, "pyodide.asm.js"):
        (folder / name).write_text(name)
    (folder / "package.json").write_text(json.dumps({"name": "pyodide", "version": "0.27.7"}))
    (folder / file_name).write_bytes(wheel)
    numpy = {"name": "numpy", "file_name": file_name, "depends": [], "sha256": hashlib.sha256(wheel).hexdigest()}
    (folder / "pyodide-lock.json").write_text(json.dumps({"info": {"version": "0.27.7"}, "packages": {"numpy": numpy}}))
    return folder


def test_a_wheel_matching_its_lock_but_not_the_pinned_hash_is_refused(tmp_path):
    wheel = b"a numpy wheel that is not the official one"
    problems = verification_problems(distribution(tmp_path / "pyodide", wheel))
    actual = hashlib.sha256(wheel).hexdigest()
    assert problems == [f"{NUMPY_WHEEL} has sha256 {actual}; the pinned constant is {NUMPY_SHA256} and the "
                        f"official lock lists {actual}; refusing to use it"]


def test_a_lock_naming_another_numpy_is_refused(tmp_path):
    problems = verification_problems(distribution(tmp_path / "pyodide", b"wheel", "numpy-1.26.4-test.whl"))
    assert problems == [f"the official lock names numpy-1.26.4-test.whl, not {NUMPY_WHEEL}; refusing"]


def test_an_incomplete_folder_is_not_reused(tmp_path):
    folder = distribution(tmp_path / "pyodide", b"wheel")
    (folder / "pyodide.asm.wasm").unlink()
    assert verification_problems(folder)[0].startswith(f"{folder}: missing core file pyodide.asm.wasm")
