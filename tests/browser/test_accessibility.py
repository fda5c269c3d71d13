"""Accessibility: axe-core audits every page, light and dark, with its simulations running and their
Python panels open; every simulation can be reached and worked with the keyboard alone, and the focus
is always visible.

axe-core comes from npm (``bash tests/run`` installs it into ``.cache/npm``). It is evaluated through
the browser's DevTools protocol, so the pages keep their own Content-Security-Policy during the audit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.conftest import reading
from browser.sim_page import control_values, expected, module, wait_ready, wait_until_shows
from convlab.site.registry import discover_simulations

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
STORAGE_KEY = "convlab:convolutional-networks-from-zero"

RUN_AXE = """async () => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations.map((violation) => ({
    id: violation.id, impact: violation.impact, help: violation.help,
    targets: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
  }));
}"""

FOCUS = """() => {
  const node = document.activeElement;
  const style = getComputedStyle(node);
  return {
    id: node.id || node.dataset.action || node.className,
    inside: Boolean(node.closest("[data-simulation]")),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
  };
}"""

INTERACTIVE = """(root) => [...root.querySelectorAll("input, select, textarea, button, [tabindex='0']")]
  .filter((node) => node.offsetParent !== null && !node.disabled)
  .map((node) => node.id || node.dataset.action || node.className)"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing — run `bash tests/run`, which installs axe-core from npm into .cache/npm")
    return AXE.read_text(encoding="utf-8")


def audit(page, axe_source: str) -> list[str]:
    page.evaluate(axe_source)
    return [f"{found['id']} ({found['impact']}): {found['help']} — {', '.join(found['targets'])}"
            for found in page.evaluate(RUN_AXE) if found["impact"] in BLOCKING]


def bring_simulations_to_life(page) -> None:
    """Wait for every embed to be ready and open its Python panel, so the audit sees all of it."""
    for sim_id in page.locator("[data-simulation]").evaluate_all("roots => roots.map(root => root.id)"):
        wait_ready(page, sim_id)
        page.locator(f"#{sim_id}").get_by_role("button", name="Open the Python").click()
        page.locator(f"#{sim_id} .sim-code-listing .highlight").wait_for()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_serious_or_critical_violations(browser, site, axe_source, scheme, width):
    """A phone and a desktop window: scroll boxes, reflowed tables and wrapped formulas are audited too."""
    with reading(browser, site, color_scheme=scheme, viewport={"width": width, "height": 800}) as reader:
        reader.open()
        reader.page.evaluate(f"""localStorage.setItem({STORAGE_KEY!r}, JSON.stringify({{
            read: {{filters: true}}, answers: {{filters: {{choice: 0, correct: false}}}},
            tried: {{kernels: {{title: "Image kernels", chapter: "filters"}}}}}}))""")
        problems = {}
        for path in ["", "404.html", *site.chapter_paths()]:
            reader.open(path)
            bring_simulations_to_life(reader.page)
            found = audit(reader.page, axe_source)
            if found:
                problems[path or "index.html"] = found
        assert problems == {}
        assert reader.page_errors == []


def first_control_changed_by_keyboard(page, root, spec: dict) -> None:
    """Change a control with the keys a keyboard user would press."""
    field = page.locator(f"#{root}-{spec['name']}")
    field.focus()
    if spec["kind"] in ("int", "float"):
        page.keyboard.press("ArrowRight" if float(field.input_value()) < spec["max"] else "ArrowLeft")
    elif spec["kind"] == "choice":
        page.keyboard.press("ArrowDown" if field.evaluate("select => select.selectedIndex < select.length - 1")
                            else "ArrowUp")
    elif spec["kind"] == "bool":
        page.keyboard.press("Space")
    else:
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type("; ".join(" ".join("1" for _ in range(spec["cols"])) for _ in range(spec["rows"])))
        page.keyboard.press("Enter")


@pytest.mark.parametrize("name", sorted(discover_simulations()))
def test_every_simulation_works_from_the_keyboard_with_visible_focus(reader, site, name):
    page, sim_id = reader.page, f"sim-{name}"
    reader.open(site.pages_with_simulations()[name])
    wait_ready(page, sim_id)
    root = page.locator(f"#{sim_id}")

    root.locator(".sim-caption").evaluate("caption => { caption.tabIndex = -1; caption.focus(); }")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if not focus["inside"]:
            break
        assert focus["outline"], f"{focus['id']} has no visible focus outline"
        reached.append(focus["id"])
    assert reached == root.evaluate(INTERACTIVE), "every control, in order, with Tab"

    controls = discover_simulations()[name].controls()
    if controls:
        before = control_values(page, sim_id)
        first_control_changed_by_keyboard(page, sim_id, controls[0])
        values = control_values(page, sim_id)
        assert values != before, "the key changed the control"
        state = module(name).view(**values)
        wait_until_shows(page, sim_id, expected(state))
    else:
        state = module(name).view(**control_values(page, sim_id))
    if state.get("steps"):
        root.get_by_role("button", name="Step", exact=True).focus()
        page.keyboard.press("Enter")
        wait_until_shows(page, sim_id, expected(state, state["steps"][0]))
        page.keyboard.press("Space")
        wait_until_shows(page, sim_id, expected(state, state["steps"][1]))
    assert reader.page_errors == [] and reader.console_errors == []
