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
from itertools import groupby, repeat
from pathlib import Path
from typing import Iterator

from gongkai.incremental import pagefind_format as fmt
from gongkai.incremental import parallel, search_words

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
    spans = [(year, int(low), int(high), count) for year, low, high, count in
             (found.groups() for found in map(NAME.fullmatch, names) if found)]
    return [f"{year}-{number}of{count}" for year, low, high, count in spans for number in range(low, high + 1)
            if (index / f"{year}-{number}of{count}").is_dir()]


def merge_all(index: Path, todo: dict[str, list[str]]) -> set[str]:
    """The names of `todo` (name -> its shards) merged, one process a core: merging is Python's work, about
    1 s for four shards of 625 pages, and a clean build of 100,000 documents merges 40 groups."""
    jobs = min(parallel.job_count(), len(todo))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods() or not parallel.safe_to_fork():
        return {name for name, shards in todo.items() if merge(index, name, shards)}
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            done = list(pool.map(merge, repeat(index), todo, todo.values()))
    except BrokenProcessPool:
        raise parallel.WorkerLost() from None
    return {name for name, made in zip(todo, done) if made}


def merge(index: Path, name: str, shards: list[str]) -> bool:
    """Make `index/name` from the shards `shards` in `index`; False when that cannot be done with
    certainty (nothing is left of it then)."""
    partial = index / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        _merge([index / shard for shard in shards], partial)
    except (_Unsure, fmt.UnknownIndexFormat, OSError, ValueError, KeyError, IndexError, TypeError,
            UnicodeDecodeError) as exc:
        shutil.rmtree(partial, ignore_errors=True)
        log.info("search index: %s not merged (%s)", name, type(exc).__name__)
        return False
    os.rename(partial, index / name)
    return True


def _merge(parts: list[Path], into: Path) -> None:
    metas = [fmt.read_meta(part) for part in parts]
    first = metas[0]
    for meta in metas:
        version, _, _, filters, sorts, _ = meta.meta
        if meta.entry["version"] != fmt.VERSION or version != fmt.VERSION or filters or sorts \
                or meta.language != first.language:
            raise _Unsure
    pages, offsets, renamed, taken = [], [], [], set()
    for meta in metas:
        offsets.append(len(pages))
        renamed.append(_own_ids(meta.meta[1], taken))
        pages += [[renamed[-1].get(page_id, page_id), words] for page_id, words in meta.meta[1]]
    (into / "index").mkdir(parents=True)
    chunks = _write_chunks(into / "index", first.language, heapq.merge(
        *(_words(part, meta, offset) for part, meta, offset in zip(parts, metas, offsets)), key=_text))
    fragments = into / "fragment"
    fragments.mkdir()
    for part, ids in zip(parts, renamed):
        for entry in os.scandir(part / "fragment"):
            page_id = entry.name.removesuffix(FRAGMENT)
            os.link(entry.path, fragments / f"{ids.get(page_id, page_id)}{FRAGMENT}")
    for entry in os.scandir(parts[0]):
        if entry.is_file() and entry.name not in (fmt.ENTRY, search_words.OWN) and entry.path != str(first.path):
            os.link(entry.path, into / entry.name)
    words = sorted({word for part in parts for word in search_words.own(part)})
    (into / search_words.OWN).write_text(json.dumps(words, ensure_ascii=False) + "\n", encoding="utf-8")
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


#: one word of one shard: its text's bytes (UTF-8 sorts as Pagefind's Rust strings do), the chunk holding
#: it, where it is there, and the number its shard's first page has in the merged index
_Found = tuple[bytes, bytes, fmt.Word, int]


def _text(found: _Found) -> bytes:
    return found[0]


def _words(part: Path, meta: fmt.Meta, offset: int) -> Iterator[_Found]:
    for chunk in meta.meta[2]:
        data = fmt.read(fmt.chunk_path(part, chunk))
        for word in fmt.words(data):
            if data[word.variants] != fmt.EMPTY_ARRAY:
                raise _Unsure  # variants: where their pages stand is not certain
            yield data[word.text:word.pages], data, word, offset


def _write_chunks(folder: Path, language: str, found: Iterator[_Found]) -> list[list]:
    """Each word with its pages from every shard, in chunks cut as Pagefind cuts them, at CHUNK_BYTES: the
    metadata's list of chunks, [from, to, id] each."""
    made: list[tuple[str, str, Future]] = []  # each chunk's first and last word, and its file's bytes
    entries, size, first, word = [], 0, "", ""
    with ThreadPoolExecutor(max_workers=1) as pool:  # gzip on the other core while the next chunk is merged
        for text, same in groupby(found, key=_text):
            word = text.decode("utf-8")
            first = first if entries else word
            entries.append(_entry(list(same)))
            size += len(entries[-1])
            if size >= CHUNK_BYTES:
                made.append((first, word, pool.submit(fmt.packed, _chunk(entries))))
                entries, size = [], 0
        if entries:
            made.append((first, word, pool.submit(fmt.packed, _chunk(entries))))
        return [[low, high, fmt.write_new(folder, "{}.pf_index", language, packed.result(), 7)]
                for (low, high), (_, _, packed) in zip(fmt.bounds([(low, high) for low, high, _ in made]), made)]


def _chunk(entries: list[bytes]) -> bytes:
    """A chunk's CBOR: an array of its one field, the array of its words."""
    return fmt.header(4, 1) + fmt.header(4, len(entries)) + b"".join(entries)


def _entry(found: list[_Found]) -> bytes:
    """One word's entry, [word, pages, variants], its pages those of every shard holding it, renumbered:
    only each shard's first page's step changes (a page's number is written as its step from the one
    before), and only a shard followed by another has its pages read, to know its last page's number."""
    pages, count, last = [], 0, 0
    for position, (_, data, word, offset) in enumerate(found, 1):
        number, at = fmt.head(data, word.pages)
        if data[at] != 0x83:
            raise ValueError("not a page of a Pagefind index")
        first, after = fmt.head(data, at + 1)
        pages.append(b"\x83" + fmt.header(0, offset + first - last) + data[after:word.variants])
        count += number
        if position < len(found):
            last = offset + sum(fmt.pages(data, word)[1])
    _, data, word, _ = found[0]
    return b"\x83" + data[word.start + 1:word.pages] + fmt.header(4, count) + b"".join(pages) \
        + bytes([fmt.EMPTY_ARRAY])
