"""The one place that knows the order: config → sources → reader → assemble → validate → pages →
render → link check → write.

Everything is read and checked before anything is rendered, and everything is rendered and
checked before the output is swapped in. `check` is the same run without the write, so the
two can never disagree about a site.
"""
from __future__ import annotations

import datetime as dt
import gc
import logging
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from gongkai import doctypes
from gongkai.checks.links import check_links
from gongkai.engine import sources
from gongkai.engine.assemble import assemble
from gongkai.engine.build_date import BuildDate
from gongkai.engine.config import Config, load_config
from gongkai.engine import group_interprets
from gongkai.engine.group_interprets import Foreign
from gongkai.engine.model import Document, Site
from gongkai.engine.reader import ReadContext
from gongkai.engine.validate import validate
from gongkai.incremental import search_delta, search_index, unchanged
from gongkai.incremental.cache import BuildCache, digest
from gongkai.incremental.claims import Output, OutputConflict
from gongkai.incremental.edited_page import Built
from gongkai.engine import content_links
from gongkai.incremental.produce import Produced, produce
from gongkai.incremental.readall import read_all
from gongkai.incremental.versions import Records, Versions
from gongkai.incremental.write import clean_stale, discard, keeps_spare, seed_spare, stage, swap_in
from gongkai.output.catalog import Rows, catalog
from gongkai.output.feeds import feed_pages
from gongkai.engine.page import Page
from gongkai.output.pages import site_pages
from gongkai.output.render import TEMPLATES, THEME_DIR, Renderer
from gongkai.incremental.search_index import build_index, reuse_index
from gongkai.incremental.search_shards import shards
from gongkai.problems import Report, UsageError

log = logging.getLogger("gongkai")
STATIC = "static"
FAVICON = "favicon.ico"  # also at the root, where browsers and feed readers look without a <link>
CATALOG = "catalog.json"


@dataclass
class Loaded:
    """Everything read and checked, before anything is rendered."""

    config: Config
    site: Site
    documents: list[Document]  # every document read, non-public ones included
    report: Report
    context: ReadContext
    targets: content_links.Targets  # what links may point at: every document read, and which are published


@dataclass
class Session:
    """What `serve` keeps between its builds: the build cache, in memory, whose every document and page
    the next build still checks against the files as they are; and the last build itself, used only
    for the page shown before the next build (edited_page.py)."""

    cache: BuildCache | None = None
    built: Built | None = None  # the last successful build, for showing a body edit at once


@dataclass
class Result:
    report: Report
    site: Site | None = None
    output: Output | None = None
    hosts: dict[str, str] = field(default_factory=dict)  # external host -> source referring to it
    seconds: float = 0.0
    written: bool = False
    pages: int = 0
    rendered: int = 0
    reused: int = 0
    documents: int = 0  # published
    files: int = 0  # copied as they are: attachments and static files


def load(site_dir: Path, as_of: dt.date, cache: BuildCache | None = None,
         config: tuple[Config, Report] | None = None, drafts: bool = False, foreign: Foreign | None = None) -> Loaded:
    config, report = config or load_config(site_dir, doctypes.registry())
    ctx = read_context(site_dir, config)
    for rel, leads_out in sources.linked_folders(site_dir):
        report.error(rel, 1, "是指向 content/ 之外的文件夹符号链接，请把文件夹本身放进 content/" if leads_out
                     else "是文件夹符号链接，其中的文件不会读取；请把文件夹本身放进 content/")
    cache = cache or BuildCache.load(None, "")
    documents = read_all(ctx, cache, report)
    site = assemble(config, documents, BuildDate(as_of), report, drafts, foreign)
    targets = content_links.targets_of(config.site_dir, documents, config.site.member_path)
    validate(site, documents, config, report, targets)
    return Loaded(config, site, documents, report, ctx, targets)


def read_context(site_dir: Path, config: Config) -> ReadContext:
    """What reading a document depends on besides its files: all of the configuration the cache's key holds."""
    return ReadContext(
        site_dir=site_dir, types=config.types,
        defaults=dict(config.defaults, issuer=config.defaults.get("issuer") or config.site.organization),
        column_types={c.path: c.type for c in [*(c for top in config.columns for c in top.walk()),
                                                 *config.unopened.values()]},
        domain=config.site.domain, base_path=config.site.base_path, paragraph_per_line=config.paragraph_per_line,
        member_path=config.site.member_path, group_members=config.site.group_members,
    )


