/*
 * Draws a view state's panels: the same markup templates/simulation.html writes for the first paint.
 * Views are display-ready (docs/simulation-contract.md): every cell's text and look, every bar's width,
 * every picture's PNG comes from Python, so this module only puts them into elements. It formats no
 * number and computes nothing about the simulation.
 *
 * A step replaces some panels' fields (its `panels`), marks rectangles and reveals output cells one by
 * one; the state itself is what shows before the first step.
 */

const SVG = "http://www.w3.org/2000/svg";

/* The children of .sim-panels for `state`, optionally at one of its steps. */
export function renderPanels(state, simId, step = null) {
  const at = step || state;
  const changes = (step && step.panels) || {};
  const nodes = state.panels.map((panel) => renderPanel({ ...panel, ...changes[panel.id] }, simId, at));
  if (state.notes && state.notes.length) {
    nodes.push(element("ul", { class: "sim-notes" }, state.notes.map((note) => element("li", {}, [note]))));
  }
  return nodes;
}

/* Keep each marked window in view inside its scrolling grid (and the page), as a stepper moves it. */
export function followMarks(container) {
  for (const corner of container.querySelectorAll("td.mark-t.mark-l")) {
    const box = corner.closest(".sim-scroll");
    const cells = [...box.querySelectorAll("td.is-mark")];
    const last = cells[cells.length - 1];
    last.scrollIntoView({ block: "nearest", inline: "nearest" });
    corner.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
}

function renderPanel(panel, simId, at) {
  const labelId = `${simId}-${panel.id}-label`;
  const draw = DRAWERS[panel.kind];
  if (!draw) throw new Error(`panel kind ${panel.kind} is not one of ${Object.keys(DRAWERS).join(", ")}`);
  return element("div", { class: "sim-panel", "data-kind": panel.kind, "data-panel": panel.id }, [
    element("p", { class: "sim-panel-label", id: labelId }, [panel.label]),
    draw(panel, labelId, at),
  ]);
}

const DRAWERS = {
  grid(panel, labelId, at) {
    const marks = (at.marks || {})[panel.id] || [];
    const shown = at.reveal && panel.id in at.reveal ? at.reveal[panel.id] : Infinity;
    const looks = panel.look || [];
    const rows = panel.text.map((row, r) => element("tr", {}, row.map((text, c) => {
      const hidden = r * row.length + c >= shown;
      const classes = ["sim-cell", (looks[r] || [])[c], markClasses(marks, r, c), hidden ? "is-hidden" : ""];
      return element("td", { class: classes.filter(Boolean).join(" ") }, hidden ? [] : [text]);
    })));
    const table = element("table", {
      class: "sim-grid", "data-tone": panel.tone ?? "neutral", "aria-labelledby": labelId,
    }, [element("tbody", {}, rows)]);
    return element("div", scrollBox({ "aria-labelledby": labelId }), [table]);
  },

  image(panel) {
    const img = element("img", {
      class: "sim-image", src: panel.src, width: panel.width, height: panel.height, alt: panel.label,
    });
    return element("div", scrollBox({ "aria-label": panel.label }), [img]);
  },

  bars(panel, labelId) {
    const items = panel.items.map((item) => {
      const ticks = panel.ticks.map((x) => svg("line", { class: "sim-bar-tick", x1: x, x2: x, y1: 0, y2: 1 }));
      const track = svg("svg", {
        class: "sim-bar-track", viewBox: "0 0 100 1", preserveAspectRatio: "none",
        "aria-hidden": "true", focusable: "false",
      }, [svg("rect", { class: "sim-bar-fill", width: item.width, height: 1 }), ...ticks]);
      return element("li", { class: "sim-bar" }, [
        element("span", { class: "sim-bar-label" }, [item.label]),
        track,
        element("span", { class: "sim-bar-text" }, [item.text]),
      ]);
    });
    const list = element("ul", { class: "sim-bars", "data-scale": panel.scale, "aria-labelledby": labelId }, items);
    if (!panel.scale_label) return list;
    return element("div", { class: "sim-bars-box" }, [list, element("p", { class: "sim-bar-scale" }, [panel.scale_label])]);
  },

  table(panel, labelId) {
    const head = element("thead", {}, [element("tr", {}, panel.columns.map(
      (column) => element("th", { scope: "col" }, [column])))]);
    const body = element("tbody", {}, panel.rows.map((row, index) => element(
      "tr", index === panel.highlight ? { class: "is-highlight" } : {},
      row.map((text) => element("td", {}, [text])))));
    return element("div", scrollBox({ "aria-labelledby": labelId }), [
      element("table", { class: "sim-table", "aria-labelledby": labelId }, [head, body])]);
  },

  text(panel, labelId) {
    return element("div", { class: "sim-text", "aria-labelledby": labelId },
      panel.lines.map((line) => element("p", { class: "sim-line" }, [line])));
  },

  /* A line whose points Python placed in the panel's box; the axes' end texts are Python's too. */
  curve(panel, labelId) {
    const points = panel.points.map(([x, y]) => `${x},${y} `).join("");
    const plot = svg("svg", {
      class: "sim-curve-plot", viewBox: `0 0 ${panel.width} ${panel.height}`, preserveAspectRatio: "none",
      role: "img", "aria-labelledby": labelId,
    }, [svg("polyline", { class: "sim-curve-line", points })]);
    const [yLow, yHigh] = panel.ticks.y;
    const [xLow, xHigh] = panel.ticks.x;
    const ticks = element("figcaption", { class: "sim-curve-ticks" }, [
      element("span", {}, [yHigh]), " ", element("span", {}, [yLow]), " ",
      element("span", {}, [xLow]), " ", element("span", {}, [xHigh])]);
    return element("figure", { class: "sim-curve", "aria-labelledby": labelId }, [plot, ticks]);
  },
};

/* is-mark on every cell inside a marked rectangle, plus mark-t/-r/-b/-l on the rectangle's edges. */
function markClasses(marks, r, c) {
  const classes = new Set();
  for (const [r0, c0, r1, c1] of marks) {
    if (r < r0 || r > r1 || c < c0 || c > c1) continue;
    classes.add("is-mark");
    if (r === r0) classes.add("mark-t");
    if (c === c1) classes.add("mark-r");
    if (r === r1) classes.add("mark-b");
    if (c === c0) classes.add("mark-l");
  }
  return [...classes].join(" ");
}

// A panel wider than a phone scrolls inside its box: focusable so keys can scroll it, and named.
function scrollBox(name) {
  return { class: "sim-scroll", tabindex: "0", role: "region", ...name };
}

function element(tag, attributes, children = []) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  node.append(...children);
  return node;
}

function svg(tag, attributes, children = []) {
  const node = document.createElementNS(SVG, tag);
  setAttributes(node, attributes);
  node.append(...children);
  return node;
}

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
}
