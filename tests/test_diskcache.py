"""Results kept between build processes: reused for the same inputs, recomputed for changed ones."""

from __future__ import annotations

import tempfile

from convlab.site.diskcache import cached_text


def test_same_inputs_reuse_the_stored_text_and_changed_inputs_recompute(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    calls = []

    def compute(text):
        return lambda: calls.append(text) or text

    assert cached_text("demo", ("v1", "source"), compute("first")) == "first"
    assert cached_text("demo", ("v1", "source"), compute("second")) == "first"
    assert cached_text("demo", ("v2", "source"), compute("third")) == "third"
    assert calls == ["first", "third"]
    assert len(list(tmp_path.glob("convlab-demo-*/*"))) == 2
