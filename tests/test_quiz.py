"""Quiz authoring errors: each names the quiz's line and what to change."""

from __future__ import annotations

import pytest


def quiz(body: str) -> str:
    return f"Intro.\n\n::: quiz\n{body}:::\n"


@pytest.mark.parametrize("body, message", [
    ("Q?\n\n- [x] a\n- [x] b\n- [ ] c\n\nWhy.\n", "quiz has 2 correct options — mark exactly one with '[x]'"),
    ("Q?\n\n- [ ] a\n- [ ] b\n- [ ] c\n\nWhy.\n", "quiz has 0 correct options — mark exactly one with '[x]'"),
    ("Q?\n\n- [x] a\n- [ ] b\n\nWhy.\n", "quiz has 2 options — give 3 to 5"),
    ("Q?\n\n" + "".join(f"- [ ] {i}\n" for i in range(5)) + "- [x] 6\n\nWhy.\n", "quiz has 6 options — give 3 to 5"),
    ("- [x] a\n- [ ] b\n- [ ] c\n\nWhy.\n", "quiz has no question — write it before the options"),
    ("Q?\n\n- [x] a\n- [ ] b\n- [ ] c\n",
     "quiz has no explanation — add a paragraph after the options saying why the answer is right"),
    ("Q?\n\nJust prose.\n", "quiz has no options — list them as '- [ ] wrong' and '- [x] right' lines"),
])
def test_quiz_errors(chapter_html, body, message):
    _, errors = chapter_html(quiz(body))
    assert errors == [f"content/01-test.md:6: {message}"]


def test_options_must_be_consecutive(chapter_html):
    _, errors = chapter_html(quiz("Q?\n\n- [x] a\n\nmiddle\n\n- [ ] b\n- [ ] c\n\nWhy.\n"))
    assert errors == ["content/01-test.md:9: quiz options must be consecutive '- [ ]' lines with nothing between them"]


def test_option_and_explanation_markdown_is_rendered(chapter_html):
    html, errors = chapter_html(quiz("Which is the **edge** kernel?\n\n- [x] `[-1, 0, 1]` rows\n- [ ] all ones\n"
                                     "- [ ] $I$\n\nIt takes a *difference*.\n"))
    assert errors == []
    assert '<button type="button" class="quiz-option" data-index="0"><code>[-1, 0, 1]</code> rows</button>' in html
    assert "<math" in html and "<em>difference</em>" in html
