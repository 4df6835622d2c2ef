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
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Mapping

from gongkai import doctypes
from gongkai.engine import content_links, reads, sources, static_links
from gongkai.engine.assemble import assemble
from gongkai.engine.build_date import BuildDate
from gongkai.engine.config import Config, load_config
from gongkai.engine.group_interprets import Foreign
from gongkai.engine.group_links import links_across
from gongkai.engine.model import Document, Site
from gongkai.engine.page import Page
from gongkai.engine.reader import ReadContext
from gongkai.engine.sources import STATIC
from gongkai.engine.validate import check_dated, own_problems, validate
from gongkai.incremental import link_check, search_index, search_shards, snapshot, unchanged
from gongkai.incremental.cache import CACHE_FILE, BuildCache, digest, file_stat
from gongkai.incremental.claims import Output, claimer
from gongkai.incremental.edited_page import Built
from gongkai.incremental.alongside import alongside
from gongkai.incremental.produce import Listing, Produced, listing, produce
from gongkai.incremental.progress import Progress
from gongkai.incremental.readall import read_all
from gongkai.incremental.searching import index_site
from gongkai.incremental.session import Session
from gongkai.incremental.since import NOTHING, Since, inputs_now, since_last
from gongkai.incremental.versions import Records, Versions
from gongkai.incremental.write import discard, failed_writes, keeps_spare, renew_spare, seed_spare, staging, swap_in
from gongkai.output.catalog import CATALOG, Rows, catalog, with_rows_of
from gongkai.output.feeds import feed_pages
from gongkai.output.pages import site_pages
from gongkai.output.render import TEMPLATES, THEME_DIR, Renderer
from gongkai.problems import GongkaiError, Problem, Report

log = logging.getLogger("gongkai")
FAVICON = "favicon.ico"  # also at the root, where browsers and feed readers look without a <link>


@dataclass
class Loaded:
    """Everything read and checked, before anything is rendered."""

    config: Config
    site: Site
    documents: list[Document]  # every document read, non-public ones included
    report: Report
    context: ReadContext
    targets: content_links.Targets  # what links may point at: every document read, and which are published
    #: taken up from the last build (incremental/snapshot.py): the documents read again, or whose date-derived
    #: values changed today, by path, with their content keys
    fresh: Mapping[str, str] | None = None
    #: the problems found by assembling, checking and planning the site, kept with it (incremental/snapshot.py)
    modelled: list[Problem] = field(default_factory=list)
    #: what assembling, checking and planning it read of each document (engine/reads.py), by path; None:
    #: not known, and the site is not kept
    reads: dict[str, frozenset[str]] | None = field(default_factory=dict)
    #: of `modelled`, what each document breaks on its own, by path
    own: dict[str, list[Problem]] = field(default_factory=dict)
    #: taken up: the documents read again whose front matter changed, and those whose date-derived values did
    restated: frozenset[str] = frozenset()
    #: taken up: the span of the kept site's answers as it was kept (snapshot.Model.span)
    span: tuple[str, str] = ("", "")
    #: taken up: what had changed in the kept site since it was written whole, and the values decided again for
    #: this build's day (snapshot.Model.delta, .redone)
    delta: snapshot.Delta | None = None
    redone: tuple = ()
    #: which document pages each search shard holds: the site's taken up with it, else made when it is indexed
    shards: search_shards.Plan | None = None


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


def load(site_dir: Path, as_of: dt.datetime, cache: BuildCache | None = None,
         config: tuple[Config, Report] | None = None, drafts: bool = False, foreign: Foreign | None = None,
         read: tuple[list[Document], Report] | None = None) -> Loaded:
    """`read`: the documents, read already, and what reading them found."""
    config, report = config or load_config(site_dir, doctypes.registry())
    ctx = ReadContext.of(config, site_dir)
    for rel, leads_out in sources.linked_folders(site_dir):
        report.error(rel, 1, "是指向 content/ 之外的文件夹符号链接，请把文件夹本身放进 content/" if leads_out
                     else "是文件夹符号链接，其中的文件不会读取；请把文件夹本身放进 content/")
    if read is None:
        found = Report()
        read = read_all(ctx, cache or BuildCache.load(None, ""), found), found
    documents, found = read
    report.problems += found.problems
    start = len(report.problems)
    site = assemble(config, documents, BuildDate(as_of), report, drafts, foreign)
    targets = content_links.targets_of(config.site_dir, documents, config.site.member_path)
    checked_again = validate(site, documents, config, report, targets)
    if cache is not None:
        cache.keep_checks(checked_again)
    modelled = report.problems[start:]
    check_dated(site, config.types, report)
    return Loaded(config, site, documents, report, ctx, targets, modelled=modelled)


