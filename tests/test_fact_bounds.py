"""Checked facts cannot run away: every bound is a sentence at the fact's line, computed in milliseconds."""

from __future__ import annotations

import pytest

from convlab.markdown.facts import MAX_DEPTH, MAX_FACT_CHARS, FactError, evaluate

BOUNDED = [
    ("((10**100)**100)**100", "fact '((10**100)**100)**100' computes a number of more than 1024 bits (about "
                              "10**308) — facts state numbers a reader can read"),
    ("(10**100)**100", "fact '(10**100)**100' computes a number of more than 1024 bits (about 10**308) — facts "
                       "state numbers a reader can read"),
    ("9" * 400, f"fact '{'9' * 400}' computes a number of more than 1024 bits (about 10**308) — facts state "
                "numbers a reader can read"),
    ("round(1, -10**9)", "fact 'round(1, -10**9)' rounds to -1000000000 digits; facts round to at most 308 "
                         "digits either side of the point"),
    ("round(1.5, ndigits=10**9)", "fact 'round(1.5, ndigits=10**9)' rounds to 1000000000 digits; facts round "
                                  "to at most 308 digits either side of the point"),
    ("conv_params(3, 3, 3, bias=True, bias=False)", "fact 'conv_params(3, 3, 3, bias=True, bias=False)' gives "
                                                    "conv_params() the argument 'bias' twice — keep one"),
    ("+".join(["1"] * 20000), f"fact '{'1+' * 20}…' has 39,999 characters; a fact may have up to "
                              f"{MAX_FACT_CHARS} — compute the number in a simulation function and call that"),
    ("-" * 60 + "1", f"fact '{'-' * 40}' nests more than {MAX_DEPTH} levels deep — write it with fewer "
                     "parentheses, or compute it in a simulation function"),
]


@pytest.mark.parametrize("expression, message", BOUNDED)
def test_a_runaway_fact_is_refused_with_a_sentence(expression, message):
    with pytest.raises(FactError) as caught:
        evaluate(expression)
    assert str(caught.value) == message


def test_a_large_but_bounded_fact_still_computes():
    assert evaluate("conv_params(10**100, 1, 1)") == 10**200 + 1
    assert evaluate("(2**100)**10 // (2**99)**10") == 2**10
    assert evaluate("round(123456, -3)") == 123000


def test_runaway_facts_in_a_chapter_are_errors_at_their_lines(build_course):
    result, out = build_course({"01-a.md": "---\ntitle: A\n---\nBig: {{= ((10**100)**100)**100 }}.\n\n"
                                           "Round: {{= round(1, -10**9) }}.\n\n" + "::: callout note\n" * 300
                                           + "x\n" + ":::\n" * 300})
    assert [line.split(": ", 1)[0] for line in result.errors] == ["content/01-a.md:4", "content/01-a.md:6",
                                                                  "content/01-a.md:16"]
    assert result.errors[2].endswith("directives nest more than 8 deep here — close some ':::' blocks before "
                                     "opening others")
    assert not out.exists()
