"""The course's corrected claims, pinned in the built pages: where the seed was wrong, the course says what
the sources say, cites them, and its quizzes mark the right answer."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from convlab.markdown.quiz import LONGEST_RATIO
from convlab.site.builder import build, check
from conftest import ROOT, options_for


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("claims") / "_site"
    assert build(options_for(ROOT / "content", out)).errors == []
    return out


def text(site: Path, slug: str) -> str:
    page = (site / slug / "index.html").read_text(encoding="utf-8")
    page = re.sub(r'<math[^>]*alttext="([^"]*)".*?</math>', r" \1 ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def marked_answer(site: Path, slug: str) -> str:
    page = (site / slug / "index.html").read_text(encoding="utf-8")
    answer = re.search(r'<p class="quiz-correct"><strong>Answer:</strong>(.*?)</p>', page, re.S).group(1)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", answer))).strip()


def footnotes(site: Path, slug: str) -> str:
    page = (site / slug / "index.html").read_text(encoding="utf-8")
    notes = page.split('<div class="footnote">', 1)[1]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", notes)))


def test_degradation_is_an_optimisation_difficulty_not_vanishing_gradients(site):
    chapter = text(site, "famous-architectures")
    assert "because gradients vanished" not in chapter and "The authors ruled that out" in chapter
    assert "arXiv:1512.03385), §4.1" in footnotes(site, "famous-architectures")
    answer = marked_answer(site, "famous-architectures")
    assert "gradients were healthy" in answer and "identity easy to reach" in answer
    assert "vanish" not in answer


def test_batch_normalisation_and_he_initialisation_are_taught_with_sources(site):
    chapter = text(site, "famous-architectures")
    assert "Batch normalisation goes further" in chapter and "with variance 2/n for a layer" in chapter
    notes = footnotes(site, "famous-architectures")
    assert "arXiv:1502.03167), §3" in notes and "arXiv:1502.01852), §2.2" in notes


def test_deeper_resnets_are_not_promised_to_be_better(site):
    chapter = text(site, "famous-architectures")
    assert "can no longer make the network worse" not in chapter
    assert "1,202-layer ResNet" in chapter and "7.93% error against 6.43%" in chapter
    assert "§4.2" in footnotes(site, "famous-architectures")


def test_vgg_is_3x3_only_in_configurations_d_and_e(site):
    chapter = text(site, "famous-architectures")
    assert "3×3 kernels and nothing else" not in chapter
    assert "(configurations D and E of the paper)" in chapter and "mixes in 1×1 convolutions" in chapter
    assert "arXiv:1409.1556), Table 1" in footnotes(site, "famous-architectures")


def test_googlenet_saving_is_credited_to_the_1x1_reductions(site):
    chapter = text(site, "famous-architectures")
    assert "1×1 convolutions placed in front of the 3×3 and 5×5 branches ," in chapter
    assert "arXiv:1409.4842), §4" in footnotes(site, "famous-architectures")


def test_the_exploding_residual_stack_is_quoted_from_the_simulation(site):
    chapter = text(site, "famous-architectures")
    assert "gradient reaching the input is about 1,230" in chapter
    assert "activations are near 870,000" in chapter
    assert "with skips, the identity path carries a gradient of 2.5 back" in chapter.lower()


def test_a_scaled_branch_tames_the_residual_stack_and_cites_skipinit(site):
    chapter = text(site, "famous-architectures")
    assert "signal ends near 1.8 and the gradient reaching the input is about 1.9; at 50 blocks they are 2.2 and 1.8" \
        in " ".join(chapter.split())
    assert "De and Smith" in chapter and "arXiv:2002.10444" in chapter and "SkipInit" in chapter


def test_a_vit_has_less_inductive_bias_not_none(site):
    chapter = text(site, "beyond")
    assert "has none of them" not in chapter and "much less of it, but not none" in chapter
    assert "| None |" not in chapter and "Weak (within patches only)" in chapter
    assert 'arXiv:2010.11929), §3.1, the paragraph "Inductive bias"' in footnotes(site, "beyond")
    answer = marked_answer(site, "beyond")
    assert answer.startswith("It shares weights across patches") and "no locality between them" in answer


def test_weight_sharing_fixes_parameters_not_compute(site):
    chapter = text(site, "output-sizes")
    assert "costs the same on a 32×32" not in chapter
    assert "same 73,856 parameters on a 32×32 map" in chapter
    assert "about 75 million multiply-adds and a 1,000×1,000 output about 74 billion" in chapter


def test_convolution_is_equivariant_and_pooling_brings_invariance(site):
    chapter = text(site, "why-convolutions")
    assert "A convolution is translation equivariant" in chapter
    assert "A classifier should be translation invariant" in chapter
    assert "§9.2" in footnotes(site, "why-convolutions") and "§9.3" in footnotes(site, "why-convolutions")
    assert "along with the input ( equivariance )" in text(site, "pooling")


def test_the_figure_labels_the_block_output_with_its_final_relu():
    svg = ET.parse(ROOT / "content" / "images" / "skip-connection.svg").getroot()
    labels = [element.text for element in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "ReLU(F(x) + x)" in labels and "F(x) + x" not in labels


WHERE_NEXT = ["https://cs231n.github.io/", "https://d2l.ai/", "https://arxiv.org/abs/1603.07285",
              "https://arxiv.org/abs/1512.03385", "https://arxiv.org/abs/2010.11929",
              "https://arxiv.org/abs/2201.03545"]


def test_where_to_go_next_links_the_resources(site):
    page = (site / "beyond" / "index.html").read_text(encoding="utf-8")
    section = page.split('id="where-to-go-next"', 1)[1].split("<h2", 1)[0]
    assert re.findall(r'<a href="(https://[^"]+)"', section) == WHERE_NEXT


def test_no_option_position_holds_more_than_40_percent_of_the_answers(site):
    keys = {}
    for path in sorted(site.glob("*/index.html")):
        for quiz, correct in re.findall(r'data-quiz="([^"]+)" data-correct="(\d)"', path.read_text(encoding="utf-8")):
            keys[quiz] = int(correct)
    assert len(keys) >= 10
    for position in set(keys.values()):
        holders = sorted(quiz for quiz, correct in keys.items() if correct == position)
        assert len(holders) <= 0.4 * len(keys), (
            f"option {chr(65 + position)} is the answer of {holders}: move the [x] option of one of them to "
            "another line of its list (the shuffle is fixed per quiz, so its shown position moves with it)")


def test_the_marked_options_are_not_longer_than_the_others(site):
    result = check(options_for(ROOT / "content", site.parent / "unused"))
    assert result.errors == [] and result.warnings == [] and LONGEST_RATIO == 1.5


def test_lenet_and_convnext_are_described_as_their_papers_do(site):
    assert "so it works as a fully-connected layer" in text(site, "famous-architectures")
    assert "§II.B" in footnotes(site, "famous-architectures")
    assert "matched vision transformers of similar size on ImageNet" in text(site, "beyond")
    assert "arXiv:2201.03545), §2" in footnotes(site, "beyond")
