"""The build: gather and render everything in memory, then write the site in one swap.

Nothing touches the output folder until every chapter has rendered and every check has passed. The site
is then written into a temporary sibling folder and renamed into place, so a failed build, or one
interrupted half-way, leaves the previous site exactly as it was.

``gather`` optionally takes a ``BuildCache``: the live server keeps one between builds so that only the
chapters a change touches are rendered again. The cache changes how long a build takes, never its output.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from convlab import runtime
from convlab.site.cache import BuildCache
from convlab.site.config import BuildOptions, load_course
from convlab.site.chapters import Chapter, load_chapters
from convlab.site.embeds import SimulationEmbedder
from convlab.errors import BuildError, ErrorLog, display_path, error_from_exception
from convlab.markdown.stage import MarkdownPool
from convlab.markdown.links import LinkResolver, PendingAnchor, check_anchors, element_ids
from convlab.markdown.facts import known_functions
from convlab.markdown.page import Page
from convlab.site.inputs import leaves_root, outside
from convlab.site.outdir import MARKER, MARKER_TEXT, check_out_dir, folder_mode
from convlab.site.progress import course_lists
from convlab.site.registry import Simulation, discover_simulations, simulation_facts
from convlab.site.diskcache import prune
from convlab.site.rendercache import cached_rendering, rendering_code_digest, world_digest
from convlab.site.search import INDEX_FILE, search_index
from convlab.site.sources import source_files
from convlab.site.render import check_templates, make_environment, pygments_css, render, templates_used_by


@dataclass
class ChapterPage:
    """A chapter after its Markdown has been rendered."""

    chapter: Chapter
    html: str
    toc: list[dict]
    simulations: list[str]
    quizzes: dict[str, dict]  # anchor -> {"options": N, "correct": the index the page shows it at}


@dataclass(frozen=True)
class RenderedChapter:
    """What rendering a chapter returns: its page, its errors and warnings, the anchors its links need,
    its files."""

    page: ChapterPage
    errors: tuple[BuildError, ...]
    warnings: tuple[BuildError, ...]
    pending: tuple[PendingAnchor, ...]
    assets: tuple[str, ...]

    @classmethod
    def kept(cls, chapter: Chapter, fields: dict) -> RenderedChapter:
        """The rendering an earlier build kept (``rendercache.load_rendering``'s fields): it had no errors."""
        page = ChapterPage(chapter, fields["html"], fields["toc"], fields["simulations"], fields["quizzes"])
        return cls(page, (), fields["warnings"], fields["pending"], fields["assets"])


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
    warnings: list[str] = field(default_factory=list)


def build(options: BuildOptions) -> BuildResult:
    """Build the course described by ``options``; the site is replaced only if nothing is wrong."""
    errors = ErrorLog()
    site = gather(options, errors)
    if errors or site is None:
        return BuildResult(errors.report())
    try:
        write_site(site, options)
    except OSError as exc:
        return BuildResult([f"{display_path(options.out_dir)}: cannot write the site ({exc.strerror or exc}) — "
                            "free some space or choose another --out folder; the previous site is untouched"])
    return BuildResult([], site.html_pages)


def check(options: BuildOptions) -> BuildResult:
    """Everything ``build`` checks, without writing anything."""
    errors = ErrorLog()
    site = gather(options, errors)
    return BuildResult(errors.report(), site.html_pages if site else 0, errors.warning_report())


def gather(options: BuildOptions, errors: ErrorLog, cache: BuildCache | None = None) -> Site | None:
    """Read, render and cross-check the whole course; None when something stops the build early."""
    check_out_dir(options, errors)
    course = load_course(options.content_dir, errors)
    chapters = load_chapters(options.content_dir, errors)
    env = cache.environment(options.templates_dir) if cache else make_environment(options.templates_dir)
    plan = _plan_runtime(options, errors)
    registry = _discover(errors)
    if course is None or not check_templates(env, options.templates_dir, errors) or plan is None or registry is None:
        return None
    if not chapters and not errors:
        errors.add(options.content_dir, 0, "the course has no chapters — add a file such as 00-introduction.md")
    resolver = LinkResolver(options.content_dir, chapters, options.base_url)
    common = {"course": course, "base_url": options.base_url, "runtime": plan}
    world = _world(options, chapters, common, env)
    if cache is not None:
        cache.enter(world)
    rendered = render_chapters(chapters, env, resolver, common, registry, cache, world_digest(world))
    for chapter in rendered:
        errors.errors.extend(chapter.errors)
        errors.warnings.extend(chapter.warnings)
    pages = [chapter.page for chapter in rendered]
    _check_anchors(pages, [link for chapter in rendered for link in chapter.pending], errors)
    site = Site(runtime=plan)
    lists = course_lists(pages, {name: simulation.title for name, simulation in registry.items()})
    _render_pages(site, pages, env, errors, {**common, "course_lists": lists})
    _collect_copies(site, options, [asset for chapter in rendered for asset in chapter.assets], errors)
    site.pages.update(source_files(registry))
    site.pages[MARKER] = MARKER_TEXT
    prune()  # the private cache stays bounded however many edits it has seen
    return site


def _discover(errors: ErrorLog) -> dict[str, Simulation] | None:
    """The simulations, or None after reporting why one cannot be imported (a bad edit, in the live server)."""
    try:
        registry = discover_simulations()
        simulation_facts(registry)  # two simulations defining one fact name is the author's to see
        return registry
    except Exception as exc:  # any error a module raises on import is the author's to see, not a traceback
        errors.errors.append(error_from_exception(exc, within=runtime.SIMULATIONS_DIR))
        return None


def _world(options: BuildOptions, chapters: list[Chapter], common: dict, env) -> tuple:
    """Everything outside a chapter's own file that its rendered Markdown depends on (see ``BuildCache``).

    Links depend on the chapters' file names and slugs and on which files exist; figures on their images'
    sizes (a changed file has another size or time); simulation embeds on the templates they render, the
    course, the base URL and the runtime, whose bundle is a hash of the simulations' sources.
    """
    content = options.content_dir
    own = {chapter.path for chapter in chapters}  # each chapter's text is its own key, not its neighbours'
    files = tuple(sorted((path.relative_to(content).as_posix(), None if path in own else _stamp(path))
                         for path in content.rglob("*") if path.is_file()))
    names = tuple((chapter.file_name, chapter.slug) for chapter in chapters)
    return (options.base_url, files, names, common["course"], common["runtime"],
            templates_used_by(env, "simulation.html"))


def _stamp(path: Path) -> tuple[int, int, int]:
    """Size, time and inode: a file replaced or edited (an image's new size) has another."""
    info = path.stat()
    return info.st_size, info.st_mtime_ns, info.st_ino


def _plan_runtime(options: BuildOptions, errors: ErrorLog) -> runtime.Runtime | None:
    try:
        return runtime.plan_runtime(options.base_url, options.pyodide_dir)
    except ValueError as exc:
        for problem in str(exc).splitlines():
            errors.add("", 0, problem)
        return None


def render_chapters(chapters: list[Chapter], env, resolver: LinkResolver, common: dict,
                    registry: dict[str, Simulation], cache: BuildCache | None = None,
                    world: str = "") -> list[RenderedChapter]:
    """Markdown → HTML for every chapter, with directives validated against the simulations.

    A chapter whose file, ``world`` (a digest of ``_world``) and code are as an earlier build found them
    is taken from the user's render cache (``rendercache``) instead: same page, no Markdown run."""
    embed = SimulationEmbedder(registry, lambda errors, name, **context: render(env, name, errors, **common, **context),
                               states=cache.states if cache else None)
    pool = cache.pool if cache else MarkdownPool()
    facts = known_functions(registry)
    code = rendering_code_digest([simulation.module for simulation in registry.values()])

    def render_one(chapter: Chapter) -> RenderedChapter:
        return cached_rendering(chapter, world, code, lambda: render_chapter(chapter, pool, resolver, embed, facts),
                                lambda fields: RenderedChapter.kept(chapter, fields))

    return cache.rendered(chapters, render_one) if cache else [render_one(chapter) for chapter in chapters]


def render_chapter(chapter: Chapter, pool: MarkdownPool, resolver: LinkResolver,
                   embed: SimulationEmbedder, facts: dict) -> RenderedChapter:
    page = Page(chapter, link_resolver=resolver, simulation_embedder=embed, facts=facts)
    rendered = pool.convert_page(page)
    toc = rendered.toc + page.quizzes
    html_page = ChapterPage(chapter, rendered.html, toc, sorted(set(page.simulations_used)),
                            dict(page.quiz_answers))
    return RenderedChapter(html_page, tuple(page.errors), tuple(page.warnings), tuple(page.pending),
                           tuple(page.assets))


def course_stats(pages: list[ChapterPage]) -> dict:
    """The landing page's numbers, counted from the content rather than typed in."""
    simulations = {name for page in pages for name in page.simulations}
    return {"chapters": len(pages), "simulations": len(simulations),
            "quizzes": sum(len(page.quizzes) for page in pages)}


def _check_anchors(pages: list[ChapterPage], pending: list[PendingAnchor], errors: ErrorLog) -> None:
    ids = {page.chapter.slug: element_ids(page.html) for page in pages}
    headings = {page.chapter.slug: [entry["id"] for entry in page.toc] for page in pages}
    check_anchors(pending, ids, headings, errors)


def _render_pages(site: Site, pages: list[ChapterPage], env, errors: ErrorLog, common: dict) -> None:
    chapters = [page.chapter for page in pages]
    shared = {**common, "chapters": chapters, "stats": course_stats(pages)}
    site.pages["index.html"] = render(env, "index.html", errors, **shared, page_title="")
    site.pages["404.html"] = render(env, "404.html", errors, **shared, page_title="Page not found")
    site.pages[INDEX_FILE] = search_index([(page.chapter.slug, page.chapter.title, page.html) for page in pages],
                                          common["base_url"])
    for index, page in enumerate(pages):
        neighbours = {"previous": chapters[index - 1] if index > 0 else None,
                      "next": chapters[index + 1] if index + 1 < len(chapters) else None}
        site.pages[f"{page.chapter.slug}/index.html"] = render(
            env, "chapter.html", errors, **shared, **neighbours, page=page, chapter=page.chapter,
            position=index + 1, page_title=page.chapter.title)


def _collect_copies(site: Site, options: BuildOptions, used: list[str], errors: ErrorLog) -> None:
    templates, assets = options.templates_dir, options.templates_dir / "assets"
    for path in sorted(templates.rglob("*")) if templates.is_dir() else []:
        if path.is_file() and (real := outside(path, templates)) is not None:
            errors.add(path, 0, leaves_root("this template file", real, templates))
        elif path.is_file() and path.is_relative_to(assets):
            site.copies[f"assets/{path.relative_to(assets).as_posix()}"] = path
    for relative in sorted(set(used)):
        site.copies[relative] = options.content_dir / relative
    site.pages["assets/css/pygments.css"] = pygments_css()


def write_site(site: Site, options: BuildOptions) -> None:
    """Write into a fresh sibling folder, then swap it in place of the previous site."""
    out_dir = options.out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        staging.chmod(folder_mode())  # mkdtemp's folder is private; a site is for a web server to read
        _write_files(site, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, out_dir)


def page_bytes(text: str) -> bytes:
    """A rendered page as written to disk: UTF-8, with the line endings exactly as rendered."""
    return text.encode("utf-8")


def _write_files(site: Site, root: Path) -> None:
    for relative, text in sorted(site.pages.items()):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page_bytes(text))
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
