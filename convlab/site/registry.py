"""The simulations a course can embed, discovered in one visible place.

Every public module of the ``simulations`` package (a name without a leading underscore) is one
simulation: ``TITLE``, ``SUMMARY``, ``PARAMS`` and ``view(**params)``. The registry only reads that
contract; it never reaches into a simulation's numbers.

The live server reloads the package when a simulation's source changes (``reload_simulations``), so each
``Simulation`` carries the parameter-spec module of its own import rather than one bound at start-up.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import simulations

CONTRACT = ("TITLE", "SUMMARY", "PARAMS", "view")


@dataclass(frozen=True)
class Simulation:
    """One simulation module seen through its page contract."""

    name: str
    module: ModuleType
    specs: ModuleType  # simulations._params, as imported together with ``module``

    @property
    def title(self) -> str:
        return self.module.TITLE

    @property
    def summary(self) -> str:
        return self.module.SUMMARY

    def controls(self) -> list[dict]:
        return self.specs.describe(self.module.PARAMS)

    def presets(self, keys: list[str] | None = None) -> list[dict]:
        """The module's worked examples (``PRESETS``, optional): keys, captions and the values that load
        them; all of them, or those ``keys`` name, in that order (a chapter offers its own examples)."""
        by_key = {preset.key: preset for preset in getattr(self.module, "PRESETS", ())}
        return [by_key[key].describe(self.module.PARAMS) for key in (by_key if keys is None else keys)]

    def preset_keys(self) -> list[str]:
        return [preset.key for preset in getattr(self.module, "PRESETS", ())]

    def values(self, options: dict[str, str]) -> dict:
        """The starting values for a directive's options; ``ValueError`` names the bad one."""
        return self.specs.resolve(self.module.PARAMS, options)

    def state(self, values: dict) -> dict:
        return self.module.view(**values)

    def payload(self, state: dict) -> str:
        """The JSON the page's script reads (the first paint's state, which the page redraws and steps
        through), safe inside ``<script type="application/json">``. The controls and their values are in
        the form itself."""
        text = json.dumps({"state": state}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def discover_simulations() -> dict[str, Simulation]:
    """name -> Simulation for every public module of the ``simulations`` package, sorted by name."""
    found = {}
    specs = importlib.import_module("simulations._params")
    for info in sorted(pkgutil.iter_modules(simulations.__path__), key=lambda info: info.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"simulations.{info.name}")
        missing = [name for name in CONTRACT if not hasattr(module, name)]
        if missing:
            raise TypeError(f"simulations/{info.name}.py lacks {', '.join(missing)} "
                            f"(see docs/simulation-contract.md)")
        found[info.name] = Simulation(info.name, module, specs)
    return found


def simulation_facts(registry: dict[str, Simulation]) -> dict[str, tuple]:
    """name -> (function, how it is called) from the ``FACTS`` tables of the simulations that have one.

    A name two simulations both define is refused: a fact must mean one thing in a course."""
    found, owner = {}, {}
    for name, simulation in registry.items():
        for fact, entry in getattr(simulation.module, "FACTS", {}).items():
            if fact in found:
                raise TypeError(f"simulations/{name}.py and simulations/{owner[fact]}.py both define the fact "
                                f"'{fact}' in FACTS — rename one")
            found[fact], owner[fact] = entry, name
    return found


def reload_simulations() -> None:
    """Forget every imported module of the package, so the next discovery imports the sources anew.

    Reloading module by module would leave a simulation holding an older helper module it imported;
    dropping them all and importing again gives one consistent generation. The package itself stays: its
    ``__init__`` holds no code. Compiled caches go too: Python trusts a ``.pyc`` whose source has the same
    size and the same whole-second time, which two quick edits of one digit can both have.
    """
    for name in [name for name in sys.modules if name.startswith("simulations.")]:
        del sys.modules[name]
    for folder in simulations.__path__:
        for source in Path(folder).glob("*.py"):
            Path(importlib.util.cache_from_source(str(source))).unlink(missing_ok=True)
    importlib.invalidate_caches()
