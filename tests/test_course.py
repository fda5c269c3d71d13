"""One strict build of the real course, and what a reader must find in it."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from convlab.site.builder import build
from conftest import ROOT, options_for

CHAPTERS = [
    ("why-convolutions", "Why Convolutions?", ["fc_vs_conv"]),
    ("convolution-operation", "The Convolution Operation", ["conv2d", "conv1d", "channels"]),
    ("filters", "Filters — What the Network Learns to See", ["conv2d", "kernels"]),
    ("stride-and-padding", "Stride and Padding", ["stride_padding"]),
    ("pooling", "Pooling — Compress and Summarize", ["pooling"]),
    ("output-sizes", "Output Sizes — The Formula", ["output_size"]),
    ("building-a-convnet", "Building a ConvNet", ["architecture"]),
    ("how-a-convnet-learns", "How a ConvNet Learns", ["learning", "digits"]),
    ("explorer", "Interactive Convolution Explorer", ["conv2d"]),
    ("famous-architectures", "Famous Architectures", ["channels", "skip_connection"]),
    ("beyond", "Beyond — Where ConvNets Go from Here", []),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("course") / "_site"
    result = build(options_for(ROOT / "content", out))
    assert result.errors == []
    return out


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def page(site: Path, slug: str) -> str:
    return (site / slug / "index.html").read_text(encoding="utf-8")


def test_landing_page_counts_chapters_and_simulations(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    stats = text_of(index.split('class="stats"', 1)[1].split("</ul>", 1)[0])
    assert "11 chapters 12 simulations 0 assumed knowledge" in stats
    assert "<h1>Convolutional Networks From Zero</h1>" in index
    assert [text_of(title) for title in re.findall(r'class="chapter-title">(.*?)</span>', index)] == \
        [title for _, title, _ in CHAPTERS]


@pytest.mark.parametrize("slug, title, simulations", CHAPTERS)
def test_every_chapter_has_its_title_quiz_and_simulations(site, slug, title, simulations):
    chapter = page(site, slug)
    assert f"<h1>{html.escape(title, quote=False)}</h1>" in chapter
    assert len(re.findall(r"<section class=\"quiz\"[^>]* data-quiz=", chapter)) == 1
    embedded = re.findall(r'data-simulation="([a-z0-9_]+)"', chapter)
    assert embedded == simulations


def test_architectures_table_has_the_five_networks(site):
    chapter = page(site, "famous-architectures")
    rows = [[text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", chapter, re.S)]
    assert ["LeNet-5", "1998", "5", "60K", "Learned conv filters"] in rows
    assert ["AlexNet", "2012", "8", "60M", "GPU training, ReLU, dropout"] in rows
    assert ["VGG-16", "2014", "16", "138M", "Small 3×3 filters, deeper"] in rows
    assert ["GoogLeNet", "2014", "22", "6.8M", "Inception modules, 1×1 reductions"] in rows
    assert ["ResNet-50", "2015", "50", "25M", "Skip connections"] in rows


def test_output_size_formula_is_rendered_as_mathml(site):
    chapter = page(site, "output-sizes")
    formulas = re.findall(r'<math alttext="([^"]*)"[^>]*display="block"', chapter)
    assert any("\\left\\lfloor \\frac{W - K + 2P}{S} \\right\\rfloor + 1" in html.unescape(tex) for tex in formulas)
    assert "<mfrac>" in chapter


def test_the_pytorch_example_is_highlighted_code(site):
    chapter = text_of(page(site, "building-a-convnet"))
    assert "nn.Conv2d(3, 32, 3, padding=1)" in chapter and "nn.Linear(4096, 10)" in chapter
    assert '<span class="n">nn</span>' in page(site, "building-a-convnet")


def test_every_internal_link_and_anchor_resolves(site):
    pages = {path: path.read_text(encoding="utf-8") for path in site.rglob("*.html")}
    for path, text in pages.items():
        for url in re.findall(r'(?:href|src)="([^"]+)"', text):
            parts = urlsplit(html.unescape(url))
            if parts.scheme or parts.netloc:
                continue
            target = path if not parts.path else site / parts.path.lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{path.relative_to(site)} links to missing {url}"
            if parts.fragment and target.suffix == ".html":
                ids = set(re.findall(r'\sid="([^"]+)"', pages[target]))
                assert parts.fragment in ids, f"{path.relative_to(site)} links to missing anchor {url}"


def test_pages_load_nothing_from_other_sites_but_the_pinned_pyodide(site):
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', text):
            assert not url.endswith((".js", ".css", ".woff", ".woff2")), (path, url)
        assert '<meta name="convlab-pyodide" content="https://cdn.jsdelivr.net/pyodide/v0.27.7/full/">' in text
