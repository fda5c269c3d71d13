"""``build.py --new "Title"``: start a chapter with its front matter, numbered after the last one.

The file builds as it is, so the live preview shows it at once; its placeholder text says what each
part is for, in the words an author needs, and the quiz at its end is one the build accepts.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from convlab.site.chapters import chapter_files, slugify
from convlab.errors import display_path

_NUMBERED = re.compile(r"^(\d+)[-_]")
MAX_SLUG = 60

SUMMARY = "Replace this line with one sentence telling the reader what this chapter lets them do."
BODY = """\
Open with the question this chapter answers, and why a reader who finished the previous chapter would ask it.

## A first section

Each `##` heading becomes an entry in the chapter's table of contents. Embed a simulation with
`::: simulation NAME`, and write a number the simulations can compute as a checked fact, such as
`{{= output_size(7, 3, s=2) }}`.

::: quiz
Replace this with a question that a reader who understood the chapter can answer.

- [ ] A wrong answer that a reader who skimmed might pick
- [x] The right answer
- [ ] Another wrong answer, based on a common mistake

Replace this with why the right answer is right, and what each wrong answer gets wrong.
:::
"""


class ScaffoldError(ValueError):
    """Why the chapter was not created, as one sentence for the terminal."""


def new_chapter(content_dir: Path, title: str) -> Path:
    """Create ``content_dir/NN-slug.md`` for ``title`` and return its path; never overwrite a file."""
    title = " ".join(title.split())
    slug = short_slug(title)
    if not slug:
        raise ScaffoldError(f"cannot make a file name from the title {title!r} — use letters or digits in it")
    if not content_dir.is_dir():
        raise ScaffoldError(f"{display_path(content_dir)}: no such course folder — pass --content DIR")
    taken = [path for path in chapter_files(content_dir) if path.stem.split("-", 1)[-1] == slug]
    if taken:
        raise ScaffoldError(f"{display_path(taken[0])} already has the slug '{slug}' — choose another title")
    path = content_dir / f"{next_number(content_dir):02d}-{slug}.md"
    front = yaml.safe_dump({"title": title, "summary": SUMMARY}, allow_unicode=True, sort_keys=False, width=1000)
    try:
        with path.open("x", encoding="utf-8") as stream:
            stream.write(f"---\n{front}---\n\n{BODY}")
    except OSError as exc:
        raise ScaffoldError(f"{display_path(path)}: cannot be created ({exc.strerror or exc}) — check that you can "
                            "write to the course folder") from None
    return path


def short_slug(title: str) -> str:
    """The title's slug, cut at a hyphen to at most ``MAX_SLUG`` characters: a file name and URL to type."""
    slug = slugify(title)
    if len(slug) <= MAX_SLUG:
        return slug
    return slug[:MAX_SLUG + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG + 1] else slug[:MAX_SLUG]


def next_number(content_dir: Path) -> int:
    """One more than the highest number a chapter file name starts with; 0 for an empty course."""
    numbers = [int(match[1]) for path in chapter_files(content_dir) if (match := _NUMBERED.match(path.name))]
    return max(numbers, default=-1) + 1
