"""Shards of a year merged, a few at a time, into one index for readers (合并索引).

The search page fetches each index it searches: its entry file, its metadata and the chunks holding the
query's words, and each chunk holds other words besides. At 100,000 documents the 160 shards of about
625 pages made a search fetch some 800 files and 11 MB (2.3-4.6 s). The shards stay what Pagefind made
and the build keeps (search_index.py, search_cut.py, search_delta.py); every SHARDS shards of a year get
one index beside them (`2024-5to8of16`), made here from their files, not by Pagefind (that would read
every page again: merging is a copy of their bytes), and the search page lists it instead of them
(search_index.py says when one is made again).

Merged, the pages keep their ids (the delta's hidden ids name them as before) and follow one another
shard by shard; each word's pages are its shards' pages, renumbered, in chunks cut as Pagefind cuts
them but twice as large (see CHUNK_BYTES); a page whose id a page of an earlier shard has (ids are
short hashes, unique within one index) gets another. Only what is known for certain is merged: shards
of another Pagefind than requirements.txt's, with filters or sorts, or with a word's variants are
listed as they are.

The same merge folds a delta grown past its limit into a shard (`fold`, search_index._fold_in): the shard's
pages but the old versions of those edited, their numbers left in the metadata unused as search_cut.py leaves
them, then the new versions taken from one index of the delta's pages, in chunks of Pagefind's size.
"""
from __future__ import annotations

import heapq
import json
import logging
import multiprocessing
import os
import re
import shutil
from collections import defaultdict
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterator, NamedTuple, Optional

from gongkai.incremental import pagefind_format as fmt
from gongkai.incremental import parallel, search_cut, search_words
from gongkai.incremental.write import remove_whole

log = logging.getLogger("gongkai")
#: how many shards of a year one merged index holds at most: Pagefind's search in the browser takes time
#: for each result times the pages its words are on, in each index, so a query found on most pages slows as
#: indexes grow. At 100,000 generated documents (160 shards of about 625 pages), measured in Chromium: the
#: shards alone 2.3-4.6 s a query; a year's 16 shards in one index 1.2 s for 2,499 results but 6.5 s for
#: 100,000; four in one 1.3-2.1 s, and 4.3-4.6 s for 100,000
SHARDS = 4
#: a merged index's name: the year, and the numbers of its first and last shard of the year's (2024-5to8of16)
NAME = re.compile(r"([0-9]+)-([0-9]+)to([0-9]+)of([0-9]+)")
#: a shard's name in a year of several (search_shards.py)
_PART = re.compile(r"([0-9]+)-([0-9]+)of([0-9]+)")
#: the bytes of word entries after which a merged index's chunk ends: twice what Pagefind's chunks of generated
#: documents hold (it ends one after 20,000 locations and pages). Pagefind fetches one chunk for each query word
#: (the first whose bounds hold it) and finds the word's extensions in it alone, so a short word (抚, 发, 号: the
#: browser's segmenter cuts a 文号 into single characters) whose extensions fill several chunks finds fewer
#: pages, and a merged index has more chunks than a shard. At 100,000 documents, four shards merged, a 文号 on
#: 71 pages: chunks of Pagefind's size found 11, of twice its size 71, as the shards alone; four times its size
#: found 71 too but fetched twice the bytes (a search 1.5-2.5 s, and 5.9 s for a word on every page)
CHUNK_BYTES = 90_000
#: the chunk size of a shard made again by merging (fold): Pagefind's own, as in the shard it replaces
SHARD_CHUNK_BYTES = CHUNK_BYTES // 2
#: a page's file, by its id
FRAGMENT = ".pf_fragment"


class _Unsure(Exception):
    """The shards hold something this module does not merge with certainty."""


