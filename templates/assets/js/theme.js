/*
 * The colour theme: the reader's system setting by default, or light or dark by choice, remembered in
 * this browser. The header's theme button cycles system → light → dark. theme-first-paint.js has
 * already applied the saved choice before the page painted; this module wires the button, and follows
 * a choice made in another tab.
 */

import { storageName } from "./storage.js";

const MODES = ["system", "light", "dark"];
const NAMES = { system: "System", light: "Light", dark: "Dark" };
const KEY = storageName("theme");

function saved() {
  try {
    const mode = localStorage.getItem(KEY);
    return MODES.includes(mode) ? mode : "system";
  } catch {
    return "system";
  }
}

function remember(mode) {
  try {
    if (mode === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, mode);
  } catch {
    // Without storage (a private window, a full disk) the choice lasts as long as the visit.
  }
}

function apply(mode) {
  if (mode === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = mode;
}

function label(button, mode) {
  const next = MODES[(MODES.indexOf(mode) + 1) % MODES.length];
  button.dataset.mode = mode;
  button.querySelector(".theme-name").textContent = NAMES[mode];
  button.setAttribute("aria-label", `Colour theme: ${NAMES[mode]}. Switch to ${NAMES[next]}`);
}

/* Wire the theme button under `root` until `signal` aborts (the page is swapped for another). */
export function bind(root, signal) {
  const button = root.querySelector("[data-theme-toggle]");
  if (!button) return;
  label(button, saved());
  button.hidden = false;
  button.addEventListener("click", () => {
    const mode = MODES[(MODES.indexOf(button.dataset.mode) + 1) % MODES.length];
    apply(mode);
    remember(mode);
    label(button, mode);
  }, { signal });
  window.addEventListener("storage", (event) => {
    if (event.key !== KEY) return;
    apply(saved());
    label(button, saved());
  }, { signal });
}
