"""The full-text search index: Pagefind's extended build (which segments Chinese), one index per
shard of document pages (see search_shards.py), merged by the search page in the browser.

It runs on the staged output folder, after every page is written and before the swap, so a
site whose index could not be built is never published. Each shard is indexed on its own, from a
folder of hard links to its pages, into `pagefind/<shard>/`; `pagefind/shards.json` lists the
shards for the search page. A shard whose pages show what they showed when the published index
was made is hard-linked from it instead; pages edited or added since go into the small delta index
(search_delta.py), so an edit re-indexes a few pages, not a shard; pages that left it are taken out of
its files, and edited pages whose old text must leave it are narrowed to their new versions' words
(search_cut.py).
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Collection, Mapping, NamedTuple, Optional

from gongkai.incremental.cache import Stat, digest, file_stat
from gongkai.incremental import pagefind_service, search_cut, search_delta, search_merge, search_shards, search_words
from gongkai.incremental.parallel import job_count
from gongkai.incremental.pagefind_format import ENTRY
from gongkai.incremental.search_delta import DELTA
from gongkai.incremental.search_shards import Shard
from gongkai.incremental.write import link_tree, link_whole, remove_whole
from gongkai.problems import GongkaiError

log = logging.getLogger("gongkai")
FOLDER = "pagefind"
#: the shards the search page merges, in order; the first is the one whose scripts it loads
SHARDS_FILE = "shards.json"
#: a site group's list of its members' indexes, which its search page merges
GROUP_LISTING = f"search/{SHARDS_FILE}"
#: where each shard's pages are linked for Pagefind to read; removed before the swap
PAGES_FOLDER = ".pagefind-pages"
#: the start of the record's key of a shard changed since Pagefind made it (pages taken out, a delta merged in):
#: never a shard's key, so a build that folds (`--fold-search`, deploy) indexes it afresh, and a release's index
#: is the very one a clean build makes
ALTERED = "altered:"
#: the index of a grown delta's pages that their shards are merged with (_fold_in), under pagefind/ while they are
FOLD = "fold"
#: Pagefind's ready-made interfaces: the search page has its own, so no shard needs them
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
#: how search_shards.py names shards ("2024", "2024-2of4", "all") and search_merge.py merged ones ("2024-1to4of8"):
#: nothing else is ever deleted or linked
_SHARD_NAME = re.compile(r"[0-9A-Za-z]+(-[0-9]+of[0-9]+|-[0-9]+to[0-9]+of[0-9]+)?")
#: one indexing run may take long on a very large shard, but never forever
TIMEOUT_SECONDS = 600


class SearchIndexError(GongkaiError):
    """Pagefind could not index the site: an installation problem, not a content one (exit 2)."""

    def __init__(self, reason: str):
        super().__init__(f"生成全文搜索索引失败，原有输出未改动：{reason}")


def executable() -> Path:
    """The extended build's binary, run directly (the Python wrapper would add a second of start-up)."""
    try:
        from pagefind_bin_extended import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError):
        raise SearchIndexError("未安装 Pagefind 扩展版（中文分词），请运行 pip install -r requirements.txt") from None


def warm() -> None:
    """Pagefind made ready for the small index an incremental build makes (pagefind_service.warm)."""
    try:
        pagefind_service.warm(executable())
    except SearchIndexError:
        pass


def folded(record: Mapping[str, tuple[str, Optional[Stat]]]) -> bool:
    """Whether the index `record` describes is as a clean build makes it: no delta, no shard ALTERED."""
    return DELTA not in record and not any(key.startswith(ALTERED) for key, _ in record.values())


