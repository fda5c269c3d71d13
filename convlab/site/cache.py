"""What a long-running process (the live server) keeps from one build of a course to the next.

Rendering a chapter's Markdown is most of a build's time, and editing one chapter changes nothing in the
others. So each chapter's rendering is kept with everything it produced on the side (errors, links whose
anchors are checked later, images to copy) and replayed while its source and its surroundings stay the
same. "Surroundings" is the ``world``: everything outside the chapter file that its HTML depends on. When
any of it changes, every chapter renders again, so a cached build always equals a clean one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from convlab.errors import BuildError
from convlab.markdown.links import PendingAnchor
from convlab.markdown.extension import MarkdownPool
from convlab.site.render import make_environment


@dataclass(frozen=True)
class RenderedChapter:
    """One chapter's Markdown rendering and its side effects, ready to be replayed."""

    page: object  # builder.ChapterPage
    errors: tuple[BuildError, ...]
    pending: tuple[PendingAnchor, ...]
    assets: tuple[str, ...]


@dataclass
class BuildCache:
    """Converters, compiled templates, simulation states and rendered chapters kept between builds."""

    pool: MarkdownPool = field(default_factory=MarkdownPool)
    states: dict = field(default_factory=dict)
    chapters: dict[tuple, RenderedChapter] = field(default_factory=dict)
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

    def keep_only(self, keys: set[tuple]) -> None:
        """Drop renderings of chapter versions the last build no longer had, so memory stays bounded."""
        for key in [key for key in self.chapters if key not in keys]:
            del self.chapters[key]
