"""How fast the course's pages are for a reader: a benchmark printing figures, not a test.

Builds the course self-hosting the test Pyodide and reads it in headless Chromium, each reader with a
fresh browser profile (a real disk cache), from the site's own server (``convlab.preview.server``: no
Cache-Control header, so the browser revalidates what it cached and gets ``304 Not Modified``).

Five sections, each runnable alone with ``--only`` (``--only training`` takes about a minute):

* ``ready``: first paint of a chapter and the time until its first simulation is ``ready`` (Python
  started, numpy and the simulations loaded), cold (new profile) and warm (a second chapter, then the
  first again, in the same profile), with the bytes the server sent for each visit. Measured on bare
  localhost, then through an emulated link (default 20 Mbit/s, 40 ms per response) where downloads
  cost what they cost on a real connection. Beside them, Pyodide's own start: a bare page of the same
  site whose module worker only loads Pyodide and numpy, in a fresh profile; a cold first chapter
  should be ready within 0.5 s of it (goal).
* ``navigation``: instant navigation, over the same two links: from a chapter whose simulation is
  ready, the click on the link to the next chapter with a simulation, and then Back. For each: click to
  the new content on screen, content to its first simulation ``ready`` (goal: 100 ms, the Python of the
  first page serving on), click to ready.
* ``latency``: one control change, from the input event to the next frame after the redraw.
* ``sizes``: the bytes each chapter page needs apart from the Pyodide runtime, raw and gzip-compressed
  as a static host serves them, plus the simulations bundle (goal: under 150 KB in all).
* ``training``: the digits ConvNet of chapter 7 trained in the page, from Reset: Train pressed until
  the readout's batch count reaches one epoch (goal: 1 s, so the loss visibly falls within seconds);
  each worker call, redraw to redraw, since Pause waits for the call in flight; Pause, from the click
  until the page shows it paused and no further batch is drawn (goal: 100 ms). Beside them, the same
  epoch in CPython, through the same worker calls and as bare SGD steps.

Run: ``python3 benchmarks/bench_page.py`` (``--help`` for options), or for instance
``python3 benchmarks/bench_page.py --only training --trainings 10``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from convlab.site.chapters import load_chapters  # noqa: E402
from convlab.errors import ErrorLog  # noqa: E402
from convlab.preview.server import SiteHandler, make_server  # noqa: E402
from convlab.pyodide_dist import ensure_test_pyodide  # noqa: E402
from simulations import _worker, digits  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
GOAL_BYTES = 150_000
SECTIONS = ("ready", "navigation", "latency", "sizes", "training")
CHUNK = 16_384

WATCH_READY = """
window.convlabBench = { ready: null };
new MutationObserver(() => {
  if (window.convlabBench.ready === null && document.querySelector("[data-simulation][data-status=ready]")) {
    window.convlabBench.ready = performance.now();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-status"] });
document.addEventListener("DOMContentLoaded", () => {
  const first = document.querySelector("[data-simulation]");
  if (first) first.scrollIntoView();
});
"""

TIME_CHANGES = """async ([simId, name, values]) => {
  const root = document.getElementById(simId);
  const field = document.getElementById(`${simId}-${name}`);
  const times = [];
  for (const value of values) {
    const redrawn = new Promise((resolve) => {
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
      observer.observe(root.querySelector(".sim-panels"), { childList: true });
    });
    const start = performance.now();
    field.value = value;
    field.dispatchEvent(new Event(field.type === "range" ? "input" : "change", { bubbles: true }));
    await redrawn;
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    times.push(performance.now() - start);
  }
  return times;
}"""


SWAP = """async ([selector, back]) => {
  const before = document.querySelector("main").dataset.chapter;
  const when = (test, options) => new Promise((resolve) => {
    if (test()) { resolve(performance.now()); return; }
    const observer = new MutationObserver(() => {
      if (test()) { observer.disconnect(); resolve(performance.now()); }
    });
    observer.observe(document.body, options);
  });
  const start = performance.now();
  if (back) history.back(); else document.querySelector(selector).click();
  const shown = await when(() => document.querySelector("main")?.dataset.chapter !== before, { childList: true });
  const ready = await when(() => document.querySelector("[data-simulation][data-status=ready]"),
    { subtree: true, attributes: true, attributeFilter: ["data-status"] });
  return { shown: shown - start, ready: ready - shown, total: ready - start };
}"""


ALONE_PAGE = """<!doctype html><html lang="en"><title>Pyodide alone</title>
<p>Pyodide and numpy, nothing else.</p>
<script type="module">
  const worker = new Worker("pyodide-alone.js", { type: "module" });
  worker.onmessage = () => {
    const done = document.createElement("p");
    done.dataset.simulation = "";
    done.textContent = "ready";
    document.body.append(done);
    done.dataset.status = "ready";  // an attribute change, which the benchmark's observer sees
  };
</script>
"""
ALONE_WORKER = """const indexURL = new URL("assets/pyodide-{version}/", self.location.href).href;
const {{ loadPyodide }} = await import(`${{indexURL}}pyodide.mjs`);
const pyodide = await loadPyodide({{ indexURL, packages: ["numpy"] }});
pyodide.runPython("import numpy");
self.postMessage("ready");
"""


def add_pyodide_alone(site: Path) -> str:
    """Put the bare Pyodide page in the benchmark's copy of the site; its path."""
    version = next(site.glob("assets/pyodide-*")).name.removeprefix("pyodide-")
    (site / "pyodide-alone.html").write_text(ALONE_PAGE, encoding="utf-8")
    (site / "pyodide-alone.js").write_text(ALONE_WORKER.format(version=version), encoding="utf-8")
    return "pyodide-alone.html"


class Link:
    """One shared connection of a given speed: every response body waits its turn on it."""

    def __init__(self, bytes_per_second: float = 0, latency: float = 0):
        self.bytes_per_second, self.latency = bytes_per_second, latency
        self.sent = 0
        self._free_at = 0.0
        self._lock = threading.Lock()

    def send(self, size: int) -> None:
        with self._lock:
            self.sent += size
            if not self.bytes_per_second:
                return
            self._free_at = max(self._free_at, time.monotonic()) + size / self.bytes_per_second
            wait = self._free_at - time.monotonic()
        time.sleep(max(0.0, wait))


class LinkHandler(SiteHandler):
    """The site's handler, sending every response over the benchmark's ``link``."""

    link = Link()

    def end_headers(self):
        time.sleep(self.link.latency)
        super().end_headers()

    def copyfile(self, source, outputfile):
        while chunk := source.read(CHUNK):
            self.link.send(len(chunk))
            outputfile.write(chunk)


def build(out: Path, pyodide_dir: Path) -> Path:
    result = subprocess.run([sys.executable, "build.py", "--out", str(out), "--pyodide-dir", str(pyodide_dir)],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"build.py failed:\n{result.stderr}")
    return out


def chapters_with_simulations(site: Path) -> list[tuple[str, str]]:
    """(page path, first simulation id) of every chapter that embeds a simulation, in course order."""
    found = []
    for chapter in load_chapters(ROOT / "content", ErrorLog()):
        page = site / chapter.slug / "index.html"
        text = page.read_text(encoding="utf-8")
        marker = text.find('data-simulation="')
        if marker >= 0:
            start = marker + len('data-simulation="')
            name = text[start:text.index('"', start)]
            found.append((f"{chapter.slug}/", f"sim-{name}"))
    return found


class Reader:
    """A browser profile of its own, so cold means an empty disk cache and warm means a used one."""

    def __init__(self, playwright, profile: Path):
        self.context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)

    def visit(self, url: str, link: Link) -> dict:
        """Open a chapter, wait for its first simulation: paint and ready in ms, bytes sent meanwhile."""
        before = link.sent
        page = self.context.new_page()
        page.add_init_script(WATCH_READY)
        page.goto(url)
        page.wait_for_selector("[data-simulation][data-status=ready]", timeout=300_000)
        timings = page.evaluate("""() => ({
          paint: performance.getEntriesByName("first-contentful-paint")[0].startTime,
          ready: window.convlabBench.ready })""")
        return {"page": page, "sent": link.sent - before, **timings}

    def close(self) -> None:
        self.context.close()


def ready_times(playwright, work: Path, base: str, chapters: list, link: Link) -> list[tuple[str, dict]]:
    first, second = base + chapters[0][0], base + chapters[1][0]
    reader = Reader(playwright, work / f"profile-{time.monotonic_ns()}")
    results = [("cold, first chapter", reader.visit(first, link)),
               ("warm, second chapter", reader.visit(second, link)),
               ("warm, first chapter again", reader.visit(first, link))]
    reader.close()
    other = Reader(playwright, work / f"profile-{time.monotonic_ns()}")
    results.append(("cold, the second chapter alone", other.visit(second, link)))
    other.close()
    alone = Reader(playwright, work / f"profile-{time.monotonic_ns()}")
    results.append(("cold, Pyodide and numpy alone", alone.visit(base + "pyodide-alone.html", link)))
    alone.close()
    return results


def navigation_times(playwright, work: Path, base: str, chapters: list, link: Link) -> list[tuple[str, dict]]:
    """Next chapter after the click, then Back, in a tab whose first chapter has Python ready."""
    reader = Reader(playwright, work / f"profile-{time.monotonic_ns()}")
    page = reader.visit(base + chapters[0][0], link)["page"]
    selector = f'.course-nav a[href$="/{chapters[1][0]}"]'
    results = [("next chapter ready after the click", page.evaluate(SWAP, [selector, False])),
               ("back ready", page.evaluate(SWAP, [selector, True]))]
    reader.close()
    return results


def change_latencies(playwright, work: Path, base: str, chapters: list, repeats: int) -> list:
    """For each simulation: alternate its first control between two values, timing each redraw."""
    reader, results = Reader(playwright, work / "profile-latency"), []
    for path, sim_id in chapters:
        page = reader.visit(base + path, Link())["page"]
        control = page.locator(f"#{sim_id} .sim-control").first
        name, kind = control.get_attribute("data-name"), control.get_attribute("data-kind")
        values = _two_values(page.locator(f"#{sim_id}-{name}"), kind) * repeats
        results.append((f"{sim_id.removeprefix('sim-')} ({name})", page.evaluate(TIME_CHANGES, [sim_id, name, values])))
        page.close()
    reader.close()
    return results


TIME_TRAINING = """async ([simId, batches, fraction]) => {
  const root = document.getElementById(simId);
  const panels = root.querySelector(".sim-panels");
  const readout = root.querySelector(".sim-readout-text");
  const button = (action) => root.querySelector(`[data-action=${action}]`);
  const count = () => Number(/batch (\\d+)/.exec(readout.textContent)[1]);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const redraws = (until) => new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (until(performance.now())) { observer.disconnect(); resolve(); }
    });
    observer.observe(panels, { childList: true });
  });
  const reset = redraws(() => true);
  button("reset").click();
  await reset;
  const start = performance.now();
  const draws = [];
  const epoch = redraws((now) => {
    draws.push(now);
    return count() >= batches;
  });
  button("train").click();
  await epoch;
  const calls = draws.map((time, i) => time - (i ? draws[i - 1] : start));
  const middle = [...calls].sort((a, b) => a - b)[Math.floor(calls.length / 2)];
  await sleep(fraction * middle);
  const before = count();
  let last = null;
  const watcher = new MutationObserver(() => { if (count() !== before) last = performance.now(); });
  watcher.observe(readout, { childList: true, characterData: true, subtree: true });
  const clicked = performance.now();
  button("pause").click();
  const shown = await frame();
  const paused = root.dataset.training === "paused" && button("pause").disabled && !button("train").disabled;
  const quiet = Math.max(1000, 4 * Math.max(...calls));
  while (performance.now() - (last ?? clicked) < quiet) await sleep(25);
  watcher.disconnect();
  return { epoch: draws.at(-1) - start, calls, paused, shown: shown - clicked,
           stopped: Math.max(shown, last ?? clicked) - clicked, late: count() - before };
}"""


def training_times(playwright, work: Path, base: str, site: Path, runs: int) -> list[dict]:
    """The digits ConvNet trained in the page ``runs`` times, each from Reset: one epoch, then Pause.

    Pause is pressed at a random moment of a worker call (a seeded fraction of the run's median call
    after the epoch's last redraw), as a reader's press falls; it has acted once the page shows it paused
    and no batch has been drawn for four calls' time (at least a second).
    """
    path = next(f"{page.parent.name}/" for page in sorted(site.glob("*/index.html"))
                if 'data-simulation="digits"' in page.read_text(encoding="utf-8"))
    reader = Reader(playwright, work / f"profile-{time.monotonic_ns()}")
    page = reader.visit(base + path, Link())["page"]
    page.wait_for_selector("#sim-digits[data-status=ready]", timeout=120_000)
    moments = random.Random(0)
    results = [page.evaluate(TIME_TRAINING, ["sim-digits", digits.batches_per_epoch(), moments.random()])
               for _ in range(runs)]
    reader.close()
    return results


def cpython_epoch(runs: int) -> dict:
    """One epoch of the same training in this process (ms, median of ``runs``).

    ``calls``: the page's worker calls, ``_worker.view`` with ``train=CHUNK`` until the epoch is done,
    each training and drawing; ``steps``: the epoch's SGD steps alone (``Trainer.train_batches``).
    """
    batches, chunk = digits.batches_per_epoch(), digits.CHUNK
    calls, steps = [], []
    for _ in range(runs):
        _worker.view("digits", json.dumps({"reset": True}))
        start = time.perf_counter()
        for _ in range(-(-batches // chunk)):
            _worker.view("digits", json.dumps({"train": chunk}))
        calls.append(time.perf_counter() - start)
        trainer = digits.Trainer()
        start = time.perf_counter()
        trainer.train_batches(batches)
        steps.append(time.perf_counter() - start)
    return {"calls": 1e3 * statistics.median(calls), "steps": 1e3 * statistics.median(steps)}


def print_training(runs: list, cpython: dict) -> None:
    batches, chunk = digits.batches_per_epoch(), digits.CHUNK
    epochs = [run["epoch"] for run in runs]
    epoch = statistics.median(epochs)
    print("\nTraining the digits ConvNet (goals: one epoch in Pyodide within 1 s, Pause acting within 100 ms)")
    print(f"  one epoch, {batches} batches in {-(-batches // chunk)} worker calls of {chunk}, Train to the last "
          "batch drawn:")
    print(f"    Pyodide, each run {' '.join(f'{e:5.0f}' for e in epochs)} ms; median {epoch:5.0f} ms "
          f"{'ok' if epoch <= 1000 else 'OVER'}")
    print(f"    CPython, the same calls {cpython['calls']:5.0f} ms (Pyodide {epoch / cpython['calls']:.1f}×); "
          f"the SGD steps alone {cpython['steps']:5.0f} ms")
    calls = [call for run in runs for call in run["calls"]]
    print(f"  one worker call ({chunk} batches, held-out evaluation, view), redraw to redraw: median "
          f"{statistics.median(calls):4.0f} ms, longest {max(calls):4.0f} ms")
    stopped = [run["stopped"] for run in runs]
    worst = max(stopped)
    print(f"  Pause, click to shown paused with no more batches: median {statistics.median(stopped):4.0f} ms, "
          f"longest {worst:4.0f} ms {'ok' if worst <= 100 else 'OVER'} ({len(runs)} presses at random moments)")
    shown = " ".join(f"{run['shown']:.0f}" for run in runs)
    print(f"    shown paused after {shown} ms; batches drawn after the click: "
          f"{' '.join(str(run['late']) for run in runs)}")
    if not all(run["paused"] for run in runs):
        print("    the page did not show every press as paused (data-training, Pause and Train buttons)")


def _two_values(field, kind: str) -> list[str]:
    if kind == "choice":
        options = field.locator("option").evaluate_all("options => options.map(o => o.value)")
        return [options[1], options[0]]
    current, top, step = (float(field.get_attribute(a)) for a in ("value", "max", "step"))
    other = current + step if current + step <= top else current - step
    return [f"{other:g}", f"{current:g}"]


def page_sizes(playwright, work: Path, site: Path, base: str, chapters: list) -> list:
    """(path, raw bytes, gzip bytes, bundle bytes) of the files each chapter page fetches."""
    rows = []
    for path, _ in chapters:
        reader = Reader(playwright, work / f"profile-{time.monotonic_ns()}")
        fetched = []
        reader.context.on("requestfinished", lambda request: fetched.append(urlsplit(request.url).path))
        reader.visit(base + path, Link())
        reader.close()
        files = [site / (url.lstrip("/") or ".") for url in dict.fromkeys(fetched)]
        files = [f / "index.html" if f.is_dir() else f for f in files]
        bundles = [f for f in files if f.name.startswith("simulations-") and f.suffix == ".zip"]
        own = [f for f in files if "/assets/pyodide-" not in f.as_posix() and f not in bundles]
        bundle = sum(f.stat().st_size for f in bundles)
        rows.append((path, sum(f.stat().st_size for f in own),
                     sum(len(gzip.compress(f.read_bytes(), 9)) for f in own), bundle))
    return rows


def print_ready(results: list) -> None:
    print(f"  {'visit':34} {'first paint':>11} {'ready':>8} {'vs cold':>8} {'downloaded':>11}")
    cold = results[0][1]["ready"]
    for label, r in results:
        print(f"  {label:34} {r['paint']:9.0f}ms {r['ready']:6.0f}ms {r['ready'] / cold:7.2f}× "
              f"{r['sent'] / 1e6:8.2f} MB")
    alone = dict(results)["cold, Pyodide and numpy alone"]["ready"]
    over = cold - alone
    print(f"  cold first chapter after Pyodide's own start: {over:+.0f} ms "
          f"({'ok' if over <= 500 else 'OVER'}, goal: within 500 ms)")


def print_navigation(results: list) -> None:
    print(f"  {'instant navigation':34} {'on screen':>11} {'+ ready':>8} {'total':>8}")
    for label, r in results:
        note = "ok" if r["ready"] <= 100 else "over 100 ms"
        print(f"  {label:34} {r['shown']:9.0f}ms {r['ready']:6.0f}ms {r['total']:6.0f}ms  {note}")


def print_latencies(results: list) -> None:
    print("\nOne control change, input event to the next frame after the redraw")
    for label, times in results:
        middle, p90 = statistics.median(times), sorted(times)[int(0.9 * (len(times) - 1))]
        print(f"  {label:26} median {middle:5.1f} ms   p90 {p90:5.1f} ms   ({middle / (1000 / 60):.1f} frames)")


def print_sizes(rows: list) -> None:
    print(f"\nBytes per chapter page apart from the Pyodide runtime (goal: under {GOAL_BYTES // 1000} KB)")
    for path, raw, packed, bundle in rows:
        total = packed + bundle
        print(f"  {path:24} page {raw / 1e3:6.1f} KB raw, {packed / 1e3:5.1f} KB gzip; simulations "
              f"{bundle / 1e3:4.1f} KB; total {total / 1e3:5.1f} KB {'ok' if total < GOAL_BYTES else 'OVER'}")


@contextmanager
def serving(site: Path, link: Link):
    """The site served on a free port of 127.0.0.1 over ``link``; yields its base URL."""
    server = make_server(site, "127.0.0.1", 0, "/", handler=LinkHandler, link=link)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def over_links(playwright, work: Path, site: Path, chapters: list, args) -> None:
    """Time to ready and instant navigation, on bare localhost and then through the emulated link."""
    for title, link in (("On bare localhost", Link()),
                        (f"Over {args.mbps:g} Mbit/s, {args.latency_ms:g} ms per response",
                         Link(args.mbps * 1e6 / 8, args.latency_ms / 1000))):
        print(f"\n{title}")
        with serving(site, link) as base:
            if "ready" in args.only:
                print_ready(ready_times(playwright, work, base, chapters, link))
            if "navigation" in args.only:
                print_navigation(navigation_times(playwright, work, base, chapters, link))


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS, metavar="SECTION",
                        help=f"run only these sections ({', '.join(SECTIONS)}; default: all)")
    parser.add_argument("--pyodide-dir", type=Path, help="Pyodide to self-host (default: the test Pyodide)")
    parser.add_argument("--mbps", type=float, default=20.0, help="emulated link speed (default: 20 Mbit/s)")
    parser.add_argument("--latency-ms", type=float, default=40.0, help="emulated delay per response (default: 40)")
    parser.add_argument("--repeats", type=int, default=10, help="changes per value of a control (default: 10)")
    parser.add_argument("--trainings", type=int, default=5,
                        help="epochs trained in the page, each from Reset and ending with Pause (default: 5)")
    return parser.parse_args()


def main() -> int:
    args = arguments()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        work = Path(folder)
        site = build(work / "_site", args.pyodide_dir or ensure_test_pyodide())
        chapters = chapters_with_simulations(site)
        add_pyodide_alone(site)
        if {"ready", "navigation"} & set(args.only):
            over_links(playwright, work, site, chapters, args)
        with serving(site, Link()) as base:
            if "latency" in args.only:
                print_latencies(change_latencies(playwright, work, base, chapters, args.repeats))
            if "sizes" in args.only:
                print_sizes(page_sizes(playwright, work, site, base, chapters))
            if "training" in args.only:
                print_training(training_times(playwright, work, base, site, args.trainings),
                               cpython_epoch(args.trainings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
