/*
 * The page's one entry point (the only module base.html loads): it wires every part of the page, in
 * this order, explicitly, so no module depends on being imported first or on finding another's
 * elements. Each part binds to a page root and listens until the page's signal aborts, which
 * navigation.js does before it swaps in the next page and binds that one the same way.
 */

import * as course from "./course.js";
import { startNavigation } from "./navigation.js";
import * as openPython from "./open-python.js";
import * as printing from "./print.js";
import * as progressPanel from "./progress-panel.js";
import * as quiz from "./quiz.js";
import * as search from "./search.js";
import * as simulations from "./simulations.js";
import * as theme from "./theme.js";

/* Bind every part of the page under `root`; aborting the returned controller unbinds them. */
function bind(root) {
  const controller = new AbortController();
  const { signal } = controller;
  theme.bind(root, signal);
  search.bind(root, signal);
  course.bind(root, signal);
  quiz.bind(root, signal);
  progressPanel.bind(root, signal);
  const embeds = simulations.bind(root, signal);
  openPython.bind(embeds, signal);
  printing.bind(root, signal);
  return controller;
}

let page = bind(document.body);

startNavigation({
  unbind() {
    page.abort();
  },
  bind(root) {
    page = bind(root);
  },
});