def reuse_index(published: Path, folder: Path, indexed: Mapping[str, tuple[str, Stat]],
                records: Optional[Path], shown: Mapping[str, Optional[str]]) -> bool:
    """The published index in `folder` as it is: shards `folder` already holds as published (by the
    record `indexed`) stay, the others are hard-linked; False when there is none to reuse, or when it may
    hold a page that is no longer published or text a page no longer shows (`shown`: each published page's
    search_print, its page rendered in `folder`): out of date is all it may be."""
    source, index = published / FOLDER, folder / FOLDER
    try:
        listed = json.loads((source / SHARDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        listed = None
    names = search_delta.folders(listed, _SHARD_NAME.fullmatch)
    if names is None or not _only_of(names, source, records, indexed, shown, folder):
        _remove_index(index)  # none, not one this generator wrote, or one holding what may not be published
        return False
    names += search_merge.shards_of(source, names)
    _keep_only(index, set(names))
    for name in names:
        if _holds(index / name, indexed.get(name)):
            continue
        _remove(index / name)
        if not link_whole(source / name, index / name):
            _remove_index(index)
            return False
    _write_listing(index, listed, source)
    return True


def _only_of(names: list[str], source: Path, records: Optional[Path], indexed: Mapping[str, tuple[str, Stat]],
             shown: Mapping[str, Optional[str]], staged: Path) -> bool:
    """Whether every page the listed indexes hold is among those `shown`, by the pages each shard and the delta
    were made from (search_delta's records), and a page changed since still shows every passage its record in
    the index holds (an editor who took a name out of a page builds with --no-search: the name must not stay
    in the index); False when a record does not describe the index published."""
    shards = [name for name in names if not search_merge.NAME.fullmatch(name)] + search_merge.shards_of(source, names)
    for name in shards:
        if name == DELTA:
            held = search_delta.read_judged(records, indexed.get(name))  # {} when unknown: a delta holds pages
            if not held:
                return False
        else:
            base = search_delta.read_base(records, name, indexed.get(name))
            if base is None:
                return False
            held = {page: made_from for page, (made_from, _) in base.pages.items()}
        if any(page not in shown for page in held):
            return False
        changed = [page for page, made_from in held.items() if made_from != shown[page]]
        if changed and not search_delta.still_shown(source / name, changed, staged):
            return False
    return True


def build_index(folder: Path, shards: list[Shard], shown: Mapping[str, Optional[str]], published: Path,
                indexed: Mapping[str, tuple[str, Stat]], records: Optional[Path],
                fold: bool = False, written_text_kept: bool = False) -> dict[str, tuple[str, Stat]]:
    """Index `shards` of the pages under `folder` (`shown`: each page's fingerprint) into `folder/pagefind`.

    A shard `indexed` records with the same key is reused from `published`; one whose pages changed
    is reused too, its edited and added pages indexed into the delta (search_delta.py), unless the delta
    grows past its limit or `fold` asks for no delta: then it is indexed again. The pages it lost are taken
    out of its files, and the old versions of edited pages that no longer show some of their old text
    (unless `written_text_kept` says no input changed since the last build: a badge 失效 put inside a line
    breaks the line's old text without taking any out) are narrowed to the words of their new versions,
    or taken out (search_cut.py); it is indexed again where neither can be done with certainty.
    `records` keeps each shard's pages as indexed. Returns the record of the new index."""
    started = time.perf_counter()
    names = [s.name for s in shards]
    merging = search_merge.groups(names)
    _keep_only(folder / FOLDER, {*names, DELTA, *merging})
    try:
        made = _build(folder, shards, shown, published, indexed, records, fold, written_text_kept)
        if made is None:  # an id to hide names two pages: this once, no delta
            made = _build(folder, shards, shown, published, indexed, records, True)
    finally:
        shutil.rmtree(folder / PAGES_FOLDER, ignore_errors=True)
    merged = _merge(folder / FOLDER, merging, published, indexed, made.record, fold, set(made.indexed))
    _write_listing(folder / FOLDER, search_delta.listing(search_merge.listed(names, merged), made.hidden),
                   published / FOLDER)
    search_delta.keep_bases(records, names + ([DELTA] if made.delta is not None else []))
    log.info("search index: %d of %d shards indexed (%s), pages taken out of or narrowed in %s, delta %s, "
             "%d merged indexes, in %.2f s", len(made.indexed), len(shards), " ".join(made.indexed),
             " ".join(made.cut) or "none", "none" if made.delta is None else f"of {made.delta} pages", len(merged),
             time.perf_counter() - started)
    return made.record


def _merge(index: Path, merging: dict[str, list[str]], published: Path, indexed: Mapping[str, tuple[str, Stat]],
           record: dict[str, tuple[str, Stat]], fold: bool, indexed_now: set[str]) -> dict[str, list[str]]:
    """A year's shards merged into indexes for readers (search_merge.py) and added to `record`: the published
    one while its shards are the very ones it was made from. One whose shards changed since only by pages taken
    out (search_cut.py) is listed as its shards until a build folds the index (`fold`, as deploy does) or
    indexes one of them again (`indexed_now`, which costs more than merging): merging costs about 1 s at
    100,000 documents, more than the edit that took the pages out. Shards that cannot be merged are listed as
    they are, and not tried again until they change. Returns the merged indexes, with their shards."""
    merged, todo, keys = {}, {}, {}
    for name, shards in merging.items():
        made_from = [(shard, record[shard][1]) for shard in shards if shard in record]
        keys[name] = key = digest("merged", repr(made_from)) if len(made_from) == len(shards) else None
        recorded = indexed.get(name)
        only_cut = not fold and indexed_now.isdisjoint(shards)
        if key is not None and recorded is not None and (recorded[0] == key or only_cut):
            if recorded[1] is not None and recorded[0] == key and _place(name, recorded, published, index):
                record[name], merged[name] = recorded, shards
                continue
            if recorded[1] is None or recorded[0] != key:  # not merged: it could not be, or until a fold
                _remove(index / name)
                record[name] = (recorded[0], None)
                continue
        _remove(index / name)
        todo[name] = shards
    made = search_merge.merge_all(index, todo)
    for name, shards in todo.items():
        if name in made:
            merged[name] = shards
        if keys[name] is not None:
            record[name] = (keys[name], file_stat(index / name / ENTRY, with_inode=True) if name in made else None)
    return merged


class _Made(NamedTuple):
    record: dict[str, tuple[str, Stat]]  # of the new index
    hidden: Optional[list[str]]  # the ids the delta hides; None: no delta
    indexed: list[str]  # the shards indexed afresh
    cut: list[str]  # the shards some pages were taken out of (search_cut)
    delta: Optional[int]  # pages in the delta


def _build(folder: Path, shards: list[Shard], shown: Mapping[str, Optional[str]], published: Path,
           indexed: Mapping[str, tuple[str, Stat]], records: Optional[Path],
           fold: bool, written_text_kept: bool = False) -> Optional[_Made]:
    """The index in the build folder; None when an id to hide is not one page's alone."""
    index = folder / FOLDER
    record, bases, todo = {}, {}, []
    for shard in shards:
        recorded = indexed.get(shard.name)
        same = shard.key is not None and recorded is not None and recorded[0] == shard.key
        base = None if same else search_delta.read_base(records, shard.name, recorded)
        if (same or base is not None) and _place(shard.name, recorded, published, index):
            record[shard.name] = recorded
            if base is not None:
                bases[shard.name] = search_delta.with_ids(records, shard.name, base, index / shard.name)
        else:
            _remove(index / shard.name)
            todo.append(shard)
    cut = [] if fold else [shard.name for shard in shards if shard.name in bases and _cut(
        index, shard.name, bases[shard.name].pages.keys() - set(shard.pages), bases[shard.name], record, records)]
    plan = search_delta.plan([s for s in shards if s.name in bases], bases, shown, fold)
    by_name = {s.name: s for s in shards}
    folded_in = _fold_in(folder, [by_name[name] for name in plan.overflow], plan, shown, records, record)
    for name in [*plan.fold, *(name for name in plan.overflow if name not in folded_in)]:
        del record[name]
        _remove(index / name)
        todo.append(by_name[name])
    if plan.delta is not None and indexed.get(DELTA, ("",))[0] == plan.delta.key \
            and _place(DELTA, indexed[DELTA], published, index):
        record[DELTA] = indexed[DELTA]
    else:
        _remove(index / DELTA)
        todo += [plan.delta] if plan.delta is not None else []
    _index_all(folder, todo, shown, records, record)
    shards_indexed = [s.name for s in todo if s.name != DELTA]
    judged = search_delta.read_judged(records, indexed.get(DELTA))
    forced: frozenset[str] = frozenset()
    while plan.delta is not None:
        ids = search_delta.page_ids(index / DELTA)
        twins = search_delta.adopt_twins(plan, bases, ids, shown, records)  # Pagefind read them as it had
        losing = {} if written_text_kept else search_delta.losing_text(index, plan, bases, ids, judged, shown)
        lost, new_words = set(), _page_words(index / DELTA) if losing else None
        for name, paths in losing.items():
            if name in forced:
                continue
            narrowed = None if new_words is None else _narrow(index, name, paths, bases[name], ids, new_words,
                                                               record, records)
            if narrowed is not None:
                plan.supersedes.update(narrowed)
                cut.append(name)
            elif _cut(index, name, paths, bases[name], record, records):
                cut.append(name)
                for path in paths:
                    del plan.supersedes[path]
            else:
                lost.add(name)
        if not twins and not lost:
            break
        forced |= lost
        for name in lost:
            del record[name]
            _remove(index / name)
        plan = search_delta.plan([s for s in shards if s.name in bases], bases, shown, fold, forced)
        _remove(index / DELTA)
        del record[DELTA]
        _index_all(folder, [s for s in shards if s.name in lost] + ([plan.delta] if plan.delta else []),
                   shown, records, record)
        shards_indexed += sorted(lost)
    cut = [name for name in dict.fromkeys(cut) if name not in shards_indexed]  # not when indexed again after all
    shards_indexed += sorted(folded_in)
    if plan.delta is None:
        return _Made(record, None, shards_indexed, cut, None)
    hidden = sorted(plan.supersedes.values())
    if search_delta.ambiguous(index, [s.name for s in shards] + [DELTA], hidden):
        return None
    search_delta.keep_judged(records, plan.delta, shown)
    return _Made(record, hidden, shards_indexed, cut, len(plan.delta.pages))


def _fold_in(folder: Path, shards: list[Shard], plan: search_delta.Plan, shown: Mapping[str, Optional[str]],
             records: Optional[Path], record: dict[str, tuple[str, Stat]]) -> set[str]:
    """The `shards` whose pages edited or added since they were indexed overflow the delta (`plan.overflow`)
    made again with the new versions of those pages in place of the old (`plan.supersedes`): the pages are
    indexed together once, into an index of their own, and each shard is merged with its part of it
    (search_merge.fold), instead of Pagefind reading every page of every shard again (at 100,000 documents
    a delta of 100 pages spread over 45 shards: 58 s). A shard that cannot be so made is indexed again by
    the caller, as is one not worth folding (_worth_folding). Returns the shards made, each recorded as ALTERED."""
    overflow = {name: plan.overflow[name] for name in _worth_folding(shards, plan.overflow)}
    wanted = sorted({path for paths in overflow.values() for path in paths})
    if not wanted:
        return set()
    index = folder / FOLDER
    try:
        _index_shard(folder, Shard(FOLD, wanted, None))
        ids = search_delta.page_ids(index / FOLD)
        todo = {name: ({plan.supersedes[path] for path in paths if path in plan.supersedes},
                       {ids[path] for path in paths}) for name, paths in overflow.items()
                if all(path in ids for path in paths)}
        done = search_merge.fold_all(index, FOLD, todo)
    finally:
        _remove(index / FOLD)
    for shard in shards:
        if shard.name in done:
            entry = file_stat(index / shard.name / ENTRY, with_inode=True)
            record[shard.name] = (ALTERED + digest("folded in", shard.key), entry)
            search_delta.write_base(records, shard.name, {path: shown.get(path) for path in shard.pages}, entry)
    return done


def _worth_folding(shards: list[Shard], overflow: Mapping[str, list[str]]) -> list[str]:
    """Of the `shards` whose changed pages `overflow` the delta, those to fold in: at most half of each one's pages
    changed, and no more pages in all than a shard of a larger site holds (search_shards.shard_size), fewest
    changed first. Their changed pages are indexed in one Pagefind run, whose memory follows its pages, and
    each of them is merged with its part; a shard mostly changed is indexed again instead, a core each, as a
    clean build does. Every page changes after an edit of a template they all read: at 10,000 documents
    folding all of them in took 60 s, three times indexing the shards (20 s), and at 100,000 one run would
    have read every page."""
    most = search_shards.shard_size()[1]
    chosen, pages = [], 0
    for shard in sorted(shards, key=lambda shard: len(overflow[shard.name]) / max(1, len(shard.pages))):
        changed = len(overflow[shard.name])
        if 2 * changed <= len(shard.pages) and pages + changed <= most:
            chosen.append(shard.name)
            pages += changed
    return chosen


def _cut(index: Path, name: str, paths: Collection[str], base: search_delta.Base,
         record: dict[str, tuple[str, Stat]], records: Optional[Path]) -> bool:
    """Take `paths` out of the shard `name` in the build folder (search_cut: a fraction of indexing it
    again); False when that cannot be done with certainty, and the shard is indexed again."""
    ids = [base.pages[path][1] for path in paths]
    if not ids or None in ids:
        return False
    entry = _altered(index, name, lambda copy: search_cut.cut(copy, ids), digest("taken out", *sorted(paths)), record)
    if entry is not None:
        search_delta.altered(records, name, base, entry, gone=paths)
    return entry is not None


def _narrow(index: Path, name: str, paths: Collection[str], base: search_delta.Base, new_ids: Mapping[str, str],
            new_words: Mapping[str, list[str]], record: dict[str, tuple[str, Stat]],
            records: Optional[Path]) -> Optional[dict[str, str]]:
    """Narrow the old versions of `paths` in the shard `name` to the words of their new versions in the delta
    (`new_ids`: the delta's ids by path; `new_words`: the words of each page there), as search_cut.narrow does; each
    page's new id in the shard, which the delta hides, or None when that cannot be done with certainty."""
    ids = {path: base.pages[path][1] for path in paths}
    if not ids or None in ids.values():
        return None
    fragments = index / DELTA / "fragment"
    try:
        pages = {ids[path]: (new_words.get(new_ids[path], ()), (fragments / f"{new_ids[path]}.pf_fragment").read_bytes())
                 for path in paths}
    except OSError:
        return None
    made: dict[str, str] = {}

    def narrow(copy: Path) -> bool:
        made.update(search_cut.narrow(copy, pages) or {})
        return bool(made)

    entry = _altered(index, name, narrow, digest("narrowed", *sorted(paths)), record)
    if entry is None:
        return None
    renamed = {path: made[ids[path]] for path in paths}
    search_delta.altered(records, name, base, entry, renamed=renamed)
    return renamed


def _page_words(delta: Path) -> Optional[dict[str, list[str]]]:
    """The words of each page of the delta, by id (search_words.page_words); None when they cannot be read
    with certainty, and old versions are taken out whole instead of narrowed."""
    try:
        return search_words.page_words(delta)
    except (search_words.UnknownIndexFormat, OSError, ValueError, KeyError, IndexError, TypeError):
        return None


def _altered(index: Path, name: str, change: Callable[[Path], bool], how: str,
             record: dict[str, tuple[str, Stat]]) -> Optional[Stat]:
    """The shard `name` in the build folder changed by `change` in a copy of hard links put in its place once
    whole, and recorded as ALTERED (`how`: what was done); the stat of its entry file, or None when `change`
    could not be made (the shard is then as it was)."""
    partial = index / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    if not (link_tree(index / name, partial) and change(partial)):
        shutil.rmtree(partial, ignore_errors=True)
        return None
    _remove(index / name)
    os.rename(partial, index / name)
    entry = file_stat(index / name / ENTRY, with_inode=True)
    record[name] = (ALTERED + digest(how, record[name][0]), entry)
    return entry


def _index_all(folder: Path, todo: list[Shard], shown: Mapping[str, Optional[str]], records: Optional[Path],
               record: dict[str, tuple[str, Stat]]) -> None:
    """Index each of `todo` afresh, in parallel, and add it to `record`. When every one of them is too large for
    a kept Pagefind (an edit of a template every page reads, at 10,000 documents), the one kept idle is stopped
    first: it would hold its dictionary (43 MiB) beside the two runs, the step's peak."""
    if not any(pagefind_service.kept_takes(len(shard.pages)) for shard in todo):
        pagefind_service.stop_all()
    with ThreadPoolExecutor(max_workers=max(1, min(job_count(), len(todo)))) as pool:
        made = list(pool.map(lambda shard: _make(folder, shard, shown, records), todo))
    record.update((shard.name, (shard.key, entry)) for shard, entry in zip(todo, made) if shard.key is not None)


def _make(folder: Path, shard: Shard, shown: Mapping[str, Optional[str]], records: Optional[Path]) -> Optional[Stat]:
    """Index one shard (or the delta) afresh and keep its pages as indexed; the stat of its entry file."""
    _index_shard(folder, shard)
    entry = file_stat(folder / FOLDER / shard.name / ENTRY, with_inode=True)
    if shard.name != DELTA:
        search_delta.write_base(records, shard.name, {path: shown.get(path) for path in shard.pages}, entry)
    return entry


def _write_listing(index: Path, listed: list, published: Path) -> None:
    (index / SHARDS_FILE).write_text(json.dumps(listed) + "\n", encoding="utf-8")
    search_words.write_buckets(index, _shards_listed(index, listed), published)


def _shards_listed(index: Path, listed: list) -> list[str]:
    """The shards the indexes `listed` (shards.json's entries) hold, as the word buckets name them: a merged
    index's own (search_merge.held), the delta left out, sorted by name. So merging a year's shards, or listing
    them again instead, changes no bucket: a correction in a merged year lists its shards until the next fold,
    and naming the indexes in every bucket, or the shards in another order, meant writing all 256 again (at
    100,000 documents such a correction's search step took 1.3-1.5 s, now 0.5-0.6 s; 0.2 s less at 10,000)."""
    return sorted(shard for name in search_delta.folders(listed, _SHARD_NAME.fullmatch) or [] if name != DELTA
                  for shard in search_merge.held(index, name))


def _holds(copy: Path, recorded: Optional[tuple]) -> bool:
    """`copy` is the index `recorded`: its very entry file (a build killed after the swap, before the cache, published another)."""
    return recorded is not None and file_stat(copy / ENTRY, with_inode=True) == recorded[1]


def _keep_only(index: Path, names: set[str]) -> None:
    """The build folder's index (the spare's, two builds old) without shards the site no longer has, the shard
    list and the half-made or half-removed shards a killed build left; its words say what they were made
    from, so they stay."""
    index.mkdir(exist_ok=True)
    for entry in index.iterdir():
        if entry.name not in names and entry.name != search_words.FOLDER:
            _remove(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()


def _remove(shard: Path) -> None:
    """A shard's folder removed (write.remove_whole): a shard's own name always holds a whole index,
    which its entry file vouches for. What a killed build leaves aside goes at the next build (_keep_only)."""
    remove_whole(shard)


def _remove_index(index: Path) -> None:
    """The whole index gone, each shard as _remove takes it."""
    if index.is_dir():
        _keep_only(index, set())
    shutil.rmtree(index, ignore_errors=True)


def _place(name: str, recorded: Optional[tuple], published: Path, index: Path) -> bool:
    """The index `recorded` for `name` in the build folder: already there, or hard-linked from the published one."""
    if _holds(index / name, recorded):
        return True
    _remove(index / name)
    source = published / FOLDER / name
    return _holds(source, recorded) and link_whole(source, index / name)  # else: index it afresh


def renew_spare(published: Path, spare: Path, record: Mapping[str, tuple[str, Optional[Stat]]]) -> None:
    """After a swap the spare holds the index this build replaced: each index of the new one (`record`) that it
    lacks is linked into it at once, as write.renew_spare links the pages, so that the build that made them
    anew, not the next one (an editor's edit), links them: 11 s of the first build after one that indexed every
    shard at 100,000 documents. An index that cannot be linked is left for the next build to link."""
    index = spare / FOLDER
    if not index.is_dir():
        return
    for name, recorded in record.items():
        if recorded[1] is not None:  # None: a year's shards not merged, no folder
            _place(name, recorded, published, index)


def _index_shard(folder: Path, shard: Shard) -> None:
    """Pagefind over a folder of only this shard's pages, at their paths, so it records the site's URLs."""
    pages = folder / PAGES_FOLDER / shard.name
    shutil.rmtree(pages, ignore_errors=True)  # the delta is made twice when some of its pages need none
    for rel in shard.pages:
        (pages / rel).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(folder / rel, pages / rel)
        except OSError:  # a file system without hard links
            shutil.copyfile(folder / rel, pages / rel)
    output = folder / FOLDER / f".{shard.name}.partial"  # renamed to the shard's name once whole
    shutil.rmtree(output, ignore_errors=True)
    try:
        pagefind_service.index(executable(), pages, len(shard.pages), output, TIMEOUT_SECONDS)
    except pagefind_service.PagefindFailed as exc:
        raise SearchIndexError(str(exc)) from None
    if not (output / "pagefind.js").is_file():
        raise SearchIndexError("Pagefind 没有写出索引")
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    search_words.keep(output)
    os.rename(output, folder / FOLDER / shard.name)


def found(out: Path) -> dict[str, list]:
    """What the search page can find in the index of the output `out`, page by page: url -> the records
    it lists for it (content, meta, filters, and the words it is found by), and under "(word buckets)" the
words whose bucket names other shards than hold them (search_words.misplaced). The rules are
    static/js/search.js's: the delta's hidden ids are dropped. Words that name no page with a record
    (a page taken out of the files, its words left behind) are listed under "(no page: <index>)". A
    current index lists each page once, the same whether it has a delta or not: tests and the benchmark
    compare an incremental build's index with a clean build's so."""
    index = out / FOLDER
    listed = json.loads((index / SHARDS_FILE).read_text(encoding="utf-8"))
    hidden = {page_id for entry in listed if isinstance(entry, dict) for page_id in entry["hides"]}
    pages: dict[str, list] = {}
    for name in search_delta.folders(listed, _SHARD_NAME.fullmatch) or []:
        words = search_words.page_words(index / name)
        for page_id, record in search_delta.fragments(index / name).items():
            if page_id not in hidden:
                pages.setdefault(record["url"], []).append(
                    (record["content"], record["meta"], record["filters"], sorted(words.get(page_id, []))))
            words.pop(page_id, None)
        if words:  # a page taken out of the index's files whose words stayed
            pages.setdefault(f"(no page: {name})", []).append(sorted(words))
    misplaced = search_words.misplaced(index, _shards_listed(index, listed))
    if misplaced:  # the search page would look for a word in the wrong shards
        pages["(word buckets)"] = [misplaced]
    return {url: sorted(records, key=json.dumps) for url, records in sorted(pages.items())}


def readers_view(out: Path, files: Mapping[str, object]) -> dict[str, object]:
    """The output `out` as readers meet it, from `files` (each file of it by path: its bytes, or a digest
    of them): every file as given, but each search index (a site's, or each member's of a group) by what
    its search finds, and a group's list of members' indexes without their deltas. An incremental build's
    delta makes other bytes than a clean build's shards; this is what the two must agree on."""
    indexes = [path.removesuffix(SHARDS_FILE) for path in files if path.endswith(f"{FOLDER}/{SHARDS_FILE}")]
    view: dict[str, object] = {path: data for path, data in files.items()
                               if not any(path.startswith(index) for index in indexes)}
    for index in indexes:
        view[f"{index} (found)"] = found(out / index.removesuffix(f"{FOLDER}/"))
    if GROUP_LISTING in files:  # each member's shards, then perhaps its delta
        view[GROUP_LISTING] = [{**member, "shards": [s for s in member["shards"] if isinstance(s, str)]}
                               for member in json.loads((out / GROUP_LISTING).read_text(encoding="utf-8"))]
    return view
