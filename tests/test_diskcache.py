"""Results kept between build processes: only in the user's own private folder, and only once checked."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from convlab.site.diskcache import cache_folder, cached_text, prune
from convlab.site.sources import is_source_file, source_file

SOURCE = 'def f(x):\n    return x < 1 and "a" or \'b\'\n'


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def counting(calls: list, text: str):
    return lambda: calls.append(text) or text


def accept(_: str) -> bool:
    return True


def test_same_inputs_reuse_the_stored_text_and_changed_inputs_recompute(cache_home):
    calls = []
    assert cached_text("demo", ("v1", "source"), counting(calls, "first"), accept) == "first"
    assert cached_text("demo", ("v1", "source"), counting(calls, "second"), accept) == "first"
    assert cached_text("demo", ("v2", "source"), counting(calls, "third"), accept) == "third"
    assert calls == ["first", "third"]
    assert cache_folder() == cache_home / "convlab"
    assert oct((cache_home / "convlab").stat().st_mode & 0o777) == "0o700"
    assert [oct(path.stat().st_mode & 0o777) for path in (cache_home / "convlab").iterdir()] == ["0o600"] * 2


def planted(folder, calls: list) -> list:
    """Store an entry through the cache, so the folder holds exactly what a later build would look up."""
    cached_text("demo", ("v1",), counting(calls, "planted"), accept)
    return sorted(folder.iterdir())


def test_a_folder_others_can_write_is_never_read_or_written(cache_home):
    calls = []
    entries = planted(cache_home / "convlab", calls)
    os.chmod(cache_home / "convlab", 0o777)
    assert cache_folder() is None
    assert cached_text("demo", ("v1",), counting(calls, "fresh"), accept) == "fresh"
    assert cached_text("demo", ("v2",), counting(calls, "other"), accept) == "other"
    assert sorted((cache_home / "convlab").iterdir()) == entries


def test_a_folder_owned_by_someone_else_is_never_used(cache_home):
    calls = []
    planted(cache_home / "convlab", calls)
    try:
        os.chown(cache_home / "convlab", 65534, 65534)
    except PermissionError:
        pytest.skip("only root can give a folder to another user")
    assert cache_folder() is None
    assert cached_text("demo", ("v1",), counting(calls, "fresh"), accept) == "fresh"


def test_a_symlinked_folder_is_never_used(cache_home, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    os.chmod(elsewhere, 0o700)
    (cache_home / "convlab").symlink_to(elsewhere)
    assert cache_folder() is None


def test_an_entry_others_can_write_is_ignored_and_replaced(cache_home):
    calls = []
    [entry] = planted(cache_home / "convlab", calls)
    os.chmod(entry, 0o666)
    assert cached_text("demo", ("v1",), counting(calls, "fresh"), accept) == "fresh"
    assert entry.read_text() == "fresh" and oct(entry.stat().st_mode & 0o777) == "0o600"


def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_folder() == tmp_path / ".cache" / "convlab"


def test_a_tampered_source_entry_never_reaches_the_page(cache_home):
    good = source_file.__wrapped__("tiny", SOURCE)
    assert is_source_file(good, "tiny", SOURCE)
    [entry] = (cache_home / "convlab").iterdir()
    data = json.loads(good)
    evil = dict(data, html=data["html"].replace('<span class="k">def</span>', '<img src=x onerror="alert(1)">def'))
    entry.write_text(json.dumps(evil, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    assert source_file.__wrapped__("tiny", SOURCE) == good
    assert entry.read_text() == good


@pytest.mark.parametrize("change", [
    lambda data: dict(data, source="x = 2\n"),
    lambda data: dict(data, name="other"),
    lambda data: dict(data, html=data["html"].replace("return", "yield")),
    lambda data: dict(data, html=data["html"].replace("&lt;", "<")),
    lambda data: dict(data, extra=1),
])
def test_a_kept_source_file_must_show_exactly_that_source(change):
    data = json.loads(source_file.__wrapped__("tiny", SOURCE))
    text = json.dumps(change(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert not is_source_file(text, "tiny", SOURCE)


def test_past_its_size_limit_the_folder_keeps_the_entries_used_last(cache_home):
    folder = cache_home / "convlab"
    for number in range(10):  # written long ago, entry 0 first
        cached_text("demo", (str(number),), lambda: "x" * 1000, accept)
        os.utime(folder / _name("demo", str(number)), ns=(10**18 + number * 10**9,) * 2)
    assert cached_text("demo", ("0",), lambda: pytest.fail("computed again"), accept) == "x" * 1000
    prune(limit=8000, every=0)
    kept = sorted(path.name for path in folder.glob("demo-*"))
    assert kept == sorted(_name("demo", str(number)) for number in (0, 5, 6, 7, 8, 9)), \
        "down to three quarters of the limit, the least recently used first; reading entry 0 kept it"
    prune(limit=8000, every=0)
    assert sorted(path.name for path in folder.glob("demo-*")) == kept, "under the limit, nothing goes"


def test_the_folder_is_listed_at_most_once_in_the_interval(cache_home):
    folder = cache_home / "convlab"
    for number in range(10):
        cached_text("demo", (str(number),), lambda: "x" * 1000, accept)
    prune(limit=100_000, every=3600)  # listed: under the limit
    prune(limit=8000, every=3600)  # not listed again within the hour, however full
    assert len(list(folder.glob("demo-*"))) == 10
    prune(limit=8000, every=0)
    assert len(list(folder.glob("demo-*"))) == 6


def _name(kind: str, *inputs: str) -> str:
    return f"{kind}-" + hashlib.sha256("\0".join((kind, *inputs)).encode("utf-8")).hexdigest()
