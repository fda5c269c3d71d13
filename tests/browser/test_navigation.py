"""Instant navigation (navigation.js): one Python for the whole visit, and links that behave.

A reader follows links between chapters; the page is swapped, not loaded, so the Python worker that
booted on the first chapter is the one that makes the next chapter's simulations ready. A marker put on
``window`` before a click survives a swap and is gone after a real page load, which tells the two apart.
"""

from __future__ import annotations

import re

import pytest

from browser.conftest import reading
from browser.sim_page import wait_ready

pytestmark = pytest.mark.browser

FIRST, SECOND, THIRD = "why-convolutions/", "convolution-operation/", "filters/"
MARK = "window.convlabVisit = 'still here'"
MARKED = "window.convlabVisit === 'still here'"


def heading(page) -> str:
    return page.locator("main h1").text_content()


def follow(page, selector: str, path: str) -> None:
    """Click a link the way a reader does and wait until the page at ``path`` is shown."""
    page.locator(selector).first.click()
    page.wait_for_url(re.compile(re.escape(path) + r"(#.*)?$"))
    page.wait_for_function("path => document.querySelector('main')?.dataset.chapter === path.replace('/', '')",
                           arg=path)


@pytest.fixture
def visit(browser, site):
    """A reader whose tab counts the Web Workers it starts and ends."""
    with reading(browser, site) as reader:
        reader.workers, reader.ended = [], []

        def started(worker):
            reader.workers.append(worker)
            worker.on("close", lambda closed: reader.ended.append(closed))

        reader.page.on("worker", started)
        yield reader


def worker_id(page) -> str:
    """The id the running Python worker reported at its boot (python-client.js's one instance)."""
    return page.evaluate("""async () => {
      const script = document.querySelector('script[type="module"][src*="assets/js/page.js"]');
      const client = await import(new URL("python-client.js", script.src));
      return client.python.workerId;
    }""")


def built_heading(site, path: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", (site.folder / path / "index.html").read_text(encoding="utf-8")).group(1)


def test_next_keeps_the_same_python_and_the_next_chapter_is_ready_without_a_new_boot(visit, site):
    page = visit.page
    visit.open(FIRST)
    wait_ready(page, "sim-fc_vs_conv")
    assert len(visit.workers) == 1
    first_worker = worker_id(page)
    assert first_worker
    page.evaluate(MARK)

    follow(page, ".pager-next", SECOND)
    assert page.evaluate(MARKED), "following Next loaded a new page instead of swapping it in"
    assert heading(page) == built_heading(site, SECOND)
    wait_ready(page, "sim-conv1d", timeout=10_000)
    assert len(visit.workers) == 1, "the next chapter started a second Python worker"
    assert visit.ended == [], "the first chapter's Python worker was ended"
    assert worker_id(page) == first_worker, "the simulations answer from a Python that booted again"
    assert page.title().startswith(heading(page))
    assert page.evaluate("document.activeElement === document.querySelector('main h1')")
    assert page.locator("[data-announcer]").text_content() == page.title()
    assert page.locator("[data-announcer]").count() == 1
    assert visit.page_errors == [] and visit.console_errors == []


def test_every_part_of_a_swapped_page_is_bound_again(visit):
    page = visit.page
    visit.open(FIRST)
    page.evaluate(MARK)
    follow(page, ".course-nav a[href$='/filters/']", THIRD)
    assert page.evaluate(MARKED)

    toggle = page.locator("[data-theme-toggle]")
    before = toggle.get_attribute("aria-label")
    toggle.click()
    assert toggle.get_attribute("aria-label") != before

    page.keyboard.press("/")
    page.keyboard.type("stride")
    page.wait_for_function("() => !document.querySelector('#search-results').hidden")

    quiz = page.locator("[data-quiz]").first
    quiz.locator(".quiz-option").first.click()
    assert quiz.locator(".quiz-verdict").text_content() != ""

    wait_ready(page, "sim-kernels", timeout=120_000)
    code = page.locator("#sim-kernels .sim-code-toggle")
    code.click()
    assert code.get_attribute("aria-expanded") == "true"
    page.locator("#sim-kernels .sim-controls select").first.select_option(index=1)
    progress = page.evaluate("JSON.parse(localStorage.getItem(document.querySelector('meta[name=convlab-storage]').content))")
    assert progress["tried"]["kernels"]["chapter"] == "filters"
    assert progress["answers"], "the quiz answer was not recorded"
    assert page.evaluate(MARKED)
    assert visit.page_errors == [] and visit.console_errors == []


def test_back_and_forward_restore_the_page_and_where_the_reader_was(visit):
    page = visit.page
    page.set_viewport_size({"width": 1000, "height": 700})
    visit.open(FIRST)
    page.evaluate(MARK)
    page.mouse.wheel(0, 900)
    page.wait_for_function("() => window.scrollY >= 900")
    left_at = page.evaluate("window.scrollY")
    page.evaluate("document.querySelector('.course-nav a[href$=\"/convolution-operation/\"]')"
                  ".dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, button: 0}))")
    page.wait_for_url(re.compile(re.escape(SECOND) + "$"))
    page.wait_for_function("() => document.querySelector('main').dataset.chapter === 'convolution-operation'")
    assert page.evaluate("window.scrollY") == 0, "a new page starts at its top"
    page.mouse.wheel(0, 600)
    page.wait_for_function("() => window.scrollY >= 600")
    page.wait_for_timeout(300)
    second_at = page.evaluate("window.scrollY")

    page.go_back()
    page.wait_for_function("() => document.querySelector('main').dataset.chapter === 'why-convolutions'")
    assert page.url.endswith(FIRST)
    assert abs(page.evaluate("window.scrollY") - left_at) <= 2
    page.go_forward()
    page.wait_for_function("() => document.querySelector('main').dataset.chapter === 'convolution-operation'")
    assert abs(page.evaluate("window.scrollY") - second_at) <= 2
    assert page.evaluate(MARKED), "Back and Forward loaded pages instead of swapping them"
    assert visit.page_errors == [] and visit.console_errors == []


def test_a_failed_fetch_falls_back_to_a_full_page_load(visit):
    page = visit.page
    visit.open(FIRST)
    page.evaluate(MARK)
    aborted = []

    def fail_fetches(route):
        if route.request.resource_type == "fetch":
            aborted.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route(f"**/{SECOND}", fail_fetches)
    follow(page, ".pager-next", SECOND)
    assert aborted, "the page was not fetched"
    assert not page.evaluate(MARKED), "the failed swap did not load the page in full"
    assert page.locator("main").get_attribute("data-chapter") == "convolution-operation"


def test_a_page_needing_another_python_is_loaded_in_full(visit):
    page = visit.page
    visit.open(FIRST)
    page.evaluate(MARK)

    def other_bundle(route):
        if route.request.resource_type != "fetch":
            route.continue_()
            return
        response = route.fetch()
        body = re.sub(r'(name="convlab-bundle" content=")[^"]+', r"\1/course/assets/simulations-0000000000.zip",
                      response.text())
        route.fulfill(response=response, body=body)

    page.route(f"**/{SECOND}", other_bundle)
    follow(page, ".pager-next", SECOND)
    assert not page.evaluate(MARKED)


def test_links_within_the_page_and_modified_clicks_are_the_browsers(visit):
    page = visit.page
    visit.open(FIRST)
    page.evaluate(MARK)
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if request.resource_type == "fetch" else None)
    section = page.locator(".toc a").first
    target = section.get_attribute("href")
    section.click()
    assert page.url.endswith(FIRST + target)
    assert [url for url in fetched if url.endswith(FIRST)] == []

    with page.context.expect_page() as opened:
        page.locator(".pager-next").click(modifiers=["Control"])
    opened.value.wait_for_load_state()
    assert opened.value.url.endswith(SECOND)
    assert page.url.endswith(FIRST + target) and page.evaluate(MARKED)


