"""build.py as a user runs it: options, exit status, messages, and never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import MINI_COURSE, ROOT


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_help_explains_every_option():
    result = run("--help")
    assert result.returncode == 0
    for option in ("--out", "--base-url", "--pyodide-dir", "--content", "--check", "--serve", "--port"):
        assert option in result.stdout


def test_build_writes_the_site_and_says_where(tmp_path):
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    result = run("--content", "content", "--out", "public", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "built 4 pages into public\n"
    assert (tmp_path / "public/index.html").is_file()


def test_errors_go_to_stderr_with_status_1_and_no_traceback(tmp_path):
    content = shutil.copytree(MINI_COURSE, tmp_path / "content")
    (content / "02-sizes.md").write_text("---\ntitle: Sizes\n---\n::: quizz\n:::\n\n[x](03-missing.md)\n")
    result = run("--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "content/01-sliding.md:15: link to '02-sizes.md#output-size' points to a missing section (sections there: none)",
        "content/02-sizes.md:4: unknown directive 'quizz' (expected: callout, figure, quiz, simulation)",
        "content/02-sizes.md:7: link to '03-missing.md' does not match any chapter "
        "(expected one of: 01-sliding.md, 02-sizes.md)",
        "build failed: 3 errors; the previous site is untouched",
    ]
    assert not (tmp_path / "_site").exists()


def test_check_writes_nothing(tmp_path):
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    result = run("--content", "content", "--check", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "checked 4 pages: no errors\n"
    assert not (tmp_path / "_site").exists()


def test_bad_pyodide_dir_is_reported_before_anything_is_written(tmp_path):
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    (tmp_path / "empty").mkdir()
    result = run("--content", "content", "--pyodide-dir", "empty", cwd=tmp_path)
    assert result.returncode == 1
    assert ("--pyodide-dir empty: missing core file pyodide.js — pass --pyodide-dir a complete Pyodide 0.27.7 "
            "distribution, such as the one `python3 -m convlab.pyodide_dist` assembles.") in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "_site").exists()


def test_a_port_out_of_range_is_one_line(tmp_path):
    result = run("--serve", "--port", "99999", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "--port 99999: a port is a number from 1 to 65535 — pass --port 8000, or another free port\n"


@pytest.mark.parametrize("base_url", ["https://example.org/course/", "/my course/", "/a/../b/", "/?x=1"])
def test_a_base_url_that_would_break_links_is_one_line(tmp_path, base_url):
    result = run("--check", "--base-url", base_url, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"--base-url {base_url!r}: a URL path prefix holds only letters, digits and . _ ~ - "
                             "between single slashes — write it as /my-course/ (no scheme, host, query or spaces)\n")


def test_an_unknown_host_is_not_advised_another_port(tmp_path):
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    result = run("--content", "content", "--serve", "--host", "nonexistent.invalid", cwd=tmp_path)
    assert result.returncode == 1 and "--port" not in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("cannot serve on nonexistent.invalid:8000: ")
    assert result.stderr.endswith(" — --host takes an address or name of this machine, such as 127.0.0.1 or "
                                  "localhost\n")
