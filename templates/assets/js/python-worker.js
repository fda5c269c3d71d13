/*
 * The module Web Worker that runs the course's Python: Pyodide, numpy and the simulations bundle.
 *
 * It lives in a worker so that starting Python (megabytes to fetch, a WebAssembly module to compile)
 * never blocks the page, and so that the page can end it (terminate) when reader code runs too long.
 * It is a module worker importing `<pyodideUrl>pyodide.mjs`, the one way to start every Pyodide from
 * 0.27 to the current series (which refuses classic workers), and it uses only API they share.
 *
 * Messages in: {type: "boot", pyodideUrl, bundleUrl, dataUrls}, then requests {id, type: "load", name},
 * {id, type: "view", name, params}, {id, type: "edit", name, source} (the reader's module from "Open the
 * Python", or null for the course's own). Messages out: {type: "progress", received, total} (total is
 * null until every file to fetch has a known size), {type: "booted", workerId, version} or
 * {type: "failed", message}, and one reply per request: {id, ok: true, state, edited} |
 * {id, ok: false, invalid} | {id, ok: false, error}. The Python side is simulations/_worker.py; across
 * the boundary everything is JSON text. `dataUrls` ({file name: URL}) are the data files the site
 * carries beside the bundle: loading (or first viewing) a simulation fetches those it lists (its
 * DATA_FILES) into the simulations folder, once per worker, so no page downloads data it does not use.
 */

const COURSE_DIR = "/home/pyodide/convlab";
const NAME = /^[a-z][a-z0-9_]*$/;
const STALL_MS = 60000;
const WORKER_ID = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

let python = null;
let dataUrls = {};
const withData = new Set(); // simulations whose data files are in place
let abortBoot = null;
let watchdog = 0;

/* Pyodide 0.27 swallows some failures (a WebAssembly module the browser refuses to compile, a
   download that fails mid-way) and then waits forever, or throws where no one awaits. Those all end
   the boot with a sentence for the page instead of a hang or an uncaught error. */
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  fail(event.reason);
});
self.addEventListener("error", (event) => {
  event.preventDefault();
  fail(new Error(event.message));
});

self.addEventListener("message", (event) => {
  const message = event.data;
  if (message.type === "boot") {
    const aborted = guard();
    dataUrls = message.dataUrls || {};
    python = Promise.race([boot(message.pyodideUrl, message.bundleUrl), aborted]);
    python.then(({ version }) => self.postMessage({ type: "booted", workerId: WORKER_ID, version }),
      (error) => self.postMessage({ type: "failed", message: describe(error) }))
      .finally(() => {
        clearTimeout(watchdog);
        abortBoot = null;
      });
  } else {
    answer(message).then((reply) => self.postMessage({ id: message.id, ...reply }));
  }
});

function guard() {
  watchCompiles();
  const aborted = new Promise((resolve, reject) => {
    abortBoot = reject;
  });
  rewindWatchdog();
  return aborted;
}

function fail(error) {
  if (abortBoot) abortBoot(error);
  else self.postMessage({ type: "failed", message: describe(error) });
}

/* Loading that makes no progress for a minute is given up, so a stalled network ends in a message. */
function rewindWatchdog() {
  if (!abortBoot) return;
  clearTimeout(watchdog);
  watchdog = setTimeout(() => fail(new Error("loading stopped making progress")), STALL_MS);
}

function watchCompiles() {
  for (const name of ["instantiate", "instantiateStreaming"]) {
    const original = WebAssembly[name].bind(WebAssembly);
    WebAssembly[name] = (...args) => original(...args).catch((error) => {
      fail(new Error(`the browser could not compile Python's WebAssembly (${error.name})`));
      throw error;
    });
  }
}

async function boot(pyodideUrl, bundleUrl) {
  const progress = new Progress();
  countDownloads(progress, pyodideUrl);
  const bundle = fetchBundle(bundleUrl);
  bundle.catch(ignore);
  let runtime;
  try {
    runtime = await import(`${pyodideUrl}pyodide.mjs`);
  } catch (error) {
    throw new Error(`the Python runtime could not be downloaded from ${new URL(pyodideUrl).host}`);
  }
  rewindWatchdog();
  const pyodide = await runtime.loadPyodide({
    indexURL: pyodideUrl, packages: ["numpy"], stdout: ignore, stderr: ignore,
  });
  if (!pyodide.loadedPackages.numpy) throw new Error("numpy could not be loaded");
  rewindWatchdog();
  pyodide.unpackArchive(await bundle, "zip", { extractDir: COURSE_DIR });
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(COURSE_DIR)})`);
  const glue = pyodide.pyimport("simulations._worker");
  return { glue, pyodide, version: runtime.version || pyodide.version };
}

async function fetchBundle(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the simulations could not be downloaded (HTTP ${response.status})`);
  return response.arrayBuffer();
}

/* Import the simulation, then fetch the data files it needs that are not here yet. */
async function load(runtime, name) {
  const reply = JSON.parse(runtime.glue.load(name));
  if (reply.ok) await fetchData(runtime, name);
  return reply;
}

/* A view may come before its simulation's load (a button pressed while Python starts): it loads first. */
async function view(runtime, name, params) {
  if (!withData.has(name)) {
    const reply = await load(runtime, name);
    if (!reply.ok) return reply;
  }
  return JSON.parse(runtime.glue.view(name, JSON.stringify(params)));
}

