"""The simulations' source files for "Open the Python", and the highlighting colours that follow the theme."""

from __future__ import annotations

import json

from pathlib import Path

from convlab.site.builder import build
from convlab.site.registry import discover_simulations
from convlab.site.render import pygments_css
from convlab.site.sources import source_file, source_files
from conftest import MINI_COURSE, options_for


def test_each_simulation_gets_its_exact_source_and_a_highlighted_copy_with_line_numbers():
    registry = discover_simulations()
    files = source_files(registry)
    assert sorted(files) == [f"assets/source/{name}.json" for name in sorted(registry)]
    data = json.loads(files["assets/source/conv2d.json"])
    assert data["name"] == "conv2d"
    assert data["source"] == Path(registry["conv2d"].module.__file__).read_text(encoding="utf-8")
    lines = data["source"].count("\n")
    assert data["html"].count('<span class="linenos">') == lines
    assert f'<span class="linenos">{lines:>3}</span>' in data["html"]
    assert '<span class="k">def</span><span class="w"> </span><span class="nf">view</span>' in data["html"]


def test_the_same_source_gives_the_same_bytes():
    assert source_file("tiny", "x = 1\n") == source_file.__wrapped__("tiny", "x = 1\n")
    assert json.loads(source_file("tiny", "x = 1\n"))["source"] == "x = 1\n"


def test_the_build_writes_the_source_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = build(options_for(MINI_COURSE, tmp_path / "_site"))
    assert result.errors == []
    written = json.loads((tmp_path / "_site" / "assets" / "source" / "kernels.json").read_text(encoding="utf-8"))
    assert written["source"].startswith('"""')


def test_code_colours_follow_the_chosen_theme_and_paper_stays_light():
    css = pygments_css()
    assert css == pygments_css()
    light, rest = css.split("\n@media screen and (prefers-color-scheme: dark) {\n")
    system_dark, chosen_dark = rest.split("\n}\n@media screen {\n")
    assert light.startswith(".highlight ") and "linenos" not in css
    assert all(rule.startswith(':root:not([data-theme="light"]) .highlight') for rule in system_dark.splitlines())
    assert all(rule.startswith(':root[data-theme="dark"] .highlight')
               for rule in chosen_dark.removesuffix("\n}\n").splitlines())
