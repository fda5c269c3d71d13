"""Full build time of the course, cold and warm, beside MkDocs building the same Markdown.

    python3 benchmarks/bench_build.py [--repeat N]

"Cold" is a fresh process (interpreter start, imports, build); "warm" is a second build in a process
that has built once (imports done, converters and simulation states cached). Both tools run once
untimed first, with Python writing bytecode as after any first use (``PYTHONDONTWRITEBYTECODE`` would
make only convlab, whose sources are not in site-packages, recompile itself on every start). A cold
convlab build runs with its own private cache (``$XDG_CACHE_HOME/convlab``) as the untimed run left it,
which is how ``python build.py`` runs again after an edit; "empty cache" starts each run with a new,
empty one, as the first build on a machine or after an upgrade does. Cold runs also report the process's
CPU time, which a busy machine disturbs less than wall time. MkDocs gets the same ten
chapter files with the same Markdown extensions, its default theme and no plugins. Needs the ``bench``
extra (``pip install -e '.[bench]'``). Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convlab.site.builder import build  # noqa: E402
from convlab.site.config import BuildOptions  # noqa: E402
from convlab.markdown.extension import BASE_EXTENSIONS, EXTENSION_CONFIGS  # noqa: E402


ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def mkdocs_project(work: Path) -> Path:
    """The course's chapters as a MkDocs project with the same Markdown extensions."""
    docs = work / "docs"
    shutil.copytree(ROOT / "content", docs)
    (docs / "index.md").write_text("# Convolutional Networks From Zero\n")
    extensions = "\n".join(f"  - {name}" for name in BASE_EXTENSIONS if name not in EXTENSION_CONFIGS)
    configured = "\n".join(f"  - {name}:\n" + "".join(f"      {key}: {value!r}\n" for key, value in config.items())
                           for name, config in EXTENSION_CONFIGS.items())
    config = work / "mkdocs.yml"
    config.write_text(f"site_name: Convnets\nmarkdown_extensions:\n{extensions}\n{configured}")
    return config


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_of(cold) -> float:
    """The CPU seconds (user + system) of one cold run's process."""
    before = child_cpu()
    cold()
    return child_cpu() - before


def convlab_cold(out: Path, cache: Path) -> float:
    env = {**ENV, "XDG_CACHE_HOME": str(cache)}
    return timed(lambda: subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(out)],
                                        check=True, capture_output=True, env=env))


def convlab_cold_empty(out: Path, work: Path) -> float:
    cache = Path(tempfile.mkdtemp(dir=work))
    try:
        return convlab_cold(out, cache)
    finally:
        shutil.rmtree(cache)


def convlab_warm(out: Path) -> float:
    options = BuildOptions(ROOT / "content", ROOT / "templates", out)
    build(options)
    return timed(lambda: build(options))


def mkdocs_cold(config: Path, out: Path) -> float:
    return timed(lambda: subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                                         "-d", str(out)], check=True, capture_output=True, env=ENV))


def mkdocs_warm(config: Path, out: Path) -> float:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    def once():
        mkdocs_build(load_config(str(config), site_dir=str(out)))

    once()
    return timed(once)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        config = mkdocs_project(work)
        cache = work / "cache"
        os.environ["XDG_CACHE_HOME"] = str(cache)  # the in-process builds use the same private cache
        convlab_cold(work / "a", cache), mkdocs_cold(config, work / "m")  # bytecode written, caches filled
        rows = {
            "convlab cold (new process)": [convlab_cold(work / "a", cache) for _ in range(repeat)],
            "mkdocs  cold (new process)": [mkdocs_cold(config, work / "m") for _ in range(repeat)],
            "convlab cold, empty cache": [convlab_cold_empty(work / "e", work) for _ in range(repeat)],
            "convlab warm (in process)": [convlab_warm(work / "b") for _ in range(repeat)],
            "mkdocs  warm (in process)": [mkdocs_warm(config, work / "n") for _ in range(repeat)],
            "convlab cold, CPU time": [cpu_of(lambda: convlab_cold(work / "a", cache)) for _ in range(repeat)],
            "mkdocs  cold, CPU time": [cpu_of(lambda: mkdocs_cold(config, work / "m")) for _ in range(repeat)],
        }
    medians = {name: statistics.median(times) for name, times in rows.items()}
    chapters = len(list((ROOT / "content").glob("[0-9]*.md")))
    print(f"Build of the course's {chapters} chapters, median of {repeat} runs (simulations' first paints included)")
    for name, value in medians.items():
        print(f"  {name:30s} {value * 1000:8.1f} ms")
    for label, ours, theirs in (("cold", "convlab cold (new process)", "mkdocs  cold (new process)"),
                                ("cold, empty cache", "convlab cold, empty cache", "mkdocs  cold (new process)"),
                                ("warm", "convlab warm (in process)", "mkdocs  warm (in process)"),
                                ("cold CPU", "convlab cold, CPU time", "mkdocs  cold, CPU time")):
        print(f"  ratio convlab/mkdocs, {label}: {medians[ours] / medians[theirs]:.2f}")


if __name__ == "__main__":
    main()
