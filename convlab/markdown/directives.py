"""Block directives (``::: name argument`` … ``:::``) and display math, parsed line by line.

Python-Markdown's block parser does not know line numbers, so directives are found by a preprocessor
that does: every error names the chapter file and the line of the directive or option at fault. Each
directive becomes HTML stashed away from Markdown; its body, where it has one, is rendered as Markdown
by a converter of the same configuration.

The handlers are registered by name in ``HANDLERS`` below; that table is the whole list of directives.
"""

from __future__ import annotations

import html
import re
import shlex
from dataclasses import dataclass, field

from markdown.preprocessors import Preprocessor

from convlab.markdown.factcheck import check_answer
from convlab.markdown.fences import fence_after
from convlab.markdown.images import course_image_size
from convlab.markdown.mathml import MathError, latex_to_mathml
from convlab.markdown.page import Page
from convlab.markdown.scrollboxes import scrollable
from convlab.markdown.quiz import parse_quiz, quiz_html

_OPEN = re.compile(r"^:::\s*([A-Za-z][\w-]*)?\s*(.*?)\s*$")
_CLOSE = re.compile(r"^:::\s*$")
_OPTION = re.compile(r"^([A-Za-z_][\w-]*):\s*(.*?)\s*$")

CALLOUT_KINDS = {
    "key-idea": "Key idea",
    "analogy": "Analogy",
    "why-it-matters": "Why it matters",
    "note": "Note",
    "warning": "Watch out",
}


@dataclass
class Directive:
    """One ``:::`` block as written: where it opens, its argument, options and body."""

    name: str
    argument: str
    line: int
    lines: list[str]
    body_line: int
    options: dict[str, tuple[str, int]] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n".join(self.lines)

    def take_options(self, allowed: tuple[str, ...] | None) -> list[tuple[str, int]]:
        """Move leading ``key: value`` lines into ``options``; returns unknown keys with their lines.

        ``allowed=None`` accepts every key (a simulation's options are checked against its spec).
        """
        unknown = []
        while self.lines and (match := _OPTION.match(self.lines[0])):
            key, value = match.groups()
            if allowed is not None and key not in allowed:
                unknown.append((key, self.body_line))
            self.options[key] = (value, self.body_line)
            self.lines.pop(0)
            self.body_line += 1
        return unknown


class DirectivePreprocessor(Preprocessor):
    """Replaces directives and ``$$`` display math with stashed HTML, skipping fenced code."""

    page: Page | None = None
    first_line = 1

    def run(self, lines: list[str]) -> list[str]:
        first_line, context = self.first_line, self.page
        out: list[str] = []
        index, fence = 0, None
        while index < len(lines):
            line = lines[index]
            if fence or fence_after(line, None):
                fence = fence_after(line, fence)
                out.append(line)
                index += 1
            elif line.strip().startswith("$$"):
                index = self._display_math(lines, index, first_line, context, out)
            elif _CLOSE.match(line):
                context.error(first_line + index, "':::' closes no directive — remove it, or open the directive "
                              "above it with '::: name'")
                index += 1
            elif _OPEN.match(line):
                index = self._directive(lines, index, first_line, context, out)
            else:
                out.append(line)
                index += 1
        return out

    def _emit(self, out: list[str], html_text: str | None) -> None:
        if html_text is not None:
            out.extend(["", self.md.htmlStash.store(html_text), ""])

    def _display_math(self, lines, index, first_line, context, out) -> int:
        start = lines[index].strip()
        if len(start) > 4 and start.endswith("$$"):
            tex, end = start[2:-2], index
        else:
            end = next((i for i in range(index + 1, len(lines)) if lines[i].strip().endswith("$$")), None)
            if end is None:
                context.error(first_line + index, "display math opened with '$$' is never closed — add a '$$' line")
                return len(lines)
            tex = "\n".join([start[2:], *lines[index + 1:end], lines[end].strip()[:-2]])
        try:
            self._emit(out, f'<div class="math-display">{latex_to_mathml(tex, display=True)}</div>')
        except MathError as exc:
            context.error(first_line + index, f"cannot read the formula: {exc}")
        return end + 1

    def _directive(self, lines, index, first_line, context, out) -> int:
        name, argument = _OPEN.match(lines[index]).groups()
        end = _closing_line(lines, index)
        line = first_line + index
        if end is None:
            context.error(line, f"directive '{name}' is never closed — add a ':::' line after its body")
            return len(lines)
        if not name:
            context.error(line, f"':::' opens a directive without a name (expected: {', '.join(HANDLERS)})")
            return end + 1
        if name not in HANDLERS:
            context.error(line, f"unknown directive '{name}' (expected: {', '.join(HANDLERS)})")
            return end + 1
        directive = Directive(name, argument, line, lines[index + 1:end], line + 1)
        self._emit(out, HANDLERS[name](directive, context))
        return end + 1


