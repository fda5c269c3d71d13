/*
 * Draws a view state's panels: the same markup templates/simulation.html writes for the first paint,
 * built with the same rules (convlab/site/panels.py writes them for the build), so one stylesheet and one
 * set of tests serve both. It draws what Python returned and computes nothing about the simulation.
 *
 * A step (docs/simulation-contract.md) adds what the first paint never shows: marked rectangles and
 * output cells not yet revealed.
 */

const SVG = "http://www.w3.org/2000/svg";
const MINUS = "\u2212";

/* The children of .sim-panels for `state`, optionally at one of its steps. */
export function renderPanels(state, simId, step = null) {
  const nodes = state.panels.map((panel) => renderPanel(panel, simId, step));
  if (state.notes && state.notes.length) {
    nodes.push(element("ul", { class: "sim-notes" }, state.notes.map((note) => element("li", {}, [note]))));
  }
  return nodes;
}

/* Show an image panel's values as the build's PNG does, 0 black and 1 white, in a data: URI. */
export function imageSource(values) {
  const canvas = document.createElement("canvas");
  canvas.width = values[0].length;
  canvas.height = values.length;
  const context = canvas.getContext("2d");
  const pixels = context.createImageData(canvas.width, canvas.height);
  values.flat().forEach((value, index) => {
    const level = Number.isNaN(value) ? 0 : Math.min(255, Math.max(0, Math.floor(value * 255 + 0.5)));
    pixels.data.set([level, level, level, 255], index * 4);
  });
  context.putImageData(pixels, 0, 0);
  return canvas.toDataURL("image/png");
}

export function formatNumber(value, digits) {
  const scaled = Math.floor(Math.abs(value) * 10 ** digits + 0.5);
  const sign = value < 0 && scaled > 0 ? MINUS : "";
  return sign + (scaled / 10 ** digits).toFixed(digits);
}

function renderPanel(panel, simId, step) {
  const labelId = `${simId}-${panel.id}-label`;
  const draw = DRAWERS[panel.kind];
  if (!draw) throw new Error(`panel kind ${panel.kind} is not one of ${Object.keys(DRAWERS).join(", ")}`);
  return element("div", { class: "sim-panel", "data-kind": panel.kind, "data-panel": panel.id }, [
    element("p", { class: "sim-panel-label", id: labelId }, [panel.label]),
    draw(panel, labelId, step),
  ]);
}

const DRAWERS = {
  grid(panel, labelId, step) {
    const values = panel.values;
    const top = Math.max(0, ...values.flat().map(Math.abs));
    const digits = panel.digits ?? (values.flat().every(Number.isInteger) ? 0 : 2);
    const pad = panel.padding ?? 0;
    const marks = (step && step.marks && step.marks[panel.id]) || [];
    const shown = step && step.reveal && panel.id in step.reveal ? step.reveal[panel.id] : Infinity;
    const width = values[0] ? values[0].length : 0;
    const rows = values.map((row, r) => element("tr", {}, row.map((value, c) => {
      const padded = r < pad || r >= values.length - pad || c < pad || c >= row.length - pad;
      const hidden = r * width + c >= shown;
      const classes = [cellClass(value, top, padded), markClasses(marks, r, c), hidden ? "is-hidden" : ""];
      return element("td", { class: classes.filter(Boolean).join(" ") }, hidden ? [] : [formatNumber(value, digits)]);
    })));
    const table = element("table", {
      class: "sim-grid", "data-tone": panel.tone ?? "neutral", "aria-labelledby": labelId,
    }, [element("tbody", {}, rows)]);
    return element("div", { class: "sim-scroll" }, [table]);
  },

  image(panel) {
    const values = panel.values;
    const img = element("img", {
      class: "sim-image", src: imageSource(values), width: values[0].length, height: values.length,
      alt: panel.label,
    });
    return element("div", { class: "sim-scroll" }, [img]);
  },

  bars(panel, labelId) {
    const log = panel.scale === "log";
    const top = Math.max(0, ...panel.items.map((item) => Math.abs(item.value)));
    const items = panel.items.map((item) => {
      const size = Math.abs(item.value);
      const fraction = top ? (log ? Math.log1p(size) / Math.log1p(top) : size / top) : 0;
      const fill = svg("rect", { class: "sim-bar-fill", width: (Math.floor(fraction * 1000 + 0.5) / 10).toFixed(1), height: 1 });
      const track = svg("svg", {
        class: "sim-bar-track", viewBox: "0 0 100 1", preserveAspectRatio: "none",
        "aria-hidden": "true", focusable: "false",
      }, [fill]);
      return element("li", { class: "sim-bar" }, [
        element("span", { class: "sim-bar-label" }, [item.label]),
        track,
        element("span", { class: "sim-bar-text" }, [item.text]),
      ]);
    });
    return element("ul", { class: "sim-bars", "data-scale": log ? "log" : "linear", "aria-labelledby": labelId }, items);
  },

  table(panel, labelId) {
    const head = element("thead", {}, [element("tr", {}, panel.columns.map(
      (column) => element("th", { scope: "col" }, [column])))]);
    const body = element("tbody", {}, panel.rows.map((row, index) => element(
      "tr", index === panel.highlight ? { class: "is-highlight" } : {},
      row.map((value) => element("td", {}, [typeof value === "string" ? value : plainNumber(value)])))));
    return element("div", { class: "sim-scroll" }, [
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

function cellClass(value, top, padded) {
  const level = top ? Math.floor(Math.abs(value) / top * 4 + 0.5) : 0;
  const shade = level && value > 0 ? ` shade-p${level}` : level && value < 0 ? ` shade-n${level}` : "";
  return `sim-cell${shade}${padded ? " is-pad" : ""}`;
}

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

function plainNumber(value) {
  return formatNumber(value, Number.isInteger(value) ? 0 : 2);
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
