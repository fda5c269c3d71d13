/*
 * The page's side of the Python worker (python-worker.js): one worker for the whole visit.
 *
 * `python` below is a module-level singleton. ES modules are evaluated once per document, so a page
 * swap that keeps the document (instant navigation) keeps the worker, numpy, the imported simulations
 * and the reader's edits; `python.workerId` is the id the running worker reported, which changes only
 * when a worker is replaced. Embeds come and go with the page and talk to it through `python`.
 *
 * Requests go to the worker one at a time, each under a time limit (LIMIT_SECONDS): reader code or a
 * course view still running past it gets the worker terminated, its caller the reply
 * {ok: false, timeout: LIMIT_SECONDS, edited} (edited: it was the reader's code), and a fresh worker
 * takes over with the simulations imported so far and every reader edit that still loads (an edit that fails or times out again is dropped, and
 * `dropped(name)` says why). Other replies are the worker's JSON-born objects ({ok, state, edited} |
 * {ok: false, invalid} | {ok: false, error}). If Python cannot start at all, every waiting request
 * fails and the "failure" listeners hear why; restart() tries again from scratch.
 */

export const LIMIT_SECONDS = 5;

class PythonRuntime {
  constructor() {
    this.options = null;
    this.listeners = { progress: new Set(), failure: new Set(), restarted: new Set() };
    this.worker = null;
    this.booted = null;
    this.ready = false;
    this.workerId = "";
    this.version = "";
    this.queue = [];
    this.current = null;
    this.loaded = new Set();
    this.edits = new Map();
    this.drops = new Map();
    this.nextId = 1;
  }

  /* Where Pyodide, the simulations bundle and the worker script live; the first page's say holds. */
  configure({ pyodideUrl, bundleUrl, workerUrl }) {
    if (!this.options) this.options = { pyodideUrl, bundleUrl, workerUrl: String(workerUrl) };
  }

