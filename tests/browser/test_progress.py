"""Reader progress: recorded while reading, shown on the landing page, exported as a file, imported in
another browser (a fresh profile: "another device"), reset."""

from __future__ import annotations

import json
import re

import pytest

from browser.conftest import reading

pytestmark = pytest.mark.browser

STORAGE_KEY = "convlab:convolutional-networks-from-zero"


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})") or "{}")


def summary(page) -> str:
    return page.locator("[data-progress-summary]").text_content()


def totals(site) -> tuple[int, int, int]:
    pages = [(site.folder / path / "index.html").read_text(encoding="utf-8") for path in site.chapter_paths()]
    quizzes = sum(len(re.findall(r'data-quiz="', page)) for page in pages)
    return len(pages), quizzes, len(site.pages_with_simulations())


def read_pooling_chapter(page) -> int:
    """Answer its quiz correctly, change a simulation control, scroll to the end; the answer's index."""
    quiz = page.locator("[data-quiz]")
    correct = int(quiz.get_attribute("data-correct"))
    quiz.locator(f'.quiz-option[data-index="{correct}"]').click()
    page.locator("#sim-pooling-mode").select_option("avg")
    page.locator(".pager").scroll_into_view_if_needed()
    page.wait_for_function(f"() => JSON.parse(localStorage.getItem({STORAGE_KEY!r}) || '{{}}').read?.pooling")
    return correct


def import_file(page, path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(str(path))


def test_export_then_import_in_another_browser_gives_the_same_progress(browser, site, tmp_path):
    chapters, quizzes, simulations = totals(site)
    with reading(browser, site) as first:
        first.open("pooling/")
        correct = read_pooling_chapter(first.page)
        first.open()
        progress = stored(first.page)
        assert summary(first.page) == (f"You have read 1 of {chapters} chapters, answered 1 of {quizzes} questions "
                                       f"correctly and tried 1 of {simulations} simulations.")
        tried = first.page.locator("[data-tried-list] a")
        assert tried.evaluate_all("links => links.map(link => [link.textContent, link.getAttribute('href')])") == [
            [progress["tried"]["pooling"]["title"], "/course/pooling/#sim-pooling"]]
        with first.page.expect_download() as download:
            first.page.get_by_role("button", name="Export progress").click()
        exported = tmp_path / download.value.suggested_filename
        download.value.save_as(exported)
        first_summary = summary(first.page)
        assert first.page_errors == [] and first.console_errors == []

    assert exported.name == "convlab-convolutional-networks-from-zero-progress.json"
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data == {"format": "convlab-progress", "version": 1, "course": STORAGE_KEY, "progress": progress}
    assert progress["read"] == {"pooling": True}
    assert progress["answers"] == {"pooling": {"choice": correct, "correct": True}}

    with reading(browser, site) as second:
        second.open()
        assert summary(second.page).startswith("Nothing read yet")
        import_file(second.page, exported)
        message = second.page.locator("[data-progress-message]")
        message.filter(has_text="Imported").wait_for()
        assert message.text_content() == (f"Imported 1 chapter read, 1 answer and 1 simulation tried "
                                          f"from {exported.name}.")
        assert stored(second.page) == progress
        assert summary(second.page) == first_summary
        assert second.page.locator('[data-status-for="pooling"]').text_content() == (
            "✓ Read · question answered correctly · simulation tried")
        second.open("pooling/")
        assert second.page.locator(".quiz-option[aria-pressed=true]").get_attribute("data-index") == str(correct)
        assert second.page_errors == []


@pytest.mark.parametrize("text, sentence", [
    ("this is not json", "This file is not a progress file: it does not contain JSON."),
    ('{"tasks": []}', "This file is not a progress file from this site; export one with “Export progress”."),
    ('{"format": "convlab-progress", "version": 1, "course": "convlab:another", "progress": {}}',
     'This progress file belongs to another course ("convlab:another"), so nothing was imported.'),
    ('{"format": "convlab-progress", "version": 1, "course": "%s", "progress": '
     '{"read": {}, "answers": {"pooling": {"choice": "B"}}, "tried": {}}}' % STORAGE_KEY,
     "This progress file is damaged (the answer to “pooling” is not a choice with correct true or false), "
     "so nothing was imported."),
])
def test_a_bad_file_is_refused_with_one_sentence_and_changes_nothing(reader, tmp_path, text, sentence):
    bad = tmp_path / "progress.json"
    bad.write_text(text, encoding="utf-8")
    reader.open()
    reader.page.evaluate(f"localStorage.setItem({STORAGE_KEY!r}, JSON.stringify({{read: {{filters: true}}, answers: {{}}, tried: {{}}}}))")
    reader.page.reload()
    import_file(reader.page, bad)
    message = reader.page.locator("[data-progress-message]")
    message.filter(has_text="This").wait_for()
    assert message.text_content() == sentence
    assert stored(reader.page) == {"read": {"filters": True}, "answers": {}, "tried": {}}


def test_reset_asks_first_and_then_forgets_everything(reader):
    reader.open()
    reader.page.evaluate(f"localStorage.setItem({STORAGE_KEY!r}, JSON.stringify({{read: {{filters: true}}, answers: {{}}, tried: {{}}}}))")
    reader.page.reload()
    assert summary(reader.page).startswith("You have read 1 of")
    reader.page.once("dialog", lambda dialog: dialog.dismiss())
    reader.page.get_by_role("button", name="Reset progress").click()
    assert stored(reader.page)["read"] == {"filters": True}

    reader.page.once("dialog", lambda dialog: dialog.accept())
    reader.page.get_by_role("button", name="Reset progress").click()
    assert stored(reader.page) == {"read": {}, "answers": {}, "tried": {}}
    assert summary(reader.page).startswith("Nothing read yet")
    assert reader.page.locator('[data-status-for="filters"]').text_content() == ""


def progress_file(tmp_path, progress: dict, name: str = "progress.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"format": "convlab-progress", "version": 1, "course": STORAGE_KEY,
                                "progress": progress}), encoding="utf-8")
    return path


