"""Reading an author's files: only from inside the course, only UTF-8, only of a size a course needs.

A build publishes what it reads. A symlink in the course (``images/env.png`` → ``/proc/self/environ``, a
linked folder, a linked chapter) would put any file the author's account can read on the web, so every
path is resolved, links followed, and must land inside its own root: the content folder for chapters,
images and ``course.yml``, the templates folder for its assets. Text must be UTF-8 (a byte-order mark is
accepted and dropped) and no larger than ``MAX_TEXT_BYTES``, so one stray file cannot make a build run for
minutes; both limits are stated to the author in a sentence.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from convlab.errors import ErrorLog, display_path

MAX_TEXT_BYTES = 250_000  # 33 times the longest chapter of the course; Python-Markdown slows past this


def outside(path: Path, root: Path) -> Path | None:
    """Where ``path`` really is when that is outside ``root`` (symlinks followed); None when it is inside."""
    real = path.resolve()
    return None if real.is_relative_to(root.resolve()) else real


def leaves_root(what: str, real: Path, root: Path) -> str:
    """The sentence for a file that resolves outside its root."""
    return (f"{what} resolves to {real}, outside {display_path(root)}, and a build never publishes a file "
            f"from outside the course — copy the file into {display_path(root)} instead of linking to it")


def read_text(path: Path, root: Path, errors: ErrorLog) -> str | None:
    """The text of an author's file inside ``root``, or None after reporting why it cannot be read."""
    real = outside(path, root)
    if real is not None:
        errors.add(path, 0, leaves_root("this file", real, root))
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        errors.add(path, 0, f"cannot be read ({exc.strerror or exc}) — check the file's permissions")
        return None
    if len(data) > MAX_TEXT_BYTES:
        errors.add(path, 0, f"the file has {len(data):,} bytes; a course file may have up to "
                   f"{MAX_TEXT_BYTES:,} — split it into several chapters")
        return None
    return decode(data, path, errors)


def decode(data: bytes, path: Path, errors: ErrorLog) -> str | None:
    """UTF-8 text without its byte-order mark, or None after naming the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        errors.add(path, line, f"byte 0x{data[exc.start]:02x} is not UTF-8 — save the file as UTF-8 "
                   "(your editor's encoding setting)")
        return None


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors and aliases: front matter needs neither, and aliases nest into bombs."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases ('*name') are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def load_yaml(source: str):
    """``source`` parsed as safe YAML without aliases; ``yaml.YAMLError`` (with a line) when it is not."""
    try:
        return yaml.load(source, Loader=_NoAliasLoader)
    except RecursionError:
        raise yaml.YAMLError("it nests too deeply") from None


def is_text(value) -> bool:
    """Whether a YAML value can stand as text on a page: a string or a number, not a list or a mapping."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)
