"""Reading a simulation embed off the page, and what the view computed in CPython says it shows.

``shown(page, sim_id)`` reads an embed the way a reader sees it: the texts and looks of its cells, bars,
tables and lines, its pictures' sources, its readout and messages. Views are display-ready
(docs/simulation-contract.md), so ``expected(state)`` only picks the same fields out of the view
CPython computed (a step's panels and marks applied): it re-implements no display rule.
"""

from __future__ import annotations

import importlib
import time

from simulations._params import describe, format_matrix, resolve

READ_EMBED = """async (root) => {
  const texts = (scope, selector) => [...scope.querySelectorAll(selector)].map((node) => node.textContent);
  const cellsOf = (table, test) => [...table.querySelectorAll("tbody tr")].map((row) => [...row.cells].map(test));
  const panels = [];
  for (const panel of root.querySelectorAll(":scope > .sim-panels > .sim-panel")) {
    const kind = panel.dataset.kind;
    const read = { id: panel.dataset.panel, kind, label: panel.querySelector(".sim-panel-label").textContent };
    if (kind === "grid") {
      const table = panel.querySelector("table");
      const own = (cell) => [...cell.classList].filter((name) => name.startsWith("shade-") || name === "is-pad").join(" ");
      read.cells = cellsOf(table, (cell) => cell.textContent);
      read.looks = cellsOf(table, own);
      read.marked = cellsOf(table, (cell) => cell.classList.contains("is-mark"));
      read.hidden = cellsOf(table, (cell) => cell.classList.contains("is-hidden"));
    } else if (kind === "image") {
      const image = panel.querySelector("img");
      read.src = image.getAttribute("src");
      read.size = [Number(image.getAttribute("width")), Number(image.getAttribute("height"))];
    } else if (kind === "bars") {
      read.items = [...panel.querySelectorAll(".sim-bar")].map((bar) => ({
        label: bar.querySelector(".sim-bar-label").textContent,
        text: bar.querySelector(".sim-bar-text").textContent,
        width: bar.querySelector("rect").getAttribute("width"),
        ticks: [...bar.querySelectorAll("line")].map((line) => line.getAttribute("x1")),
      }));
      const scale = panel.querySelector(".sim-bar-scale");
      read.scale = scale ? scale.textContent : "";
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
    readout: root.querySelector(":scope > .sim-readout .sim-readout-text").textContent,
    narration: root.querySelector(":scope > .sim-readout .sim-narration").textContent,
    message: root.querySelector(":scope > .sim-message")?.textContent ?? "",
    notes: texts(root, ":scope > .sim-panels .sim-notes li"),
    panels,
  };
}"""

STRUCTURE = """(node) => {
  const walk = (node) => node.nodeType === Node.TEXT_NODE ? node.textContent
    : [node.localName, [...node.attributes].filter((a) => a.name !== "src").map((a) => `${a.name}=${a.value}`).sort(),
       [...node.childNodes].filter((child) => child.nodeType === Node.ELEMENT_NODE || child.textContent.trim()).map(walk)];
  return [...node.children].map(walk);
}"""

CONTROL_VALUES = """(root) => Object.fromEntries([...root.querySelectorAll(".sim-controls [name]")]
  .map((field) => [field.name, field.type === "checkbox" ? field.checked : field.value]))"""

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


def expected(state: dict, step: dict | None = None) -> dict:
    """What an embed showing ``state`` (at ``step``, if given) reads like; compare with ``shown``."""
    return {
        "readout": step["readout"] if step else state["readout"],
        "narration": step["narration"] if step else state.get("narration", ""),
        "notes": list(state.get("notes", [])),
        "panels": [_expected_panel({**panel, **(step or {}).get("panels", {}).get(panel["id"], {})}, step or state)
                   for panel in state["panels"]],
    }


def control_values(page, sim_id: str) -> dict:
    """The values the embed's controls show, read as its module's own parameter spec reads them."""
    root = page.locator(f"#{sim_id}")
    return resolve(module(root.get_attribute("data-simulation")).PARAMS, root.evaluate(CONTROL_VALUES))


def control_spec(name: str, control: str) -> dict:
    """The description of one control of simulation ``name``, from the module's own spec."""
    return next(spec for spec in describe(module(name).PARAMS) if spec["name"] == control)


def shown(page, sim_id: str, part: str = "") -> dict:
    """What the embed shows; ``part`` reads a copy inside it instead, e.g. ``" .sim-print"``."""
    return page.locator(f"#{sim_id}{part}").evaluate(READ_EMBED)


def comparable(read: dict) -> dict:
    """The part of ``shown`` that ``expected`` predicts."""
    return {key: read[key] for key in ("readout", "narration", "notes", "panels")}


def wait_until_shows(page, sim_id: str, want: dict, timeout: float = 20.0) -> dict:
    """Poll the embed until it shows ``want``; on timeout, fail showing the difference."""
    deadline = time.monotonic() + timeout
    while True:
        read = shown(page, sim_id)
        if comparable(read) == want:
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


def _expected_panel(panel: dict, at: dict) -> dict:
    base = {"id": panel["id"], "kind": panel["kind"], "label": panel["label"]}
    return {**base, **_EXPECT[panel["kind"]](panel, at)}


def _grid(panel: dict, at: dict) -> dict:
    text = panel["text"]
    rows, cols = len(text), len(text[0])
    marks = at.get("marks", {}).get(panel["id"], [])
    shown_cells = at.get("reveal", {}).get(panel["id"], rows * cols)
    hidden = [[r * cols + c >= shown_cells for c in range(cols)] for r in range(rows)]
    return {
        "cells": [["" if hidden[r][c] else value for c, value in enumerate(row)] for r, row in enumerate(text)],
        "looks": panel.get("look", [[""] * cols for _ in range(rows)]),
        "marked": [[any(r0 <= r <= r1 and c0 <= c <= c1 for r0, c0, r1, c1 in marks) for c in range(cols)]
                   for r in range(rows)],
        "hidden": hidden,
    }


def _image(panel: dict, at: dict) -> dict:
    return {"src": panel["src"], "size": [panel["width"], panel["height"]]}


def _bars(panel: dict, at: dict) -> dict:
    return {"items": [{"label": item["label"], "text": item["text"], "width": item["width"],
                       "ticks": list(panel["ticks"])} for item in panel["items"]],
            "scale": panel["scale_label"]}


def _table(panel: dict, at: dict) -> dict:
    return {"columns": list(panel["columns"]), "rows": [list(row) for row in panel["rows"]],
            "highlight": panel.get("highlight")}


def _text(panel: dict, at: dict) -> dict:
    return {"lines": list(panel["lines"])}


def _curve(panel: dict, step: dict | None) -> dict:
    return {"points": "".join(f"{x},{y} " for x, y in panel["points"]),
            "ticks": [panel["ticks"]["y"][1], panel["ticks"]["y"][0], panel["ticks"]["x"][0], panel["ticks"]["x"][1]]}


_EXPECT = {"grid": _grid, "image": _image, "bars": _bars, "table": _table, "text": _text, "curve": _curve}
