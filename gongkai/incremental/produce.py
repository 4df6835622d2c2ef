"""Every output file into the build folder: pages that read an input that changed are rendered (in
parallel) and scanned for the link check (link_check.py), the rest are kept or hard-linked from the
published output.

A page's entry holds its record: each input it read when it was rendered, with its version then
(output/record.py, versions.py). It is kept when every one of them has the same version in this build.
The build folder may hold an older output (the spare, see write.py): a file there is kept only
when its own record is still current and the file is untouched since; anything else in it is
replaced or removed. Without a build folder (`check`) nothing is written.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from gongkai.checks.links import Scan, key, scan, shared
from gongkai.incremental import listing_rows
from gongkai.incremental.cache import BuildCache, OutputEntry, Stat, digest, file_stat, packed
from gongkai.incremental.claims import Output
from gongkai.incremental.parallel import fork_map
from gongkai.incremental.search_print import search_print
from gongkai.incremental.versions import Records
from gongkai.incremental.write import link_over, replace_file
from gongkai.engine import image_metadata
from gongkai.engine.page import Page
from gongkai.output.render import Renderer, TemplateProblem
from gongkai.incremental.search_index import FOLDER as INDEX_FOLDER
from gongkai.problems import ERROR, Problem


@dataclass
class Produced:
    scans: dict[str, Scan] = field(default_factory=dict)  # what the pages rendered were found to hold, by key
    #: every page rendered scans as the page it replaced did, key for key (link_check.py)
    scanned_as_before: bool = True
    rendered: int = 0
    reused: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Job:
    renderer: Renderer
    pages: list[Page]
    origins: list[str]
    target: Optional[Path]
    base_path: str
    records: Records
    cache: BuildCache


#: a page rendered: its index, entry, scan, problem, and whether it keeps rows now (listing_rows.py)
Done = tuple[int, Optional[OutputEntry], Optional[Scan], Optional[Problem], bool]


def _render_chunk(job: _Job, indexes: Sequence[int]) -> list[Done]:
    """Render, write and scan pages; each entry carries the keys its page read and the records of the rows
    it kept, back to the building process that knows their versions. Scans share the links every page has (the navigation) already
    here, so they travel back pickled once a chunk instead of once a page."""
    results: list[Done] = []
    held: dict = {}
    for i in indexes:
        page = job.pages[i]
        try:
            html, keys, parts, rows = job.renderer.render_recorded(page, _kept(job, page.path))
        except TemplateProblem as exc:
            problem = Problem(exc.path, exc.line, ERROR, f"{exc.message}（渲染 {page.path} 时）")
            results.append((i, None, None, problem, False))
            continue
        found = shared(scan(page.path, html, job.origins[i], job.base_path), held) if page.path.endswith(".html") \
            else None
        stat = None
        if job.target is not None:
            replace_file(job.target / page.path, html)
            stat = file_stat(job.target / page.path, with_inode=True)
        made, keeps = digest(html), rows is not None and job.target is not None
        search = search_print(html) if page.kind == "document" else None
        if keeps:
            job.cache.bodies.put_listings({page.path: listing_rows.packed(rows, made, job.records)})
        results.append((i, OutputEntry(made, stat, key(found) if found else None, (keys, parts), search), found, None, keeps))
    return results


def _kept(job: _Job, page: str) -> Optional[listing_rows.KeptRows]:
    """The rows the page kept when it was rendered as it is published now."""
    last = job.cache.outputs.get(page) if page in job.cache.listings else None
    return listing_rows.kept(job.cache.bodies, page, last.fingerprint, job.records) if last is not None else None


#: pages rendered by one set of forked workers before the next set is forked (parallel.fork_map `renew`): at
#: 100,000 documents each worker then holds a few hundred MB of its own, not most of the site's gigabyte
RENEW = 4000

Current = Callable[[OutputEntry], bool]  # whether what an entry was made from is unchanged


def _keep(rel: str, current: Current, target: Optional[str], published: Optional[str],
          spare: dict[str, OutputEntry], outputs: dict[str, OutputEntry], stated: Stated) -> Optional[OutputEntry]:
    """The entry of an unchanged file, now in place in `target`; None when it must be made again.
    `spare` and `outputs` say what the spare folder and the published output hold; `target` and `published`
    are their folders, each with a slash at its end (str, joined by hand: this is called for every page and
    file of a build, 112,000 at 100,000 documents), `stated` gives the stat of a file in `target`. Without a
    `target` (a check, which writes nothing) a page the last build made from inputs unchanged since stands as
    made."""
    entry = spare.get(rel) if target is not None else None
    if entry is not None and current(entry) and stated(rel) == entry.stat:
        return entry
    entry = outputs.get(rel)
    if entry is None or not current(entry):
        return None
    if target is None:
        return entry
    if published is None or file_stat(published + rel, with_inode=True) != entry.stat:
        return None
    if not link_over(published + rel, target + rel):
        return None
    return entry


#: every file of a folder by its path there, with its stat as file_stat(with_inode=True) gives it (None: it
#: cannot be stated), and whether no folder in it is empty; the search index's folder left out
Listing = tuple[dict[str, Optional[Stat]], bool]
Stated = Callable[[str], Optional[Stat]]


def listing(folder: Path) -> Optional[Listing]:
    """The spare folder as produce finds it, taken while this build reads the cache (pipeline, in the child
    that walked the inputs: incremental/alongside): at 100,000 documents produce stated 112,000 files one by one
    (0.29 s) and walked them again for what to remove (0.10 s). None: there is no such folder."""
    files: dict[str, Optional[Stat]] = {}
    tidy = True

    def walk(path: str, prefix: str) -> None:
        nonlocal tidy
        with os.scandir(path) as entries:
            empty = True
            for entry in entries:
                empty, rel = False, prefix + entry.name
                if rel == INDEX_FOLDER:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, rel + "/")
                    continue
                try:
                    st = entry.stat()
                    files[rel] = (st.st_size, st.st_mtime_ns, st.st_ino)
                except OSError:
                    files[rel] = None
            tidy &= not empty or not prefix
    try:
        walk(os.fspath(folder), "")
    except OSError:
        return None
    return files, tidy


def _stated(target: Optional[str], listed: Optional[Listing]) -> Stated:
    """How _keep states a file of the folder written into: from what was `listed` of it, else asked."""
    if listed is not None:
        return listed[0].get
    return lambda rel: file_stat(target + rel, with_inode=True)


def _folder(path: Optional[Path]) -> Optional[str]:
    """A folder as _keep takes it."""
    return f"{os.fspath(path)}/" if path is not None else None


def _remove_others(folder: Path, keep: set[str], spared: str, listed: Optional[Listing]) -> None:
    """Delete whatever an older output left in `folder` that this output does not have, except the
    top-level folder `spared`, which the search index step brings up to date itself; nothing when what was
    `listed` of it before this build wrote into it holds nothing else and no empty folder."""
    if listed is not None and listed[1] and keep.issuperset(listed[0]):
        return

    def walk(path: str, prefix: str) -> bool:
        empty = True
        with os.scandir(path) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if rel == spared:
                    empty = False
                elif entry.is_dir(follow_symlinks=False):
                    if walk(entry.path, rel + "/"):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                elif rel not in keep:
                    os.unlink(entry.path)
                else:
                    empty = False
        return empty
    walk(str(folder), "")


def produce(pages: list[Page], origins: list[str], records: Records, renderer: Renderer,
            output: Output, target: Optional[Path], published: Optional[Path], cache: BuildCache,
            progress: Callable[[int, int], None], listed: Optional[Listing] = None) -> Produced:
    """`listed`: the files `target` held before this build wrote into it (`listing`), when known."""
    result = Produced()
    outputs: dict[str, OutputEntry] = {}
    todo = []
    spare = cache.spare if records.only is None else _as_published(cache.spare, cache.outputs)
    current: Current = lambda e: records.current(e.record)  # noqa: E731
    here, there = _folder(target), _folder(published)
    stated, fresh, in_spare = _stated(here, listed), records.current, spare.get if here is not None else {}.get
    for i, page in enumerate(pages):
        rel = page.path
        entry = in_spare(rel)
        # the spare's file current, as for nearly every page of a build, asked here and not in _keep: each call
        # of a function costs, and this is a build's one pass over every page (0.65 s at 100,000 documents)
        if entry is None or not fresh(entry.record) or stated(rel) != entry.stat:
            entry = _keep(rel, current, here, there, spare, cache.outputs, stated)
            if entry is None:
                todo.append(i)
                continue
        outputs[rel] = entry
    # pages showing many documents are rendered here (fork_map `apart`): rendering them reads much of the
    # site, and a worker would copy what it reads (see RENEW)
    todo.sort(key=lambda i: pages[i].kind != "document")
    listings = sum(pages[i].kind != "document" for i in todo)
    result.reused = len(pages) - len(todo)
    if todo or {p.path for p in pages} != set(cache.outputs):
        cache.changed = True
    job, held = _Job(renderer, pages, origins, target, renderer.site.info.base_path, records, cache), {}
    rows: dict[str, bool] = {}
    for i, entry, found, problem, kept in fork_map(_render_chunk, job, todo, renew=RENEW, apart=listings,
                                                   progress=lambda done: progress(done, len(todo))):
        rows[pages[i].path] = kept
        if problem:
            result.problems.append(problem)
        else:
            last = cache.outputs.get(pages[i].path)
            before = last or cache.spare.get(pages[i].path)
            keys, parts = entry.record
            made = records.make(keys, pages[i].path, pages[i].doc.path if pages[i].doc else None,
                                before.record if before is not None else None, parts)
            entry = entry._replace(record=packed(made))  # as kept: 59 MB at 100,000 documents, 239 MiB as dicts
            if found is not None:
                result.scans[entry.scan] = shared(found, held)
            result.scanned_as_before &= last is not None and last.scan == entry.scan
            outputs[pages[i].path] = entry
    result.rendered = len(todo)
    copies = _files(output, target, published, cache, stated, result.problems) if target is not None else {}
    if target is not None:
        _remove_others(target, set(outputs) | set(copies), INDEX_FOLDER, listed)
        _keep_rows(cache, rows, outputs)
    # after the swap the published output is the spare
    cache.spare, cache.outputs = cache.outputs, outputs
    cache.spare_copies, cache.copies = cache.copies, copies
    return result


def _keep_rows(cache: BuildCache, rows: dict[str, bool], outputs: dict[str, OutputEntry]) -> None:
    """Which pages keep rows now (listing_rows.py): those rendered say, a page gone keeps none."""
    rows.update(dict.fromkeys(cache.listings - outputs.keys(), False))
    kept = (cache.listings - rows.keys()) | {page for page, keeps in rows.items() if keeps}
    cache.bodies.put_listings(dict.fromkeys(cache.listings - kept))
    if kept != cache.listings:
        cache.listings, cache.changed = kept, True


def _as_published(spare: dict[str, OutputEntry], outputs: dict[str, OutputEntry]) -> dict[str, OutputEntry]:
    """The spare's pages that are the published ones. Records checked against the last build's site alone
    (versions.Records `only`) vouch for what that build published, not for the build before it."""
    return {rel: entry for rel, entry in spare.items() if outputs.get(rel) is entry or outputs.get(rel) == entry}


def _files(output: Output, target: Path, published: Optional[Path], cache: BuildCache,
           stated: Stated, problems: list[Problem]) -> dict[str, OutputEntry]:
    """Attachments and static files, copied again only when their source changed (pictures without their
    metadata: image_metadata), and the files made whole (catalog.json), written again only when their bytes
    changed. A picture that cannot be read through is not published: an error at its file."""
    made = [(rel, f"{source}:{file_stat(source)}", source, None) for rel, source in output.copies.items()]
    made += [(rel, digest(data), None, data) for rel, data in output.pages.items()]
    files, here, there = {}, _folder(target), _folder(published)
    for rel, fingerprint, source, data in made:
        entry = _keep(rel, lambda e: e.fingerprint == fingerprint, here, there, cache.spare_copies, cache.copies,
                      stated)
        if entry is None:
            if source is not None and image_metadata.is_picture(source):
                source, data = None, image_metadata.published(source)
                if data is None:
                    problems.append(Problem(output.origins[rel], 1, ERROR, image_metadata.DAMAGED))
                    continue
            replace_file(target / rel, data, source)
            entry = OutputEntry(fingerprint, file_stat(target / rel, with_inode=True), None)
        files[rel] = entry
    if files != cache.copies:
        cache.changed = True
    return files
