"""Formulas as the plain text the search index holds: symbols a reader sees, never TeX commands."""

from __future__ import annotations

import pytest

from convlab.markdown.mathml import latex_to_mathml
from convlab.markdown.mathtext import math_text


@pytest.mark.parametrize("tex, text", [
    (r"K_{\text{blur}} = \frac{1}{9} \begin{bmatrix} 1 & 1 \\ 1 & 1 \end{bmatrix}", "K_blur = 1/9 [1 1; 1 1]"),
    (r"O(i, j) = \sum_{m=0}^{k-1} K(m, n)", "O(i, j) = ∑_(m = 0)^(k − 1) K(m, n)"),
    (r"N \times (K \times K \times C_{\text{in}} + 1)", "N × (K × K × C_in + 1)"),
    (r"2 \times 9C^2 = 18C^2", "2 × 9C² = 18C²"),
    (r"(-1 + 0 + 4) + \max(0, x)", "(−1 + 0 + 4) + max(0, x)"),
    (r"256 \times 256 \times 3 = 196{,}608", "256 × 256 × 3 = 196,608"),
    (r"F(x)/\sqrt{20} + \sqrt{x}", "F(x)/√20 + √x"),
    (r"\sqrt{W - K}", "√(W − K)"),
])
def test_formula_reads_as_plain_text(tex, text):
    assert math_text(latex_to_mathml(tex, True)) == text
