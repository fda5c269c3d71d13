"""Jinja2, configured once: strict about undefined names, escaping by default, deterministic output."""

from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path

import jinja2
import jinja2.meta

from convlab.errors import ErrorLog, display_path
from convlab.site.diskcache import cached_text, keep_bytes, library_stamp, read_kept_bytes, sources_digest

PAGE_TEMPLATES = ("base.html", "index.html", "chapter.html", "404.html", "simulation.html")
LIGHT_STYLE, DARK_STYLE = "default", "github-dark"


class PrivateBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in the user's private cache folder (``diskcache``), as Python keeps
    ``__pycache__``: compiling the page templates is a tenth of a fresh build. Jinja names each entry by
    the template, and uses it only for the same source compiled by the same Jinja and Python; an entry is
    read only while the folder and the file are the user's own and nobody else's to write."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = read_kept_bytes("template", bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        keep_bytes("template", bucket.key, bucket.bytecode_to_string())


def make_environment(templates_dir: Path) -> jinja2.Environment:
    from simulations._params import format_matrix

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=PrivateBytecodeCache(),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(format_matrix=format_matrix, unsupported=unsupported)
    return env


def unsupported(what: str, kind: str, expected: str) -> str:
    """Stop the build on a panel or control kind the template cannot draw: a simulation's bug.

    Views arrive display-ready (docs/simulation-contract.md), so this is the template's only helper.
    """
    raise ValueError(f"a simulation's view has a {what} of kind '{kind}', which the page cannot draw "
                     f"(expected: {expected})")


def check_templates(env: jinja2.Environment, templates_dir: Path, errors: ErrorLog) -> bool:
    """Compile every page template up front, so a typo is reported as ``file:line`` with the rest."""
    ok = True
    for name in PAGE_TEMPLATES:
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            errors.add(templates_dir / name, exc.lineno, f"template error: {exc.message}")
            ok = False
        except jinja2.TemplateNotFound:
            errors.add(templates_dir, 0, f"missing template '{name}' (a course needs: {', '.join(PAGE_TEMPLATES)})")
            ok = False
    return ok


def render(env: jinja2.Environment, name: str, errors: ErrorLog, **context) -> str | None:
    """Render one template; an undefined name or a runtime error becomes a build error, not a traceback."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.UndefinedError as exc:
        errors.add(_template_path(env, name), _template_line(exc), f"template error: {exc.message}")
    except (jinja2.TemplateError, ValueError) as exc:
        errors.add(_template_path(env, name), _template_line(exc), f"template error: {exc}")
    return None


def templates_used_by(env: jinja2.Environment, name: str) -> tuple[tuple[str, str | None], ...]:
    """``name`` and every template it includes, imports or extends, with their sources.

    That is what a rendering of ``name`` depends on; the live server keeps chapters rendered while it
    stays the same. A template named by an expression could be any of them, so then all count.
    """
    found: dict[str, str | None] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        try:
            found[current] = env.loader.get_source(env, current)[0]
            references = _references(env, found[current])
        except jinja2.TemplateNotFound:
            found[current] = None
            continue
        except jinja2.TemplateSyntaxError:
            continue
        for reference in references:
            todo.extend(env.list_templates() if reference is None else [reference])
    return tuple(sorted(found.items()))


@functools.lru_cache(maxsize=64)
def _references(env: jinja2.Environment, source: str) -> tuple[str | None, ...]:
    """The templates ``source`` names (None for a name computed at render time).

    Parsing is the slow part, a twentieth of a build served from the render cache, so the answer is
    kept in the user's private cache under the source and Jinja's version."""
    compute = lambda: json.dumps(list(jinja2.meta.find_referenced_templates(env.parse(source))))  # noqa: E731
    return tuple(json.loads(cached_text("includes", (jinja2.__version__, source), compute, _are_names)))


def _are_names(text: str) -> bool:
    try:
        names = json.loads(text)
    except ValueError:
        return False
    return isinstance(names, list) and all(name is None or isinstance(name, str) for name in names)


def pygments_css() -> str:
    """Highlighting colours for code blocks, following the page's theme (``theme.js``).

    Light by default; dark when the reader's system is dark, unless they chose light in the header, and
    whenever they chose dark. Paper is always light, so the dark rules are for screens only. Kept in the
    user's private cache: Pygments' styles and plugins cost a build served from the render cache a tenth.
    """
    code = sources_digest([sys.modules[__name__]])
    return cached_text("pygments-css", (library_stamp("pygments"), LIGHT_STYLE, DARK_STYLE, code),
                       _pygments_css, _is_css)


def _pygments_css() -> str:
    light = _highlight_rules(LIGHT_STYLE, ".highlight")
    dark_system = _highlight_rules(DARK_STYLE, ':root:not([data-theme="light"]) .highlight')
    dark_chosen = _highlight_rules(DARK_STYLE, ':root[data-theme="dark"] .highlight')
    return (f"{light}\n@media screen and (prefers-color-scheme: dark) {{\n{dark_system}\n}}\n"
            f"@media screen {{\n{dark_chosen}\n}}\n")


def _highlight_rules(style: str, selector: str) -> str:
    """The style's background and token rules under ``selector`` (not Pygments' global line-number rules)."""
    from pygments.formatters import HtmlFormatter  # only when the rules are not kept (see pygments_css)

    formatter = HtmlFormatter(style=style)
    return "\n".join(formatter.get_background_style_defs([selector]) + formatter.get_token_style_defs([selector]))


# A line of the stylesheet: one rule with an optional comment, or the opening or end of a media block.
_CSS_LINE = re.compile(r"[^<>{}]*\{[^<>{}]*\}(?: /\* [^*]* \*/)?|@media [a-z :()-]+\{|\}")


def _is_css(text: str) -> bool:
    """Whether a kept stylesheet is made only of the lines ``_pygments_css`` writes."""
    return text.endswith("\n") and all(_CSS_LINE.fullmatch(line) for line in text[:-1].split("\n"))


def _template_path(env: jinja2.Environment, name: str) -> str:
    searchpath = getattr(env.loader, "searchpath", ["templates"])
    return display_path(Path(searchpath[0]) / name)


def _template_line(exc: Exception) -> int:
    """The template line of an error raised while rendering, from the traceback Jinja rewrites."""
    traceback = exc.__traceback__
    line = 0
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename.endswith(".html"):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line
