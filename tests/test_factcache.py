"""Fact values kept between builds: used for the same code, missed after an edit, never for a closure."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from convlab.markdown.factcache import cached_fact, code_digest
from convlab.markdown.facts import render


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "convlab"


def module_from(folder, source: str):
    """A simulation-like module written to ``folder`` and imported, as the registry would."""
    folder.mkdir(exist_ok=True)
    (folder / "helper.py").write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("factcache_helper", folder / "helper.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_kept_fact_is_read_back_instead_of_computed(cache_home, tmp_path):
    helper = module_from(tmp_path / "sims", "def answer():\n    return 42\n")
    functions = {"answer": (helper.answer, "answer()")}
    assert render("answer()", ",", functions) == "42"
    assert cached_fact("answer()", ",", functions, lambda: pytest.fail("computed again")) == "42"
    assert [path.name.split("-")[0] for path in cache_home.iterdir()] == ["fact"]


def test_an_edited_source_misses_the_kept_fact(cache_home, tmp_path):
    folder = tmp_path / "sims"
    before = code_digest({"answer": (module_from(folder, "def answer():\n    return 42\n").answer, "")})
    helper = module_from(folder, "def answer():\n    return 43  # edited\n")
    assert code_digest({"answer": (helper.answer, "")}) != before
    assert render("answer()", "", {"answer": (helper.answer, "answer()")}) == "43"


def test_a_closure_is_never_kept(cache_home):
    value = 7
    functions = {"seven": (lambda: value, "seven()")}
    assert code_digest(functions) is None
    assert render("seven()", "", functions) == "7"
    assert not cache_home.exists() or list(cache_home.iterdir()) == []


def test_a_kept_text_a_fact_cannot_show_is_computed_again(cache_home, tmp_path):
    helper = module_from(tmp_path / "sims", "def answer():\n    return 42\n")
    functions = {"answer": (helper.answer, "answer()")}
    render("answer()", "", functions)
    (entry,) = cache_home.iterdir()
    entry.write_text("<script>", encoding="utf-8")
    assert render("answer()", "", functions) == "42"
