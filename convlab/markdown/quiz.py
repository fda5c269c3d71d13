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
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from convlab.markdown.page import Page

_OPTION = re.compile(r"^\s*[-*+]\s+\[([ xX])\]\s+(.*?)\s*$")
OPTIONS_MIN, OPTIONS_MAX = 3, 5


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
        return Quiz(question, first_line, [match.group(2) for match in options], correct[0],
                    explanation, first_line + end)
    return None


def quiz_html(quiz: Quiz, context: Page) -> str:
    """The quiz's markup; ``data-quiz`` names it in the reader's saved progress."""
    anchor = context.next_id("quiz")
    quiz_id = context.chapter.slug + anchor.removeprefix("quiz")
    context.quizzes.append({"id": anchor, "name": "Check your understanding", "level": 2})
    question = context.convert_body(quiz.question, quiz.question_line)
    options = "".join(
        f'<li><button type="button" class="quiz-option" data-index="{i}">{_inline(context, text, quiz.question_line)}</button></li>'
        for i, text in enumerate(quiz.options))
    answer = _inline(context, quiz.options[quiz.correct], quiz.question_line)
    explanation = context.convert_body(quiz.explanation, quiz.explanation_line)
    return (f'<section class="quiz" id="{anchor}" data-quiz="{html.escape(quiz_id)}" data-correct="{quiz.correct}" '
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
