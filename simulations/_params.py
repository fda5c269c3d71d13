"""Parameter specs: one declaration per knob, used three ways.

A simulation lists its knobs once, in ``PARAMS``. The same objects

* validate an author's directive options at build time (values arrive as strings from Markdown),
* describe the page's controls (``describe()`` gives kind, range or choices, label, help), and
* supply the defaults and checks of ``view()`` when the browser calls it with a control's value.

Every rejection is a ``ValueError`` whose message is one sentence a reader understands, because the
page shows it next to the control as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping


def _is_integral(value: float) -> bool:
    return math.isfinite(value) and float(value).is_integer()


@dataclass(frozen=True)
class Int:
    """A whole number in ``[min, max]``, shown as a slider or number box."""

    name: str
    label: str
    default: int
    min: int
    max: int
    help: str = ""
    step: int = 1
    kind: str = field(default="int", init=False)

    def coerce(self, raw: Any) -> int:
        """Return ``raw`` as an int in range, or raise ``ValueError`` with a sentence for the reader."""
        value = _number(raw, self.label)
        if not _is_integral(value):
            raise ValueError(f"{self.label} must be a whole number; got {_shown(raw)}.")
        value = int(value)
        if not self.min <= value <= self.max:
            raise ValueError(f"{self.label} must be between {self.min} and {self.max}; got {value}.")
        return value

    def describe(self) -> dict:
        return {"name": self.name, "kind": self.kind, "label": self.label, "help": self.help,
                "default": self.default, "min": self.min, "max": self.max, "step": self.step}


@dataclass(frozen=True)
class Float:
    """A real number in ``[min, max]``."""

    name: str
    label: str
    default: float
    min: float
    max: float
    help: str = ""
    step: float = 0.1
    kind: str = field(default="float", init=False)

    def coerce(self, raw: Any) -> float:
        value = _number(raw, self.label)
        if not self.min <= value <= self.max:
            raise ValueError(f"{self.label} must be between {self.min:g} and {self.max:g}; got {value:g}.")
        return value

    def describe(self) -> dict:
        return {"name": self.name, "kind": self.kind, "label": self.label, "help": self.help,
                "default": self.default, "min": self.min, "max": self.max, "step": self.step}


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of names, shown as a select or radio group.

    ``choices`` maps each accepted value to the label the page shows for it; its order is the order of
    the options in the control.
    """

    name: str
    label: str
    default: str
    choices: Mapping[str, str]
    help: str = ""
    kind: str = field(default="choice", init=False)

    def coerce(self, raw: Any) -> str:
        value = str(raw).strip()
        if value not in self.choices:
            expected = ", ".join(self.choices)
            raise ValueError(f"{self.label} must be one of {expected}; got {_shown(raw)}.")
        return value

    def describe(self) -> dict:
        return {"name": self.name, "kind": self.kind, "label": self.label, "help": self.help,
                "default": self.default,
                "choices": [{"value": key, "label": text} for key, text in self.choices.items()]}


