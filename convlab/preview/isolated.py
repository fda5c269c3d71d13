"""The live server's builds, run in a child process that can be stopped whatever it is doing.

An author's simulation with a loop that never ends, or any build that runs away, must not freeze the
server: a thread cannot be stopped, a process can. ``IsolatedBuild`` keeps one ``IncrementalBuild`` in a
child process (so its cache lives between rebuilds, as before) and waits at most ``seconds`` for each
rebuild. A rebuild that overruns is abandoned: the child is killed, the error goes to the terminal and
the overlay, the last good site stays served, and the next change starts a fresh child.

The child is started with ``spawn``: the server has threads running, and forking a threaded process can
copy a lock that some thread holds.
"""

from __future__ import annotations

import multiprocessing
import signal

from convlab.errors import error_from_exception
from convlab.preview.incremental import IncrementalBuild, Rebuild
from convlab.site.config import BuildOptions

BUILD_SECONDS = 60.0  # the real course builds in a few seconds on two busy cores
STOP_SECONDS = 0.5
_CONTEXT = multiprocessing.get_context("spawn")


class IsolatedBuild:
    """``IncrementalBuild.rebuild`` in a child process, abandoned after ``seconds``."""

    def __init__(self, options: BuildOptions, seconds: float = BUILD_SECONDS):
        self.options = options
        self.seconds = seconds
        self._process = None
        self._connection = None

    def rebuild(self) -> Rebuild:
        """Rebuild in the child; a rebuild that overruns or kills the child is an error, never a hang."""
        if self._process is None:
            self._start()
        connection = self._connection  # close() from another thread (the server stopping) may clear it
        try:
            connection.send("rebuild")
            if connection.poll(self.seconds):
                return connection.recv()
        except (EOFError, OSError, AttributeError):
            self.close()
            return Rebuild(["the build stopped unexpectedly — save the file again to retry"], [])
        self.close()
        return Rebuild([f"the build ran for more than {self.seconds:g} s and was stopped — look for a loop "
                        "that never ends in the chapter or simulation you just changed"], [])

    def close(self) -> None:
        """Stop the child at once (a build in progress is abandoned); the next rebuild starts another."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if process is None:
            return
        process.kill()
        process.join(STOP_SECONDS)
        connection.close()

    def _start(self) -> None:
        ours, theirs = _CONTEXT.Pipe()
        self._process = _CONTEXT.Process(target=_serve, args=(theirs, self.options), name="convlab-build",
                                         daemon=True)
        self._process.start()
        theirs.close()
        self._connection = ours


def _serve(connection, options: BuildOptions) -> None:
    """The child: one rebuild per request, until the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the parent decides
    builder = IncrementalBuild(options)
    while True:
        try:
            connection.recv()
        except (EOFError, OSError):
            return
        try:
            result = builder.rebuild()
        except Exception as exc:  # a bug or a strange edit: the author sees a line, the child lives on
            result = Rebuild([str(error_from_exception(exc))], [])
        connection.send(result)
