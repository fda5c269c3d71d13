"""Aligned table columns become classes, since the pages' policy blocks inline styles."""

from __future__ import annotations


def test_aligned_columns_get_classes_not_inline_styles(chapter_html):
    html, errors = chapter_html("| name | size | note |\n|:--|:-:|--:|\n| conv | 3 | ok |\n")
    assert errors == [] and "style=" not in html
    assert '<th class="align-left">name</th>' in html and '<th class="align-center">size</th>' in html
    assert '<td class="align-right">ok</td>' in html


def test_unaligned_columns_are_left_as_they_are(chapter_html):
    html, errors = chapter_html("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert errors == [] and "<th>a</th>" in html and "<td>2</td>" in html
