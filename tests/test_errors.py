"""Exceptions from an author's Python become ``file:line: what went wrong`` lines, never tracebacks."""

from __future__ import annotations

import importlib.util

import pytest

from convlab.errors import error_from_exception


def load(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def authors_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sims").mkdir()
    return tmp_path / "sims"


def test_a_runtime_error_points_at_the_authors_line_not_at_numpy(authors_code):
    source = authors_code / "broken.py"
    source.write_text("import numpy as np\n\n\ndef view():\n    return np.zeros(2).reshape(3)\n")
    with pytest.raises(ValueError) as caught:
        load(source).view()
    error = error_from_exception(caught.value, within=authors_code)
    assert str(error) == "sims/broken.py:5: ValueError: cannot reshape array of size 2 into shape (3,)"


def test_a_syntax_error_names_its_line(authors_code):
    source = authors_code / "typo.py"
    source.write_text("TITLE = 'x'\ndef view(:\n    pass\n")
    with pytest.raises(SyntaxError) as caught:
        load(source)
    assert str(error_from_exception(caught.value, within=authors_code)) == \
        "sims/typo.py:2: SyntaxError: invalid syntax — fix the Python there"


def test_an_error_raised_outside_the_authors_code_keeps_only_its_sentence(authors_code):
    try:
        raise TypeError("simulations/x.py lacks TITLE (see docs/simulation-contract.md)")
    except TypeError as exc:
        error = error_from_exception(exc, within=authors_code)
    assert str(error) == "simulations/x.py lacks TITLE (see docs/simulation-contract.md)"
