"""The search index: one entry per section, linking to its heading, with the section's visible text."""

from __future__ import annotations

import json

import pytest

from convlab.markdown.mathml import latex_to_mathml
from convlab.site import search
from convlab.site.search import chapter_sections, search_index

BODY = """<p>Intro text.</p>
<h2 id="stride">Stride<a class="headerlink" href="#stride">#</a></h2>
<p>The kernel jumps <math alttext="S"><mi>S</mi></math> pixels.</p>
<figure class="sim" data-simulation="stride_padding"><p>Controls and numbers</p></figure>
<h3 id="padding">Padding</h3><p>Zeros around the border.</p>
<section class="quiz"><h2 id="quiz-title">Check your understanding</h2>
<ol><li><button>2</button></li></ol><details><p>Three positions.</p></details></section>"""


def test_sections_follow_headings_and_keep_visible_text_only():
    sections = [(section.anchor, section.heading, section.text) for section in chapter_sections(BODY)]
    assert sections == [("", "", "Intro text."),
                        ("stride", "Stride", "The kernel jumps S pixels."),
                        ("padding", "Padding", "Zeros around the border."),
                        ("quiz-title", "Check your understanding", "Three positions.")]


def test_index_links_each_section_under_the_base_url():
    entries = json.loads(search_index([("stride-and-padding", "Stride and Padding", BODY)], "/course/"))
    assert entries[0] == {"url": "/course/stride-and-padding/", "chapter": "Stride and Padding",
                          "heading": "Stride and Padding", "text": "Intro text.", "lead": 11}
    assert entries[1]["url"] == "/course/stride-and-padding/#stride"
    assert [entry["heading"] for entry in entries] == ["Stride and Padding", "Stride", "Padding",
                                                       "Check your understanding"]


def test_text_after_a_widget_with_void_elements_is_still_indexed():
    body = """<figure class="sim" data-simulation="conv2d"><input type="range" value="1"><img src="x.png" alt="">
<br></figure><h2 id="quiz-title">Check your understanding</h2><p>After the widget.</p>"""
    assert [(section.heading, section.text) for section in chapter_sections(body)] == [
        ("Check your understanding", "After the widget.")]


def test_formulas_are_indexed_as_the_text_a_reader_sees_not_as_tex():
    matrix = latex_to_mathml(r"K_{\text{edge}} = \begin{bmatrix} -1 & 0 & 1 \\ -1 & 0 & 1 \end{bmatrix}", True)
    floor = latex_to_mathml(r"O = \left\lfloor \frac{W - K + 2P}{S} \right\rfloor + 1", False)
    body = f'<h2 id="edges">Edges</h2><div class="math-display">{matrix}</div><p>so {floor} here.</p>'
    [section] = chapter_sections(body)
    assert section.text == "K_edge = [−1 0 1; −1 0 1] so O = ⌊(W − K + 2P)/S⌋ + 1 here."


def test_the_first_paragraph_bold_terms_and_code_are_kept_apart_for_ranking():
    body = """<h2 id="relu">ReLU</h2><p>ReLU keeps <em>positive</em> values.</p><p>It is <strong>cheap</strong>.</p>
<div class="highlight"><pre><code>nn.ReLU()</code></pre></div><p>After the code.</p>"""
    entry = json.loads(search_index([("c", "C", body)], "/"))[0]
    assert entry == {"url": "/c/#relu", "chapter": "C", "heading": "ReLU", "lead": 27, "terms": "cheap",
                     "text": "ReLU keeps positive values. It is cheap. After the code.", "code": "nn.ReLU()"}
    assert entry["text"][:entry["lead"]] == "ReLU keeps positive values."


def test_a_chapters_entries_are_kept_and_read_back_without_parsing_the_page(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = search_index([("stride-and-padding", "Stride and Padding", BODY)], "/")
    monkeypatch.setattr(search, "chapter_sections", lambda body: pytest.fail("parsed again"))
    assert search_index([("stride-and-padding", "Stride and Padding", BODY)], "/") == first


def test_a_kept_entry_list_of_another_shape_is_indexed_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = search_index([("c", "C", BODY)], "/")
    (entry,) = (tmp_path / "convlab").glob("search-*")
    for damaged in ('[{"url": 1}]', '{"url": "/"}', "[" + first[1:-1] + ',{"extra": "x"}]'):
        entry.write_text(damaged, encoding="utf-8")
        assert search_index([("c", "C", BODY)], "/") == first
