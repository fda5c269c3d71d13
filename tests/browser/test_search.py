"""Search, as a reader uses it: "/" from anywhere, a query, the arrow keys, Enter, and the section opens.

The index is a static file the build wrote, so the same search works with the network cut off.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SEARCH = "#search-input"


def results(page) -> list[dict]:
    return page.locator("#search-results a").evaluate_all(
        "links => links.map(link => ({href: link.getAttribute('href'), heading: link.querySelector('.search-heading').textContent}))")


def search(page, query: str) -> list[dict]:
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-input", "/ should focus the search box"
    page.keyboard.type(query)
    page.wait_for_function("() => !document.querySelector('#search-results').hidden")
    return results(page)


@pytest.mark.parametrize("query, chapter, anchor", [
    ("vision transformers", "beyond", "vision-transformers"),
    ("resnet", "famous-architectures", "resnet-2015"),
    ("max pooling", "pooling", "what-pooling-does"),
])
def test_a_query_finds_its_section_and_enter_opens_it(reader, site, query, chapter, anchor):
    reader.open()
    found = search(reader.page, query)
    assert f"/course/{chapter}/#{anchor}" in [result["href"] for result in found[:3]]
    index = [result["href"] for result in found].index(f"/course/{chapter}/#{anchor}")
    for _ in range(index + 1):
        reader.page.keyboard.press("ArrowDown")
    reader.page.keyboard.press("Enter")
    reader.page.wait_for_url(f"{site.url}{chapter}/#{anchor}")
    assert reader.page.locator(f"#{anchor}").is_visible()
    assert reader.page_errors == [] and reader.console_errors == []


def test_the_search_box_says_when_nothing_matches_and_escape_closes_results(reader):
    reader.open("pooling/")
    found = search(reader.page, "stride")
    assert found and all(result["href"].startswith("/course/") for result in found)
    reader.page.keyboard.press("Escape")
    assert reader.page.locator("#search-results").is_hidden()
    reader.page.fill(SEARCH, "zebraquokka")
    status = reader.page.locator(".search-status")
    status.filter(has_text="No section matches").wait_for(state="attached")
    assert status.text_content() == "No section matches “zebraquokka”."
    assert reader.page.locator("#search-results").is_hidden()


def test_quizzes_and_text_after_simulations_are_searchable(reader):
    """Sections after an embed (whose inputs are void elements) are in the index too."""
    reader.open()
    found = search(reader.page, "hybrids convnext")
    assert found[0]["href"] == "/course/beyond/#hybrids-and-convnext"


@pytest.mark.parametrize("query, chapter, anchor", [
    ("paddding", "stride-and-padding", "padding"),        # one letter too many
    ("strdie", "stride-and-padding", "stride"),           # two letters swapped
    ("3x3", "famous-architectures", "vggnet-2014"),       # the text writes 3×3
    ("3 X 3", "famous-architectures", "vggnet-2014"),
    ("volution", "convolution-operation", ""),            # inside a word
])
def test_a_typo_a_size_typed_with_x_and_part_of_a_word_still_find_the_section(reader, query, chapter, anchor):
    reader.open()
    found = search(reader.page, query)
    assert f"/course/{chapter}/{'#' + anchor if anchor else ''}" in [result["href"] for result in found[:3]]


def test_a_definition_ranks_above_code_that_uses_the_word(reader):
    reader.open()
    hrefs = [result["href"] for result in search(reader.page, "relu")]
    assert hrefs[0] == "/course/building-a-convnet/#the-repeating-block", "the section that defines ReLU in bold"
    assert "/course/building-a-convnet/#the-same-network-in-pytorch" not in hrefs[:2], "the PyTorch listing"


def test_snippets_show_formulas_as_the_page_shows_them_not_tex(reader):
    reader.open("filters/")
    search(reader.page, "blur")
    snippets = reader.page.locator("#search-results .search-snippet").all_text_contents()
    assert any("K_blur = 1/9 [1 1 1; 1 1 1; 1 1 1]" in snippet for snippet in snippets), snippets
    assert not any("\\" in snippet for snippet in snippets)
    marked = reader.page.locator("#search-results mark").all_text_contents()
    assert marked and all("blur" in word.lower() for word in marked), "no typo matches where the word exists"
