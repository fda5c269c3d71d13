"""Every page of the real course, self-hosted: it loads cleanly and its simulations start Python."""

from __future__ import annotations

import re

import pytest

from convlab.runtime import content_security_policy
from browser.sim_page import wait_ready

pytestmark = pytest.mark.browser


def test_every_page_loads_without_errors_and_every_simulation_gets_ready(reader, site):
    paths = ["", "404.html", *site.chapter_paths()]
    ready = []
    for path in paths:
        reader.open(path)
        for sim_id in reader.page.locator("[data-simulation]").evaluate_all("roots => roots.map(r => r.id)"):
            wait_ready(reader.page, sim_id)
            ready.append(sim_id)
    assert len(paths) > 3
    # A simulation may be embedded on more than one page (channels: chapters 1 and 9); each got ready.
    assert sorted(set(ready)) == sorted(f"sim-{name}" for name in site.pages_with_simulations())
    assert reader.console_errors == []
    assert reader.page_errors == []
    assert reader.blocked == [], "a self-hosted site must make no request outside itself"


def test_pages_carry_the_runtime_the_build_pinned(reader, site):
    reader.open(site.chapter_paths()[0])
    head = reader.page.locator("head")
    pyodide = head.locator('meta[name="convlab-pyodide"]').get_attribute("content")
    bundle = head.locator('meta[name="convlab-bundle"]').get_attribute("content")
    policy = head.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert pyodide == "/course/assets/pyodide-0.27.7/"
    assert re.fullmatch(r"/course/assets/simulations-[0-9a-f]{10}\.zip", bundle)
    assert policy == content_security_policy(pyodide)
    assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy


def test_python_loads_lazily_when_a_simulation_scrolls_into_view(reader, site):
    reader.page.set_viewport_size({"width": 800, "height": 400})
    reader.open(site.pages_with_simulations()["fc_vs_conv"])
    root = reader.page.locator("#sim-fc_vs_conv")
    assert root.bounding_box()["y"] > 400 + 200, "the test needs an embed below the fold"
    reader.page.wait_for_timeout(500)
    assert root.get_attribute("data-status") == "static", "Python started before it was needed"
    wait_ready(reader.page, "sim-fc_vs_conv")
