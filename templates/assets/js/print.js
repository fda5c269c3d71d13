/*
 * A printed chapter shows every simulation as the build computed it (its first paint), whatever the
 * reader changed on screen, and every quiz's answer. Just before printing, each embed gets a print-only
 * copy of its first-paint panels, drawn from its page data by the same renderer as the screen; site.css
 * prints that copy instead of the live panels. After printing, the page is as it was.
 */

import { renderPanels } from "./panels.js";

function firstPaint(root) {
  const payload = JSON.parse(root.querySelector(".sim-payload").textContent);
  const copy = document.createElement("div");
  copy.className = "sim-print";
  const readout = document.createElement("p");
  readout.className = "sim-readout";
  readout.textContent = payload.state.readout;
  const panels = document.createElement("div");
  panels.className = "sim-panels";
  panels.append(...renderPanels(payload.state, `${root.id}-print`));
  copy.append(panels, readout);
  return copy;
}

/* Prepare the page under `root` for printing, whenever the reader prints it, until `signal` aborts. */
export function bind(root, signal) {
  let opened = [];
  window.addEventListener("beforeprint", () => {
    for (const embed of root.querySelectorAll("[data-simulation]")) {
      try {
        embed.querySelector(".sim-payload").before(firstPaint(embed));
        embed.classList.add("has-print-copy");
      } catch {
        // Unreadable page data: the live panels print instead.
      }
    }
    opened = [...root.querySelectorAll("details.quiz-answer:not([open])")];
    for (const details of opened) details.open = true;
  }, { signal });

  window.addEventListener("afterprint", () => {
    for (const copy of root.querySelectorAll(".sim-print")) copy.remove();
    for (const embed of root.querySelectorAll(".has-print-copy")) embed.classList.remove("has-print-copy");
    for (const details of opened) details.open = false;
    opened = [];
  }, { signal });
}
