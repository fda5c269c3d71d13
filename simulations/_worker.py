"""The Python side of the page's worker: import a simulation by name, run its view, answer in JSON.

The browser's worker (``python-worker.js``) calls these functions and nothing else, always with
JSON text in and JSON text out, so Python never holds a JavaScript object. The same functions run here
in CPython, where the tests call them exactly as the page does.

Every answer is ``{"ok": true, "state": ...}`` or ``{"ok": false, "invalid": sentence}`` (the settings
were refused: the sentence goes next to the control) or ``{"ok": false, "error": sentence}`` (anything
else); a view's answer also says ``"edited"``, whether the reader's code computed it. A reader's edited module ("Open the Python") runs as a fresh module object that is never
put in ``sys.modules``: the course's own module stays importable as it was, and Restore is forgetting the
edit. Errors in the reader's text say ``line N: Type: message`` with N counted in that text. Whatever a
view returns is checked against the view format of docs/simulation-contract.md here, so a wrong shape
becomes one sentence instead of a failure in the page's drawing code.
"""

from __future__ import annotations

import importlib
import json
import traceback
import types
from pathlib import Path

import numpy  # noqa: F401  imported while Python boots, so no view's time limit pays for it

YOUR_CODE = "<your code>"
# What the page's drawing code (panels.js) reads from each kind of panel: a field and what it must be.
PANEL_FIELDS = {
    "grid": {"text": "rows"},
    "image": {"src": "text"},
    "bars": {"items": "list", "ticks": "list"},
    "table": {"columns": "list", "rows": "rows"},
    "text": {"lines": "list"},
    "curve": {"points": "rows"},
}
_FIELD_TYPES = {"list": "a list", "rows": "a list of rows (lists)", "text": "a string"}

_edits: dict[str, types.ModuleType] = {}


def load(name: str) -> str:
    """Import the course's module ``simulations.<name>``."""
    try:
        importlib.import_module(f"simulations.{name}")
    except Exception as error:
        return _answer(error=_sentence(error))
    return _answer()


def missing_data(name: str) -> str:
    """The data files ``simulations.<name>`` lists in ``DATA_FILES`` that are not beside it yet (JSON list).

    The page's worker fetches those (they are not in the bundle) before the simulation's first view.
    """
    module = importlib.import_module(f"simulations.{name}")
    folder = Path(module.__file__).parent
    return json.dumps([file for file in getattr(module, "DATA_FILES", ()) if not (folder / file).is_file()])


def edit(name: str, source: str | None) -> str:
    """Make the reader's ``source`` compute ``name``'s views from now on; ``None`` brings back the course's."""
    if source is None:
        _edits.pop(name, None)
        return _answer()
    try:
        _edits[name] = _reader_module(name, source)
    except Exception as error:
        _edits.pop(name, None)
        return _answer(error=_located(error))
    return _answer()


def view(name: str, params_json: str) -> str:
    """``view(**params)`` of the reader's module for ``name`` if there is one, else of the course's.

    Every answer says ``edited``: whether the reader's code computed it.
    """
    module = _edits.get(name)
    edited = module is not None
    answer = {**_view(name, params_json, module), "edited": edited}
    try:
        return json.dumps(answer, allow_nan=False)
    except (TypeError, ValueError) as error:
        who = "your view()" if edited else f"simulations/{name}.py's view()"
        return json.dumps({"ok": False, "error": f"{who} returned something that is not plain JSON data "
                                                 f"({error})", "edited": edited})


def _view(name: str, params_json: str, module: types.ModuleType | None) -> dict:
    edited = module is not None
    try:
        if not edited:
            module = importlib.import_module(f"simulations.{name}")
        state = module.view(**json.loads(params_json))
    except ValueError as error:
        if not edited or _refused_by_settings(error):
            return {"ok": False, "invalid": str(error)}
        return {"ok": False, "error": _located(error)}
    except Exception as error:
        return {"ok": False, "error": _located(error) if edited else _sentence(error)}
    problem = shape_problem(state)
    if problem:
        who = "your view()" if edited else f"simulations/{name}.py's view()"
        return {"ok": False, "error": f"{who} returned {problem}"}
    return {"ok": True, "state": state}


