/*
 * Entry point on every page: brings each simulation embed ([data-simulation]) to life.
 *
 * Nothing heavy happens at load. Python starts, in one Web Worker shared by the page, when the reader
 * first touches an embed, when one scrolls into view, or when the URL links to a state. Until then,
 * and whenever Python cannot run, the embeds show the state the build computed.
 */

import { Embed } from "./embed.js";
import { readFragment } from "./fragment.js";
import { PythonRuntime } from "./python-client.js";
import { Trainer } from "./trainer.js";

const STAGES = ["runtime", "numpy", "simulations"];

function metaUrl(name) {
  const meta = document.querySelector(`meta[name="${name}"]`);
  return meta ? new URL(meta.content, document.baseURI).href : "";
}

function sizeText(bytes) {
  if (bytes < 1e6) return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function progressText(bytes) {
  const parts = STAGES.filter((stage) => bytes[stage] > 0).map((stage) => `${stage} ${sizeText(bytes[stage])}`);
  return parts.length ? `Loading Python: ${parts.join(", ")}…` : "Starting Python…";
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
  const python = new PythonRuntime({
    pyodideUrl: metaUrl("convlab-pyodide"),
    bundleUrl: metaUrl("convlab-bundle"),
    workerUrl: new URL("./python-worker.js", import.meta.url),
    onProgress(bytes) {
      if (latest === null) requestAnimationFrame(showProgress);
      latest = bytes;
    },
    onFailure(reason) {
      for (const embed of embeds) {
        embed.failed(`Python could not run (${reason}); the simulation keeps the state it shows.`,
          () => launch(() => python.restart()));
      }
    },
  });
  const embeds = roots.map((root) => bringToLife(root, python, needPython)).filter(Boolean);
  for (const embed of embeds) if (embed.root.querySelector(".sim-trainer")) new Trainer(embed);

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
