"""The course's own numbers are checked facts: written as expressions, computed by the simulations."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

CONTENT = ROOT / "content"


def source(name: str) -> str:
    return (CONTENT / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("chapter, expressions", [
    ("00-why-convolutions.md", ["fc_params(256 * 256 * 3, 1, bias=False) :,",
                                "round(fc_params(256 * 256 * 3, 1000, bias=False) / 10**6, -2) :.0f"]),
    ("01-convolution-operation.md", ["output_size(5, 3)", "conv_params(3, 3, 64) :,"]),
    ("03-stride-and-padding.md", ["output_size(9, 3)", "output_size(9, 3, s=2)", "times_used(5, 3, 0, 0, padding=1)",
                                  "(stacked_output_size(32, 3, 10), stacked_output_size(32, 3, 10))"]),
    ("05-output-sizes.md", ["conv_params(3, 64, 128) :,"]),
    ("08-explorer.md", ["output_size(8, 3)", "(output_size(8, 3, p=1), output_size(8, 3, p=1))"]),
    ("09-famous-architectures.md", ["skip_activation(20, 1.0, skip=True, scaled=True) :.1f",
                                    "skip_gradient(50, 1.0, skip=True, scaled=True) :.1f"]),
    ("06-building-a-convnet.md", ["layer_shape(7) :,", "layer_shape(3)", "network_params() :,"]),
])
def test_the_courses_numbers_are_written_as_facts(chapter, expressions):
    text = source(chapter)
    for expression in expressions:
        assert f"{{{{= {expression} }}}}" in text


@pytest.mark.parametrize("chapter, answer", [
    ("03-stride-and-padding.md", "output_size(7, 3, p=0, s=2)"),
    ("05-output-sizes.md", "output_size(32, 5, p=2, s=1)"),
    ("08-explorer.md", "output_size(8, 3, p=1, s=2) ** 2"),
])
def test_numeric_quizzes_declare_a_checked_answer(chapter, answer):
    assert re.search(rf"^::: quiz\nanswer: {re.escape(answer)}\n", source(chapter), re.M)


def test_no_hand_typed_copy_of_the_checked_numbers_is_left_in_the_prose():
    prose = re.sub(r"```.*?```", "", "".join(source(path.name) for path in CONTENT.glob("*.md")), flags=re.S)
    for typed in ("73,856", "73856", "196,608", "196608", "60,362", "40,970", "18,496", "1,792"):
        assert typed not in prose, typed
