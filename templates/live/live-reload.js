/* Live preview, added to pages by `build.py --serve` only (never part of a built site).

   The dev server streams its build state as Server-Sent Events: {"build": N, "errors": [...]}. A page
   knows the build it was served from (data-convlab-build on this script's tag). A newer good build
   reloads the page; a failed one lays its errors over the page, so the author never reads a stale page
   as if it were current; the next good build reloads it, or, when the fix restored the very same site,
   simply lifts the overlay, which stays over every page the author moves to meanwhile. The last state heard is kept on <html data-convlab-live> for tools and tests. */

const tag = document.querySelector("script[data-convlab-build]");
const pageBuild = Number(tag ? tag.dataset.convlabBuild : -1);
const events = new EventSource(new URL("events", import.meta.url));
let overlay = null;

events.addEventListener("build", (event) => {
  const state = JSON.parse(event.data);
  document.documentElement.dataset.convlabLive = `build ${state.build}`;
  if (state.errors.length > 0) {
    showErrors(state.errors);
  } else if (state.build !== pageBuild) {
    window.location.reload();
  } else {
    hideErrors();
  }
});

function showErrors(lines) {
  if (!overlay) {
    overlay = document.createElement("section");
    overlay.className = "convlab-live-errors";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-label", "Build errors");
    overlay.dataset.keepAcrossPages = "";  // instant navigation leaves it on the next page
    document.body.append(overlay);
  }
  const title = document.createElement("p");
  title.className = "convlab-live-errors-title";
  const count = lines.length === 1 ? "1 error" : `${lines.length} errors`;
  title.textContent = `The build failed: ${count}. This page is the last good build; save a fix and it updates by itself.`;
  const list = document.createElement("pre");
  list.className = "convlab-live-errors-list";
  list.textContent = lines.join("\n");
  overlay.replaceChildren(title, list);
  document.documentElement.classList.add("convlab-live-failed");
}

function hideErrors() {
  overlay?.remove();
  overlay = null;
  document.documentElement.classList.remove("convlab-live-failed");
}