def plan(loaded: Loaded, rows: Rows | None = None) -> tuple[list[Page], list[str], Output]:
    """The pages to render and the files to write or copy, each output path claimed once. `rows`: catalog.json's
    rows as the last build made them, left holding this build's."""
    site, site_dir = loaded.site, loaded.config.site_dir
    pages = site_pages(site)
    pages += feed_pages(site, pages)
    origins = [p.doc.source if p.doc else "config.yaml" if p.column else f"{TEMPLATES}/{p.template}" for p in pages]
    output = Output()
    claim = _claimer(loaded.report)
    for page, origin in zip(pages, origins):
        claim(output.claim, page.path, origin)
    claim(output.add_page, CATALOG, catalog(site, rows), "catalog")
    targets = loaded.targets
    for doc in site.documents:
        for rel in _files_of(doc, targets):
            claim(output.add_copy, rel, site_dir / sources.CONTENT / rel, f"{sources.CONTENT}/{rel}")
    statics = _static_files(site_dir, loaded.report)
    for rel, path in statics.items():
        claim(output.add_copy, f"{STATIC}/{rel}", path, f"{STATIC}/{rel}")
    if FAVICON in statics:
        claim(output.add_copy, FAVICON, statics[FAVICON], f"{STATIC}/{FAVICON}")
    published = [d for d in loaded.documents if d.is_public and d.column is not None]
    content_links.check_pages(published, targets, output.paths(), loaded.report)
    return pages, origins, output


def _claimer(report: Report):
    """Claims output paths, reporting every collision rather than stopping at the first."""
    def claim(add, path: str, *rest) -> None:
        try:
            add(path, *rest)
        except OutputConflict as exc:
            report.error(exc.second, 0, f"{exc.second} 与 {exc.first} 都要写入 {exc.path}，请给其中一个改名")
    return claim


def _files_of(doc: Document, targets: content_links.Targets) -> list[str]:
    """Attachments and files linked from the body: copied beside the page."""
    return [a.file for a in doc.attachments] + [link.target for link in doc.links if targets.kind(link) == "file"]


def _static_files(site_dir: Path, report: Report) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for base in (THEME_DIR.parent / STATIC, site_dir / STATIC):
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and not sources.is_ignored(path.name):
                    rel = path.relative_to(base).as_posix()
                    if base.parent == site_dir and not sources.within(site_dir, path):  # a copied folder's links
                        report.error(f"{STATIC}/{rel}", 1, "是指向站点之外的符号链接，请把文件本身放进 static/")
                        continue
                    files[rel] = path
    return files


def _cache_context(config: Config, drafts: bool) -> str:
    """What every cached result depends on: what reading a document depends on besides its files, and
    whether drafts are shown. The build date, the templates and the rest of the configuration are
    inputs each page records (output/record.py): they change the pages that read them."""
    return digest(repr(read_context(config.site_dir.resolve(), config)), str(drafts))


class _Progress:
    """A counter for builds that run longer than two seconds, shown only to a person at a terminal:
    a captured stream (a log, a script, a test) gets the same output however fast the machine is."""

    def __init__(self, started: float):
        self.started, self.last, self.shown = started, 0.0, sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if self.shown and now - self.started > 2 and (now - self.last > 1 or done == total):
            self.last = now
            print(f"  渲染页面 {done}/{total}", end="\n" if done == total else "\r", file=sys.stderr, flush=True)


def run(site_dir: Path, as_of: dt.date, out_dir: Path | None = None, cache_dir: Path | None = None,
        search: bool = True, drafts: bool = False, session: Session | None = None,
        foreign: Foreign | None = None, fold_search: bool = False) -> Result:
    """Build the site; write it to `out_dir` only when there is no error (`None`: check only).

    `cache_dir` holds what the last build read and wrote (default: beside the output).
    `search=False` keeps the published search index even when it is out of date, or makes none
    (a preview, or a measurement, does not wait for indexing a large site).
    `fold_search=True` folds the search index's delta into its shards (a release: deploy).
    `drafts=True` publishes drafts too (serve).
    `session`: the cache stays in it between builds instead of on disk, and every build is a real
    one (serve, whose watcher builds only after a change).
    `foreign`: a group member's facts from the other members (group_interprets.py).
    """
    with _no_collection():
        return _run(site_dir, as_of, out_dir, cache_dir, search, fold_search, drafts, session, foreign)


