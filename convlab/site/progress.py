"""What a reader's imported progress may name: this course's chapters, questions and simulations.

A progress file comes from outside (another browser, or anyone who hands the reader a file), and the
landing page turns what it names into counts and links. The page therefore checks it against the course
itself, which only the build knows: these lists are embedded in the landing page as JSON, and the page's
progress.js keeps only entries they contain, so a file cannot count "14 of 10 chapters" nor put a link
to another site (``"chapter": "a/..//evil.example/"``) on the page.
"""

from __future__ import annotations

from convlab.markdown.quiz import quiz_key


def course_lists(pages, titles: dict[str, str]) -> dict:
    """``{"chapters": [slug], "quizzes": {id: {options, correct}}, "simulations": {name: {title, chapter}}}``.

    A quiz's number of options bounds the choice a file may claim, and its correct index decides whether
    that choice was right: a file cannot count an answer as correct that the question would not have.

    ``pages`` are the rendered chapters in course order, ``titles`` each simulation's title by name; a
    simulation used in several chapters is credited to the first, where the reader meets it.
    """
    simulations: dict[str, dict] = {}
    for page in pages:
        for name in page.simulations:
            simulations.setdefault(name, {"title": titles[name], "chapter": page.chapter.slug})
    return {"chapters": [page.chapter.slug for page in pages],
            "quizzes": {quiz_key(page.chapter.slug, anchor): answer
                        for page in pages for anchor, answer in page.quizzes.items()},
            "simulations": simulations}
