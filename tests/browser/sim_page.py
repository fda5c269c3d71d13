"""Reading a simulation embed off the page, and predicting what it should show from CPython.

``shown(page, sim_id)`` reads an embed the way a reader sees it: the texts of its cells, bars, tables
and lines, the grey levels of its pictures, its readout and messages. ``expected(state)`` turns a view
state computed by the simulation module in CPython into the same shape, using the page's documented
display rules (templates/simulation.html), so a test can compare the two.
"""

from __future__ import annotations

import importlib
import math
import time

from simulations._params import format_matrix

READ_EMBED = """async (root) => {
  const texts = (scope, selector) => [...scope.querySelectorAll(selector)].map((node) => node.textContent);
  const cellsOf = (table, test) => [...table.querySelectorAll("tbody tr")].map((row) => [...row.cells].map(test));
  const panels = [];
  for (const panel of root.querySelectorAll(".sim-panels > .sim-panel")) {
    const kind = panel.dataset.kind;
    const read = { id: panel.dataset.panel, kind, label: panel.querySelector(".sim-panel-label").textContent };
    if (kind === "grid") {
      const table = panel.querySelector("table");
      read.cells = cellsOf(table, (cell) => cell.textContent);
      read.pad = cellsOf(table, (cell) => cell.classList.contains("is-pad"));
      read.marked = cellsOf(table, (cell) => cell.classList.contains("is-mark"));
      read.hidden = cellsOf(table, (cell) => cell.classList.contains("is-hidden"));
    } else if (kind === "image") {
      const image = panel.querySelector("img");
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext("2d");
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      read.pixels = [...Array(canvas.height).keys()].map((r) =>
        [...Array(canvas.width).keys()].map((c) => data[(r * canvas.width + c) * 4]));
    } else if (kind === "bars") {
      read.items = [...panel.querySelectorAll(".sim-bar")].map((bar) => ({
        label: bar.querySelector(".sim-bar-label").textContent,
        text: bar.querySelector(".sim-bar-text").textContent,
        width: Number(bar.querySelector("rect").getAttribute("width")),
      }));
    } else if (kind === "table") {
      read.columns = texts(panel, "thead th");
      read.rows = [...panel.querySelectorAll("tbody tr")].map((row) => texts(row, "td"));
      const highlighted = [...panel.querySelectorAll("tbody tr")].findIndex((row) => row.classList.contains("is-highlight"));
      read.highlight = highlighted < 0 ? null : highlighted;
    } else if (kind === "text") {
      read.lines = texts(panel, ".sim-line");
    } else if (kind === "curve") {
      read.points = panel.querySelector("polyline").getAttribute("points");
      read.ticks = texts(panel, ".sim-curve-ticks span");
    }
    panels.push(read);
  }
  return {
    status: root.dataset.status,
    readout: root.querySelector(".sim-readout-text").textContent,
    narration: root.querySelector(".sim-narration").textContent,
    message: root.querySelector(".sim-message").textContent,
    notes: texts(root, ".sim-notes li"),
    panels,
  };
}"""

STRUCTURE = """(node) => {
  const walk = (node) => node.nodeType === Node.TEXT_NODE ? node.textContent
    : [node.localName, [...node.attributes].filter((a) => a.name !== "src").map((a) => `${a.name}=${a.value}`).sort(),
       [...node.childNodes].filter((child) => child.nodeType === Node.ELEMENT_NODE || child.textContent.trim()).map(walk)];
  return [...node.children].map(walk);
}"""

RENDER_WITH_JS = """async (root) => {
  const entry = document.querySelector('script[type="module"][src$="/page.js"]').src;
  const { renderPanels } = await import(new URL("panels.js", entry).href);
  const state = JSON.parse(root.querySelector(".sim-payload").textContent).state;
  const holder = document.createElement("div");
  holder.append(...renderPanels(state, root.id));
  return holder;
}"""


def module(name: str):
    return importlib.import_module(f"simulations.{name}")


def number(value, digits: int) -> str:
    """A number as the page writes it (templates/simulation.html)."""
    scaled = math.floor(abs(value) * 10 ** digits + 0.5)
    sign = "−" if value < 0 and scaled > 0 else ""
    return sign + f"{scaled / 10 ** digits:.{digits}f}"


def expected(state: dict, step: dict | None = None) -> dict:
    """What an embed showing ``state`` (at ``step``, if given) reads like; compare with ``shown``."""
    return {
        "readout": step["readout"] if step else state["readout"],
        "narration": step["narration"] if step else "",
        "notes": list(state.get("notes", [])),
        "panels": [_expected_panel(panel, step) for panel in state["panels"]],
    }


def shown(page, sim_id: str) -> dict:
    return page.locator(f"#{sim_id}").evaluate(READ_EMBED)


def comparable(read: dict) -> dict:
    """The part of ``shown`` that ``expected`` predicts."""
    return {key: read[key] for key in ("readout", "narration", "notes", "panels")}


def same(read, want) -> bool:
    """Equal, except that bar widths (the only floats read) may differ by their last written digit."""
    if isinstance(read, dict) and isinstance(want, dict):
        return read.keys() == want.keys() and all(same(read[key], want[key]) for key in read)
    if isinstance(read, list) and isinstance(want, list):
        return len(read) == len(want) and all(same(a, b) for a, b in zip(read, want))
    if isinstance(want, float) and isinstance(read, (int, float)):
        return abs(read - want) <= 0.1 + 1e-9
    return read == want