def plan(loaded: Loaded, rows: Rows | None = None) -> tuple[list[Page], list[str], Output]:
    """The pages to render and the files to write or copy, each output path claimed once. `rows`: catalog.json's
    rows as the last build made them, left holding this build's."""
    site, site_dir = loaded.site, loaded.config.site_dir
    pages = site_pages(site)
    pages += feed_pages(site, pages)
    origins = [p.doc.source if p.doc else "config.yaml" if p.column else f"{TEMPLATES}/{p.template}" for p in pages]
    output = Output()
    claim = claimer(loaded.report)
    for page, origin in zip(pages, origins):
        claim(output.claim, page.path, origin)
    with reads.unrecorded():  # each row is made again for a changed document (_restate)
        claim(output.add_page, CATALOG, catalog(site, rows), "catalog")
    targets = loaded.targets
    for doc in site.documents:
        for rel in _files_of(doc, targets):
            claim(output.add_copy, rel, site_dir / sources.CONTENT / rel, f"{sources.CONTENT}/{rel}")
    statics = static_links.published(site_dir, sources.static_files(site_dir, THEME_DIR.parent / STATIC, loaded.report),
                                     loaded.report)
    for rel, path in statics.items():
        claim(output.add_copy, f"{STATIC}/{rel}", path, f"{STATIC}/{rel}")
    if FAVICON in statics:
        claim(output.add_copy, FAVICON, statics[FAVICON], f"{STATIC}/{FAVICON}")
    published = [d for d in loaded.documents if d.is_public and d.column is not None]
    content_links.check_pages(published, targets, output.paths(), loaded.report)
    return pages, origins, output


def _files_of(doc: Document, targets: content_links.Targets) -> list[str]:
    """Attachments and files linked from the body: copied beside the page."""
    return [a.file for a in doc.attachments] + [link.target for link in doc.links if targets.kind(link) == "file"]


def _cache_context(config: Config, drafts: bool) -> str:
    """What every cached result depends on: what reading a document depends on besides its files, and
    whether drafts are shown. The build date, the templates and the rest of the configuration are
    inputs each page records (output/record.py): they change the pages that read them."""
    return digest(repr(ReadContext.of(config, config.site_dir.resolve())), str(drafts))


def run(site_dir: Path, as_of: dt.datetime, out_dir: Path | None = None, cache_dir: Path | None = None,
        search: bool = True, drafts: bool = False, session: Session | None = None,
        foreign: Foreign | None = None, fold_search: bool = False) -> Result:
    """Build the site; write it to `out_dir` only when there is no error (`None`: check only).

    `cache_dir` holds what the last build read and wrote (default: beside the output); a check (no
    `out_dir`) given one reads it, writes no page and saves none of it.
    `search=False` keeps the published search index even when it is out of date, or makes none
    (a preview, or a measurement, does not wait for indexing a large site).
    `fold_search=True` folds the search index's delta into its shards (a release: deploy).
    `drafts=True` publishes drafts too (serve).
    `session`: the cache stays in it between builds, read from disk only by the first and saved by its owner
    (Session.save), and every build is a real one (serve, whose watcher builds only after a change).
    `foreign`: a group member's facts from the other members (group_interprets.py).
    """
    with _no_collection(), failed_writes(out_dir, cache_dir):  # the one place a write that fails becomes an error
        return _run(_Build(site_dir, as_of, out_dir, cache_dir, search, fold_search, drafts, session, foreign))


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


@dataclass
class _Build:
    """One build's request, as `run` was asked."""

    site_dir: Path
    as_of: dt.datetime
    out_dir: Path | None
    cache_dir: Path | None
    search: bool
    fold: bool
    drafts: bool
    session: Session | None
    foreign: Foreign | None
    #: time.perf_counter looked up at each call, not once here: a test may stand in a clock of its own
    started: float = field(default_factory=lambda: time.perf_counter())

    def __post_init__(self) -> None:
        self.site_dir = self.site_dir.resolve()  # by its full path: the inputs' key is the same however it was named


