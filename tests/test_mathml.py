"""What latex2mathml's output is corrected for, so that browsers typeset the course's formulas right."""

from __future__ import annotations

from convlab.markdown.mathml import latex_to_mathml


def body(tex: str, display: bool = False) -> str:
    mathml = latex_to_mathml(tex, display)
    return mathml[mathml.index(">") + 1:mathml.rindex("</math>")]


def test_a_minus_after_a_bracket_or_operator_is_a_prefix_sign_and_subtraction_is_not():
    assert body("(-1 + 0 + 4) = -3") == (
        '<mrow><mo stretchy="false">(</mo><mo form="prefix">−</mo><mn>1</mn><mo>+</mo><mn>0</mn><mo>+</mo>'
        '<mn>4</mn><mo stretchy="false">)</mo><mo>=</mo><mo form="prefix">−</mo><mn>3</mn></mrow>')
    assert body("(x) - 1") == '<mrow><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo><mo>−</mo><mn>1</mn></mrow>'


def test_each_matrix_and_its_brackets_are_one_row_so_the_brackets_fit_that_matrix():
    html = body(r"\begin{bmatrix} 1 & 3 \\ 4 & 6 \end{bmatrix} \to \begin{bmatrix} 6 \end{bmatrix}", True)
    assert html.startswith("<mrow><mrow><mo>[</mo><mtable>")
    assert html.endswith("<mrow><mo>[</mo><mtable><mtr><mtd><mn>6</mn></mtd></mtr></mtable><mo>]</mo></mrow></mrow>")


def test_thousands_separators_written_without_a_space_make_one_number():
    assert body("3 = 196{,}608") == "<mrow><mn>3</mn><mo>=</mo><mn>196,608</mn></mrow>"
    assert body("1,024,000") == "<mrow><mn>1,024,000</mn></mrow>"


def test_a_list_of_numbers_stays_a_list():
    assert body("(2,5,100, 3)").count("<mn>") == 4
    assert "<mn>1,000</mn>" not in body("(1, 000)")
