/*
 * The page's side of the Python worker (python-worker.js): one worker per page, shared by every
 * embed, started on first need. Requests are answered in order; a reply is the worker's JSON-born
 * object ({ok, state} | {ok: false, invalid} | {ok: false, error}). If Python cannot start or dies,
 * every waiting request fails, onFailure hears why once, and restart() tries again from scratch.
 */

export class PythonRuntime {
  constructor({ pyodideUrl, bundleUrl, workerUrl, onProgress, onFailure }) {
    this.options = { pyodideUrl, bundleUrl };
    this.workerUrl = workerUrl;
    this.onProgress = onProgress;
    this.onFailure = onFailure;
    this.worker = null;
    this.booted = null;
    this.replies = new Map();
    this.nextId = 1;
  }

  get started() {
    return this.booted !== null;
  }

  /* Start the worker once; the promise settles when Python, numpy and the simulations are in. */
  start() {
    if (this.booted) return this.booted;
    this.booted = new Promise((resolve, reject) => {
      this.boot = { resolve, reject };
    });
    this.booted.catch(() => {});
    this.worker = new Worker(this.workerUrl);
    this.worker.addEventListener("message", (event) => this.receive(event.data));
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.fail("the Python worker stopped unexpectedly");
    });
    this.worker.addEventListener("messageerror", () => this.fail("the Python worker sent an unreadable message"));
    this.worker.postMessage({ type: "boot", ...this.options });
    return this.booted;
  }

  /* Ask the worker; resolves with its reply, rejects only if Python is not running. */
  async request(type, name, params = {}) {
    await this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.replies.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, name, params });
    });
  }

  receive(message) {
    if (message.type === "progress") {
      this.onProgress(message.bytes);
    } else if (message.type === "booted") {
      this.boot.resolve();
    } else if (message.type === "failed") {
      this.fail(message.message);
    } else if (this.replies.has(message.id)) {
      this.replies.get(message.id).resolve(message);
      this.replies.delete(message.id);
    }
  }

  /* Python is gone: whoever waits is told why, and the worker is stopped. */
  fail(reason) {
    if (!this.worker) return;
    this.stop(reason);
    this.onFailure(reason);
  }

  restart() {
    this.stop("Python was restarted");
    this.booted = null;
    return this.start();
  }

  stop(reason) {
    if (!this.worker) return;
    this.boot.reject(new Error(reason));
    for (const { reject } of this.replies.values()) reject(new Error(reason));
    this.replies.clear();
    this.worker.terminate();
    this.worker = null;
  }
}