  /* Listen to "progress" ({received, total}), "failure" (reason) or "restarted" (reason); returns the
     function that stops listening, for a page that goes away. */
  on(event, listener) {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  get started() {
    return this.booted !== null;
  }

  /* Start the worker once; the promise settles when Python, numpy and the simulations are in. */
  start() {
    if (this.booted) return this.booted;
    this.booted = this.spawn();
    this.booted.catch(() => {});
    return this.booted;
  }

  load(name) {
    return this.ask({ type: "load", name }).then((reply) => {
      if (reply.ok) this.loaded.add(name);
      return reply;
    });
  }

  view(name, params) {
    return this.ask({ type: "view", name, params });
  }

  /* The reader's module text computes `name`'s views from now on (null: the course's own again). The
     edit is kept for the whole visit and put into every worker that boots (before Python has started,
     it is only kept: the reply says {pending: true}). A Restore that finds the
     worker stuck in that very code ends the worker at once instead of waiting for the limit. */
  edit(name, source) {
    this.drops.delete(name);
    if (source === null) {
      this.edits.delete(name);
      if (this.current && this.current.name === name && this.current.edited) this.replace("restored", "stopped");
    } else {
      this.edits.set(name, source);
    }
    if (!this.started) return Promise.resolve({ ok: true, pending: true });
    return this.ask({ type: "edit", name, source }).then((reply) => {
      if (!reply.ok && this.edits.get(name) === source) this.drop(name, reply);
      return reply;
    });
  }

  /* Whether the reader's code computes `name`'s views (or will, once Python has started). */
  hasEdit(name) {
    return this.edits.has(name);
  }

  /* Why the reader's edit of `name` stopped being used, as their reply said: {timeout} or {error}. */
  dropped(name) {
    return this.drops.get(name) || null;
  }

  restart() {
    this.stop("Python was restarted");
    this.booted = null;
    return this.start();
  }

  async ask(request) {
    await this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      this.pump();
    });
  }

  /* Reader code the page no longer uses (dropped, replaced or restored meanwhile) is never sent. */
  pump() {
    if (this.current || !this.ready || !this.queue.length) return;
    const request = this.queue.shift();
    if (request.type === "edit" && request.source !== null && this.edits.get(request.name) !== request.source) {
      request.resolve(this.dropped(request.name) || { ok: false, stopped: "superseded" });
      this.pump();
      return;
    }
    this.current = request;
    request.edited = request.type === "edit" ? request.source !== null : this.edits.has(request.name);
    request.timer = setTimeout(() => this.replace("timeout", "timeout"), LIMIT_SECONDS * 1000);
    const { type, name, params, source } = request;
    request.id = this.nextId++;
    this.worker.postMessage({ id: request.id, type, name, params, source });
  }

  spawn() {
    this.ready = false;
    const worker = new Worker(this.options.workerUrl, { type: "module" });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      this.boot = { resolve, reject };
      worker.addEventListener("message", (event) => this.receive(worker, event.data));
      worker.addEventListener("error", (event) => {
        event.preventDefault();
        this.fail("the Python worker stopped unexpectedly");
      });
      worker.addEventListener("messageerror", () => this.fail("the Python worker sent an unreadable message"));
      worker.postMessage({ type: "boot", pyodideUrl: this.options.pyodideUrl, bundleUrl: this.options.bundleUrl });
    });
  }

  receive(worker, message) {
    if (worker !== this.worker) return;
    if (message.type === "progress") {
      this.emit("progress", { received: message.received, total: message.total });
    } else if (message.type === "booted") {
      this.workerId = message.workerId;
      this.version = message.version;
      this.ready = true;
      for (const name of this.loaded) this.internal({ type: "load", name }).catch(() => {});
      for (const [name, source] of this.edits) this.reinstall(name, source);
      this.boot.resolve();
      this.pump();
    } else if (message.type === "failed") {
      this.fail(message.message);
    } else if (this.current && message.id === this.current.id) {
      this.settle(message);
    }
  }

  settle(reply) {
    const request = this.current;
    clearTimeout(request.timer);
    this.current = null;
    request.resolve(reply);
    this.pump();
  }

  /* The worker is stuck in the current request: end it, answer that request and start a fresh worker,
     which gets what the old one held (see "booted") before anything else runs. */
  replace(reason, answer) {
    const stuck = this.current;
    clearTimeout(stuck.timer);
    this.current = null;
    if (stuck.edited && this.edits.has(stuck.name)) this.drop(stuck.name, { ok: false, timeout: LIMIT_SECONDS });
    this.worker.terminate();
    this.booted = this.spawn();
    this.booted.catch(() => {});
    stuck.resolve(answer === "timeout" ? { ok: false, timeout: LIMIT_SECONDS, edited: stuck.edited }
      : { ok: false, stopped: reason });
    this.emit("restarted", reason);
  }

  internal(request) {
    return new Promise((resolve, reject) => {
      this.queue.unshift({ ...request, resolve, reject });
    });
  }

  reinstall(name, source) {
    this.internal({ type: "edit", name, source }).then((reply) => {
      if (!reply.ok && this.edits.get(name) === source) this.drop(name, reply);
    }, () => {});
  }

  drop(name, reply) {
    this.edits.delete(name);
    this.drops.set(name, reply);
  }

  emit(event, detail) {
    for (const listener of this.listeners[event]) listener(detail);
  }

  /* Python is gone: whoever waits is told why, and the worker is stopped. */
  fail(reason) {
    if (!this.worker) return;
    this.stop(reason);
    this.emit("failure", reason);
  }

  stop(reason) {
    if (!this.worker) return;
    this.boot.reject(new Error(reason));
    const waiting = this.current ? [this.current, ...this.queue] : this.queue;
    if (this.current) clearTimeout(this.current.timer);
    for (const { reject } of waiting) reject(new Error(reason));
    this.current = null;
    this.queue = [];
    this.ready = false;
    this.worker.terminate();
    this.worker = null;
  }
}

export const python = new PythonRuntime();
