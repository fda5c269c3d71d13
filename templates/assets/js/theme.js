/*
 * The colour theme: the reader's system setting by default, or light or dark by choice, remembered in
 * this browser. The header's theme button cycles system → light → dark.
 *
 * A classic script in <head>, not a module: modules run only after the whole page is parsed, so the
 * page would first paint in the system's colours and then flash into the chosen ones. This runs before
 * the body exists and only sets data-theme on <html> (site.css and pygments.css read it); it wires the
 * button once the page is parsed.
 */
(function () {
  "use strict";

  const MODES = ["system", "light", "dark"];
  const NAMES = { system: "System", light: "Light", dark: "Dark" };
  const course = document.querySelector('meta[name="convlab-storage"]');
  const key = `${course ? course.content : "convlab"}:theme`;
  const root = document.documentElement;

  function saved() {
    try {
      const mode = localStorage.getItem(key);
      return MODES.includes(mode) ? mode : "system";
    } catch (error) {
      return "system";
    }
  }

  function remember(mode) {
    try {
      if (mode === "system") localStorage.removeItem(key);
      else localStorage.setItem(key, mode);
    } catch (error) {
      // Without storage (a private window, a full disk) the choice lasts as long as the page.
    }
  }

  function apply(mode) {
    if (mode === "system") delete root.dataset.theme;
    else root.dataset.theme = mode;
  }

  function label(button, mode) {
    const next = MODES[(MODES.indexOf(mode) + 1) % MODES.length];
    button.dataset.mode = mode;
    button.querySelector(".theme-name").textContent = NAMES[mode];
    button.setAttribute("aria-label", `Colour theme: ${NAMES[mode]}. Switch to ${NAMES[next]}`);
  }

  function wire() {
    const button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    label(button, saved());
    button.hidden = false;
    button.addEventListener("click", () => {
      const mode = MODES[(MODES.indexOf(button.dataset.mode) + 1) % MODES.length];
      apply(mode);
      remember(mode);
      label(button, mode);
    });
    window.addEventListener("storage", (event) => {
      if (event.key !== key) return;
      apply(saved());
      label(button, saved());
    });
  }

  apply(saved());
  document.addEventListener("DOMContentLoaded", wire);
})();
