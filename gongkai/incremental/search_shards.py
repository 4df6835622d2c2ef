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

#: environment variable overriding the most pages one shard may hold
SIZE_VARIABLE = "GONGKAI_SEARCH_SHARD"
#: measured on 10,000 generated documents: per page Pagefind is about as fast at 500 to 1,000 pages
#: a shard (about 310 MiB at 1,000), while the browser loads more slowly the more shards it merges
#: (15 shards: about 1 s a search; 36 shards at 500: 1.5–1.8 s; 80 at 250: 1.6–4 s). One shard alone, which is
#: what an edit waits for (shared 2-core machine): 125 pages 0.4 s, 250 0.7 s, 500 1.5–1.8 s, 1,000 2.7–3.1 s
DEFAULT_SIZE = 1000
#: the one shard of a site small enough for one
WHOLE = "all"


@dataclass
class Shard:
    name: str  # its folder under pagefind/: "all", or e.g. "2024" or "2024-3of4"
    pages: list[str]  # output paths of its document pages, sorted
    key: Optional[str]  # digest of what its pages show; None when it cannot be known (always rebuilt)


def shard_size() -> int:
    wanted = os.environ.get(SIZE_VARIABLE, "")
    return int(wanted) if wanted.isdigit() and int(wanted) > 0 else DEFAULT_SIZE


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


def assign(pages: Sequence[tuple[str, str]], limit: int) -> dict[str, list[str]]:
    """Shard name -> its page paths (sorted), for (path, year of publication) pairs.

    A site that fits in one shard has one (each shard costs Pagefind a fixed 0.2 s to start)."""
    if len(pages) <= limit:
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

    size: int
    shards: dict[str, list[str]]


def plan(pages: Sequence[Page], kept: Optional[Plan] = None) -> Plan:
    """The shards of the document pages (the only ones indexed); `kept`: the plan of the site taken up."""
    size = shard_size()
    if kept is not None and kept.size == size:
        return kept
    # a document with no valid date stops the build in validate, before any page is made
    return Plan(size, assign([(p.path, str(p.doc.published.year)) for p in pages if p.kind == "document"], size))


def shards(plan: Plan, fingerprints: Mapping[str, Optional[str]]) -> list[Shard]:
    """The shards of `plan`, each keyed by its pages' fingerprints (the digest of each page's bytes as written,
    see produce.py)."""
    result = []
    for name, paths in plan.shards.items():
        prints = [fingerprints.get(path) for path in paths]
        key = None if None in prints else digest(*(f"{path}\n{fp}" for path, fp in zip(paths, prints)))
        result.append(Shard(name, paths, key))
    return result
