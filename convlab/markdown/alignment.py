"""Aligned table columns as classes: the pages' Content Security Policy blocks inline styles.

Python-Markdown's tables write ``| :-: |`` as ``style="text-align: center;"`` on every cell of the column
(or as the obsolete ``align`` attribute). The pages allow styles only from the site's stylesheets
(``style-src 'self'``), so the browser drops such a style and the column silently loses its alignment.
The cells get ``align-left``, ``align-center`` or ``align-right`` instead, which site.css styles.
"""

from __future__ import annotations

import re

from markdown.treeprocessors import Treeprocessor

_ALIGN = re.compile(r"^\s*text-align:\s*(left|center|right);?\s*$")


class AlignmentTreeprocessor(Treeprocessor):
    """Turns the tables extension's ``text-align`` styles on table cells into classes."""

    def run(self, root) -> None:
        for cell in (element for element in root.iter() if element.tag in ("th", "td")):
            match = _ALIGN.match(cell.get("style", ""))
            if match:
                del cell.attrib["style"]
                cell.set("class", " ".join(filter(None, (cell.get("class"), f"align-{match[1]}"))))