def last_result(site_dir: Path, as_of: dt.datetime, out_dir: Path, search: bool = True, drafts: bool = False,
                foreign: Foreign | None = None, fold_search: bool = False) -> Result | None:
    """What `run` would return when building would change nothing, found without building; None when a
    build is needed (or the configuration is at fault: the build says how)."""
    build = _Build(out_dir=out_dir, site_dir=site_dir, as_of=as_of, cache_dir=None, search=search,
                   fold=fold_search, drafts=drafts, session=None, foreign=foreign)
    if unchanged.read(BuildCache.folder_for(out_dir)) is None:  # a first build: no walk over its inputs
        return None
    try:
        config, _, context = _start(build)
        since = _since_last(build, config, context)
    except GongkaiError:
        return None
    return _unchanged(since.last, build.started) if since.last is not None else None


def _start(build: _Build) -> tuple[Config, Report, str]:
    """The configuration, and what every cached result depends on."""
    config, config_report = load_config(build.site_dir, doctypes.registry())
    sources.require_content(build.site_dir, config_report)
    if build.cache_dir is None and build.out_dir is not None:
        build.cache_dir = BuildCache.folder_for(build.out_dir)
    return config, config_report, _cache_context(config, build.drafts)


#: a cache whose index file is this large or larger is read while a forked child walks the inputs
#: (`_cache_and_since`): about 30,000 documents. At 10,000 (an index of 300 KiB) an edit's build gained
#: nothing measurable and one with nothing to do took 0.04 s more
ALONGSIDE = 1024 * 1024


def _cache_and_since(build: _Build, config: Config, context: str,
                     alive: ExitStack) -> tuple[BuildCache | None, Since, Callable[[], Listing | None]]:
    """What the last build says of this one, the cache it left (None when its result stands: no cache is
    wanted), and what gives the spare folder's files (produce.listing) when produce asks. Walking the inputs and
    reading a large cache each took half a second of a one-edit build at 100,000 documents, one after the other
    on one core: a cache that large is read while a forked child walks the inputs (incremental/alongside), and is
    read for nothing when the last build's result stands; the child then lists the spare while this process
    reads the documents and takes up the last build's site (`alive` holds it until the build ends)."""
    if build.session is not None:
        return build.session.cache_for(build.cache_dir, context), _since_last(build, config, context), _unlisted
    index = file_stat(build.cache_dir / CACHE_FILE) if build.out_dir is not None else None
    if index is None or index[0] < ALONGSIDE:
        since = _since_last(build, config, context)
        return (BuildCache.load(build.cache_dir, context) if since.last is None else None), since, _unlisted
    spare = BuildCache.spare_for(build.out_dir)
    walked = alive.enter_context(alongside(lambda: _stands_bare(_since_last(build, config, context)),
                                           lambda since: listing(spare) if since.last is None else None))
    cache = BuildCache.load(build.cache_dir, context)
    since = walked()
    if since.last is None:
        return cache, since, walked.then
    cache.bodies.close()
    return None, since, _unlisted


def _unlisted() -> None:
    """No listing of the spare: produce states its files itself."""
    return None


def _stands_bare(since: Since) -> Since:
    """`since` without the inputs' states when the last build's result stands: nothing will read them, and
    110,000 of them took 0.07 s to send from the child that walked them at 100,000 documents."""
    return since._replace(seen=None) if since.last is not None else since


def _run(build: _Build) -> Result:
    with ExitStack() as alive:
        return _run_with(build, alive)