def _closing_line(lines: list[str], index: int) -> int | None:
    """The index of the ``:::`` that closes the directive opened at ``index`` (nesting allowed)."""
    depth, fence = 0, None
    for position in range(index + 1, len(lines)):
        line = lines[position]
        if fence or fence_after(line, None):
            fence = fence_after(line, fence)
        elif _CLOSE.match(line):
            if depth == 0:
                return position
            depth -= 1
        elif _OPEN.match(line):
            depth += 1
    return None


def render_callout(directive: Directive, context: Page) -> str | None:
    kind, title = _split_argument(directive.argument)
    if kind not in CALLOUT_KINDS:
        context.error(directive.line, f"unknown callout kind '{kind or ''}' (expected: {', '.join(CALLOUT_KINDS)})")
        return None
    if not directive.body.strip():
        context.error(directive.line, f"callout '{kind}' is empty — write its text between the ':::' lines")
        return None
    body = context.convert_body(directive.body, directive.body_line)
    heading = html.escape(title or CALLOUT_KINDS[kind])
    return (f'<aside class="callout callout-{kind}" role="note">'
            f'<p class="callout-title">{heading}</p>\n{body}\n</aside>')


def render_figure(directive: Directive, context: Page) -> str | None:
    for key, line in directive.take_options(("alt",)):
        context.error(line, f"unknown option '{key}' for figure (expected: alt)")
    src = directive.argument.strip()
    if not src:
        context.error(directive.line, "figure needs an image path — write '::: figure images/name.svg'")
        return None
    alt = directive.options.get("alt", ("", 0))[0]
    if not alt:
        context.error(directive.line, f"figure '{src}' has no 'alt' option — add 'alt: ...' "
                      "describing the image for readers who cannot see it")
        return None
    url = context.resolve_link("image", src, directive.line)
    caption = context.convert_body(directive.body, directive.body_line) if directive.body.strip() else ""
    caption_html = f"<figcaption>{caption}</figcaption>" if caption else ""
    size = course_image_size(context.chapter.path.parent, src, url)
    dimensions = f' width="{size[0]}" height="{size[1]}"' if size else ""
    image = f'<img src="{html.escape(url)}" alt="{html.escape(alt)}"{dimensions} loading="lazy">'
    return (f'<figure class="figure"><div class="figure-scroll" {scrollable(f"Figure: {alt}")}>{image}</div>'
            f'<a class="figure-enlarge" href="{html.escape(url)}">Open the figure full size</a>'
            f'{caption_html}</figure>')


def render_simulation(directive: Directive, context: Page) -> str | None:
    directive.take_options(None)
    if directive.body.strip():
        context.error(directive.body_line, "a simulation takes only 'key: value' option lines — "
                      "move the text outside the ':::' block")
        return None
    return context.embed_simulation(directive.argument.strip(), directive.options, directive.line)


def render_quiz(directive: Directive, context: Page) -> str | None:
    for key, line in directive.take_options(("answer",)):
        context.error(line, f"unknown option '{key}' for quiz (expected: answer)")
    quiz = parse_quiz(directive.lines, directive.line, directive.body_line, context)
    if quiz and "answer" in directive.options:
        expression, line = directive.options["answer"]
        check_answer(expression, line, quiz.options, quiz.correct, context)
    return quiz_html(quiz, context) if quiz else None


def _split_argument(argument: str) -> tuple[str | None, str]:
    """``key-idea "A title"`` → (``key-idea``, ``A title``)."""
    try:
        parts = shlex.split(argument)
    except ValueError:
        parts = argument.split(maxsplit=1)
    if not parts:
        return None, ""
    return parts[0], " ".join(parts[1:])


HANDLERS = {
    "callout": render_callout,
    "figure": render_figure,
    "quiz": render_quiz,
    "simulation": render_simulation,
}
