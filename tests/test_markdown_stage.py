"""The Markdown stage on its own: a string in, HTML and what the page recorded out, with no build around it."""

from __future__ import annotations

from pathlib import Path

from convlab.markdown.stage import MarkdownPool, convert_markdown
from convlab.markdown.links import LinkResolver
from convlab.site.chapters import Chapter


def convert(text: str, **services) -> tuple[str, list[str]]:
    rendered, page = convert_markdown(text, **services)
    return rendered.html, [str(error) for error in sorted(page.errors)]


def test_a_callout_renders_without_a_build():
    html, errors = convert("::: callout note\nSlide **one** filter.\n:::\n")
    assert errors == []
    assert html == ('<aside class="callout callout-note" role="note"><p class="callout-title">Note</p>\n'
                    '<p>Slide <strong>one</strong> filter.</p>\n</aside>')


def test_a_fence_inside_a_callout_does_not_close_it_early():
    text = "::: callout note\n````text\n```\n:::\n```\n````\nAfter the code.\n:::\n\nOutside.\n"
    html, errors = convert(text)
    assert errors == []
    assert html.count("<aside") == 1
    body = html.split("</aside>")[0]
    assert "After the code." in body and ":::" in body
    assert html.endswith("</aside>\n<p>Outside.</p>")


def test_a_stray_closing_line_is_an_error_at_its_line():
    html, errors = convert("Intro.\n\n:::\n\nMore.\n")
    assert errors == ["chapter.md:3: ':::' closes no directive — remove it, or open the directive above it "
                      "with '::: name'"]
    assert ":::" not in html


def test_a_stray_closing_line_after_a_directive_is_found_too():
    _, errors = convert("::: callout note\nText.\n:::\n:::\n")
    assert errors == ["chapter.md:4: ':::' closes no directive — remove it, or open the directive above it "
                      "with '::: name'"]


def test_a_closing_line_inside_code_is_text():
    html, errors = convert("```text\n:::\n```\n")
    assert errors == [] and ":::" in html


def test_facts_become_their_values_and_bad_ones_are_reported_at_their_line():
    html, errors = convert("Weights: {{= conv_params(3, 64, 128) :, }}.\n\nBad: {{= nope(1) }}.\n")
    assert "Weights: 73,856." in html
    assert len(errors) == 1 and errors[0].startswith("chapter.md:3: ")


def test_a_quiz_and_its_checked_answer_run_without_a_build():
    quiz = ("::: quiz\nanswer: output_size(7, 3, p=0, s=2)\nOutput width?\n\n"
            "- [ ] 2\n- [{mark3}] 3\n- [{mark5}] 5\n\nThe kernel fits three times.\n:::\n")
    html, errors = convert(quiz.format(mark3="x", mark5=" "))
    assert errors == []
    assert 'class="quiz"' in html and "The kernel fits three times." in html
    _, errors = convert(quiz.format(mark3=" ", mark5="x"))
    said = "chapter.md:2: quiz answer 'output_size(7, 3, p=0, s=2)' is 3"
    assert errors == [f"{said}, and so is the wrong option '3' — only the option marked [x] may state it",
                      f"{said}, but the option marked [x] is '5' — correct the option or the expression"]


def test_links_are_kept_without_a_resolver_and_checked_with_one(tmp_path):
    html, errors = convert("See [pooling](02-pooling.md).\n")
    assert errors == [] and '<a href="02-pooling.md">pooling</a>' in html
    pooling = Chapter(tmp_path / "02-pooling.md", "Pooling", 2, "pooling", "", "", 4)
    resolver = LinkResolver(tmp_path, [pooling], "/course/")
    rendered, page = convert_markdown("See [pooling](02-pooling.md#max).\n\n[gone](03-gone.md)\n",
                                      link_resolver=resolver)
    assert '<a href="/course/pooling/#max">pooling</a>' in rendered.html
    assert [(link.slug, link.fragment, link.line) for link in page.pending] == [("pooling", "max", 1)]
    assert [str(error) for error in page.errors] == [
        "chapter.md:3: link to '03-gone.md' does not match any chapter (expected one of: 02-pooling.md)"]


def test_a_simulation_needs_an_embedder():
    _, errors = convert("::: simulation conv2d\n:::\n")
    assert errors == ["chapter.md:1: unknown simulation 'conv2d' (expected: none, this page has no simulations)"]


def test_lines_count_from_where_the_body_starts_in_its_file():
    chapter = Chapter(Path("content/01-a.md"), "A", 1, "a", "", "Text.\n\n::: quizz\n:::\n", 5)
    _, page = convert_markdown(chapter.body, chapter)
    assert [str(error) for error in page.errors] == [
        "content/01-a.md:7: unknown directive 'quizz' (expected: callout, figure, quiz, simulation)"]


def test_one_pool_converts_page_after_page_and_keeps_nothing_on_the_markdown_instance():
    pool = MarkdownPool()
    first, page_one = convert_markdown("::: callout note\nBad: {{= nope }}\n:::\n", pool=pool)
    second, page_two = convert_markdown("Fine.\n", pool=pool)
    assert len(page_one.errors) == 1 and page_two.errors == []
    assert second.html == "<p>Fine.</p>"
    for converter in [pool._page, *pool._bodies]:
        assert not [name for name in vars(converter.markdown) if name.startswith("convlab")]
