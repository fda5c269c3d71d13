"""Links between chapters, anchors and images: rewritten to site URLs, and never left broken."""

from __future__ import annotations

OTHER = {"02-pooling.md": "---\ntitle: Pooling\n---\n## Max pooling\n\nText.\n"}


def test_chapter_link_becomes_its_url_with_anchor(chapter_html):
    html, errors = chapter_html("See [max pooling](02-pooling.md#max-pooling).\n", OTHER)
    assert errors == []
    assert '<a href="/pooling/#max-pooling">max pooling</a>' in html


def test_same_page_anchor_and_external_links_are_kept(chapter_html):
    html, errors = chapter_html("## Start\n\n[up](#start) and [PyTorch](https://pytorch.org/).\n")
    assert errors == []
    assert '<a href="#start">up</a>' in html and '<a href="https://pytorch.org/">PyTorch</a>' in html


def test_image_is_copied_under_the_base_url(build_course):
    result, out = build_course({"01-a.md": "---\ntitle: A\n---\n![A kernel](images/k.svg)\n",
                                "images/k.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"},
                               base_url="/course/")
    assert result.errors == []
    assert '<img alt="A kernel" src="/course/images/k.svg">' in (out / "a/index.html").read_text()
    assert (out / "images/k.svg").is_file()


def test_broken_chapter_link(chapter_html):
    _, errors = chapter_html("Intro.\n\nSee [pooling](02-poling.md).\n", OTHER)
    assert errors == ["content/01-test.md:6: link to '02-poling.md' does not match any chapter — did you mean "
                      "02-pooling.md?"]


def test_a_broken_link_in_a_long_course_names_the_closest_chapters_only(chapter_html):
    others = {f"{i:02d}-part-{i}.md": f"---\ntitle: Part {i}\n---\nText.\n" for i in range(2, 100)}
    _, errors = chapter_html("See [it](57-part-75.md) and [that](99-nothing-like-it.md).\n", others)
    assert errors == ["content/01-test.md:4: link to '57-part-75.md' does not match any chapter — did you mean "
                      "75-part-75.md or 57-part-57.md?",
                      "content/01-test.md:4: link to '99-nothing-like-it.md' does not match any chapter (the course "
                      "has 99 chapter files, from 01-test.md to 99-part-99.md) — check the name"]


def test_broken_anchor_in_another_chapter(chapter_html):
    _, errors = chapter_html("See [max](02-pooling.md#max-polling).\n", OTHER)
    assert errors == ["content/01-test.md:4: link to '02-pooling.md#max-polling' points to a missing section "
                      "(sections there: max-pooling)"]


def test_broken_anchor_on_the_same_page(chapter_html):
    _, errors = chapter_html("## Start\n\n[down](#end)\n")
    assert errors == ["content/01-test.md:6: link to '#end' points to a missing section (sections there: start)"]


def test_missing_image(chapter_html):
    _, errors = chapter_html("![Sobel](images/sobel.png)\n")
    assert errors == ["content/01-test.md:4: image 'images/sobel.png' not found "
                      "(looked for content/images/sobel.png) — check the path, relative to the chapter file"]


def test_root_relative_link_is_refused(chapter_html):
    _, errors = chapter_html("[home](/index.html)\n")
    assert errors == ["content/01-test.md:4: link '/index.html' starts with '/', which breaks under --base-url "
                      "— use a path relative to the chapter file"]


def test_a_course_image_carries_its_intrinsic_size(build_course):
    result, out = build_course({"01-a.md": "---\ntitle: A\n---\n![A kernel](images/k.svg) "
                                           "![Elsewhere](https://example.org/x.png)\n",
                                "images/k.svg": "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 300 120'/>"})
    assert result.errors == []
    page = (out / "a/index.html").read_text()
    assert '<img alt="A kernel" height="120" src="/images/k.svg" width="300">' in page
    assert '<img alt="Elsewhere" src="https://example.org/x.png">' in page
