/*
 * A printed chapter shows every simulation as the build computed it (its first paint), whatever the
 * reader changed on screen, and every quiz's answer. A stepper prints its completed computation: the
 * first paint at its last step, every output cell written, with that step's products and narration,
 * since the blank grid before the first step tells a reader on paper nothing. A stepper the reader has
 * stepped prints as they left it, narration included. Just before printing, each other embed gets a
 * print-only copy, drawn from its page data by the same renderer as the screen; site.css prints that
 * copy instead of the live panels. After printing, the page is as it was.
 */

import { renderPanels } from "./panels.js";

function firstPaint(root) {
  const { state } = JSON.parse(root.querySelector(".sim-payload").textContent);
  const steps = state.steps || [];
  const last = steps.length ? steps[steps.length - 1] : null;
  const copy = document.createElement("div");
  copy.className = "sim-print";
  const readout = document.createElement("p");
  readout.className = "sim-readout";
  const text = document.createElement("span");
  text.className = "sim-readout-text";
  text.textContent = last ? last.readout : state.readout;
  const narration = document.createElement("span");
  narration.className = "sim-narration";
  narration.textContent = last ? last.narration : "";
  readout.append(text, " ", narration);
  const panels = document.createElement("div");
  panels.className = "sim-panels";
  panels.append(...renderPanels(state, `${root.id}-print`, last));
  copy.append(panels, readout);
  return copy;
}

/* Whether the reader has stepped the embed's current state (stepper.js keeps the step it shows). */
function stepped(embed) {
  const stepper = embed.querySelector(".sim-stepper");
  return Boolean(stepper) && Number(stepper.dataset.step ?? -1) >= 0;
}

/* Prepare the page under `root` for printing, whenever the reader prints it, until `signal` aborts. */
export function bind(root, signal) {
  let opened = [];
  window.addEventListener("beforeprint", () => {
    for (const embed of root.querySelectorAll("[data-simulation]")) {
      if (stepped(embed)) {
        embed.classList.add("prints-live");
        continue;
      }
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
    for (const embed of root.querySelectorAll(".has-print-copy, .prints-live")) {
      embed.classList.remove("has-print-copy", "prints-live");
    }
    for (const details of opened) details.open = false;
    opened = [];
  }, { signal });
}