async function fetchData({ glue, pyodide }, name) {
  if (withData.has(name)) return;
  for (const file of JSON.parse(glue.missing_data(name))) {
    const url = dataUrls[file];
    if (!url) throw new Error(`this site carries no data file ${file}, which '${name}' needs`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the data file ${file} could not be downloaded (HTTP ${response.status})`);
    pyodide.FS.writeFile(`${COURSE_DIR}/simulations/${file}`, new Uint8Array(await response.arrayBuffer()));
  }
  withData.add(name);
}

async function answer(message) {
  try {
    if (!NAME.test(message.name)) throw new Error(`there is no simulation called '${message.name}'`);
    const runtime = await python;
    if (message.type === "load") return await load(runtime, message.name);
    if (message.type === "edit") return JSON.parse(runtime.glue.edit(message.name, message.source ?? null));
    return await view(runtime, message.name, message.params);
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
}

/* What there is to download and how much of it has come: every file fetched to start, which is the
   Pyodide lock file, WebAssembly module and standard library, the simulations bundle and, once the lock
   has been read, the wheel of numpy and of whatever numpy depends on. Each file's size is the
   Content-Length of its response; a response that comes compressed counts at most that (the bytes on the
   wire). The total is known, and the page shows a percentage, once every file has answered. The
   runtime's scripts (pyodide.mjs and the asm script, 1.3 MB together) come by import, which no fetch
   sees, so they are not counted. */
class Progress {
  constructor() {
    this.files = new Map();
    this.wheelsKnown = false;
  }

  expect(url) {
    if (!this.files.has(url)) this.files.set(url, { size: null, received: 0 });
  }

  started(url, response) {
    const length = Number(response.headers.get("Content-Length"));
    const file = this.files.get(url) ?? { received: 0 };
    file.size = length > 0 ? length : null;
    this.files.set(url, file);
    this.report();
  }

  add(url, bytes) {
    const file = this.files.get(url);
    if (file) file.received += bytes;
    this.report();
  }

  report() {
    let received = 0;
    let total = 0;
    for (const file of this.files.values()) {
      received += file.size === null ? file.received : Math.min(file.received, file.size);
      total += file.size ?? 0;
    }
    const known = this.wheelsKnown && [...this.files.values()].every((file) => file.size !== null);
    self.postMessage({ type: "progress", received, total: known ? total : null });
  }
}

const fetchOriginal = self.fetch.bind(self);

/* Every download goes through here, for two reasons.
   - Its bytes are counted by reading a copy of its body, so the page can show how much has come; the
     response Pyodide receives is the original, untouched.
   - As soon as the lock file has come, the wheels numpy needs are requested, each with the integrity
     the lock gives it (the check Pyodide itself asks for), while Python is still starting. When Pyodide
     asks for one of them it gets that response, the one request made for it: the wheels download in
     parallel with Python's start instead of after it, and their sizes complete the total early. */
function countDownloads(progress, pyodideUrl) {
  const early = new Map();
  const get = (url, resource, init) => fetchOriginal(resource, init).then((response) => {
    if (response.ok && response.body) {
      progress.started(url, response);
      count(response.clone(), (bytes) => progress.add(url, bytes));
    }
    return response;
  });
  const requestWheels = (lock) => {
    for (const wheel of wheelsOfNumpy(lock, pyodideUrl)) {
      progress.expect(wheel.url);
      const response = get(wheel.url, wheel.url, { integrity: wheel.integrity });
      response.catch(ignore);
      early.set(wheel.url, response);
    }
    progress.wheelsKnown = true;
  };
  self.fetch = (resource, init) => {
    const url = new URL(String(resource instanceof Request ? resource.url : resource), self.location.href).href;
    if (early.has(url)) {
      const response = early.get(url);
      early.delete(url);
      return response;
    }
    const response = get(url, resource, init);
    if (url.endsWith("pyodide-lock.json")) {
      response.then((answer) => answer.ok && answer.clone().json()).then((lock) => lock && requestWheels(lock), ignore);
    }
    return response;
  };
}

/* numpy's wheel and those of its dependencies, dependencies first, as the lock names them:
   [{url, integrity}], the integrity in Subresource Integrity form ("sha256-" and the base64 digest). */
function wheelsOfNumpy(lock, pyodideUrl) {
  const wheels = [];
  const seen = new Set();
  const visit = (name) => {
    const entry = lock.packages && lock.packages[name];
    if (!entry || seen.has(name)) return;
    seen.add(name);
    (entry.depends || []).forEach(visit);
    wheels.push({ url: new URL(entry.file_name, pyodideUrl).href, integrity: sriOf(entry.sha256) });
  };
  visit("numpy");
  return wheels;
}

function sriOf(hex) {
  if (!/^[0-9a-f]{64}$/i.test(hex || "")) return undefined;
  const bytes = hex.match(/../g).map((pair) => parseInt(pair, 16));
  return `sha256-${btoa(String.fromCharCode(...bytes))}`;
}

async function count(response, add) {
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rewindWatchdog();
      add(value.byteLength);
    }
  } catch (error) {
    // A failed download is reported by whoever reads the original response, not by its counter.
  }
}

/* One sentence for the page: a Python error keeps only its last line (type and message). */
function describe(error) {
  if (error && error.type && typeof error.message === "string") {
    const lines = error.message.trim().split("\n");
    return lines[lines.length - 1];
  }
  return error instanceof Error ? error.message : String(error);
}

function ignore() {}
