"""``build.py --serve``: build, serve, watch the sources, rebuild what a change touches, reload the tab.

Three threads: the HTTP server (``preview``), a watcher on ``content/``, ``templates/`` and
``simulations/`` (watchfiles, which waits on the operating system's file events instead of polling),
and the caller's, which waits for Ctrl-C. Every batch of changes runs one ``IncrementalBuild.rebuild``;
its outcome goes to the terminal once and to every open tab through ``LiveState``. Nothing an author
writes can stop the server: any failure of a rebuild becomes an error line on the page and the terminal.
"""

from __future__ import annotations

import errno
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

import watchfiles

from convlab import runtime
from convlab.site.config import BuildOptions
from convlab.errors import display_path, error_from_exception
from convlab.preview.incremental import Rebuild
from convlab.preview.isolated import BUILD_SECONDS, STOP_SECONDS, IsolatedBuild
from convlab.preview.reload import LiveState, make_live_server

WATCH_STEP_MS = 30  # quiet time that ends a batch of changes: an editor's save is a burst of events
WATCH_TIMEOUT_MS = 100  # how often the watcher reports in while nothing changes; its first report means "ready"
READY_SECONDS = 10.0


class LiveServer:
    """One course served at ``url`` and rebuilt on every change, from ``start()`` until ``stop()``."""

    def __init__(self, options: BuildOptions, host: str = "127.0.0.1", port: int = 8000,
                 out: TextIO | None = None, err: TextIO | None = None, build_seconds: float = BUILD_SECONDS):
        self.options = options
        self.builder = IsolatedBuild(options, build_seconds)
        self.state = LiveState()
        self.httpd = make_live_server(options.out_dir, host, port, options.base_url, self.state)
        self.out, self.err = out or sys.stdout, err or sys.stderr
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._rebuilding = threading.Lock()  # the watcher's rebuilds and start()'s second one never overlap
        self._threads: list[threading.Thread] = []
        self._shown_errors: list[str] | None = None
        self._built = False

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{self.options.base_url}"

    @property
    def watched(self) -> list[Path]:
        folders = [self.options.content_dir, self.options.templates_dir, runtime.SIMULATIONS_DIR]
        return [folder for folder in folders if folder.is_dir()]

    def start(self) -> None:
        """Build, start serving and watching; return once a change to any source would be seen."""
        self.rebuild()
        for target in (self.httpd.serve_forever, self._watch):
            thread = threading.Thread(target=target, name=f"convlab-{target.__name__}", daemon=True)
            thread.start()
            self._threads.append(thread)
        self._ready.wait(READY_SECONDS)
        self.rebuild()  # whatever changed while the watcher was starting

    def stop(self) -> None:
        """Stop building, watching and serving; open event streams end, and every thread is joined."""
        self._stop.set()
        self.state.close()
        self.builder.close()  # a build in progress is abandoned, so stopping takes well under a second
        if self._threads:
            self.httpd.shutdown()
        for thread in self._threads:
            thread.join(STOP_SECONDS)
        self.httpd.server_close()

    def wait(self) -> None:
        """Block until ``stop()`` (or Ctrl-C in the calling thread)."""
        self._stop.wait()

    def rebuild(self, changes: set | frozenset = frozenset()) -> Rebuild:
        """Rebuild now; tell the terminal and the open tabs what came of it."""
        with self._rebuilding:
            started = time.perf_counter()
            try:
                result = self.builder.rebuild()
            except Exception as exc:  # a bug or a strange edit must not end the author's session
                result = Rebuild([str(error_from_exception(exc))], [])
            self.state.publish(bool(result.changed), result.errors)
            self._report(result, changes, time.perf_counter() - started)
            self._built = self._built or bool(result.changed)
            return result

    def _watch(self) -> None:
        batches = watchfiles.watch(*self.watched, stop_event=self._stop, step=WATCH_STEP_MS,
                                   rust_timeout=WATCH_TIMEOUT_MS, yield_on_timeout=True, raise_interrupt=False)
        try:
            for changes in batches:
                self._ready.set()
                if changes:
                    self.rebuild(changes)
        except Exception as exc:  # e.g. the system's limit on watched folders: say so, keep serving
            print(f"cannot watch for changes ({exc}); the site is served but no longer rebuilt", file=self.err,
                  flush=True)
            self._ready.set()

    def _report(self, result: Rebuild, changes, seconds: float) -> None:
        """Errors once per distinct set of them; one line per rebuild that changed the site."""
        if result.errors:
            if result.errors != self._shown_errors:
                noun = "error" if len(result.errors) == 1 else "errors"
                lines = [*result.errors, f"build failed: {len(result.errors)} {noun}; still serving the last "
                         "good site, and the browser shows the errors until they are fixed"]
                print("\n".join(lines), file=self.err, flush=True)
            self._shown_errors = result.errors
            return
        if self._shown_errors is not None:
            print("fixed: the build succeeds again", file=self.out, flush=True)
            self._shown_errors = None
        if result.changed and not self._built:
            print(f"built {result.pages} pages into {self.options.out_dir}", file=self.out, flush=True)
        elif result.changed:
            print(f"rebuilt{_after(changes)}: {_files(len(result.changed))} updated in {seconds * 1000:.0f} ms",
                  file=self.out, flush=True)


def serve_live(options: BuildOptions, host: str, port: int) -> int:
    """``build.py --serve``: run a ``LiveServer`` until Ctrl-C; the exit status."""
    try:
        server = LiveServer(options, host, port)
    except OSError as exc:
        print(f"cannot serve on {host}:{port}: {exc.strerror or exc} — {bind_advice(exc)}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.start()
        print(f"serving {options.out_dir} at {server.url} — watching "
              f"{', '.join(map(display_path, server.watched))} (Ctrl-C to stop)", flush=True)
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("stopped", flush=True)
    return 0


def bind_advice(exc: OSError) -> str:
    """What to change when the server cannot listen: the port only when the port is the problem."""
    if isinstance(exc, socket.gaierror):
        return "--host takes an address or name of this machine, such as 127.0.0.1 or localhost"
    if exc.errno == errno.EADDRNOTAVAIL:
        return "that address is not one of this machine's, so pass --host 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)"
    if exc.errno == errno.EACCES:
        return "ports below 1024 need administrator rights — pass --port 8000"
    return "pass another --port"


def _interrupt(signum, frame) -> None:
    """SIGTERM ends the server as Ctrl-C does: cleanly, with every thread joined."""
    raise KeyboardInterrupt


def _after(changes) -> str:
    """Which sources changed; an editor's short-lived temporary files are left out when others remain."""
    paths = {Path(path) for _, path in changes}
    names = sorted(display_path(path) for path in ({path for path in paths if path.exists()} or paths))
    if not names:
        return ""
    return f" after a change to {names[0]}" + (f" and {len(names) - 1} more" if len(names) > 1 else "")


def _files(count: int) -> str:
    return "1 file" if count == 1 else f"{count} files"
