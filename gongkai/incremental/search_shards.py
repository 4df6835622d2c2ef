"""Which part (分片) of the search index each document page belongs to.

Pagefind's time and memory grow faster than the number of pages, so the index is built in shards
of at most `shard_size()` pages, each on its own; the search page merges them in the browser.
A site that outgrows one shard is split by year of publication, and a year that outgrows one by a
hash of the page path: adding, editing or deleting a document touches its own shard and no other,
and a new year's documents never disturb the shards of earlier years.
"""
from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

from gongkai.engine.page import Page
from gongkai.incremental.cache import digest

#: environment variable overriding the most pages one shard may hold (a site's one shard too)
SIZE_VARIABLE = "GONGKAI_SEARCH_SHARD"
#: a site of at most this many document pages has one shard, the fastest for readers (1,000 generated documents,
#: a first visit's query: one shard 0.37-0.72 s, the same pages in ten shards by year 0.53-0.97 s); Pagefind
#: indexes it alone, in about 330 MiB
WHOLE_SIZE = 1000
#: the most pages a shard of a larger site holds. Pagefind holds every page's words until it writes the index,
#: about 60 MiB a process and 0.27 MiB a page, and two shards are indexed at once on 2 cores (one a core). At
#: 10,000 generated documents (alternating clean builds): split at 1,000, shards of about 500 and 950 pages and
#: a peak of 806-810 MiB; at 750, twenty of about 500 and 584-587 MiB, the search step as long (Pagefind alone,
#: three alternating runs: 20.4 / 26.9 / 23.8 s against 21.3 / 26.2 / 25.6). Readers search as many indexes, each
#: year's shards merged in one (search_merge.py), and as fast (the first visit's queries 0.62-1.32 s against
#: 0.63-1.25). Per page Pagefind is about as fast at 250 to 1,000 pages a shard,
#: while the browser loads more slowly the more indexes it searches; one shard alone, what a shard indexed again
#: costs (shared 2-core machine): 125 pages 0.4 s, 250 0.7 s, 500 1.5–1.8 s, 1,000 2.7–3.1 s
DEFAULT_SIZE = 750
#: the one shard of a site small enough for one
WHOLE = "all"


@dataclass
class Shard:
    name: str  # its folder under pagefind/: "all", or e.g. "2024" or "2024-3of4"
    pages: list[str]  # output paths of its document pages, sorted
    key: Optional[str]  # digest of what its pages show; None when it cannot be known (always rebuilt)


def shard_size() -> tuple[int, int]:
    """The most pages of a site's one shard, and of a shard of a larger site: SIZE_VARIABLE sets both."""
    wanted = os.environ.get(SIZE_VARIABLE, "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted), int(wanted)
    return WHOLE_SIZE, DEFAULT_SIZE


def _hash(path: str) -> int:
    return int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest(), "big")


def _split(paths: list[str], limit: int) -> list[list[str]]:
    """`paths` in 1, 2, 4 … hash buckets, the fewest whose largest holds at most `limit` pages.

    Doubling the count only ever moves a page from bucket b to bucket b + count, so a year
    that grows past a size moves half of its pages once, never all of them again and again."""
    hashes = {path: _hash(path) for path in paths}
    count = 1
    while count * limit < len(paths):  # fewer buckets leave one holding more than `limit`, whatever the hashes
        count *= 2
    while True:
        buckets: list[list[str]] = [[] for _ in range(count)]
        for path in paths:
            buckets[hashes[path] % count].append(path)
        if max(len(b) for b in buckets) <= limit:
            return buckets
        count *= 2


def assign(pages: Sequence[tuple[str, str]], limit: int, whole: Optional[int] = None) -> dict[str, list[str]]:
    """Shard name -> its page paths (sorted), for (path, year of publication) pairs: at most `limit` pages a
    shard, but a site of at most `whole` (default `limit`) pages has one (each shard costs Pagefind a fixed
    0.2 s to start, and readers' search fetches each)."""
    if len(pages) <= (limit if whole is None else whole):
        return {WHOLE: sorted(path for path, _ in pages)} if pages else {}
    by_year: dict[str, list[str]] = defaultdict(list)
    for path, year in pages:
        by_year[year].append(path)
    shards = {}
    for year, paths in by_year.items():
        buckets = _split(sorted(paths), limit)
        for number, bucket in enumerate(buckets, 1):
            if bucket:
                shards[year if len(buckets) == 1 else f"{year}-{number}of{len(buckets)}"] = bucket
    return dict(sorted(shards.items()))


@dataclass(frozen=True)
class Plan:
    """Which document pages each shard holds, for one shard size. Kept with the site model
    (incremental/snapshot.py): a build that takes the site up has its pages, and does not hash every
    document page's path again (the search step of a one-edit build at 100,000 documents: 0.48-0.70 s
    before, 0.26-0.39 s after)."""

    size: tuple[int, int]  # shard_size()'s
    shards: dict[str, list[str]]


def plan(pages: Sequence[Page], kept: Optional[Plan] = None) -> Plan:
    """The shards of the document pages (the only ones indexed); `kept`: the plan of the site taken up."""
    size = shard_size()
    if kept is not None and kept.size == size:
        return kept
    # a document with no valid date stops the build in validate, before any page is made
    whole, limit = size
    return Plan(size, assign([(p.path, str(p.doc.published.year)) for p in pages if p.kind == "document"], limit, whole))


def shards(plan: Plan, fingerprints: Mapping[str, Optional[str]]) -> list[Shard]:
    """The shards of `plan`, each keyed by its pages' fingerprints (what Pagefind reads of each page,
    search_print.py, else the digest of its bytes as written: see searching.py)."""
    result = []
    for name, paths in plan.shards.items():
        prints = [fingerprints.get(path) for path in paths]
        key = None if None in prints else digest(*(f"{path}\n{fp}" for path, fp in zip(paths, prints)))
        result.append(Shard(name, paths, key))
    return result
