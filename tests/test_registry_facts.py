"""Checked facts come from the simulations' own FACTS tables, so each course gets the facts of its simulations."""

from __future__ import annotations

import types

import pytest

from convlab.markdown.facts import FactError, evaluate, known_functions
from convlab.site.registry import Simulation, discover_simulations, simulation_facts


def test_the_course_facts_are_the_simulations_own_functions():
    registry = discover_simulations()
    facts = simulation_facts(registry)
    assert facts["conv_params"][0] is registry["output_size"].module.conv_params
    assert facts["layer_shape"][0] is registry["architecture"].module.layer_shape
    assert evaluate("network_params()", known_functions(registry)) == registry["architecture"].module.network_params()


def test_a_course_without_a_simulation_has_none_of_its_facts():
    registry = {name: simulation for name, simulation in discover_simulations().items() if name == "output_size"}
    functions = known_functions(registry)
    assert sorted(functions) == ["conv_params", "fc_params", "output_size", "round", "stacked_output_size"]
    with pytest.raises(FactError, match=r"calls unknown function 'layer_shape' \(expected: conv_params, fc_params, "
                                        r"output_size, round, stacked_output_size\)"):
        evaluate("layer_shape(1)", functions)


def test_two_simulations_defining_one_fact_are_refused():
    def module(name: str) -> Simulation:
        return Simulation(name, types.SimpleNamespace(FACTS={"area": (lambda w, h: w * h, "area(w, h)")}), None)

    with pytest.raises(TypeError, match=r"simulations/b.py and simulations/a.py both define the fact 'area' in "
                                        r"FACTS — rename one"):
        simulation_facts({"a": module("a"), "b": module("b")})