def test_hovering_a_link_fetches_its_page_ahead_of_the_click(visit):
    page = visit.page
    visit.open(FIRST)
    with page.expect_request(lambda request: request.url.endswith(SECOND) and request.resource_type == "fetch"):
        page.locator(".pager-next").hover()


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 700}, {"width": 1280, "height": 800}])
def test_a_link_to_a_state_leaves_the_simulation_at_the_top_of_the_window(browser, site, viewport):
    with reading(browser, site, viewport=viewport) as reader:
        page = reader.page
        reader.open(f"{FIRST}#sim-fc_vs_conv?size=64")
        wait_ready(page, "sim-fc_vs_conv")
        page.wait_for_function("() => [...document.images].every((image) => image.complete)")
        page.wait_for_timeout(300)
        assert page.locator("#sim-fc_vs_conv-size").input_value() == "64"
        top = page.evaluate("document.getElementById('sim-fc_vs_conv').getBoundingClientRect().top")
        assert abs(top) <= 3, f"the simulation's top is {top} px from the top of the window"
        assert page.evaluate("window.scrollY") > 0


def test_pages_fetched_ahead_are_kept_a_few_at_a_time(visit, site):
    page = visit.page
    visit.open()
    page.mouse.move(0, 0)
    fetched = []
    page.on("request", lambda request: fetched.append(request.url.removeprefix(site.url))
            if request.resource_type == "fetch" else None)

    def hover(path: str) -> None:  # focus, not the mouse: a scroll under a still pointer hovers other links
        page.locator(f".chapter-card a[href$='/{path}']").first.focus()

    chapters = site.chapter_paths()[:9]  # one more than are kept: the first is dropped
    assert len(chapters) == 9
    for path in chapters:
        with page.expect_request(lambda request, path=path: request.url.endswith(path)):
            hover(path)
    hover(chapters[-1])  # still kept: not fetched again
    with page.expect_request(lambda request: request.url.endswith(chapters[0])):
        hover(chapters[0])  # dropped: fetched again
    page.wait_for_load_state("networkidle")
    assert fetched == chapters + chapters[:1]