@contextmanager
def _no_collection() -> Iterator[None]:
    """A build makes hundreds of thousands of long-lived objects and little garbage: Python's cycle
    collector would walk them again and again (about a sixth of an incremental build at 10,000
    documents). It is off while the build runs and on again afterwards, with what the build made moved
    to the oldest generation at once (freeze, unfreeze): else the first collection after it walks every
    object made since (0.1-0.2 s at 10,000 documents). Objects another caller froze are left frozen."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def _run(site_dir: Path, as_of: dt.date, out_dir: Path | None, cache_dir: Path | None, search: bool, fold: bool,
         drafts: bool, session: Session | None, foreign: Foreign | None) -> Result:
    started = time.perf_counter()
    config, config_report = load_config(site_dir, doctypes.registry())
    if cache_dir is None and out_dir is not None:
        cache_dir = BuildCache.folder_for(out_dir)
    context = _cache_context(config, drafts)
    inputs_key, date_only = "", False
    if out_dir is not None and cache_dir is not None and session is None:
        shown = foreign.key() if foreign else ""  # other members' documents its pages show
        inputs_key = unchanged.inputs_key(digest(BuildCache.versioned(context), config.text, shown), [
            site_dir / sources.CONTENT, site_dir / STATIC, THEME_DIR.parent / STATIC, site_dir / TEMPLATES, THEME_DIR])
        record = unchanged.read(cache_dir)
        last = unchanged.recall(record, inputs_key, out_dir, as_of, search, fold)
        if last is not None:
            return _unchanged(last, started)
        date_only = unchanged.only_the_date_moved(record, inputs_key)
        unchanged.forget(cache_dir)
    cache = _cache(cache_dir, context, session)
    if out_dir is not None and search and cache.outputs:  # an incremental build: its index is a small one
        search_index.warm()
    loaded = load(site_dir, as_of, cache, (config, config_report), drafts, foreign)
    if session is not None:
        cache.keep_bodies()
    result = Result(loaded.report, loaded.site, documents=len(loaded.site.documents))
    if loaded.report.errors:
        result.seconds = time.perf_counter() - started
        return result
    pages, origins, output = plan(loaded, cache.rows)
    result.output, result.pages, result.files = output, len(pages), len(output.copies)
    if loaded.report.errors:
        result.seconds = time.perf_counter() - started
        return result
    staged, spare = _stage(out_dir, cache)
    renderer = Renderer(site_dir, loaded.site, cache.bodies, cache.templates_folder())
    try:
        produced: Produced = produce(pages, origins, _records(loaded, pages, renderer), renderer, output, staged,
                                     out_dir if out_dir is not None and out_dir.is_dir() else None, cache,
                                     _Progress(started))
        loaded.report.problems.extend(produced.problems)
        result.rendered, result.reused = produced.rendered, produced.reused
        if not loaded.report.errors:
            lines = {d.source: d.url_lines for d in loaded.site.documents}
            result.hosts = check_links(produced.scans, output.paths(), loaded.report,
                                       lambda origin, url: lines.get(origin, {}).get(url, 0),
                                       bool(loaded.config.site.member_path))
        if staged is not None and not loaded.report.errors:
            folded = _search_index(cache, pages, out_dir, staged, search, fold, date_only)  # before the swap
            if not swap_in(staged, out_dir) and keeps_spare(staged, spare) and seed_spare(out_dir, spare):
                cache.spare, cache.spare_copies = dict(cache.outputs), dict(cache.copies)
            staged = None
            result.written = True
            if session is None:
                cache.save()
                if not links_across(loaded.site):  # whether those still lead somewhere depends on other members
                    unchanged.remember(cache_dir, inputs_key, out_dir, search, _last_build(result, loaded.site),
                                       cache.written(), folded)
            else:
                session.built = Built(loaded.context, {p.doc.source: p for p in pages if p.kind == "document"},
                                      renderer, out_dir)
    finally:
        if staged is not None:
            discard(staged, spare)
    result.seconds = time.perf_counter() - started
    return result


def _records(loaded: Loaded, pages: list[Page], renderer: Renderer) -> Records:
    """Made for produce alone: every input's version, each known by a name as long as a key of a page's
    record, is let go when produce returns, before the link check and the search index need the room."""
    return Records(Versions(loaded.site, [*loaded.documents, *loaded.site.foreign], pages, renderer.env))


def _cache(cache_dir: Path | None, context: str, session: Session | None) -> BuildCache:
    """The session's cache when it is for the same context, its documents back as read; else the one on disk."""
    if session is None:
        return BuildCache.load(cache_dir, context)
    session.built = None  # its documents are built anew from here on
    if session.cache is not None and session.cache.context == BuildCache.versioned(context):
        session.cache.rewind()
    else:
        session.cache = BuildCache.load(cache_dir, context)
    return session.cache


