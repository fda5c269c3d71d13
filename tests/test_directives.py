"""Markdown in, HTML out, for every directive and for math; and the authoring errors each one reports."""

from __future__ import annotations


def test_callout_renders_markdown_body_with_default_title(chapter_html):
    html, errors = chapter_html("""
        ::: callout key-idea
        Slide **one** small filter.
        :::
        """)
    assert errors == []
    assert html == ('<aside class="callout callout-key-idea" role="note"><p class="callout-title">Key idea</p>\n'
                    '<p>Slide <strong>one</strong> small filter.</p>\n</aside>')


def test_callout_title_can_be_given_in_quotes(chapter_html):
    html, errors = chapter_html("""
        ::: callout why-it-matters "Why ResNet matters"
        Identity is easy.
        :::
        """)
    assert errors == []
    assert '<p class="callout-title">Why ResNet matters</p>' in html


def test_figure_has_image_alt_and_caption(chapter_html):
    html, errors = chapter_html("""
        ::: figure images/wires.svg
        alt: Nine inputs wired to three neurons
        Every input meets *every* neuron.
        :::
        """, {"images/wires.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    assert errors == []
    assert html == ('<figure class="figure"><div class="figure-scroll" tabindex="0" role="region" '
                    'aria-label="Figure: Nine inputs wired to three neurons"><img src="/images/wires.svg" '
                    'alt="Nine inputs wired to three neurons" loading="lazy"></div><a class="figure-enlarge" '
                    'href="/images/wires.svg">Open the figure full size</a>'
                    '<figcaption><p>Every input meets <em>every</em> neuron.</p></figcaption></figure>')


def test_quiz_renders_question_options_and_explanation(chapter_html):
    html, errors = chapter_html("""
        ::: quiz
        A 7×7 input, 3×3 kernel, stride 2. Output width?

        - [ ] 2
        - [x] 3
        - [ ] 5

        The kernel fits at columns 0, 2 and 4.
        :::
        """)
    assert errors == []
    # The build shows the options in the order shuffled("test", 3) == [0, 2, 1] gives.
    assert html == (
        '<section class="quiz" id="quiz" data-quiz="test" data-correct="2" aria-labelledby="quiz-title">'
        '<h2 class="quiz-title" id="quiz-title">Check your understanding</h2>'
        '<div class="quiz-question"><p>A 7×7 input, 3×3 kernel, stride 2. Output width?</p></div>'
        '<ol class="quiz-options" type="A">'
        '<li><button type="button" class="quiz-option" data-index="0">2</button></li>'
        '<li><button type="button" class="quiz-option" data-index="1">5</button></li>'
        '<li><button type="button" class="quiz-option" data-index="2">3</button></li></ol>'
        '<p class="quiz-verdict" aria-live="polite"></p>'
        '<details class="quiz-answer"><summary>Show the answer</summary>'
        '<p class="quiz-correct"><strong>Answer:</strong> 3</p><p>The kernel fits at columns 0, 2 and 4.</p>'
        '</details></section>')


def test_second_quiz_on_a_page_gets_its_own_ids(chapter_html):
    quiz = "::: quiz\nQ?\n\n- [x] a\n- [ ] b\n- [ ] c\n\nWhy.\n:::\n\n"
    html, errors = chapter_html(quiz + quiz)
    assert errors == []
    assert 'id="quiz" data-quiz="test"' in html
    assert 'id="quiz-2" data-quiz="test-2"' in html


def test_simulation_embed_carries_its_name_and_first_paint(chapter_html):
    html, errors = chapter_html("""
        ::: simulation conv2d
        stride: 2
        :::
        """)
    assert errors == []
    assert 'data-simulation="conv2d"' in html
    assert 'data-status="static"' in html
    assert 'class="sim-payload"' in html


def test_display_math_becomes_mathml(chapter_html):
    html, errors = chapter_html("""
        $$
        O = \\left\\lfloor \\frac{W - K + 2P}{S} \\right\\rfloor + 1
        $$
        """)
    assert errors == []
    assert html.startswith('<div class="math-display" tabindex="0" role="region" '
                           'aria-label="Formula: O = ⌊(W − K + 2P)/S⌋ + 1"><math alttext="O = \\left\\lfloor')
    assert 'display="block"' in html and "<mfrac>" in html


def test_inline_math_is_protected_from_emphasis(chapter_html):
    html, errors = chapter_html("The weight $K_m \\cdot I_{i+m}$ and *this*.\n")
    assert errors == []
    assert '<math alttext="K_m \\cdot I_{i+m}"' in html
    assert "<em>this</em>" in html and "<em>m" not in html


def test_dollars_in_prose_and_code_stay_literal(chapter_html):
    html, errors = chapter_html("It costs $5 and $6.\n\n```python\nx = '$a$'\n```\n\nAn escaped \\$x\\$.\n")
    assert errors == []
    assert "<math" not in html
    assert "It costs $5 and $6." in html and "$x$" in html


def test_directive_inside_code_fence_is_left_alone(chapter_html):
    html, errors = chapter_html("```text\n::: quizz\n:::\n```\n")
    assert errors == []
    assert "::: quizz" in html


def test_code_block_is_highlighted_by_pygments(chapter_html):
    html, errors = chapter_html("```python\nimport torch.nn as nn\n```\n")
    assert errors == []
    assert '<div class="highlight" tabindex="0" role="region" aria-label="Code: import torch.nn as nn"><pre>' in html and '<span class="kn">import</span>' in html


def test_unknown_directive_lists_the_known_ones(chapter_html):
    _, errors = chapter_html("Intro.\n\n::: quizz\n:::\n")
    assert errors == ["content/01-test.md:6: unknown directive 'quizz' (expected: callout, figure, quiz, simulation)"]


def test_unclosed_directive_names_its_opening_line(chapter_html):
    _, errors = chapter_html("::: callout note\nNever closed.\n")
    assert errors == ["content/01-test.md:4: directive 'callout' is never closed — add a ':::' line after its body"]


def test_unknown_callout_kind(chapter_html):
    _, errors = chapter_html("::: callout tip\nText.\n:::\n")
    assert errors == ["content/01-test.md:4: unknown callout kind 'tip' "
                      "(expected: key-idea, analogy, why-it-matters, note, warning)"]


def test_figure_without_alt_text(chapter_html):
    _, errors = chapter_html("::: figure images/a.svg\nCaption.\n:::\n", {"images/a.svg": "<svg/>"})
    assert errors == ["content/01-test.md:4: figure 'images/a.svg' has no 'alt' option — add 'alt: ...' "
                      "describing the image for readers who cannot see it"]


def test_unclosed_display_math(chapter_html):
    _, errors = chapter_html("Text.\n\n$$\nx + 1\n")
    assert errors == ["content/01-test.md:6: display math opened with '$$' is never closed — add a '$$' line"]


def test_bad_formula_names_the_problem(chapter_html):
    _, errors = chapter_html("$$\n\\frac{a}{b\n$$\n\nAnd $\\foo x$ inline.\n")
    assert errors == ["content/01-test.md:4: cannot read the formula: a '{' is never closed",
                      "content/01-test.md:8: cannot read the formula $\\foo x$: unknown command \\foo"]


def test_figure_image_carries_its_intrinsic_size(chapter_html):
    html, errors = chapter_html("""
        ::: figure images/wide.svg
        alt: A wide drawing
        :::
        """, {"images/wide.svg": "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 784 200'/>"})
    assert errors == []
    assert '<img src="/images/wide.svg" alt="A wide drawing" width="784" height="200" loading="lazy">' in html
