"""The docstrings' examples are tests: they carry the course's own numbers (7×7, K=3, S=2 → 3)."""

import doctest
import importlib
import pkgutil

import pytest

import simulations

MODULES = sorted(info.name for info in pkgutil.iter_modules(simulations.__path__))
WITH_EXAMPLES = {"_format", "_png", "_view", "conv1d", "conv2d", "pooling", "output_size", "stride_padding", "architecture",
                 "fc_vs_conv", "skip_connection", "channels", "learning", "digits"}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    module = importlib.import_module(f"simulations.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False, report=False)
    assert result.failed == 0, f"simulations.{name}: {result.failed} example(s) failed, shown above"
    assert (result.attempted > 0) == (name in WITH_EXAMPLES)