def wait_until_shows(page, sim_id: str, want: dict, timeout: float = 20.0) -> dict:
    """Poll the embed until it shows ``want``; on timeout, fail showing the difference."""
    deadline = time.monotonic() + timeout
    while True:
        read = shown(page, sim_id)
        if same(comparable(read), want):
            return read
        if time.monotonic() > deadline:
            assert comparable(read) == want, f"status {read['status']}, message {read['message']!r}"
        page.wait_for_timeout(50)


def wait_for_text(locator, text: str, timeout: float = 30.0) -> None:
    """Poll until the element's text is ``text``; on timeout, fail showing what it says."""
    deadline = time.monotonic() + timeout
    while locator.text_content() != text and time.monotonic() < deadline:
        locator.page.wait_for_timeout(50)
    assert locator.text_content() == text, f"it says {locator.text_content()!r}"


def wait_ready(page, sim_id: str, timeout: float = 120_000) -> None:
    root = page.locator(f"#{sim_id}")
    root.scroll_into_view_if_needed()
    page.wait_for_selector(f"#{sim_id}:not([data-status=static]):not([data-status=loading])", timeout=timeout)
    assert root.get_attribute("data-status") == "ready", root.locator(".sim-message").text_content()


def set_control(page, sim_id: str, spec: dict, value) -> None:
    """Change one control the way a reader would."""
    field = page.locator(f"#{sim_id}-{spec['name']}")
    text = control_text(spec, value)
    if spec["kind"] == "choice":
        field.select_option(text)
    elif spec["kind"] == "bool":
        field.set_checked(text == "true")
    elif spec["kind"] == "matrix":
        field.fill(text)
        field.press("Tab")
    else:
        field.fill(text)


def control_text(spec: dict, value) -> str:
    """A value as its control holds it."""
    if spec["kind"] == "matrix" and not isinstance(value, str):
        return format_matrix(value)
    if spec["kind"] == "bool":
        return "true" if value else "false"
    return str(value)


def candidates(spec: dict, current) -> list:
    """Values a reader can pick in this control other than ``current``, most ordinary first."""
    kind = spec["kind"]
    if kind in ("int", "float"):
        step = spec["step"]
        picks = [current + step, current - step, spec["max"], spec["min"], current + 2 * step]
        return [value for value in dict.fromkeys(picks) if spec["min"] <= value <= spec["max"] and value != current]
    if kind == "choice":
        return [choice["value"] for choice in spec["choices"] if choice["value"] != current]
    if kind == "bool":
        return [not current]
    rows, cols = spec["rows"], spec["cols"]
    return [format_matrix([[(r * cols + c) % 3 - 1 for c in range(cols)] for r in range(rows)]),
            format_matrix([[1] * cols for _ in range(rows)]), "1 2"]


def structure(locator) -> list:
    """Tags, attributes (but image sources) and texts of the element's children, whitespace aside."""
    return locator.evaluate(STRUCTURE)


def _expected_panel(panel: dict, step: dict | None) -> dict:
    base = {"id": panel["id"], "kind": panel["kind"], "label": panel["label"]}
    return {**base, **_EXPECT[panel["kind"]](panel, step)}


def _grid(panel: dict, step: dict | None) -> dict:
    values = panel["values"]
    digits = panel.get("digits", 0 if all(float(v).is_integer() for row in values for v in row) else 2)
    pad = panel.get("padding", 0)
    rows, cols = len(values), len(values[0])
    marks = (step or {}).get("marks", {}).get(panel["id"], [])
    shown_cells = (step or {}).get("reveal", {}).get(panel["id"], rows * cols)
    hidden = [[r * cols + c >= shown_cells for c in range(cols)] for r in range(rows)]
    return {
        "cells": [["" if hidden[r][c] else number(v, digits) for c, v in enumerate(row)]
                  for r, row in enumerate(values)],
        "pad": [[min(r, c, rows - 1 - r, cols - 1 - c) < pad for c in range(cols)] for r in range(rows)],
        "marked": [[any(r0 <= r <= r1 and c0 <= c <= c1 for r0, c0, r1, c1 in marks) for c in range(cols)]
                   for r in range(rows)],
        "hidden": hidden,
    }


def _image(panel: dict, step: dict | None) -> dict:
    return {"pixels": [[min(255, max(0, math.floor(v * 255 + 0.5))) for v in row] for row in panel["values"]]}


def _bars(panel: dict, step: dict | None) -> dict:
    log = panel.get("scale") == "log"
    top = max((abs(item["value"]) for item in panel["items"]), default=0)

    def width(value: float) -> float:
        if not top:
            return 0.0
        fraction = math.log1p(abs(value)) / math.log1p(top) if log else abs(value) / top
        return math.floor(fraction * 1000 + 0.5) / 10

    return {"items": [{"label": item["label"], "text": item["text"], "width": width(item["value"])}
                      for item in panel["items"]]}


def _table(panel: dict, step: dict | None) -> dict:
    def cell(value):
        return value if isinstance(value, str) else number(value, 0 if float(value).is_integer() else 2)

    return {"columns": list(panel["columns"]), "rows": [[cell(v) for v in row] for row in panel["rows"]],
            "highlight": panel.get("highlight")}


def _text(panel: dict, step: dict | None) -> dict:
    return {"lines": list(panel["lines"])}


def _curve(panel: dict, step: dict | None) -> dict:
    return {"points": "".join(f"{x},{y} " for x, y in panel["points"]),
            "ticks": [panel["ticks"]["y"][1], panel["ticks"]["y"][0], panel["ticks"]["x"][0], panel["ticks"]["x"][1]]}


_EXPECT = {"grid": _grid, "image": _image, "bars": _bars, "table": _table, "text": _text, "curve": _curve}