@dataclass(frozen=True)
class Bool:
    """An on/off switch, shown as a checkbox."""

    name: str
    label: str
    default: bool
    help: str = ""
    kind: str = field(default="bool", init=False)

    _TRUE = ("true", "yes", "on", "1")
    _FALSE = ("false", "no", "off", "0")

    def coerce(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in self._TRUE:
            return True
        if text in self._FALSE:
            return False
        raise ValueError(f"{self.label} must be on or off (true or false); got {_shown(raw)}.")

    def describe(self) -> dict:
        return {"name": self.name, "kind": self.kind, "label": self.label, "help": self.help,
                "default": self.default}


@dataclass(frozen=True)
class Matrix:
    """A small grid of numbers the reader types, e.g. ``"0 -1 0; -1 5 -1; 0 -1 0"``.

    Rows are separated by ``;`` or new lines, entries by spaces or commas. A nested list of numbers
    (what JSON gives) is accepted too. The value is a tuple of row tuples of floats. Entries are
    bounded by ``limit`` so that sums of products stay finite: a reader's ``1e308`` gets a sentence, not
    an overflow.
    """

    name: str
    label: str
    default: tuple
    rows: int
    cols: int
    help: str = ""
    limit: float = 1000.0
    selects: tuple = ()
    kind: str = field(default="matrix", init=False)

    def coerce(self, raw: Any) -> tuple:
        rows = _matrix_rows(raw)
        if len(rows) != self.rows or any(len(row) != self.cols for row in rows):
            raise ValueError(f"{self.label} must have {_rows(self.rows)} of {self.cols} numbers; "
                             f"got {_shape_text(rows)}.")
        values = tuple(tuple(_number(entry, self.label) for entry in row) for row in rows)
        too_big = next((value for row in values for value in row if abs(value) > self.limit), None)
        if too_big is not None:
            raise ValueError(f"{self.label} entries must be between \u2212{self.limit:g} and {self.limit:g}; "
                             f"got {too_big:g}.")
        return values

    def describe(self) -> dict:
        spec = {"name": self.name, "kind": self.kind, "label": self.label, "help": self.help,
                "default": format_matrix(self.default), "rows": self.rows, "cols": self.cols}
        if self.selects:  # (control, value): typing in this field picks that value there
            spec["selects"] = {"name": self.selects[0], "value": self.selects[1]}
        return spec


@dataclass(frozen=True)
class Preset:
    """A worked example of the chapter, one click away: a key, a caption and the control values that show it.

    ``key`` (lowercase words joined by hyphens) is how a directive's ``presets:`` line names it, so a chapter
    offers its own examples and not every chapter's. ``values`` are written as the controls hold them (a
    matrix as text), so the page sets them as they are; ``resolve`` checks them like any reader's values
    (and the tests check them against the text).
    """

    key: str
    label: str
    values: Mapping[str, Any]

    def describe(self, params: tuple) -> dict:
        resolve(params, self.values)
        return {"key": self.key, "label": self.label, "values": dict(self.values)}


def format_matrix(rows) -> str:
    """Write a matrix the way ``Matrix.coerce`` reads it: ``"1 0 -1; 1 0 -1; 1 0 -1"``."""
    return "; ".join(" ".join(f"{float(v):g}" for v in row) for row in rows)


def resolve(params: tuple, given: Mapping[str, Any]) -> dict:
    """Check ``given`` against a simulation's ``params`` and fill in the defaults.

    Unknown names and bad values raise ``ValueError``; the message names the knob and, for unknown
    names, the knobs that exist.
    """
    by_name = {param.name: param for param in params}
    unknown = [name for name in given if name not in by_name]
    if unknown:
        expected = ", ".join(by_name) or "none"
        raise ValueError(f"There is no setting called '{unknown[0]}' (expected: {expected}).")
    return {name: param.coerce(given[name]) if name in given else param.default
            for name, param in by_name.items()}


def describe(params: tuple) -> list[dict]:
    """The JSON description of every control, in declaration order."""
    return [param.describe() for param in params]


def _number(raw: Any, label: str) -> float:
    if isinstance(raw, bool):
        raise ValueError(f"{label} must be a number; got {_shown(raw)}.")
    try:
        value = float(str(raw).strip()) if isinstance(raw, str) else float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{label} must be a number; got {_shown(raw)}.") from None
    if not math.isfinite(value):
        raise ValueError(f"{label} must be a finite number; got {_shown(raw)}.")
    return value


def _matrix_rows(raw: Any) -> list[list]:
    if isinstance(raw, str):
        lines = [line for line in raw.replace(";", "\n").splitlines() if line.strip()]
        return [line.replace(",", " ").split() for line in lines]
    try:
        return [list(row) for row in raw]
    except TypeError:
        return [[raw]]


def _shape_text(rows: list[list]) -> str:
    widths = sorted({len(row) for row in rows})
    if not rows:
        return "nothing"
    if len(widths) == 1:
        return f"{_rows(len(rows))} of {widths[0]}"
    return f"{_rows(len(rows))} of uneven length"


def _rows(n: int) -> str:
    return "1 row" if n == 1 else f"{n} rows"


def _shown(raw: Any) -> str:
    text = repr(raw) if isinstance(raw, str) else str(raw)
    return text if len(text) <= 40 else text[:37] + "..."