def _run_with(build: _Build, alive: ExitStack) -> Result:
    config, config_report, context = _start(build)
    cache, since, listed = _cache_and_since(build, config, context, alive)
    if cache is None:
        return _unchanged(since.last, build.started)
    session, cache_dir = build.session, build.cache_dir
    if since.key:  # a real build: its record goes until it has succeeded (last_result only asks, as here)
        unchanged.forget(cache_dir)
    if build.out_dir is not None and build.search and cache.outputs:  # an incremental build: a small index
        search_index.warm()
    loaded = planned = None
    try:
        loaded, planned = _load_and_plan(build, cache, config, config_report, since)
        if build.session is not None:
            cache.keep_bodies()
        result = Result(loaded.report, loaded.site, documents=len(loaded.site.documents))
        if planned is not None:
            result.output, result.pages, result.files = planned[2], len(planned[0]), len(planned[2].copies)
            if not loaded.report.errors:
                _render_and_write(build, loaded, cache, planned, since, result, listed)
    finally:
        if session is None:
            cache.bodies.close()
            if _unfreed is not None:
                _unfreed[:] = [cache, since, loaded, planned]
    result.seconds = time.perf_counter() - build.started
    return result


#: what the last build made (its cache, site and plan), when the process ends without freeing it (`leave_unfreed`)
_unfreed: list | None = None


def leave_unfreed() -> None:
    """This process ends once its command returns, without freeing what it made (cli.leave): what a build made
    is then kept until the next build ends, or the process, instead of freed object by object as the build
    returns (its cache: 0.22 s of a one-edit build at 100,000 documents; its site, plan and the inputs' states
    0.03 s more). Off in a process that builds on (the tests, serve)."""
    global _unfreed
    _unfreed = []


def _load_and_plan(build: _Build, cache: BuildCache, config: Config, report: Report,
                   since: Since) -> tuple[Loaded, tuple[list[Page], list[str], Output] | None]:
    """The site and its plan (None after an error): the last build's when only documents' bodies changed
    since (incremental/snapshot.py), else made from the documents."""
    before, found, context = cache.docs, Report(), ReadContext.of(config, build.site_dir)
    documents = read_all(context, cache, found, since.seen)
    last = snapshot.recall(build.cache_dir, since.shape, build.as_of, before, cache.docs, documents, config.types) \
        if since.shape and not found.errors else None
    if last is not None:
        if last.restated:
            _restate(last, config, cache)
        report.problems += found.problems + last.problems
        check_dated(last.site, config.types, report)
        return Loaded(config, last.site, last.documents, report, context, last.targets, last.fresh, last.problems,
                      last.reads, last.own, last.restated, last.span, last.delta, last.redone, last.shards), \
            (last.pages, last.origins, last.output)
    with reads.recording(documents) as read:
        loaded = load(build.site_dir, build.as_of, cache, (config, report), build.drafts, build.foreign,
                      read=(documents, found))
        if loaded.report.errors:
            return loaded, None
        mark = len(loaded.report.problems)
        planned = plan(loaded, cache.rows)
    loaded.modelled += loaded.report.problems[mark:]
    loaded.reads = None if read is None else _one_each(read)
    loaded.own = {d.path: d.checked[1] for d in documents if d.checked and d.checked[1]}
    return loaded, planned if not loaded.report.errors else None


