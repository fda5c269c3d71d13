/*
 * The Web Worker that runs the course's Python: Pyodide, numpy and the simulations bundle.
 *
 * It lives in a worker so that starting Python (megabytes to fetch, a WebAssembly module to compile)
 * never blocks the page. Messages in: {type: "boot", pyodideUrl, bundleUrl}, then
 * {id, type: "load", name}, {id, type: "view", name, params} and {id, type: "run", name, params: {source,
 * values}} (the reader's edited module, from "Open the Python"). Messages out: {type: "progress",
 * bytes: {runtime, numpy, simulations}}, {type: "booted"} or {type: "failed", message}, and one reply
 * per request: {id, ok: true, state} | {id, ok: false, invalid: message} | {id, ok: false, error}.
 * Across the boundary everything is JSON text; Python never sees a JavaScript object.
 */
"use strict";

const COURSE_DIR = "/home/pyodide/convlab";
const NAME = /^[a-z][a-z0-9_]*$/;

/* The glue on the Python side: import a simulation by name, call view(**params), answer in JSON.
   A ValueError is the module's sentence for the reader; anything else is a failure. */
const GLUE = `
import importlib, json, sys, traceback, types
sys.path.insert(0, ${JSON.stringify(COURSE_DIR)})

def convlab_load(name):
    importlib.import_module("simulations." + name)

def convlab_view(name, params_json):
    module = importlib.import_module("simulations." + name)
    try:
        state = module.view(**json.loads(params_json))
    except ValueError as error:
        return json.dumps({"ok": False, "invalid": str(error)})
    return json.dumps({"ok": True, "state": state}, allow_nan=False)

# The reader's version of a module runs as a new module object, never registered in sys.modules: the
# course's own module stays importable as it was. Its errors name the line of the reader's text.
YOUR_CODE = "<your code>"
reader_modules = {}

def convlab_run(name, source, params_json):
    try:
        state = reader_module(name, source).view(**json.loads(params_json))
        return json.dumps({"ok": True, "state": state}, allow_nan=False)
    except ValueError as error:
        if refused_by_settings(error):
            return json.dumps({"ok": False, "invalid": str(error)})
        return json.dumps({"ok": False, "error": located(error)})
    except Exception as error:
        return json.dumps({"ok": False, "error": located(error)})

def reader_module(name, source):
    kept = reader_modules.get(name)
    if kept and kept[0] == source:
        return kept[1]
    module = types.ModuleType("simulations." + name)
    module.__package__ = "simulations"
    module.__file__ = YOUR_CODE
    exec(compile(source, YOUR_CODE, "exec", dont_inherit=True), module.__dict__)
    if not callable(getattr(module, "view", None)):
        raise NameError("your module defines no view() function, which the page calls")
    reader_modules[name] = (source, module)
    return module

def refused_by_settings(error):
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].filename.endswith("simulations/_params.py")

def located(error):
    if isinstance(error, SyntaxError) and error.filename == YOUR_CODE:
        return f"line {error.lineno}: {type(error).__name__}: {error.msg}"
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == YOUR_CODE]
    where = f"line {lines[-1]}: " if lines else ""
    return f"{where}{type(error).__name__}: {error}"
`;

const STALL_MS = 60000;
const received = { runtime: 0, numpy: 0, simulations: 0 };
let python = null;
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
    python = Promise.race([boot(message.pyodideUrl, message.bundleUrl), aborted]);
    python.then(() => self.postMessage({ type: "booted" }),
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
  countDownloads(bundleUrl);
  const bundle = fetchBundle(bundleUrl);
  bundle.catch(ignore);
  try {
    importScripts(`${pyodideUrl}pyodide.js`);
  } catch (error) {
    throw new Error(`the Python runtime could not be downloaded from ${new URL(pyodideUrl).host}`);
  }
  rewindWatchdog();
  const pyodide = await loadPyodide({
    indexURL: pyodideUrl, packages: ["numpy"], stdout: ignore, stderr: ignore,
  });
  if (!pyodide.loadedPackages.numpy) throw new Error("numpy could not be loaded");
  rewindWatchdog();
  pyodide.unpackArchive(await bundle, "zip", { extractDir: COURSE_DIR });
  pyodide.runPython(GLUE);
  return {
    load: pyodide.globals.get("convlab_load"),
    view: pyodide.globals.get("convlab_view"),
    run: pyodide.globals.get("convlab_run"),
  };
}

async function fetchBundle(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the simulations could not be downloaded (HTTP ${response.status})`);
  return response.arrayBuffer();
}

async function answer(message) {
  try {
    if (!NAME.test(message.name)) throw new Error(`there is no simulation called '${message.name}'`);
    const { load, view, run } = await python;
    if (message.type === "load") {
      load(message.name);
      return { ok: true };
    }
    if (message.type === "run") {
      return JSON.parse(run(message.name, message.params.source, JSON.stringify(message.params.values)));
    }
    return JSON.parse(view(message.name, JSON.stringify(message.params)));
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
}

/* Count the bytes of every download by reading a copy of its body, so the page can show what is
   loading. The response Pyodide receives is the original, untouched. */
function countDownloads(bundleUrl) {
  const fetchOriginal = self.fetch.bind(self);
  self.fetch = async (resource, init) => {
    const response = await fetchOriginal(resource, init);
    const url = String(resource instanceof Request ? resource.url : resource);
    if (response.ok && response.body) count(response.clone(), stageOf(url, bundleUrl));
    return response;
  };
}

function stageOf(url, bundleUrl) {
  if (url === bundleUrl) return "simulations";
  return url.endsWith(".whl") ? "numpy" : "runtime";
}

async function count(response, stage) {
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received[stage] += value.byteLength;
      rewindWatchdog();
      self.postMessage({ type: "progress", bytes: { ...received } });
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
