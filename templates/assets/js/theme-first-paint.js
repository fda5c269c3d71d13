/*
 * The reader's chosen colour theme, on the page before its first paint.
 *
 * A classic script in <head>, not a module: modules run only after the whole page is parsed, so the
 * page would first paint in the system's colours and then flash into the chosen ones. It only sets
 * data-theme on <html> (site.css and pygments.css read it); the header's button is theme.js. The key
 * is storage.js's storageName("theme"), spelt out because a classic script cannot import it.
 */
(function () {
  "use strict";

  const course = document.querySelector('meta[name="convlab-storage"]');
  try {
    const mode = localStorage.getItem(`${course ? course.content : "convlab"}:theme`);
    if (mode === "light" || mode === "dark") document.documentElement.dataset.theme = mode;
  } catch (error) {
    // Without storage the page follows the system's colours.
  }
})();
