"""simulations/_worker.py: the worker's Python, called here exactly as the page's worker calls it (JSON in,
JSON out): the course's views, a reader's edited module, its errors' lines, and the check of a view's shape."""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path

import pytest

import simulations
from simulations import _worker, conv2d

SOURCE = (Path(conv2d.__file__)).read_text(encoding="utf-8")
ORIGINAL_LINE = "    kernel = KERNELS[name]\n"


@pytest.fixture(autouse=True)
def no_edits():
    yield
    for name in _worker.edited():
        _worker.edit(name, None)


def call(function, *args) -> dict:
    return json.loads(function(*args))


def view(name: str, **params) -> dict:
    return call(_worker.view, name, json.dumps(params))


def edited_source(new_line: str) -> str:
    assert SOURCE.count(ORIGINAL_LINE) == 1
    return SOURCE.replace(ORIGINAL_LINE, new_line)


def line_of(source: str, text: str) -> int:
    return source.splitlines(keepends=True).index(text) + 1


def test_the_course_view_is_answered_as_json_equal_to_the_module():
    assert call(_worker.load, "conv2d") == {"ok": True}
    assert view("conv2d", stride="2") == {"ok": True, "edited": False, "state": conv2d.view(stride="2")}


def test_refused_settings_come_back_as_the_modules_sentence():
    reply = view("conv2d", stride="9")
    assert reply == {"ok": False, "invalid": "Stride must be between 1 and 3; got 9.", "edited": False}


def test_an_unknown_simulation_is_an_error_not_a_crash():
    assert call(_worker.load, "nothing") == {"ok": False, "error": "ModuleNotFoundError: No module named "
                                                                    "'simulations.nothing'"}


def test_an_edit_computes_the_views_until_it_is_taken_back():
    source = edited_source("    kernel = KERNELS[name].T\n")
    namespace = {"__name__": "reader", "__package__": "simulations"}
    exec(compile(source, "<your code>", "exec"), namespace)
    assert call(_worker.edit, "conv2d", source) == {"ok": True}
    assert _worker.edited() == ["conv2d"]
    assert view("conv2d", kernel="sobel") == {"ok": True, "edited": True,
                                                 "state": namespace["view"](kernel="sobel")}
    assert call(_worker.edit, "conv2d", None) == {"ok": True}
    assert view("conv2d", kernel="sobel")["state"] == conv2d.view(kernel="sobel")


def test_the_course_module_is_untouched_by_an_edit():
    call(_worker.edit, "conv2d", "def view(**params):\n    return {'readout': 'mine', 'panels': []}\n")
    import simulations.conv2d as again
    assert again is conv2d and again.view()["readout"] != "mine"


@pytest.mark.parametrize("new_line, error", [
    ("    kernel = KERNELS[nme]\n", "NameError: name 'nme' is not defined"),
    ("    kernel = KERNELS[name] @ [1, 2]\n", "ValueError: matmul"),
    ("    kernel = 1 / 0\n", "ZeroDivisionError: division by zero"),
])
def test_an_error_in_the_readers_view_names_its_line(new_line, error):
    source = edited_source(new_line)
    reply = call(_worker.run, "conv2d", source, json.dumps({}))
    assert reply["ok"] is False
    assert reply["error"].startswith(f"line {line_of(source, new_line)}: {error}")


def test_a_syntax_error_names_its_line_and_leaves_no_edit():
    source = edited_source("    kernel = KERNELS[name]]\n")
    reply = call(_worker.edit, "conv2d", source)
    assert reply["error"].startswith(f"line {line_of(source, '    kernel = KERNELS[name]]' + chr(10))}: SyntaxError: ")
    assert _worker.edited() == []


def test_settings_refused_by_the_readers_module_are_still_a_sentence():
    reply = call(_worker.run, "conv2d", SOURCE, json.dumps({"stride": "0"}))
    assert reply == {"ok": False, "invalid": "Stride must be between 1 and 3; got 0.", "edited": True}


def test_a_module_without_view_is_refused():
    reply = call(_worker.edit, "conv2d", "KERNEL = 1\n")
    assert reply == {"ok": False, "error": "NameError: your module defines no view() function, which the page calls"}


@pytest.mark.parametrize("returned, sentence", [
    ("[1, 2]", 'your view() returned a list, but the page needs a dict with "readout" and "panels".'),
    ("{'readout': 3, 'panels': []}", 'your view() returned "readout" as an int, but the page needs a string.'),
    ("{'readout': '', 'panels': {}}", 'your view() returned "panels" as a dict, but the page needs a list of panels.'),
    ("{'readout': '', 'panels': [{'kind': 'pie', 'id': 'a', 'label': 'A'}]}",
     "your view() returned panel 1 of kind 'pie', but the page draws only grid, image, bars, table, text, curve."),
    ("{'readout': '', 'panels': [{'kind': 'text', 'id': 'a', 'label': 'A', 'lines': []}, {'kind': 'grid', "
     "'id': 'g', 'label': 'G'}]}",
     'your view() returned panel 2 (grid "g") with "text" as None, but a grid panel needs a list of rows (lists) '
     'there.'),
    ("{'readout': '', 'panels': [{'kind': 'table', 'id': 't', 'label': 'T', 'columns': [], 'rows': [1]}]}",
     'your view() returned panel 1 (table "t") with "rows" as a list, but a table panel needs a list of rows '
     '(lists) there.'),
    ("{'readout': '', 'panels': [], 'steps': 3}", 'your view() returned "steps" as an int, but the page needs a list.'),
    ("{'readout': '', 'panels': [], 'notes': [float('nan')]}",
     "your view() returned something that is not plain JSON data (Out of range float values are not JSON "
     "compliant)"),
])
def test_a_view_of_the_wrong_shape_gets_a_sentence_naming_what_is_wrong(returned, sentence):
    source = f"def view(**params):\n    return {returned}\n"
    assert call(_worker.run, "conv2d", source, "{}") == {"ok": False, "error": sentence, "edited": True}


def test_every_course_view_has_the_shape_the_page_draws():
    names = [info.name for info in pkgutil.iter_modules(simulations.__path__) if not info.name.startswith("_")]
    assert "conv2d" in names
    for name in names:
        assert _worker.shape_problem(importlib.import_module(f"simulations.{name}").view()) == "", name
