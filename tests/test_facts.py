"""Checked facts: expressions computed by the simulations' functions, in prose and in quiz answers."""

from __future__ import annotations

import pytest

from convlab.markdown.facts import FactError, evaluate, render
from simulations.architecture import trace
from simulations.output_size import conv_params, output_size

KNOWN = ("conv_params, critical_rate, digits_accuracy, digits_epochs, digits_params, fc_params, layer_params, "
         "layer_shape, network_params, output_size, round, skip_activation, skip_gradient, stacked_output_size, "
         "times_used")


def test_facts_are_the_simulation_functions_own_numbers():
    assert evaluate("output_size(7, 3, p=0, s=2)") == output_size(7, 3, p=0, s=2) == 3
    assert render("conv_params(3, 64, 128)", ",") == f"{conv_params(3, 64, 128):,}" == "73,856"
    assert render("round(fc_params(256 * 256 * 3, 1000, bias=False) / 10**6, -2)", ".0f") == "200"


def test_layer_helpers_read_the_traced_network_input_first():
    layers = trace()
    assert evaluate("layer_shape(0)") == (32, 32, 3)
    assert evaluate("layer_shape(3)") == (16, 16, 32) and layers[2]["shape"] == (32, 16, 16)
    assert render("layer_shape(7)", ",") == "4,096"
    assert evaluate("layer_params(8)") == layers[7]["params"] == 40970
    assert evaluate("network_params()") == sum(layer["params"] for layer in layers) == 60362
    assert render("layer_shape(6, channels=16, size=64)", "") == "16×16×32"


def test_arithmetic_follows_python_rules():
    assert evaluate("-(2 + 3) * 4 // 3 % 5 ** 2") == -(2 + 3) * 4 // 3 % 5 ** 2
    assert render("7 / 2", ".1f") == "3.5"


@pytest.mark.parametrize("expression, message", [
    ("", "fact is empty — write an expression such as {{= output_size(7, 3, s=2) }}"),
    ("1 +", "fact '1 +' is not a valid expression (invalid syntax) — write numbers, + - * / // % ** and "
            "calls such as output_size(7, 3, s=2)"),
    ("outputsize(7, 3)", f"fact 'outputsize(7, 3)' calls unknown function 'outputsize' (expected: {KNOWN})"),
    ("output_size(3, 5)", "fact 'output_size(3, 5)' cannot be computed: A 5×5 kernel does not fit in a 3-pixel "
                          "input with no padding; use a smaller kernel or add padding."),
    ("output_size(7)", "fact 'output_size(7)' calls output_size() with the wrong arguments: output_size() missing "
                       "1 required positional argument: 'k' (it is called as output_size(w, k, p=0, s=1))"),
    ("layer_shape(9)", "fact 'layer_shape(9)' cannot be computed: The network has layers 0 (the input) to 8; got 9."),
    ("layer_params(1, depth=3)", "fact 'layer_params(1, depth=3)' cannot be computed: There is no setting called "
                                 "'depth' (expected: size, in_channels, channels, kernel, blocks, classes)."),
    ("width + 1", "fact 'width + 1' uses the name 'width', which a fact cannot — use numbers, + - * / // % **, "
                  "parentheses and the known functions"),
    ("__import__('os').getcwd()", "fact '__import__('os').getcwd()' uses an attribute ('.getcwd'), which a fact "
                                  "cannot — use numbers, + - * / // % **, parentheses and the known functions"),
    ("'73856'", "fact ''73856'' uses the text '73856', which a fact cannot — use numbers, + - * / // % **, "
                "parentheses and the known functions"),
    ("2 < 3", "fact '2 < 3' uses a comparison, which a fact cannot — use numbers, + - * / // % **, parentheses "
              "and the known functions"),
    ("output_size(*(7, 3))", "fact 'output_size(*(7, 3))' unpacks arguments with * or **, which a fact cannot — "
                             "write each argument"),
    ("1 / 0", "fact '1 / 0' divides by zero"),
    ("10 ** 1000", "fact '10 ** 1000' raises to the power 1000; facts allow exponents up to 100"),
    ("layer_shape(1) * 2", "fact 'layer_shape(1) * 2' does arithmetic on the shape (32, 32, 32); only numbers can "
                           "be added, multiplied or divided"),
    ("(1, (2, 3))", "fact '(1, (2, 3))' gives the shape (1, (2, 3)), not a number — call a function that returns one"),
    ("True", "fact 'True' gives the truth value True, not a number — call a function that returns one"),
])
def test_every_bad_fact_is_explained(expression, message):
    with pytest.raises(FactError) as caught:
        evaluate(expression)
    assert str(caught.value) == message