def groups(names: list[str]) -> dict[str, list[str]]:
    """Each merged index's name -> its shards, in order (`names`: every shard, as search_shards.py names
    them): each year's shards by number, SHARDS at a time; a shard left alone is not merged."""
    found: dict[tuple[str, int, int], list[tuple[int, str]]] = defaultdict(list)
    for name in names:
        part = _PART.fullmatch(name)
        if part:
            year, number, count = part[1], int(part[2]), int(part[3])
            found[year, (number - 1) // SHARDS, count].append((number, name))
    merged = {}
    for (year, group, count), shards in found.items():
        shards.sort()
        if len(shards) > 1:
            merged[f"{year}-{group * SHARDS + 1}to{min(count, group * SHARDS + SHARDS)}of{count}"] = \
                [name for _, name in shards]
    return merged


def listed(names: list[str], merged: dict[str, list[str]]) -> list[str]:
    """The indexes the search page searches: each merged one in place of its shards."""
    instead = {shard: name for name, shards in merged.items() for shard in shards}
    return list(dict.fromkeys(instead.get(name, name) for name in names))


def shards_of(index: Path, names: list[str]) -> list[str]:
    """The shards in `index` that the merged indexes among `names` were made from."""
    return [shard for name in names if NAME.fullmatch(name) for shard in held(index, name)]


def held(index: Path, name: str) -> list[str]:
    """The shards in `index` that the index `name` holds: a merged one's, those numbered from its first to its
    last (static/js/search.js reads its name the same way; a number a year's plan left without pages has no
    shard); any other holds itself."""
    found = NAME.fullmatch(name)
    if found is None:
        return [name]
    year, low, high, count = found.groups()
    return [shard for shard in (f"{year}-{number}of{count}" for number in range(int(low), int(high) + 1))
            if (index / shard).is_dir()]


def merge_all(index: Path, todo: dict[str, list[str]]) -> set[str]:
    """The names of `todo` (name -> its shards) merged, one process a core: merging is Python's work, about
    1 s for four shards of 625 pages, and a clean build of 100,000 documents merges 40 groups."""
    return _each(merge, [(index, name, shards) for name, shards in todo.items()])


def fold_all(index: Path, delta: str, todo: dict[str, tuple[set[str], set[str]]]) -> set[str]:
    """The shards of `todo` (name -> the ids of pages it leaves out, the ids of the pages of the index `delta`
    it takes in) made again by merging (fold), one process a core; the names of those made."""
    return _each(fold, [(index, name, delta, leave, take) for name, (leave, take) in todo.items()])


def _each(function: Callable[..., bool], jobs: list[tuple]) -> set[str]:
    """`function` over `jobs` (each its arguments, the index's name second), in one process a core when
    forking is safe; the names of the jobs it made."""
    count = min(parallel.job_count(), len(jobs))
    if not parallel.may_fork(count):
        return {job[1] for job in jobs if function(*job)}
    try:
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            done = list(pool.map(function, *zip(*jobs)))
    except BrokenProcessPool:
        raise parallel.WorkerLost() from None
    return {job[1] for job, made in zip(jobs, done) if made}


def merge(index: Path, name: str, shards: list[str]) -> bool:
    """Make `index/name` from the shards `shards` in `index`; False when that cannot be done with
    certainty (nothing is left of it then)."""
    return _made(index, name, [_Part(index / shard) for shard in shards], CHUNK_BYTES)


def fold(index: Path, name: str, delta: str, leave: set[str], take: set[str]) -> bool:
    """Make the shard `index/name` again without its pages `leave` and with the pages `take` of the index
    `index/delta` (ids each): the delta folded in without Pagefind reading every page of the shard again. The
    pages left out keep their numbers in the metadata, used by no word, as search_cut.py leaves them. False
    when that cannot be done with certainty: the shard is then as it was."""
    return _made(index, name, [_Part(index / name, frozenset(leave)), _Part(index / delta, only=frozenset(take))],
                 SHARD_CHUNK_BYTES)


class _Part(NamedTuple):
    """One index merged: its folder, the ids of its pages left out (their numbers stay in the metadata, used by
    no word), or the ids of the only pages taken from it (numbered anew)."""

    folder: Path
    leave: frozenset[str] = frozenset()
    only: Optional[frozenset[str]] = None


def _made(index: Path, name: str, parts: list[_Part], chunk_bytes: int) -> bool:
    """`index/name` merged from `parts` (see _merge), in place of what the name held; False, with nothing
    left of what was merged and the name as it was, when that cannot be done with certainty."""
    partial = index / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        _merge(parts, partial, chunk_bytes)
    except (_Unsure, fmt.UnknownIndexFormat, OSError, ValueError, KeyError, IndexError, TypeError,
            UnicodeDecodeError) as exc:
        shutil.rmtree(partial, ignore_errors=True)
        log.info("search index: %s not merged (%s)", name, type(exc).__name__)
        return False
    remove_whole(index / name)
    os.rename(partial, index / name)
    return True


class _Place(NamedTuple):
    """Where a part's pages stand in the merged index: after `first` in order, but those numbered `drop`;
    or, when `renumber`, each page kept by its new number by its old."""

    first: int
    drop: frozenset[int] = frozenset()
    renumber: Optional[dict[int, int]] = None


def _merge(parts: list[_Part], into: Path, chunk_bytes: int) -> None:
    """One index in `into` from `parts`, each part's pages after the one before's. A part whose pages are all
    kept in its numbers has each word's pages copied but the first's step (a page's number is written as its
    step from the one before), and those of its words having a page left out written anew after it."""
    metas = [fmt.read_meta(part.folder) for part in parts]
    first = metas[0]
    for meta in metas:
        version, _, _, filters, sorts, _ = meta.meta
        if meta.entry["version"] != fmt.VERSION or version != fmt.VERSION or filters or sorts \
                or meta.language != first.language:
            raise _Unsure
    pages, places, renamed, taken = [], [], [], set()
    for part, meta in zip(parts, metas):
        picked = part.leave if part.only is None else part.only
        numbers = [number for number, (page_id, _) in enumerate(meta.meta[1]) if page_id in picked]
        if len(numbers) != len(picked):
            raise _Unsure  # a page named that the part does not have, or two pages sharing an id
        own = meta.meta[1] if part.only is None else [meta.meta[1][number] for number in numbers]
        places.append(_Place(len(pages), frozenset(numbers)) if part.only is None else
                      _Place(len(pages), renumber={number: len(pages) + at for at, number in enumerate(numbers)}))
        renamed.append(_own_ids(own, taken))
        pages += [[renamed[-1].get(page_id, page_id), words] for page_id, words in own]
    (into / "index").mkdir(parents=True)
    words: list[str] = []
    chunks = _write_chunks(into / "index", first.language, heapq.merge(
        *(_words(part.folder, meta, place) for part, meta, place in zip(parts, metas, places)), key=_text),
        chunk_bytes, words)
    fragments = into / "fragment"
    fragments.mkdir()
    for part, ids in zip(parts, renamed):
        for entry in os.scandir(part.folder / "fragment"):
            page_id = entry.name.removesuffix(FRAGMENT)
            if page_id not in part.leave and (part.only is None or page_id in part.only):
                os.link(entry.path, fragments / f"{ids.get(page_id, page_id)}{FRAGMENT}")
    for entry in os.scandir(parts[0].folder):
        if entry.is_file() and entry.name not in (fmt.ENTRY, search_words.OWN) and entry.path != str(first.path):
            os.link(entry.path, into / entry.name)
    (into / search_words.OWN).write_text(json.dumps(sorted(words), ensure_ascii=False) + "\n", encoding="utf-8")
    fields = sorted({field for meta in metas for field in meta.meta[5]})  # meta fields' names, sorted as Pagefind's
    meta = fmt.encode([fmt.VERSION, pages, chunks, [], [], fields])
    first.entry["languages"][first.language].update(
        hash=fmt.write_new(into, "pagefind.{}.pf_meta", first.language, fmt.packed(meta), 13), page_count=len(pages))
    (into / fmt.ENTRY).write_text(json.dumps(first.entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _own_ids(pages: list[list], taken: set[str]) -> dict[str, str]:
    """A new id for each of a shard's page ids that an earlier shard's page has (ids are short hashes, unique
    within one index: 10,000 pages share one about once in five), and `taken` grown by its ids. A delta
    hiding such an id already makes its build fold, as the id names pages in two shards (search_delta.ambiguous)."""
    ids = {page_id for page_id, _ in pages}
    renamed = {}
    for page_id in sorted(ids & taken):
        number = 2
        while f"{page_id}-{number}" in taken or f"{page_id}-{number}" in ids:
            number += 1
        renamed[page_id] = f"{page_id}-{number}"
    taken |= ids - renamed.keys() | set(renamed.values())
    return renamed


#: one word of one part: its text's bytes (UTF-8 sorts as Pagefind's Rust strings do), the chunk holding it,
#: where it is there, and where the part's pages stand
_Found = tuple[bytes, bytes, fmt.Word, _Place]


def _text(found: _Found) -> bytes:
    return found[0]


def _words(part: Path, meta: fmt.Meta, place: _Place) -> Iterator[_Found]:
    for chunk in meta.meta[2]:
        data = fmt.read(fmt.chunk_path(part, chunk))
        for word in fmt.words(data):
            if data[word.variants] != fmt.EMPTY_ARRAY:
                raise _Unsure  # variants: where their pages stand is not certain
            yield data[word.text:word.pages], data, word, place


def _write_chunks(folder: Path, language: str, found: Iterator[_Found], chunk_bytes: int,
                  written: list[str]) -> list[list]:
    """Each word with its pages from every part, in chunks cut as Pagefind cuts them, at `chunk_bytes`: the
    metadata's list of chunks, [from, to, id] each. `written` gets the words, a word left without pages
    (all of them left out) is not written."""
    made: list[tuple[str, str, Future]] = []  # each chunk's first and last word, and its file's bytes
    entries, size, first, word = [], 0, "", ""
    with ThreadPoolExecutor(max_workers=1) as pool:  # gzip on the other core while the next chunk is merged
        for text, same in groupby(found, key=_text):
            entry = _entry(list(same))
            if entry is None:
                continue
            word = text.decode("utf-8")
            written.append(word)
            first = first if entries else word
            entries.append(entry)
            size += len(entry)
            if size >= chunk_bytes:
                made.append((first, word, pool.submit(fmt.packed, _chunk(entries))))
                entries, size = [], 0
        if entries:
            made.append((first, word, pool.submit(fmt.packed, _chunk(entries))))
        return [[low, high, fmt.write_new(folder, "{}.pf_index", language, packed.result(), 7)]
                for (low, high), (_, _, packed) in zip(fmt.bounds([(low, high) for low, high, _ in made]), made)]


def _chunk(entries: list[bytes]) -> bytes:
    """A chunk's CBOR: an array of its one field, the array of its words."""
    return fmt.header(4, 1) + fmt.header(4, len(entries)) + b"".join(entries)


def _entry(found: list[_Found]) -> bytes | None:
    """One word's entry, [word, pages, variants], its pages those of every part holding it, renumbered (see
    _merge); a part's pages are read only when one is left out or another part follows, to know its last page's
    number. None: no page is left."""
    pages, count, last = [], 0, 0
    for position, (_, data, word, place) in enumerate(found, 1):
        if place.renumber is not None:
            old = 0
            for entry, step in zip(*fmt.pages(data, word)):
                old += step
                new = place.renumber.get(old)
                if new is not None:
                    pages.append(fmt.restep(entry, step, new - last))
                    count, last = count + 1, new
            continue
        left = search_cut.entries_without(data, word, place.drop) if place.drop else None
        if left is not None:
            entries, steps = left
            if entries:
                pages += [fmt.restep(entries[0], steps[0], place.first + steps[0] - last), *entries[1:]]
                count, last = count + len(entries), place.first + sum(steps)
            continue
        number, at = fmt.head(data, word.pages)
        if data[at] != 0x83:
            raise ValueError("not a page of a Pagefind index")
        step, after = fmt.head(data, at + 1)
        pages.append(b"\x83" + fmt.header(0, place.first + step - last) + data[after:word.variants])
        count += number
        if position < len(found):
            last = place.first + sum(fmt.pages(data, word)[1])
    if not count:
        return None
    _, data, word, _ = found[0]
    return b"\x83" + data[word.start + 1:word.pages] + fmt.header(4, count) + b"".join(pages) \
        + bytes([fmt.EMPTY_ARRAY])

