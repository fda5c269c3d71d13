"""The dev server probed over real sockets, as a hostile page or a careless author would."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from conftest import MINI_COURSE, ROOT, TEMPLATES
from convlab.preview.server import IDLE_SECONDS, MAX_CONNECTIONS, make_server
from test_live import Lines, get, rewrite, server  # noqa: F401  (the live server fixture)


@pytest.fixture
def static(tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "images").mkdir()
    (tmp_path / "index.html").write_text("home")
    (tmp_path / "guide/index.html").write_text("guide")
    (tmp_path / "images/a.svg").write_text("<svg/>")
    (tmp_path / "404.html").write_text("not here")
    httpd = make_server(tmp_path, "127.0.0.1", 0, "/")
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_port
    httpd.shutdown()
    httpd.server_close()


def raw(port: int, target: str, host: str | None = None) -> tuple[int, bytes]:
    """Send one HTTP/1.0 request as written; the status and body of the answer."""
    host_line = "" if host == "" else f"Host: {host or f'127.0.0.1:{port}'}\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"GET {target} HTTP/1.0\r\n{host_line}\r\n".encode())
        answer = b"".join(iter(lambda: connection.recv(65536), b""))
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_a_null_byte_or_bad_escape_is_a_400_not_a_traceback(static):
    assert raw(static, "/%00")[0] == 400
    assert raw(static, "/index.html%00.svg")[0] == 400
    assert raw(static, "/%ff")[0] == 400
    assert raw(static, "/")[0] == 200


def test_folders_are_never_listed(static):
    status, body = raw(static, "/images/")
    assert status == 404 and b"a.svg" not in body and body == b"not here"


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{0}", "127.0.0.1.nip.io", ""])
def test_a_foreign_or_missing_host_is_refused(static, host):
    status, body = raw(static, "/", host=host.replace(":0", f":{static}"))
    assert status in (400, 403) and b"home" not in body


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_the_servers_own_addresses_are_answered(static, host):
    assert raw(static, "/", host=f"{host}:{static}") == (200, b"home")
    assert raw(static, "/", host=f"{host}:1")[0] == 403


def test_an_idle_connection_is_closed(static):
    with socket.create_connection(("127.0.0.1", static), timeout=IDLE_SECONDS + 10) as connection:
        started = time.monotonic()
        assert connection.recv(1) == b""
        assert time.monotonic() - started < IDLE_SECONDS + 5


def test_connections_past_the_cap_are_turned_away_at_once_and_the_server_recovers(static):
    held = [socket.create_connection(("127.0.0.1", static), timeout=10) for _ in range(MAX_CONNECTIONS)]
    try:
        deadline = time.monotonic() + IDLE_SECONDS / 2  # until the server has accepted all it holds
        while (answer := raw(static, "/"))[0] == 200 and time.monotonic() < deadline:
            time.sleep(0.05)
        status, body = answer
        assert status == 503 and b"Too many open connections" in body
        assert threading.active_count() <= MAX_CONNECTIONS + 10
    finally:
        for connection in held:
            connection.close()
    deadline = time.monotonic() + IDLE_SECONDS
    while raw(static, "/")[0] == 503 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert raw(static, "/") == (200, b"home")


def test_the_live_server_refuses_bad_paths_and_hosts_and_survives_a_runaway_fact(server, tmp_path):
    process, port, out, err = server
    assert raw(port, "/%00")[0] == 400
    assert raw(port, "/", host="evil.example")[0] == 403
    assert raw(port, "/__convlab/events", host=f"rebind.example:{port}")[0] == 403
    assert raw(port, "/images/")[0] == 404
    rewrite(tmp_path / "content/02-sizes.md", "## ", "Huge: {{= ((10**100)**100)**100 }}.\n\n## ")
    err.wait_for(r"^content/02-sizes\.md:\d+: fact '\(\(10\*\*100\)\*\*100\)\*\*100' computes a number of more")
    assert get(port, "/")[0] == 200
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    # The server stops in well under a second on an idle machine (it used to ignore SIGTERM for good);
    # the bound leaves room for a loaded CI machine without letting a hang pass.
    assert time.monotonic() - started < 3


def test_a_build_that_never_ends_is_abandoned_and_the_server_keeps_answering(tmp_path):
    """On a copy of the project, whose simulation module is made to loop for ever when imported."""
    for part in ("convlab", "simulations"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copytree(MINI_COURSE, tmp_path / "content")
    script = textwrap.dedent("""
        import time
        from pathlib import Path
        from convlab.preview.isolated import IsolatedBuild
        from convlab.site.config import BuildOptions
        options = BuildOptions(Path("content"), Path("templates"), Path("site"))
        builder = IsolatedBuild(options, seconds=60.0)
        print(builder.rebuild().errors, flush=True)
        with open("simulations/conv2d.py", "a") as module:
            module.write("\\nwhile True:\\n    pass\\n")
        builder.seconds, started = 2.0, time.monotonic()
        print(builder.rebuild().errors, round(time.monotonic() - started), flush=True)
        builder.close()
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    first, second = result.stdout.splitlines()
    assert first == "[]", result.stderr
    assert second == ("['the build ran for more than 2 s and was stopped — look for a loop that never ends in "
                      "the chapter or simulation you just changed'] 2")
    assert (tmp_path / "site/index.html").is_file()
