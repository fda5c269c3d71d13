"""The ``simulation`` directive's output: the module's default state, computed now, rendered as HTML.

The page is complete before any JavaScript runs: controls show the starting values and the panels show
what ``view()`` returned here in CPython. The browser later recomputes the same module in Pyodide.
"""

from __future__ import annotations

import json
from typing import Callable

from convlab.errors import ErrorLog, error_from_exception
from convlab.site.diskcache import cached_text, sources_digest
from convlab.markdown.page import Page
from convlab.site.registry import Simulation
from convlab.runtime import SIMULATIONS_DIR

# The one directive option that is not a control: it names the worked examples (``PRESETS``) an embed offers.
PRESETS_OPTION = "presets"


class SimulationEmbedder:
    """Validates a directive's options against the simulation's spec and renders the embed."""

    def __init__(self, registry: dict[str, Simulation], render_template: Callable[..., str | None],
                 states: dict | None = None):
        self.registry = registry
        self.render_template = render_template
        self._states: dict[tuple[str, str], dict] = {} if states is None else states

    def __call__(self, context: Page, name: str, options: dict[str, tuple[str, int]],
                 line: int) -> str | None:
        simulation = self._lookup(context, name, line)
        if simulation is None:
            return None
        settings = {key: option for key, option in options.items() if key != PRESETS_OPTION}
        presets = self._presets(context, simulation, options.get(PRESETS_OPTION))
        if not self._options_ok(context, simulation, settings) or presets is None:
            return None
        values = simulation.values({key: value for key, (value, _) in settings.items()})
        try:
            state = self.state(simulation, values)
        except Exception as exc:  # a simulation being edited may fail: the author gets a build error
            context.error(line, f"simulation '{name}' cannot compute its starting state: "
                          f"{error_from_exception(exc, within=SIMULATIONS_DIR)}")
            return None
        context.simulations_used.append(name)
        sim = {"name": name, "id": context.next_id(f"sim-{name}"), "title": simulation.title,
               "summary": simulation.summary, "controls": simulation.controls(),
               "presets": presets, "values": values,
               "state": state, "payload": simulation.payload(state)}
        return self.render_template(ErrorLog(context.errors), "simulation.html", sim=sim)

    def state(self, simulation: Simulation, values: dict) -> dict:
        """``view(**values)``, computed once for each distinct set of values (and kept between the live
        server's builds in ``states`` until a simulation changes).

        Between processes it is kept as JSON in the user's private cache under a hash of the simulations'
        sources: ``learning`` trains a kernel for its first paint. Computed or kept, the state is the JSON's,
        so both give the same page."""
        key = (simulation.name, json.dumps(values, sort_keys=True))
        if key not in self._states:
            compute = lambda: json.dumps(simulation.state(values))  # noqa: E731
            text = cached_text("state", (*key, sources_digest([simulation.module])), compute, _is_state)
            self._states[key] = json.loads(text)
        return self._states[key]

    def _lookup(self, context: Page, name: str, line: int) -> Simulation | None:
        expected = ", ".join(self.registry)
        if not name:
            context.error(line, f"simulation directive needs a name, as in '::: simulation conv2d' (expected: {expected})")
        elif name not in self.registry:
            context.error(line, f"unknown simulation '{name}' (expected: {expected})")
        return self.registry.get(name)

    def _options_ok(self, context: Page, simulation: Simulation,
                    options: dict[str, tuple[str, int]]) -> bool:
        ok = True
        params = {param.name: param for param in simulation.module.PARAMS}
        names = [*params, PRESETS_OPTION] if simulation.preset_keys() else list(params)
        for key, (value, line) in options.items():
            if key not in params:
                context.error(line, f"unknown option '{key}' for simulation '{simulation.name}' "
                              f"(expected: {', '.join(names)})")
                ok = False
                continue
            try:
                params[key].coerce(value)
            except ValueError as exc:
                context.error(line, f"bad value for option '{key}' of simulation '{simulation.name}': {exc}")
                ok = False
        return ok

    def _presets(self, context: Page, simulation: Simulation, option: tuple[str, int] | None) -> list[dict] | None:
        """The worked examples the embed offers: all of them, or those its ``presets:`` line names, in that
        order. ``None`` after an error at that line: a key the simulation lacks is a typo, not a choice."""
        if option is None:
            return simulation.presets()
        text, line = option
        keys = list(dict.fromkeys(key.strip() for key in text.split(",") if key.strip()))
        known = simulation.preset_keys()
        expected = ", ".join(known) or "none"
        if not keys:
            context.error(line, f"option 'presets' of simulation '{simulation.name}' names no example — list the "
                          f"keys of those to offer, separated by commas (expected: {expected})")
        unknown = [key for key in keys if key not in known]
        for key in unknown:
            context.error(line, f"unknown preset '{key}' for simulation '{simulation.name}' (expected: {expected})")
        return simulation.presets(keys) if keys and not unknown else None


def _is_state(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False
