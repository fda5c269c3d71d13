"""Quizzes as a reader meets them: a wrong pick says so and lets them try again, the explanation opens on
the right answer or on "Show the answer", and answering is not reading: reaching the end is."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STORAGE_KEY = "convlab:convolutional-networks-from-zero"


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})") or "{}")


def open_quiz(reader, chapter: str):
    reader.open(f"{chapter}/")
    quiz = reader.page.locator("[data-quiz]")
    correct = int(quiz.get_attribute("data-correct"))
    wrong = next(i for i in range(quiz.locator(".quiz-option").count()) if i != correct)
    return quiz, correct, wrong


def test_a_wrong_pick_says_so_and_the_reader_tries_again(reader):
    quiz, correct, wrong = open_quiz(reader, "famous-architectures")
    answer = quiz.locator("details.quiz-answer")
    quiz.locator(f'.quiz-option[data-index="{wrong}"]').click()
    verdict = quiz.locator(".quiz-verdict")
    assert verdict.text_content() == (f"Not quite: {chr(65 + wrong)} is not it. Try another option, or open "
                                      "“Show the answer”.")
    assert not answer.evaluate("element => element.open")
    assert quiz.locator(f'.quiz-option[data-index="{wrong}"]').get_attribute("class") == "quiz-option is-wrong"
    assert quiz.locator(".quiz-option.is-correct").count() == 0
    assert stored(reader.page)["answers"] == {"famous-architectures": {"choice": wrong, "correct": False}}
    assert stored(reader.page)["read"] == {}

    quiz.locator(f'.quiz-option[data-index="{correct}"]').click()
    assert verdict.text_content() == f"Correct: {chr(65 + correct)}."
    assert answer.evaluate("element => element.open")
    assert quiz.locator(".quiz-option.is-correct").get_attribute("data-index") == str(correct)
    assert stored(reader.page)["answers"] == {"famous-architectures": {"choice": correct, "correct": True}}

    reader.open("famous-architectures/")
    assert quiz.locator(".quiz-verdict").text_content() == f"Correct: {chr(65 + correct)}."
    assert quiz.locator("details.quiz-answer").evaluate("element => element.open")


def test_show_the_answer_reveals_it_without_counting_as_an_answer(reader):
    quiz, correct, _ = open_quiz(reader, "beyond")
    quiz.locator("details.quiz-answer summary").click()
    # <details> announces its opening with a "toggle" event in a later task: wait for the page to act on it.
    expect(quiz.locator(".quiz-verdict")).to_have_text(f"The answer is {chr(65 + correct)}.")
    assert quiz.locator(".quiz-option.is-correct").get_attribute("data-index") == str(correct)
    assert quiz.locator(".quiz-correct").is_visible()
    assert "answers" not in stored(reader.page) or stored(reader.page)["answers"] == {}


def test_the_chapter_counts_as_read_at_its_end_and_the_landing_page_continues_there(reader):
    reader.open()
    start = reader.page.locator("[data-continue]")
    assert start.text_content() == "Start with chapter 0"
    reader.open("why-convolutions/")
    reader.page.locator(".pager").scroll_into_view_if_needed()
    reader.page.wait_for_function(
        f"() => JSON.parse(localStorage.getItem({STORAGE_KEY!r}) || '{{}}').read?.['why-convolutions']")
    reader.open()
    assert start.text_content() == "Continue with chapter 1"
    start.click()
    reader.page.wait_for_url("**/convolution-operation/")
