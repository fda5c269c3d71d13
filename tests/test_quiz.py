"""Quiz authoring errors: each names the quiz's line and what to change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import options_for, write_course
from convlab.cli import report
from convlab.markdown.quiz import LONGEST_MARGIN, LONGEST_RATIO, shuffled
from convlab.site.builder import check


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


def shown_options(html: str) -> list[str]:
    return re.findall(r'<button type="button" class="quiz-option" data-index="\d">(.*?)</button>', html)


def test_options_are_shuffled_deterministically_and_data_correct_follows_the_marked_one(chapter_html):
    body = quiz("Pick the right one.\n\n- [ ] w1\n- [ ] w2\n- [x] right\n- [ ] w3\n- [ ] w4\n\nWhy.\n")
    html, errors = chapter_html(body)
    again, _ = chapter_html(body)
    assert errors == [] and html == again
    shown = shown_options(html)
    assert shown == [["w1", "w2", "right", "w3", "w4"][i] for i in shuffled("test", 5)]
    assert shown != ["w1", "w2", "right", "w3", "w4"]
    correct = int(re.search(r'data-correct="(\d)"', html).group(1))
    assert shown[correct] == "right"
    assert '<p class="quiz-correct"><strong>Answer:</strong> right</p>' in html


def test_the_shuffle_depends_only_on_the_quiz_id():
    assert shuffled("pooling", 4) == shuffled("pooling", 4) == [3, 1, 2, 0]
    assert sorted(shuffled("any-id", 5)) == [0, 1, 2, 3, 4]
    assert len({tuple(shuffled(f"chapter-{i}", 4)) for i in range(40)}) > 10


@pytest.mark.parametrize("marked, others, warned", [
    ("a" * 30, ["b" * 20, "c"], True),           # 1.5 times and 10 characters longer
    ("a" * 29, ["b" * 20, "c"], False),          # 1.45 times
    ("**" + "a" * 29 + "**", ["b" * 20, "c"], False),  # the markers are not visible text
    ("a" * 18, ["b" * 9, "c"], False),           # twice as long, but only 9 characters more
    ("12", ["3", "5"], False),                   # a number gives nothing away by its length
])
def test_check_warns_when_the_marked_option_is_longest_by_far(build_course, marked, others, warned):
    options = f"- [ ] {others[0]}\n- [x] {marked}\n" + "".join(f"- [ ] {other}\n" for other in others[1:])
    chapter = f"---\ntitle: T\n---\n\n::: quiz\nQ?\n\n{options}\nWhy.\n:::\n"
    content = write_course(Path.cwd(), {"01-t.md": chapter})
    result = check(options_for(content, Path.cwd() / "_site"))
    assert result.errors == []
    ratio = len(marked.strip("*")) / len(others[0])
    expected = [f"content/01-t.md:9: warning: the option marked [x] is {ratio:.1f}× as long as the longest other "
                "one, so readers can guess it by its length — shorten it or give the others the same detail"]
    assert result.warnings == (expected if warned else [])
    assert (LONGEST_RATIO, LONGEST_MARGIN) == (1.5, 10)


def test_check_prints_the_warning_and_still_succeeds(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    chapter = "---\ntitle: T\n---\n\n::: quiz\nQ?\n\n- [ ] short\n- [x] a much, much longer answer\n- [ ] brief\n\nWhy.\n:::\n"
    content = write_course(tmp_path, {"01-t.md": chapter})
    result = check(options_for(content, tmp_path / "_site"))
    report(result, options_for(content, tmp_path / "_site"), checked_only=True)
    out, err = capsys.readouterr()
    assert err.startswith("content/01-t.md:9: warning: the option marked [x] is 5.2× as long")
    assert out == "checked 3 pages: no errors, 1 warning\n"