def run(name: str, source: str, params_json: str) -> str:
    """Adopt the reader's ``source`` for ``name`` and answer its view for ``params_json``."""
    adopted = json.loads(edit(name, source))
    return view(name, params_json) if adopted["ok"] else json.dumps(adopted)


def edited() -> list[str]:
    """The names whose views the reader's code computes."""
    return sorted(_edits)


def shape_problem(state) -> str:
    """What is wrong with a view's result, as the end of a sentence; empty when it can be drawn.

    >>> shape_problem({"readout": "", "panels": []})
    ''
    >>> shape_problem([1, 2])
    'a list, but the page needs a dict with "readout" and "panels".'
    >>> shape_problem({"readout": "", "panels": [{"kind": "grid", "id": "x", "label": "X"}]})
    'panel 1 (grid "x") with "text" as None, but a grid panel needs a list of rows (lists) there.'
    """
    if not isinstance(state, dict):
        return f'{_kind(state)}, but the page needs a dict with "readout" and "panels".'
    if not isinstance(state.get("readout"), str):
        return f'"readout" as {_kind(state.get("readout"))}, but the page needs a string.'
    panels = state.get("panels")
    if not isinstance(panels, list):
        return f'"panels" as {_kind(panels)}, but the page needs a list of panels.'
    for number, panel in enumerate(panels, start=1):
        problem = _panel_problem(number, panel)
        if problem:
            return problem
    for key in ("steps", "notes"):
        if key in state and not isinstance(state[key], list):
            return f'"{key}" as {_kind(state[key])}, but the page needs a list.'
    return ""


def _panel_problem(number: int, panel) -> str:
    if not isinstance(panel, dict):
        return f"panel {number} as {_kind(panel)}, but each panel must be a dict."
    kind = panel.get("kind")
    if kind not in PANEL_FIELDS:
        return (f'panel {number} of kind {kind!r}, but the page draws only '
                f'{", ".join(PANEL_FIELDS)}.')
    for key in ("id", "label"):
        if not isinstance(panel.get(key), str):
            return f'panel {number} ({kind}) without a string "{key}".'
    for field, wanted in PANEL_FIELDS[kind].items():
        if not _is(panel.get(field), wanted):
            return (f'panel {number} ({kind} "{panel["id"]}") with "{field}" as {_kind(panel.get(field))}, but a '
                    f'{kind} panel needs {_FIELD_TYPES[wanted]} there.')
    return ""


def _is(value, wanted: str) -> bool:
    if wanted == "text":
        return isinstance(value, str)
    if not isinstance(value, list):
        return False
    return wanted == "list" or all(isinstance(row, list) for row in value)


def _kind(value) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _reader_module(name: str, source: str) -> types.ModuleType:
    module = types.ModuleType(f"simulations.{name}")
    module.__package__ = "simulations"
    module.__file__ = YOUR_CODE
    exec(compile(source, YOUR_CODE, "exec", dont_inherit=True), module.__dict__)
    if not callable(getattr(module, "view", None)):
        raise NameError("your module defines no view() function, which the page calls")
    return module


def _refused_by_settings(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].filename.replace("\\", "/").endswith("simulations/_params.py")


def _located(error: BaseException) -> str:
    """``line N: Type: message``, N being the last line of the reader's text the error went through."""
    if isinstance(error, SyntaxError) and error.filename == YOUR_CODE:
        return f"line {error.lineno}: {type(error).__name__}: {error.msg}"
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == YOUR_CODE]
    where = f"line {lines[-1]}: " if lines else ""
    return f"{where}{_sentence(error)}"


def _sentence(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _answer(**fields) -> str:
    return json.dumps({"ok": not fields, **fields})