def test_unknown_and_unfit_formats_are_explained():
    with pytest.raises(FactError) as caught:
        render("conv_params(3, 64, 128)", "08x")
    assert str(caught.value) == ("fact 'conv_params(3, 64, 128)' has an unknown format ':08x' (expected: ',' for "
                                 "thousands separators and '.Nf' for N decimals, as in ':,' or ':.1f')")
    with pytest.raises(FactError) as caught:
        render("7 / 2", "d")
    assert str(caught.value) == ("fact '7 / 2' gives 3.5, which the format ':d' cannot show (Unknown format code "
                                 "'d' for object of type 'float')")


def test_facts_in_prose_tables_and_formulas_become_their_values(chapter_html):
    html, errors = chapter_html("""
        A 3×3 conv from 64 to 128 channels has {{= conv_params(3, 64, 128) :, }} parameters.

        | layer | output |
        |---|---|
        | pool | {{= layer_shape(3) }} |

        $$
        O = {{= output_size(7, 3, s=2) }}
        $$
        """)
    assert errors == []
    assert "<p>A 3×3 conv from 64 to 128 channels has 73,856 parameters.</p>" in html
    assert "<td>16×16×32</td>" in html
    assert 'alttext="O = 3"' in html


def test_code_keeps_the_fact_syntax_as_written(chapter_html):
    html, errors = chapter_html("""
        Write `{{= output_size(7, 3) }}` in the text.

        ```text
        {{= not a fact }}
        ```
        """)
    assert errors == []
    assert "<code>{{= output_size(7, 3) }}</code>" in html
    assert "{{= not a fact }}" in html


def test_bad_facts_are_reported_at_their_line_and_left_visible(chapter_html):
    html, errors = chapter_html("""
        First line.

        Width {{= output_size(3, 5) }} and {{= 2 +
        """)
    assert errors == [
        "content/01-test.md:6: '{{=' opens a fact that is never closed — end it with '}}' on the same line",
        "content/01-test.md:6: fact 'output_size(3, 5)' cannot be computed: A 5×5 kernel does not fit in a 3-pixel "
        "input with no padding; use a smaller kernel or add padding.",
    ]
    assert "{{= output_size(3, 5) }}" in html


QUIZ = """
    ::: quiz
    answer: {answer}
    A 7×7 input, a 3×3 kernel, stride 2. Output width?

    - [ ] {first}
    - [x] {second}
    - [ ] 5

    The kernel fits at columns 0, 2 and 4.
    :::
    """


def test_quiz_whose_marked_option_states_the_answer_builds(chapter_html):
    html, errors = chapter_html(QUIZ.format(answer="output_size(7, 3, s=2)", first="2", second="3 columns"))
    assert errors == []
    assert "answer:" not in html and "<strong>Answer:</strong> 3 columns" in html


def test_quiz_answer_may_be_a_shape_or_a_computed_option(chapter_html):
    _, errors = chapter_html(QUIZ.format(answer="layer_shape(3)", first="32×32×32", second="16×16×32"))
    assert errors == []
    _, errors = chapter_html(QUIZ.format(answer="output_size(7, 3, s=2)", first="2",
                                         second="{{= output_size(7, 3, s=2) }}"))
    assert errors == []


def test_quiz_answer_mismatch_names_the_line_and_both_values(chapter_html):
    _, errors = chapter_html(QUIZ.format(answer="output_size(7, 3, s=1)", first="2", second="3"))
    assert errors == ["content/01-test.md:5: quiz answer 'output_size(7, 3, s=1)' is 5, and so is the wrong option "
                      "'5' — only the option marked [x] may state it",
                      "content/01-test.md:5: quiz answer 'output_size(7, 3, s=1)' is 5, but the option marked [x] "
                      "is '3' — correct the option or the expression"]


def test_quiz_answer_needs_a_number_in_the_marked_option(chapter_html):
    _, errors = chapter_html(QUIZ.format(answer="output_size(7, 3, s=2)", first="2", second="three"))
    assert errors == ["content/01-test.md:5: quiz answer 'output_size(7, 3, s=2)' is 3, but the option marked [x] "
                      "('three') states no number — write the number in the option"]


def test_quiz_answer_that_cannot_be_computed_is_reported(chapter_html):
    _, errors = chapter_html(QUIZ.format(answer="output_size(7, 3, s=0)", first="2", second="3"))
    assert errors == ["content/01-test.md:5: quiz answer: fact 'output_size(7, 3, s=0)' cannot be computed: "
                      "The stride must be at least 1; got 0."]


def test_quiz_rejects_unknown_options(chapter_html):
    _, errors = chapter_html(QUIZ.format(answer="output_size(7, 3, s=2)", first="2", second="3")
                             .replace("    answer:", "    anwser:"))
    assert errors == ["content/01-test.md:5: unknown option 'anwser' for quiz (expected: answer)"]
