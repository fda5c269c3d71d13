"""The live preview's turnaround: from saving one chapter to the new page being served.

    python3 benchmarks/bench_live.py [--edits N]

A live server (the one ``build.py --serve`` runs) serves a copy of the course on a free port. Each edit
writes one chapter with a new sentence; the clock stops when a request for that chapter's page returns
the sentence. That covers the file event, the watcher's quiet period, the incremental rebuild, the
writes and the HTTP request. The incremental rebuild alone, and a full in-process build, are timed too.
The goal is a median under 200 ms. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convlab.site.builder import gather  # noqa: E402
from convlab.site.config import BuildOptions  # noqa: E402
from convlab.errors import ErrorLog  # noqa: E402
from convlab.preview.watch import WATCH_STEP_MS, LiveServer  # noqa: E402

CHAPTER = "03-stride-and-padding.md"
GOAL_MS = 200


def course_copy(work: Path) -> BuildOptions:
    shutil.copytree(ROOT / "content", work / "content")
    shutil.copytree(ROOT / "templates", work / "templates")
    return BuildOptions(work / "content", work / "templates", work / "site")


def write_to_served(server: LiveServer, chapter: Path, original: str, marker: str) -> float:
    """Seconds from writing ``marker`` into the chapter to the served page containing it."""
    url = f"{server.url}stride-and-padding/"
    started = time.perf_counter()
    chapter.write_text(original.replace("## Stride", f"{marker}\n\n## Stride", 1), encoding="utf-8")
    while True:
        with urllib.request.urlopen(url, timeout=10) as response:
            if marker.encode() in response.read():
                return time.perf_counter() - started
        time.sleep(0.002)


def rebuild_alone(server: LiveServer, chapter: Path, original: str, marker: str) -> float:
    chapter.write_text(original.replace("## Stride", f"{marker}\n\n## Stride", 1), encoding="utf-8")
    started = time.perf_counter()
    server.builder.rebuild()
    return time.perf_counter() - started


def full_build(options: BuildOptions) -> float:
    started = time.perf_counter()
    gather(options, ErrorLog())
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=30)
    edits = parser.parse_args().edits
    with tempfile.TemporaryDirectory() as scratch:
        options = course_copy(Path(scratch))
        chapter = options.content_dir / CHAPTER
        original = chapter.read_text(encoding="utf-8")
        server = LiveServer(options, "127.0.0.1", 0, out=io.StringIO(), err=io.StringIO())
        server.start()
        try:
            served = [write_to_served(server, chapter, original, f"Edit number {i} of the benchmark.")
                      for i in range(edits)]
        finally:
            server.stop()
        alone = [rebuild_alone(server, chapter, original, f"Rebuild number {i}.") for i in range(edits)]
        full = [full_build(options) for _ in range(5)]
    ms = [value * 1000 for value in sorted(served)]
    median = statistics.median(ms)
    print(f"Live preview, one chapter of the course edited {edits} times (watcher quiet period {WATCH_STEP_MS} ms)")
    print(f"  write -> new page served   median {median:6.1f} ms   p90 {ms[int(0.9 * (len(ms) - 1))]:6.1f} ms"
          f"   min {ms[0]:6.1f} ms   max {ms[-1]:6.1f} ms")
    print(f"  incremental rebuild alone  median {statistics.median(alone) * 1000:6.1f} ms")
    print(f"  full build in process      median {statistics.median(full) * 1000:6.1f} ms")
    print(f"  goal: median under {GOAL_MS} ms -> {'met' if median < GOAL_MS else 'NOT met'} "
          f"({median / GOAL_MS:.2f} of the budget)")


if __name__ == "__main__":
    main()