def _stage(out_dir: Path | None, cache: BuildCache) -> tuple[Path | None, Path | None]:
    """The folder the new output is written into (the spare, brought up to date), and the spare's place."""
    if out_dir is None:
        return None, None
    clean_stale(out_dir)
    spare = BuildCache.spare_for(out_dir)
    staged = stage(out_dir, spare)
    if not keeps_spare(staged, spare):
        cache.spare, cache.spare_copies = {}, {}
    return staged, spare


def links_across(site: Site) -> list[tuple[str, int, str, str, str]]:
    """A group member's links to other members' documents and its 政策解读 of them: (source, line, member,
    content path without .md, 链接 or 解读)."""
    links = [(doc.source, link.line, link.member, link.target[:-3], "链接") for doc in site.documents
             for link in doc.links if link.member]
    return links + [(doc.source, doc.line("interprets"), *group_interprets.member_of(doc.interprets_doc), "解读")
                    for doc in site.documents
                    if doc.interprets_doc is not None and group_interprets.member_of(doc.interprets_doc)]


def _last_build(result: Result, site: Site) -> unchanged.LastBuild:
    """What the build printed and made, and the dates on which it would print and make the same."""
    return unchanged.LastBuild(result.report.problems, result.documents, result.pages, result.files,
                               site.as_of.span())


def _unchanged(last: unchanged.LastBuild, started: float) -> Result:
    """The last build's result, for a build with nothing to do: every page reused, nothing written."""
    return Result(Report(last.problems), written=True, pages=last.pages, reused=last.pages,
                  documents=last.documents, files=last.files, seconds=time.perf_counter() - started)


def _search_index(cache: BuildCache, pages: list[Page], out_dir: Path, staged: Path, search: bool,
                  fold: bool, date_only: bool = False) -> bool:
    """A site without its search index is never published. Only the pages that changed, came or went
    are indexed again (search_delta.py; `fold`: their shards, leaving no delta); `search=False` keeps
    the published index as it is, even out of date, or makes none. `date_only`: no input changed since
    the last build, which indexed its pages: what a page no longer shows was made from the date, not
    written by anyone. Whether the index has no delta."""
    if search:
        shown = {path: entry.fingerprint for path, entry in cache.outputs.items()}
        records = cache.folder / search_delta.RECORDS if cache.folder is not None else None
        cache.mark_index(build_index(staged, shards(pages, shown), shown, out_dir, cache.index_shards, records, fold,
                                     written_text_kept=date_only))
    elif not reuse_index(out_dir, staged, cache.index_shards):
        cache.mark_index({})
    return search_delta.DELTA not in cache.index_shards


def output_dir(site_dir: Path, out: str | None, config_output: str) -> Path:
    """The output folder, refusing folders whose replacement would destroy the site or other files."""
    out_dir = (Path(out) if out else site_dir / config_output).resolve()
    site = site_dir.resolve()
    if out_dir == site or site.is_relative_to(out_dir):
        raise UsageError(f"输出文件夹 {out_dir} 不能是站点文件夹或它的上级")
    for protected in (sources.CONTENT, "templates", STATIC):
        if out_dir.is_relative_to(site / protected):
            raise UsageError(f"输出文件夹 {out_dir} 不能在 {protected}/ 之内")
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / CATALOG).exists())):
        raise UsageError(f"输出文件夹 {out_dir} 已存在且不是本工具生成的站点；为防止误删，请换一个文件夹或先清空它")
    return out_dir