def test_a_hostile_file_imports_only_what_the_course_has(reader, site, tmp_path):
    page = (site.folder / "pooling" / "index.html").read_text(encoding="utf-8")
    wrong = (int(re.search(r'data-quiz="pooling" data-correct="(\d)"', page).group(1)) + 1) % 3
    hostile = progress_file(tmp_path, {
        "read": {"pooling": True, "nowhere": True, "__proto__": True},
        "answers": {"pooling": {"choice": wrong, "correct": True}, "chapter-99": {"choice": 0, "correct": True},
                    "filters": {"choice": 7, "correct": True}},
        "tried": {"pooling": {"title": "<img src=x onerror=alert(1)>", "chapter": "a/..//evil.example/phish"},
                  "phish": {"title": "Click me", "chapter": "pooling"}},
    })
    reader.open()
    import_file(reader.page, hostile)
    message = reader.page.locator("[data-progress-message]")
    message.filter(has_text="Imported").wait_for()
    assert message.text_content() == ("Imported 1 chapter read, 1 answer and 1 simulation tried from progress.json. "
                                      "5 entries name something this course does not have and were left out.")
    assert stored(reader.page) == {"read": {"pooling": True}, "answers": {"pooling": {"choice": wrong, "correct": False}},
                                   "tried": {"pooling": {"title": "Max and average pooling", "chapter": "pooling"}}}
    links = reader.page.locator("[data-tried-list] a")
    assert links.evaluate_all("links => links.map(link => [link.textContent, link.getAttribute('href')])") == [
        ["Max and average pooling", "/course/pooling/#sim-pooling"]]
    assert summary(reader.page).startswith("You have read 1 of ")
    assert "answered 0 of " in summary(reader.page), "a file claimed a wrong choice correct and was believed"
    assert reader.page_errors == []


def test_unknown_chapters_already_stored_are_not_counted(reader, site):
    chapters = totals(site)[0]
    junk = {f"chapter-{i}": True for i in range(14)} | {"pooling": True}
    reader.open()
    reader.page.evaluate(f"localStorage.setItem({STORAGE_KEY!r}, JSON.stringify({{read: {json.dumps(junk)}, "
                         "answers: {}, tried: {}}))")
    reader.page.reload()
    assert summary(reader.page).startswith(f"You have read 1 of {chapters} chapters")


def test_a_file_too_large_is_refused_before_it_is_read(reader, tmp_path):
    big = progress_file(tmp_path, {"read": {f"c{i}": True for i in range(100_000)}, "answers": {}, "tried": {}})
    reader.open()
    import_file(reader.page, big)
    message = reader.page.locator("[data-progress-message]")
    message.filter(has_text="This").wait_for()
    assert message.text_content() == (f"This file is too large to be a progress file ({big.stat().st_size:,} bytes; "
                                      "one has at most 1,000,000), so nothing was imported.")


def test_an_import_the_browser_cannot_store_says_so(reader, tmp_path):
    good = progress_file(tmp_path, {"read": {"pooling": True}, "answers": {}, "tried": {}})
    reader.open()
    reader.page.evaluate("""() => {
        const block = "x".repeat(1 << 20);
        for (let i = 0; ; i++) {
            try { localStorage.setItem(`filler-${i}`, block); } catch { break; }
        }
        for (let size = 1 << 19; size >= 1; size >>= 1) {
            try { localStorage.setItem(`filler-small-${size}`, "x".repeat(size)); } catch { /* next size */ }
        }
    }""")
    import_file(reader.page, good)
    message = reader.page.locator("[data-progress-message]")
    message.filter(has_text="progress.json").wait_for()
    assert message.text_content() == ("This browser refused to store the progress in progress.json (its storage is "
                                      "full or turned off), so it will be gone after a reload — free some space for "
                                      "this site and import the file again.")
    assert reader.page.locator("[data-progress-message].is-problem").count() == 1
