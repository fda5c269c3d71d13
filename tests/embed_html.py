"""Reading a built simulation embed out of its HTML, without a browser: the state its script carries and
the starting values its controls show (the form is where the page keeps them, docs/page-contract.md)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser


def embedded_state(html: str, sim_id: str) -> dict:
    """The state the embed ``sim_id`` hands to the page's script."""
    embed = html.split(f'id="{sim_id}"', 1)[1]
    match = re.search(r'<script type="application/json" class="sim-payload">(.*?)</script>', embed, re.S)
    return json.loads(match.group(1))["state"]


def control_values(html: str, sim_id: str) -> dict[str, str]:
    """name -> the text each control of ``sim_id`` shows, as a reader's browser would submit it."""
    reader = _ControlReader(f"{sim_id}-")
    reader.feed(html)
    return reader.values


class _ControlReader(HTMLParser):
    def __init__(self, prefix: str):
        super().__init__()
        self.prefix, self.values, self._select = prefix, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        owned = attrs.get("id", "").startswith(self.prefix) and "name" in attrs
        if tag == "input" and owned:
            checkbox = attrs.get("type") == "checkbox"
            self.values[attrs["name"]] = ("true" if "checked" in attrs else "false") if checkbox else attrs["value"]
        elif tag == "select":
            self._select = attrs["name"] if owned else None
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
