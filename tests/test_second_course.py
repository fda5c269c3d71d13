"""The generator is not tied to its first course: ``--content`` builds another one, simulation and quiz included."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from embed_html import control_values, embedded_state
from simulations import pooling

SECOND_COURSE = Path(__file__).resolve().parent / "fixtures" / "second-course"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("second")
    shutil.copytree(SECOND_COURSE, work / "workshop")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", "workshop", "--out", "public"],
                            cwd=work, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "built 4 pages into public\n"
    return work / "public"


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def test_landing_page_is_the_second_courses_own(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "<h1>Pooling in Practice</h1>" in index
    assert [text_of(title) for title in re.findall(r'class="chapter-title">(.*?)</span>', index)] == \
        ["Pooling Windows", "What Pooling Costs"]
    assert "Convolutional Networks From Zero" not in index
    stats = text_of(index.split('class="stats"', 1)[1].split("</ul>", 1)[0])
    assert "2 chapters 1 simulation 1 chapter assumed knowledge" in stats


def test_simulation_starts_from_the_directives_options(site):
    page = (site / "windows/index.html").read_text(encoding="utf-8")
    assert 'data-simulation="pooling"' in page
    assert control_values(page, "sim-pooling") == {"mode": "avg", "grid": "6", "window": "3", "stride": "3"}
    assert embedded_state(page, "sim-pooling") == \
        json.loads(json.dumps(pooling.view(mode="avg", grid=6, window=3, stride=3)))


def test_checked_facts_and_quiz_answers_are_computed(site):
    windows = (site / "windows/index.html").read_text(encoding="utf-8")
    cost = (site / "cost/index.html").read_text(encoding="utf-8")
    assert "covers a 6×6 map in 4 positions" in text_of(windows)
    assert re.search(r'data-correct="1"', windows) and "<strong>Answer:</strong> 2×2" in windows
    assert "16 to 32 channels in front of it has 4,640 of them." in text_of(cost)
    assert "{{=" not in windows + cost and "answer:" not in windows + cost


def test_links_between_the_second_courses_chapters_resolve(site):
    windows = (site / "windows/index.html").read_text(encoding="utf-8")
    assert 'href="/cost/#no-weights"' in windows
    assert 'id="no-weights"' in (site / "cost/index.html").read_text(encoding="utf-8")


def test_a_wrong_answer_in_the_second_course_fails_its_check(tmp_path):
    content = shutil.copytree(SECOND_COURSE, tmp_path / "workshop")
    chapter = content / "02-cost.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("- [x] 4,640", "- [x] 4,641"), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", "workshop", "--check"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "workshop/02-cost.md:12: quiz answer 'conv_params(3, 16, 32)' is 4640, but the option marked [x] is "
        "'4,641' — correct the option or the expression",
        "build failed: 1 error; the previous site is untouched",
    ]
