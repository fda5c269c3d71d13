"""The ``quiz`` directive: one multiple-choice question with its explanation.

Written as a question, a task list of options with exactly one ``[x]``, and the explanation::

    ::: quiz
    What does 2×2 max pooling with stride 2 do to a 16×16 feature map?

    - [ ] Nothing: pooling only changes values
    - [x] It halves both sides, to 8×8
    - [ ] It halves the number of channels

    Each 2×2 window becomes one value, so both width and height are halved.
    :::

The page works without JavaScript (the answer sits in a ``<details>``); the site's quiz script turns the
options into buttons with immediate feedback and remembers the reader's answer.

Readers must not be able to guess the answer from where or how it is written. The options are shuffled
when the page is built, by a permutation seeded with the quiz's id, so the HTML shows exactly what every
reader gets and a rebuild changes nothing; and an author is warned when the marked option is the longest
by far (``LONGEST_RATIO`` and ``LONGEST_MARGIN``), the give-away of a hurried quiz.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

from convlab.markdown.page import Page

_OPTION = re.compile(r"^\s*[-*+]\s+\[([ xX])\]\s+(.*?)\s*$")
OPTIONS_MIN, OPTIONS_MAX = 3, 5
LONGEST_RATIO = 1.5  # the marked option at least this many times as long as every other one is a give-away,
LONGEST_MARGIN = 10  # and this many characters longer: "12" among "3", "5" and "7" gives nothing away
_MARKUP = re.compile(r"[*_`$\\]")


@dataclass
class Quiz:
    question: str
    question_line: int
    options: list[str]
    correct: int
    explanation: str
    explanation_line: int


def parse_quiz(lines: list[str], line: int, first_line: int, context: Page) -> Quiz | None:
    """Split a quiz body into question, options and explanation; report what is missing."""
    option_rows = [i for i, text in enumerate(lines) if _OPTION.match(text)]
    if not option_rows:
        context.error(line, "quiz has no options — list them as '- [ ] wrong' and '- [x] right' lines")
        return None
    start, end = option_rows[0], option_rows[-1] + 1
    options = [_OPTION.match(text) for text in lines[start:end] if text.strip()]
    if None in options or len(options) != len(option_rows):
        context.error(first_line + start, "quiz options must be consecutive '- [ ]' lines with nothing between them")
        return None
    question, explanation = "\n".join(lines[:start]).strip(), "\n".join(lines[end:]).strip()
    correct = [i for i, match in enumerate(options) if match.group(1) in "xX"]
    if not question:
        context.error(line, "quiz has no question — write it before the options")
    elif not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
        context.error(line, f"quiz has {len(options)} options — give {OPTIONS_MIN} to {OPTIONS_MAX}")
    elif len(correct) != 1:
        context.error(line, f"quiz has {len(correct)} correct options — mark exactly one with '[x]'")
    elif not explanation:
        context.error(line, "quiz has no explanation — add a paragraph after the options saying why the answer is right")
    else:
        quiz = Quiz(question, first_line, [match.group(2) for match in options], correct[0],
                    explanation, first_line + end)
        ratio, margin = length_ratio(quiz)
        if ratio >= LONGEST_RATIO and margin >= LONGEST_MARGIN:
            context.warn(first_line + start + quiz.correct,
                         f"the option marked [x] is {ratio:.1f}× as long as the longest other one, so readers can "
                         "guess it by its length — shorten it or give the others the same detail")
        return quiz
    return None


def length_ratio(quiz: Quiz) -> tuple[float, int]:
    """How many times, and by how many characters, the marked option outgrows the longest other one.

    Lengths count visible text (Markdown's markers left out).

    >>> length_ratio(Quiz("Q?", 1, ["a", "**bb**", "a much longer answer"], 2, "Why.", 5))
    (10.0, 18)
    """
    lengths = [len(" ".join(_MARKUP.sub("", option).split())) for option in quiz.options]
    others = max(length for i, length in enumerate(lengths) if i != quiz.correct)
    return lengths[quiz.correct] / max(others, 1), lengths[quiz.correct] - others


def shuffled(quiz_id: str, count: int) -> list[int]:
    """The authored option indices in the order readers see them: Fisher–Yates driven by SHA-256.

    Seeded by the quiz's id, so the order is the same in every build and on every machine, and no
    Python version's ``random`` stream is relied on.

    >>> shuffled("pooling-quiz", 4) == shuffled("pooling-quiz", 4), sorted(shuffled("pooling-quiz", 4))
    (True, [0, 1, 2, 3])
    """
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        digest = hashlib.sha256(f"{quiz_id}:{i}".encode()).digest()
        j = int.from_bytes(digest[:8], "big") % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def quiz_key(slug: str, anchor: str) -> str:
    """The name a quiz's answer is saved under: ``pooling`` for the chapter's first, ``pooling-2`` on."""
    return slug + anchor.removeprefix("quiz")


def quiz_html(quiz: Quiz, context: Page) -> str:
    """The quiz's markup; ``data-quiz`` names it in the reader's saved progress."""
    anchor = context.next_id("quiz")
    quiz_id = quiz_key(context.chapter.slug, anchor)
    context.quizzes.append({"id": anchor, "name": "Check your understanding", "level": 2})
    question = context.convert_body(quiz.question, quiz.question_line)
    order = shuffled(quiz_id, len(quiz.options))
    context.quiz_answers[anchor] = {"options": len(order), "correct": order.index(quiz.correct)}
    options = "".join(
        f'<li><button type="button" class="quiz-option" data-index="{i}">'
        f'{_inline(context, quiz.options[authored], quiz.question_line)}</button></li>'
        for i, authored in enumerate(order))
    answer = _inline(context, quiz.options[quiz.correct], quiz.question_line)
    explanation = context.convert_body(quiz.explanation, quiz.explanation_line)
    return (f'<section class="quiz" id="{anchor}" data-quiz="{html.escape(quiz_id)}" '
            f'data-correct="{order.index(quiz.correct)}" '
            f'aria-labelledby="{anchor}-title">'
            f'<h2 class="quiz-title" id="{anchor}-title">Check your understanding</h2>'
            f'<div class="quiz-question">{question}</div>'
            f'<ol class="quiz-options" type="A">{options}</ol>'
            f'<p class="quiz-verdict" aria-live="polite"></p>'
            f'<details class="quiz-answer"><summary>Show the answer</summary>'
            f'<p class="quiz-correct"><strong>Answer:</strong> {answer}</p>{explanation}</details>'
            f'</section>')


def _inline(context: Page, text: str, line: int) -> str:
    """An option's Markdown as inline HTML (the paragraph wrapper removed)."""
    rendered = context.convert_body(text, line).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered
