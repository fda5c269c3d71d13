"""``build.py --serve`` driven for real: a server process, file edits, its event stream, and Ctrl-C."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import MINI_COURSE, ROOT, TEMPLATES
from embed_html import control_values

TIMEOUT = 30.0


class Lines:
    """Lines of a stream, read by a thread so a test can wait for one with a timeout."""

    def __init__(self, stream):
        self.queue: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in iter(stream.readline, ""):
            self.queue.put(line.rstrip("\n"))
        self.queue.put(None)

    def wait_for(self, pattern: str) -> re.Match:
        while True:
            line = self.queue.get(timeout=TIMEOUT)
            assert line is not None, f"stream ended before a line matching {pattern!r}; saw {self.seen}"
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match


class Events:
    """The server's ``build`` events, as parsed JSON, read by a thread."""

    def __init__(self, host: str, port: int):
        self.connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        self.connection.request("GET", "/__convlab/events")
        response = self.connection.getresponse()
        assert response.status == 200 and response.getheader("Content-Type") == "text/event-stream; charset=utf-8"
        self.queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, args=(response,), daemon=True).start()

    def _read(self, response) -> None:
        name = None
        for raw in iter(response.readline, b""):
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[len("event: "):]
            elif line.startswith("data: ") and name == "build":
                self.queue.put(json.loads(line[len("data: "):]))
        self.queue.put(None)

    def wait_for(self, **expected) -> dict:
        while True:
            event = self.queue.get(timeout=TIMEOUT)
            assert event is not None, f"the event stream ended before {expected}"
            if all(event[key] == value for key, value in expected.items()):
                return event

    def wait_until_closed(self) -> None:
        """Return once the server closes the stream; ``queue.Empty`` if it stays open past the timeout."""
        while self.queue.get(timeout=TIMEOUT) is not None:
            continue


@pytest.fixture
def server(tmp_path):
    """A ``build.py --serve`` process on a free port, over copies of the mini course and the templates."""
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--content", "content", "--templates", "templates",
         "--out", "site", "--serve", "--port", "0"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    out, err = Lines(process.stdout), Lines(process.stderr)
    port = int(out.wait_for(r"^serving site at http://127\.0\.0\.1:(\d+)/ ")[1])
    yield process, port, out, err
    if process.poll() is None:
        process.kill()
        process.wait(timeout=TIMEOUT)


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=TIMEOUT) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_edit_error_fix_and_stop(server, tmp_path):
    process, port, out, err = server
    chapter = tmp_path / "content/01-sliding.md"
    status, page = get(port, "/sliding/")
    assert status == 200 and "Multiply, then sum." in page
    assert ('<link rel="stylesheet" href="/__convlab/live.css"><script type="module" '
            'src="/__convlab/live-reload.js" data-convlab-build="1"></script></head>') in page
    assert "__convlab" not in (tmp_path / "site/sliding/index.html").read_text(encoding="utf-8")
    events = Events("127.0.0.1", port)
    events.wait_for(build=1, errors=[])

    rewrite(chapter, "Multiply, then sum.", "Multiply, then add everything up.")
    events.wait_for(build=2, errors=[])
    page = get(port, "/sliding/")[1]
    assert "Multiply, then add everything up." in page and 'data-convlab-build="2"' in page
    out.wait_for(r"^rebuilt after a change to content/01-sliding\.md: 2 files updated in \d+ ms$")

    rewrite(chapter, "stride: 2", "stride: 9")
    error = ("content/01-sliding.md:26: bad value for option 'stride' of simulation 'conv2d': "
             "Stride must be between 1 and 3; got 9.")
    events.wait_for(build=2, errors=[error])
    assert "Multiply, then add everything up." in get(port, "/sliding/")[1]
    err.wait_for("^" + re.escape(error) + "$")
    err.wait_for(r"^build failed: 1 error; still serving the last good site")

    rewrite(chapter, "stride: 9", "stride: 3")
    events.wait_for(build=3, errors=[])
    assert control_values(get(port, "/sliding/")[1], "sim-conv2d")["stride"] == "3"
    out.wait_for("^fixed: the build succeeds again$")

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=TIMEOUT) == 0
    events.wait_until_closed()
    out.wait_for("^stopped$")
    assert err.seen.count(error) == 1
    assert "Traceback" not in "\n".join(err.seen)


def test_a_broken_template_shows_its_line_and_the_fix_reloads(server, tmp_path):
    _, port, _, _ = server
    events = Events("127.0.0.1", port)
    events.wait_for(build=1, errors=[])
    template = tmp_path / "templates/chapter.html"
    good = template.read_text(encoding="utf-8")
    template.write_text("{% if %}\n" + good, encoding="utf-8")
    event = events.wait_for(build=1)
    assert event["errors"] and event["errors"][0].startswith("templates/chapter.html:1: template error: ")
    template.write_text(good.replace("</article>", "</article><p>footnote of the test</p>"), encoding="utf-8")
    events.wait_for(build=2, errors=[])
    assert "footnote of the test" in get(port, "/sizes/")[1]


def test_dev_files_and_missing_pages_are_served_with_the_live_tags(server):
    _, port, _, _ = server
    status, script = get(port, "/__convlab/live-reload.js")
    assert status == 200 and 'new EventSource(new URL("events", import.meta.url))' in script
    assert get(port, "/__convlab/live.css")[0] == 200
    status, page = get(port, "/nowhere/")
    assert status == 404 and 'src="/__convlab/live-reload.js"' in page


def test_a_busy_port_is_reported_without_a_traceback(tmp_path):
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", "content", "--serve",
                                 "--port", str(port)], cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 1
    assert result.stderr == f"cannot serve on 127.0.0.1:{port}: Address already in use — pass another --port\n"
    assert not (tmp_path / "_site").exists()


def test_editing_a_simulation_reloads_it_even_twice_in_one_second(tmp_path):
    """On a copy of the project, since the simulations package is the project's own. Python writes its
    compiled caches here: two same-size edits within one second must not bring back a stale one."""
    for part in ("convlab", "simulations"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "build.py", tmp_path / "build.py")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copytree(ROOT / "templates/live", tmp_path / "templates/live", dirs_exist_ok=True)
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    writes_bytecode = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    process = subprocess.Popen([sys.executable, "build.py", "--content", "content", "--templates", "templates",
                                "--out", "site", "--serve", "--port", "0"], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**writes_bytecode, "PYTHONUNBUFFERED": "1"})
    try:
        port = int(Lines(process.stdout).wait_for(r"^serving site at http://127\.0\.0\.1:(\d+)/ ")[1])
        events = Events("127.0.0.1", port)
        events.wait_for(build=1, errors=[])
        module = tmp_path / "simulations/conv2d.py"
        second = int(module.stat().st_mtime) + 5
        for build, title in ((2, "2-D convolution, Step by step"), (3, "2-D convolution, STep by step")):
            rewrite(module, module.read_text(encoding="utf-8").split("\n")[16], f'TITLE = "{title}"')
            os.utime(module, ns=(second * 10**9 + build, second * 10**9 + build))  # same size, same second
            events.wait_for(build=build, errors=[])
            assert title in get(port, "/sliding/")[1]
        rewrite(module, "TITLE = ", "TITLE = = ")
        event = events.wait_for(build=3)
        assert event["errors"] == ["simulations/conv2d.py:17: SyntaxError: invalid syntax — fix the Python there"]
        rewrite(module, "TITLE = = ", "TITLE = ")
        events.wait_for(build=3, errors=[])
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=TIMEOUT) == 0