def _one_each(read: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """What making the site read of each document, one set for each that differs: the documents of a type
    read the same keys (5 sets for 10,000 generated documents), and a set for each was 12 MiB of the
    build's memory, and of the kept site's file, at 10,000."""
    alike: dict[frozenset[str], frozenset[str]] = {}
    return {path: alike.setdefault(keys, keys) for path, keys in zip(read, map(frozenset, read.values()))}


def _restate(last: snapshot.Model, config: Config, cache: BuildCache) -> None:
    """A site taken up after some documents' front matter or date-derived values changed: what they break
    on their own, checked again, and catalog.json with their rows made again (neither is recorded as read
    while the site is made: engine/reads.py); from every row, as for `plan`, should the file kept with the
    site not be whole."""
    documents = [d for d in last.documents if d.path in last.restated]
    own, checked_again = own_problems(documents, config, last.site.topics)
    snapshot.restate(last, own)
    cache.keep_checks(checked_again)
    made = with_rows_of(last.output.pages[CATALOG], last.site, last.restated)
    last.output.pages[CATALOG] = made if made is not None else catalog(last.site, cache.rows)


def _since_last(build: _Build, config: Config, context: str) -> Since:
    if build.out_dir is None or build.cache_dir is None:
        return NOTHING
    if build.session is not None:
        return inputs_now(build.site_dir, config, context)
    return since_last(build.site_dir, config, context, build.cache_dir, build.out_dir, build.as_of, build.search,
                      build.fold, build.foreign.key() if build.foreign else "")


def _render_and_write(build: _Build, loaded: Loaded, cache: BuildCache, planned: tuple[list[Page], list[str], Output],
                      since: Since, result: Result, listed: Callable[[], Listing | None]) -> None:
    """Render what changed, check the links, index, and swap the new output in when nothing is wrong."""
    (pages, origins, output), out_dir = planned, build.out_dir
    staged, spare = staging(out_dir, cache)
    spare_listed = listed() if staged is not None and keeps_spare(staged, spare) else None
    renderer = Renderer(build.site_dir, loaded.site, cache.bodies, cache.templates_folder())
    try:
        produced: Produced = produce(pages, origins, _records(loaded, pages, renderer), renderer, output, staged,
                                     out_dir if out_dir is not None and out_dir.is_dir() else None, cache,
                                     Progress(build.started), spare_listed)
        loaded.report.problems.extend(produced.problems)
        result.rendered, result.reused = produced.rendered, produced.reused
        if not loaded.report.errors:
            result.hosts = link_check.check(cache, produced, pages, origins, output.paths(), loaded.report,
                                            loaded.site, loaded.fresh is not None, staged)
        if staged is None or loaded.report.errors:
            return
        if build.search:
            loaded.shards = search_shards.plan(pages, loaded.shards)
        index_record = index_site(cache, loaded.shards if build.search else None, out_dir, staged, build.fold,
                                  since.date_only)  # before the swap
        if swap_in(staged, out_dir):
            renew_spare(out_dir, spare, cache)
            search_index.renew_spare(out_dir, spare, index_record)
        elif keeps_spare(staged, spare) and seed_spare(out_dir, spare):
            cache.spare, cache.spare_copies = dict(cache.outputs), dict(cache.copies)
        staged = None
        result.written = True
        if build.session is None:
            cache.save()  # serve saves its own once the browser reloads (tools/preview.py)
        else:
            build.session.built = Built(loaded.context, {p.doc.source: p for p in pages if p.kind == "document"},
                                        renderer, out_dir)
        if links_across(loaded.site):  # whether those still lead somewhere depends on other members
            snapshot.forget(build.cache_dir)
        else:
            if since.key:  # serve's builds keep no record of their result (since.inputs_now)
                unchanged.remember(build.cache_dir, since.key, out_dir, build.search,
                                   _last_build(result, loaded.site), cache.written(),
                                   search_index.folded(index_record))
            _keep_model(build, loaded, (pages, origins, output), since)
    finally:
        if staged is not None:
            discard(staged, spare)


def _records(loaded: Loaded, pages: list[Page], renderer: Renderer) -> Records:
    """Made for produce alone: every input's version, each known by a name as long as a key of a page's
    record, is let go when produce returns, before the link check and the search index need the room."""
    return Records(Versions(loaded.site, [*loaded.documents, *loaded.site.foreign], pages, renderer.env), loaded.fresh)


def _keep_model(build: _Build, loaded: Loaded, planned: tuple[list[Page], list[str], Output], since: Since) -> None:
    """The site for the next build to take up (incremental/snapshot.py), unless what it read is not known."""
    if loaded.reads is None:
        snapshot.forget(build.cache_dir)
    elif since.shape:
        snapshot.keep(build.cache_dir, snapshot.Model(since.shape, loaded.site, loaded.documents,
                                                      loaded.targets, *planned, loaded.modelled, loaded.reads,
                                                      loaded.own, loaded.fresh, loaded.restated, loaded.span,
                                                      delta=loaded.delta, redone=loaded.redone, shards=loaded.shards))


def _last_build(result: Result, site: Site) -> unchanged.LastBuild:
    """What the build printed and made, and the dates on which it would print and make the same."""
    return unchanged.LastBuild(result.report.problems, result.documents, result.pages, result.files,
                               site.as_of.span())


def _unchanged(last: unchanged.LastBuild, started: float) -> Result:
    """The last build's result, for a build with nothing to do: every page reused, nothing written."""
    return Result(Report(last.problems), written=True, pages=last.pages, reused=last.pages,
                  documents=last.documents, files=last.files, seconds=time.perf_counter() - started)


