/*
 * Brings each simulation embed ([data-simulation]) of a page to life (page.js binds every page).
 *
 * Nothing heavy happens at load. Python starts, in one Web Worker shared by the whole visit, when the
 * reader first touches an embed, when one scrolls into view, or when the URL links to a state. Until
 * then, and whenever Python cannot run, the embeds show the state the build computed. A page reached
 * by navigation.js once Python runs connects its embeds at once.
 */

import { Embed } from "./embed.js";
import { readFragment } from "./fragment.js";
import { python } from "./python-client.js";
import { Trainer } from "./trainer.js";

function metaUrl(name) {
  const meta = document.querySelector(`meta[name="${name}"]`);
  return meta ? new URL(meta.content, document.baseURI).href : "";
}

/* The site's data files ({name: URL}); the worker fetches one only when a simulation that needs it loads. */
function dataUrls() {
  const urls = {};
  for (const meta of document.querySelectorAll('meta[name="convlab-data"]')) {
    urls[meta.dataset.file] = new URL(meta.content, document.baseURI).href;
  }
  return urls;
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

/*
 * The visit's one Python (python-client.js, a module-level singleton): configured by the first page,
 * kept while navigation.js swaps pages, so the worker, numpy, the simulations and the reader's code
 * stay loaded. It speaks to the embeds of the page on screen (`live`).
 */
const live = new Set();
let configured = false;
let running = false;
let latest = null;

function runtime() {
  if (configured) return python;
  configured = true;
  python.configure({
    pyodideUrl: metaUrl("convlab-pyodide"),
    bundleUrl: metaUrl("convlab-bundle"),
    dataUrls: dataUrls(),
    workerUrl: new URL("./python-worker.js", import.meta.url),
  });
  python.on("progress", (progress) => {
    if (latest === null) requestAnimationFrame(showProgress);
    latest = progress;
  });
  python.on("failure", (reason) => {
    running = false;
    for (const embed of live) failed(embed, reason);
  });
  return python;
}

function failed(embed, reason) {
  embed.failed(`Python could not run (${reason}); the simulation keeps the state it shows.`,
    () => launch(() => python.restart()));
}

function showProgress() {
  const text = progressText(latest);
  latest = null;
  for (const embed of live) if (embed.status === "loading") embed.say(text);
}

function needPython() {
  if (!python.started) launch(() => python.start());
}

function launch(begin) {
  for (const embed of live) embed.loading("Starting Python…");
  begin().then(() => {
    running = true;
    live.forEach((embed) => embed.connect());
  }, () => {});
}

/* A page arriving while Python runs (or is on its way) joins it at once, without waiting to be seen. */
function join(embeds) {
  for (const embed of embeds) embed.loading(running ? "" : "Starting Python…");
  python.start().then(() => embeds.forEach((embed) => embed.connect()),
    (error) => embeds.forEach((embed) => failed(embed, error.message)));
}

/* Bring the embeds under `root` to life until `signal` aborts (the page is swapped); returns them. */
export function bind(root, signal) {
  runtime();
  const embeds = [...root.querySelectorAll("[data-simulation]")]
    .map((embedRoot) => bringToLife(embedRoot, python, needPython)).filter(Boolean);
  for (const embed of embeds) live.add(embed);
  const trainers = embeds.filter((embed) => embed.root.querySelector(".sim-trainer")).map((embed) => new Trainer(embed));
  signal.addEventListener("abort", () => {
    for (const trainer of trainers) trainer.pause();
    for (const embed of embeds) {
      embed.detach();
      live.delete(embed);
    }
  });
  if (!embeds.length) return embeds;

  function restoreLink() {
    const link = readFragment();
    const embed = link && embeds.find((candidate) => candidate.root.id === link.id);
    if (embed) embed.restore(link.values);
  }

  if (python.started) {
    join(embeds);
  } else {
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      needPython();
    }, { rootMargin: "200px" });
    signal.addEventListener("abort", () => observer.disconnect());
    for (const { root: embedRoot } of embeds) {
      observer.observe(embedRoot);
      embedRoot.addEventListener("pointerdown", needPython, { once: true });
      embedRoot.addEventListener("focusin", needPython, { once: true });
    }
  }
  restoreLink();
  window.addEventListener("hashchange", restoreLink, { signal });
  return embeds;
}
