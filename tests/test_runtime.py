"""convlab/runtime.py: the pinned Pyodide, self-hosting checks, the simulations bundle and the policy."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from convlab.errors import ErrorLog
from convlab.runtime import (CORE_FILES, PYODIDE_CDN_URL, PYODIDE_VERSION, bundle_file_name, check_pyodide_dir,
                             content_security_policy, core_files, plan_runtime, release_version,
                             self_hosted_files, simulations_bundle)

FIX = ("pass --pyodide-dir a complete Pyodide release, 0.27 or later, with its numpy wheel, such as the one "
       "`python3 -m convlab.pyodide_dist` assembles")

# The layouts of real releases, as `npm pack pyodide@X` lists them: the asm script each ships, and the
# version its pyodide-lock.json claims (0.28 says 0.28.0.dev0 in every release; from 0.29 on, nothing).
RELEASES = {
    "0.27.7": ("pyodide.asm.js", "0.27.7"),
    "0.28.3": ("pyodide.asm.js", "0.28.0.dev0"),
    "0.29.5": ("pyodide.asm.js", None),
    "314.0.8": ("pyodide.asm.mjs", None),
}


def distribution(folder: Path, version: str = PYODIDE_VERSION, numpy_bytes: bytes = b"numpy wheel",
                 listed_sha: str | None = None, depends: tuple = ()) -> Path:
    """A stand-in release laid out as ``version``'s: package.json, core files, a lock naming numpy (and its
    dependencies), the wheels."""
    script, lock_version = RELEASES.get(version, ("pyodide.asm.js", version))
    folder.mkdir(parents=True, exist_ok=True)
    for name in (*CORE_FILES, script, "pyodide.js", "pyodide.d.ts", "console.html"):
        (folder / name).write_text(name)
    (folder / "package.json").write_text(json.dumps({"name": "pyodide", "version": version}))
    packages = {"numpy": {"name": "numpy", "file_name": "numpy-2.0.2-test.whl", "depends": list(depends),
                          "sha256": listed_sha or hashlib.sha256(numpy_bytes).hexdigest()}}
    (folder / "numpy-2.0.2-test.whl").write_bytes(numpy_bytes)
    for dependency in depends:
        packages[dependency] = {"name": dependency, "file_name": f"{dependency}.zip", "depends": [],
                                "sha256": hashlib.sha256(dependency.encode()).hexdigest()}
        (folder / f"{dependency}.zip").write_bytes(dependency.encode())
    info = {"python": "3.12.7"} if lock_version is None else {"python": "3.12.7", "version": lock_version}
    (folder / "pyodide-lock.json").write_text(json.dumps({"info": info, "packages": packages}))
    return folder


def test_the_version_and_cdn_are_pinned_together():
    assert PYODIDE_VERSION == "0.27.7"
    assert PYODIDE_CDN_URL == "https://cdn.jsdelivr.net/pyodide/v0.27.7/full/"


@pytest.mark.parametrize("version", RELEASES)
def test_every_release_from_0_27_on_is_taken_with_its_own_version_and_layout(tmp_path, version):
    folder = distribution(tmp_path / "pyodide", version)
    assert check_pyodide_dir(folder) == []
    assert release_version(folder) == version
    assert core_files(folder) == [*CORE_FILES, RELEASES[version][0]]
    site = tmp_path / "site"
    runtime = plan_runtime("/course/", folder)
    runtime.write(site)
    assert runtime.pyodide_url == f"/course/assets/pyodide-{version}/"
    copied = sorted(path.name for path in (site / "assets" / f"pyodide-{version}").iterdir())
    assert copied == sorted([*CORE_FILES, RELEASES[version][0], "pyodide-lock.json", "numpy-2.0.2-test.whl"])


def test_a_folder_without_package_json_is_not_a_release(tmp_path):
    folder = distribution(tmp_path / "pyodide")
    (folder / "package.json").unlink()
    assert check_pyodide_dir(folder) == [
        f"this folder is not a Pyodide release: it has no package.json naming pyodide and its version — {FIX}."]


def test_a_package_json_of_another_package_is_not_a_release(tmp_path):
    folder = distribution(tmp_path / "pyodide")
    (folder / "package.json").write_text(json.dumps({"name": "left-pad", "version": "1.3.0"}))
    assert check_pyodide_dir(folder)[0].startswith("this folder is not a Pyodide release")


def test_a_release_older_than_0_27_is_refused(tmp_path):
    folder = distribution(tmp_path / "pyodide", version="0.26.4")
    assert check_pyodide_dir(folder) == [
        f"this is Pyodide 0.26.4, older than the 0.27 this site's worker needs — {FIX}."]


def test_a_pre_release_counts_by_its_numbers(tmp_path):
    folder = distribution(tmp_path / "pyodide", version="315.0.0-alpha.2")
    assert check_pyodide_dir(folder) == []
    (folder / "pyodide.asm.js").unlink()
    assert check_pyodide_dir(folder) == [f"missing core file pyodide.asm.mjs — {FIX}."]


def test_a_release_missing_its_asm_script_names_the_one_its_layout_ships(tmp_path):
    old, new = distribution(tmp_path / "old", "0.29.5"), distribution(tmp_path / "new", "314.0.8")
    (old / "pyodide.asm.js").unlink()
    (new / "pyodide.asm.mjs").unlink()
    assert check_pyodide_dir(old) == [f"missing core file pyodide.asm.js — {FIX}."]
    assert check_pyodide_dir(new) == [f"missing core file pyodide.asm.mjs — {FIX}."]


def test_a_lock_without_numpy_names_the_fix(tmp_path):
    folder = distribution(tmp_path / "pyodide", "314.0.8")
    (folder / "pyodide-lock.json").write_text(json.dumps({"info": {}, "packages": {}}))
    assert check_pyodide_dir(folder) == [f"pyodide-lock.json lists no package 'numpy' — {FIX}."]


def test_a_complete_distribution_has_no_problems(tmp_path):
    assert check_pyodide_dir(distribution(tmp_path / "pyodide")) == []


def test_a_missing_folder_is_named_with_the_fix(tmp_path):
    assert check_pyodide_dir(tmp_path / "nowhere") == [f"no such folder — {FIX}."]


def test_each_missing_core_file_is_named(tmp_path):
    folder = distribution(tmp_path / "pyodide")
    (folder / "pyodide.asm.wasm").unlink()
    (folder / "python_stdlib.zip").unlink()
    assert check_pyodide_dir(folder) == [f"missing core file pyodide.asm.wasm — {FIX}.",
                                         f"missing core file python_stdlib.zip — {FIX}."]


def test_a_missing_lock_file_is_named(tmp_path):
    folder = distribution(tmp_path / "pyodide")
    (folder / "pyodide-lock.json").unlink()
    assert check_pyodide_dir(folder) == [f"no lock file pyodide-lock.json — {FIX}."]


def test_the_numpy_wheel_the_lock_names_must_be_there(tmp_path):
    folder = distribution(tmp_path / "pyodide")
    (folder / "numpy-2.0.2-test.whl").unlink()
    assert check_pyodide_dir(folder) == [
        "pyodide-lock.json names the numpy wheel numpy-2.0.2-test.whl, which is missing — "
        "put that file next to pyodide-lock.json."]


def test_a_wheel_that_is_not_the_one_the_lock_lists_is_refused(tmp_path):
    folder = distribution(tmp_path / "pyodide", listed_sha="0" * 64)
    actual = hashlib.sha256(b"numpy wheel").hexdigest()
    assert check_pyodide_dir(folder) == [
        f"numpy-2.0.2-test.whl has sha256 {actual}, but pyodide-lock.json expects {'0' * 64} — "
        "replace it with the wheel the lock names."]


def test_self_hosting_copies_core_lock_numpy_and_its_dependencies_only(tmp_path):
    folder = distribution(tmp_path / "pyodide", depends=("openblas",))
    (folder / "scipy-1.14.1.whl").write_text("not needed")
    assert self_hosted_files(folder) == [*CORE_FILES, "pyodide.asm.js", "pyodide-lock.json", "openblas.zip",
                                         "numpy-2.0.2-test.whl"]


def test_the_bundle_is_every_simulation_source_byte_for_byte_and_reproducible(tmp_path):
    package = tmp_path / "simulations"
    (package / "__pycache__").mkdir(parents=True)
    (package / "__init__.py").write_text('"""doc"""\n')
    (package / "conv2d.py").write_text("TITLE = 'x'\n")
    (package / "__pycache__" / "conv2d.cpython-311.pyc").write_bytes(b"\0")
    (package / "notes.txt").write_text("not python")
    bundle = simulations_bundle(package)
    assert simulations_bundle(package) == bundle
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        assert archive.namelist() == ["simulations/__init__.py", "simulations/conv2d.py"]
        assert archive.read("simulations/conv2d.py") == b"TITLE = 'x'\n"
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_bundle_name_changes_with_its_content():
    assert bundle_file_name(b"a") == f"simulations-{hashlib.sha256(b'a').hexdigest()[:10]}.zip"
    assert bundle_file_name(b"a") != bundle_file_name(b"b")


def test_the_policy_allows_scripts_only_from_the_site_and_pyodides_origin():
    assert content_security_policy(PYODIDE_CDN_URL) == (
        "default-src 'self'; script-src 'self' https://cdn.jsdelivr.net 'wasm-unsafe-eval'; "
        "connect-src 'self' https://cdn.jsdelivr.net; worker-src 'self'; img-src 'self' data:; "
        "style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
    assert content_security_policy("/course/assets/pyodide-0.27.7/") == (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'self'; "
        "img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


def test_the_default_runtime_loads_pyodide_from_the_cdn():
    runtime = plan_runtime("/course/")
    assert runtime.pyodide_url == PYODIDE_CDN_URL
    assert runtime.bundle_url == f"/course/assets/{runtime.bundle_name}"
    assert runtime.pyodide_files == ()


def test_a_self_hosted_runtime_is_written_into_the_site(tmp_path):
    source = distribution(tmp_path / "pyodide")
    site = tmp_path / "site"
    runtime = plan_runtime("/", source)
    runtime.write(site)
    assert runtime.pyodide_url == "/assets/pyodide-0.27.7/"
    assert (site / "assets" / runtime.bundle_name).read_bytes() == runtime.bundle
    copied = sorted(path.name for path in (site / "assets" / "pyodide-0.27.7").iterdir())
    assert copied == sorted([*CORE_FILES, "pyodide.asm.js", "pyodide-lock.json", "numpy-2.0.2-test.whl"])


def test_planning_reports_every_problem_to_the_build_and_writes_nothing(tmp_path):
    errors = ErrorLog()
    folder = distribution(tmp_path / "pyodide")
    for name in (*CORE_FILES, "pyodide-lock.json"):
        (folder / name).unlink()
    assert plan_runtime("/", folder, errors) is None
    assert len(errors.report()) == len(CORE_FILES) + 1
    with pytest.raises(ValueError, match="missing core file pyodide.mjs"):
        plan_runtime("/", folder)


def test_data_files_stay_out_of_the_bundle_and_ship_as_hash_named_assets(tmp_path):
    package = tmp_path / "simulations"
    package.mkdir()
    (package / "__init__.py").write_text('"""doc"""\n')
    (package / "_digits.bin").write_bytes(b"\x01\x02")
    runtime = plan_runtime("/course/", package_dir=package)
    with zipfile.ZipFile(io.BytesIO(runtime.bundle)) as archive:
        assert archive.namelist() == ["simulations/__init__.py"]
    digest = hashlib.sha256(b"\x01\x02").hexdigest()
    name = f"_digits-{digest[:10]}.bin"
    assert runtime.data_urls == (("_digits.bin", f"/course/assets/data/{name}"),)
    runtime.write(tmp_path / "site")
    assert (tmp_path / "site" / "assets" / "data" / name).read_bytes() == b"\x01\x02"
