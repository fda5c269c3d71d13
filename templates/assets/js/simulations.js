/*
 * Entry point on every page: brings each simulation embed ([data-simulation]) to life.
 *
 * Nothing heavy happens at load. Python starts, in one Web Worker shared by the page, when the reader
 * first touches an embed, when one scrolls into view, or when the URL links to a state. Until then,
 * and whenever Python cannot run, the embeds show the state the build computed.
 */

import { Embed } from "./embed.js";
import { readFragment } from "./fragment.js";
import { python } from "./python-client.js";

function metaUrl(name) {
  const meta = document.querySelector(`meta[name="${name}"]`);
  return meta ? new URL(meta.content, document.baseURI).href : "";
}

function sizeText(bytes) {
  if (bytes < 1e6) return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/* A percentage once the worker knows the size of every file to fetch, the bytes so far until then. */
function progressText({ received, total }) {
  if (!received) return "Starting Python…";
  if (total) return `Loading Python: ${Math.min(100, Math.floor((100 * received) / total))}% of ${sizeText(total)}…`;
  return `Loading Python: ${sizeText(received)}…`;
}

/* An embed whose page data cannot be read keeps its first paint and says so, as a failure of Python would. */
function bringToLife(root, python, needPython) {
  try {
    return new Embed(root, python, needPython);
  } catch (error) {
    root.dataset.status = "error";
    root.querySelector(".sim-message").textContent =
      `This simulation could not start (${error.message}), so it shows its precomputed state.`;
    return null;
  }
}

function start(roots) {
  let latest = null;
  python.configure({
    pyodideUrl: metaUrl("convlab-pyodide"),
    bundleUrl: metaUrl("convlab-bundle"),
    workerUrl: new URL("./python-worker.js", import.meta.url),
  });
  python.on("progress", (progress) => {
    if (latest === null) requestAnimationFrame(showProgress);
    latest = progress;
  });
  python.on("failure", (reason) => {
    for (const embed of embeds) {
      embed.failed(`Python could not run (${reason}); the simulation keeps the state it shows.`,
        () => launch(() => python.restart()));
    }
  });
  const embeds = roots.map((root) => bringToLife(root, python, needPython)).filter(Boolean);

  function showProgress() {
    const text = progressText(latest);
    latest = null;
    for (const embed of embeds) if (embed.status === "loading") embed.say(text);
  }

  function needPython() {
    if (!python.started) launch(() => python.start());
  }

  function launch(begin) {
    for (const embed of embeds) embed.loading("Starting Python…");
    begin().then(() => embeds.forEach((embed) => embed.connect()), () => {});
  }

  function restoreLink() {
    const link = readFragment();
    const embed = link && embeds.find((candidate) => candidate.root.id === link.id);
    if (embed) embed.restore(link.values);
  }

  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    needPython();
  }, { rootMargin: "200px" });
  for (const { root } of embeds) {
    observer.observe(root);
    root.addEventListener("pointerdown", needPython, { once: true });
    root.addEventListener("focusin", needPython, { once: true });
  }
  restoreLink();
  window.addEventListener("hashchange", restoreLink);
}

const roots = [...document.querySelectorAll("[data-simulation]")];
if (roots.length) start(roots);
