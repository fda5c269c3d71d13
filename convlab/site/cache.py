"""What a long-running process (the live server) keeps from one build of a course to the next.

Rendering a chapter's Markdown is most of a build's time, and editing one chapter changes nothing in the
others. So each chapter's rendering (its page with its errors, the anchors its links need and the files
it uses: everything rendering returns) is looked up by the chapter while its surroundings stay the
same. "Surroundings" is the ``world``: everything outside the chapter file that its HTML depends on. When
any of it changes, every chapter renders again, so a cached build always equals a clean one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2

from convlab.markdown.stage import MarkdownPool
from convlab.site.chapters import Chapter
from convlab.site.render import make_environment


@dataclass
class BuildCache:
    """Converters, compiled templates, simulation states and rendered chapters kept between builds."""

    pool: MarkdownPool = field(default_factory=MarkdownPool)
    states: dict = field(default_factory=dict)
    chapters: dict[Chapter, object] = field(default_factory=dict)  # chapter -> builder.RenderedChapter
    world: tuple | None = None
    _env: jinja2.Environment | None = None
    _templates_dir: Path | None = None

    def environment(self, templates_dir: Path) -> jinja2.Environment:
        """One Jinja environment per templates folder; it notices edited templates by itself."""
        if self._env is None or self._templates_dir != templates_dir:
            self._env, self._templates_dir = make_environment(templates_dir), templates_dir
        return self._env

    def enter(self, world: tuple) -> None:
        """Start a build in ``world``; a different world makes every kept rendering and state stale."""
        if world != self.world:
            self.chapters.clear()
            self.states.clear()
            self.world = world

    def rendered(self, chapters: list[Chapter], render: Callable[[Chapter], object]) -> list:
        """Each chapter's rendering: the kept one for a chapter read exactly as before, else ``render``'s.

        Only this build's chapters are kept, so memory stays bounded while an author edits."""
        self.chapters = {chapter: self.chapters.get(chapter) or render(chapter) for chapter in chapters}
        return list(self.chapters.values())
