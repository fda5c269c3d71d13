"""The build: gather and render everything in memory, then write the site in one swap.

Nothing touches the output folder until every chapter has rendered and every check has passed. The site
is then written into a temporary sibling folder and renamed into place, so a failed build, or one
interrupted half-way, leaves the previous site exactly as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from convlab import runtime
from convlab.config import BuildOptions, check_out_dir, load_course
from convlab.chapters import Chapter, load_chapters
from convlab.embeds import SimulationEmbedder
from convlab.errors import ErrorLog
from convlab.links import LinkResolver, element_ids
from convlab.markup import MarkdownPool, PageContext, flatten_toc
from convlab.registry import discover_simulations
from convlab.render import check_templates, make_environment, pygments_css, render


@dataclass
class ChapterPage:
    """A chapter after its Markdown has been rendered."""

    chapter: Chapter
    html: str
    toc: list[dict]
    simulations: list[str]
    quizzes: list[str]


@dataclass
class Site:
    """Every file of the site, in memory: rendered pages and the files to copy."""

    pages: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    runtime: runtime.Runtime | None = None

    @property
    def html_pages(self) -> int:
        return sum(1 for name in self.pages if name.endswith(".html"))


@dataclass
class BuildResult:
    errors: list[str]
    pages: int = 0


def build(options: BuildOptions) -> BuildResult:
    """Build the course described by ``options``; the site is replaced only if nothing is wrong."""
    errors = ErrorLog()
    site = gather(options, errors)
    if errors or site is None:
        return BuildResult(errors.report())
    write_site(site, options)
    return BuildResult([], site.html_pages)


def check(options: BuildOptions) -> BuildResult:
    """Everything ``build`` checks, without writing anything."""
    errors = ErrorLog()
    site = gather(options, errors)
    return BuildResult(errors.report(), site.html_pages if site else 0)


def gather(options: BuildOptions, errors: ErrorLog) -> Site | None:
    """Read, render and cross-check the whole course; None when something stops the build early."""
    check_out_dir(options, errors)
    course = load_course(options.content_dir, errors)
    chapters = load_chapters(options.content_dir, errors)
    env = make_environment(options.templates_dir)
    plan = _plan_runtime(options, errors)
    if course is None or not check_templates(env, options.templates_dir, errors) or plan is None:
        return None
    if not chapters and not errors:
        errors.add(options.content_dir, 0, "the course has no chapters — add a file such as 00-introduction.md")
    resolver = LinkResolver(options.content_dir, chapters, options.base_url)
    common = {"course": course, "base_url": options.base_url, "runtime": plan}
    pages = render_chapters(chapters, env, resolver, errors, common)
    _check_anchors(pages, resolver, errors)
    site = Site(runtime=plan)
    _render_pages(site, pages, env, errors, common)
    _collect_copies(site, options, resolver)
    return site


def _plan_runtime(options: BuildOptions, errors: ErrorLog) -> runtime.Runtime | None:
    try:
        return runtime.plan_runtime(options.base_url, options.pyodide_dir)
    except ValueError as exc:
        for problem in str(exc).splitlines():
            errors.add("", 0, problem)
        return None


def render_chapters(chapters: list[Chapter], env, resolver: LinkResolver, errors: ErrorLog,
                    common: dict) -> list[ChapterPage]:
    """Markdown → HTML for every chapter, with directives validated against the simulations."""
    embed = SimulationEmbedder(discover_simulations(),
                               lambda name, **context: render(env, name, errors, **common, **context))
    pool = MarkdownPool()
    pages = []
    for chapter in chapters:
        context = PageContext(chapter, errors, resolver, embed)
        rendered = pool.convert_page(context)
        toc = flatten_toc(rendered.toc) + context.quizzes
        pages.append(ChapterPage(chapter, rendered.html, toc, sorted(set(context.simulations_used)),
                                 [entry["id"] for entry in context.quizzes]))
    return pages


def course_stats(pages: list[ChapterPage]) -> dict:
    """The landing page's numbers, counted from the content rather than typed in."""
    simulations = {name for page in pages for name in page.simulations}
    return {"chapters": len(pages), "simulations": len(simulations),
            "quizzes": sum(len(page.quizzes) for page in pages)}


def _check_anchors(pages: list[ChapterPage], resolver: LinkResolver, errors: ErrorLog) -> None:
    ids = {page.chapter.slug: element_ids(page.html) for page in pages}
    headings = {page.chapter.slug: [entry["id"] for entry in page.toc] for page in pages}
    resolver.check_anchors(ids, headings, errors)


def _render_pages(site: Site, pages: list[ChapterPage], env, errors: ErrorLog, common: dict) -> None:
    chapters = [page.chapter for page in pages]
    shared = {**common, "chapters": chapters, "stats": course_stats(pages)}
    site.pages["index.html"] = render(env, "index.html", errors, **shared, page_title="")
    site.pages["404.html"] = render(env, "404.html", errors, **shared, page_title="Page not found")
    for index, page in enumerate(pages):
        neighbours = {"previous": chapters[index - 1] if index > 0 else None,
                      "next": chapters[index + 1] if index + 1 < len(chapters) else None}
        site.pages[f"{page.chapter.slug}/index.html"] = render(
            env, "chapter.html", errors, **shared, **neighbours, page=page, chapter=page.chapter,
            position=index + 1, page_title=page.chapter.title)


def _collect_copies(site: Site, options: BuildOptions, resolver: LinkResolver) -> None:
    assets = options.templates_dir / "assets"
    for path in sorted(assets.rglob("*")) if assets.is_dir() else []:
        if path.is_file():
            site.copies[f"assets/{path.relative_to(assets).as_posix()}"] = path
    for relative in sorted(resolver.assets):
        site.copies[relative] = options.content_dir / relative
    site.pages["assets/css/pygments.css"] = pygments_css()


def write_site(site: Site, options: BuildOptions) -> None:
    """Write into a fresh sibling folder, then swap it in place of the previous site."""
    out_dir = options.out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        _write_files(site, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, out_dir)


def _write_files(site: Site, root: Path) -> None:
    for relative, text in sorted(site.pages.items()):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for relative, source in sorted(site.copies.items()):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    site.runtime.write(root)


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    retired = staging.with_name(staging.name.replace(".new-", ".old-"))
    out_dir.rename(retired)
    staging.rename(out_dir)
    shutil.rmtree(retired, ignore_errors=True)
