"""Tables, code and display formulas scroll sideways on a phone: each is a focusable, named region."""

from __future__ import annotations

from convlab.markdown.scrollboxes import box_scrollables


def test_a_table_is_boxed_once_and_named_by_its_column_headings(chapter_html):
    html, errors = chapter_html("""
        ::: callout key-idea
        | Input $W$ | Output |
        |---|---|
        | 5 | 3 |
        :::
        """)
    assert errors == []
    assert html.count('class="scroll-box"') == 1
    assert '<div class="scroll-box" tabindex="0" role="region" aria-label="Table: Input W, Output"><table>' in html


def test_code_is_named_by_its_first_line_and_long_labels_are_shortened():
    html = box_scrollables('<div class="highlight"><pre><code>\n' + "x = 1  # " + "long " * 20 + "\n</code></pre></div>")
    label = html.split('aria-label="', 1)[1].split('"', 1)[0]
    assert label.startswith("Code: x = 1 # long long") and label.endswith("…") and len(label) <= 60
    assert html.startswith('<div class="highlight" tabindex="0" role="region" ')
