"""The cache's entries on disk in buckets, each pickled on its own, so that a build writes the
buckets holding what it changed, not the whole cache (one edit at 10,000 documents used to write
20 MB).

A bucket file is never written over: a changed bucket gets a new file, the cache's index that
names the files is replaced in one rename (cache.py), and only then are the files no index names
deleted. A killed build leaves the old index with all its files, or the new one with all of its.
"""
from __future__ import annotations

import copyreg
import operator
import os
import pickle
import secrets
import zlib
from itertools import repeat
from pathlib import Path
from typing import Any

FOLDER = "entries"
#: one edit rewrites one bucket of each kind of entry it touched: 1/64 of the cache
BUCKETS = 64
#: a smaller cache has fewer buckets (a power of two), none holding fewer entries than this on average:
#: a site group's member of 35 documents wrote some 250 files of one or two entries each, 14,000 for 56
#: members, where one site of as many documents writes 400
FEWEST_ENTRIES = 32


def bucket_count(entries: int) -> int:
    """How many buckets `entries` entries are kept in: it changes only when their number doubles or halves
    (then every bucket of the kind is written anew)."""
    count = 1
    while count < BUCKETS and (count * 2) * FEWEST_ENTRIES <= entries:
        count *= 2
    return count


def _identity(part: dict[str, Any]) -> frozenset:
    """Which objects a bucket holds, in whatever order: unchanged entries stay the very objects read. Not in
    order: a clean build lists its pages as its workers finish them, the next build in page order, and a
    bucket known by its order was written anew whole (all 64 of the pages' at 100,000 documents, 0.6 s of the
    first build after a clean one, and the next build then read the spare's buckets apart: 0.65 s more)."""
    return frozenset(zip(part, map(id, part.values())))


def _signature(part: dict[str, Any]) -> tuple[int, int]:
    """What two buckets of the very same objects have alike, found without building their identities."""
    return len(part), sum(map(id, part.values()))


class EntryStore:
    """Buckets of entries in `folder/entries/`, each a pickled dict in a file of its own."""

    def __init__(self, folder: Path):
        self.folder = folder / FOLDER
        # each bucket read or written, by its file: holding it keeps its objects, and so their ids, from being
        # reused by other objects
        self._buckets: dict[str, dict[str, Any]] = {}
        self._signatures: dict[str, tuple[int, int]] = {}  # of those buckets, as far as asked

    def read(self, names: list[str], like: dict[str, Any] | None = None) -> dict[str, Any]:
        """The entries of the buckets `names`. An entry equal to the one under its key in `like`
        becomes that very object: the spare and the published output share what they both hold."""
        entries: dict[str, Any] = {}
        for name in names:
            part = self._buckets.get(name)
            if part is None:  # else the spare's bucket that the published output names too: the very objects
                with open(self.folder / name, "rb") as f:
                    part = self._buckets[name] = pickle.load(f)
                if like:
                    for key, value in part.items():
                        same = like.get(key)
                        if same is not None and same == value:
                            part[key] = same
            entries.update(part)
        return entries

    def write(self, entries: dict[str, Any], reducers: dict | None = None, last: list[str] = ()) -> list[str]:
        """The files of `entries` by bucket, written anew only for buckets that changed; `reducers`: how
        objects of some classes are pickled there (a pickler's dispatch table); `last`: the files these
        entries were in when read or last written."""
        parts = self._as_last(entries, last)
        names = []
        for part in parts if parts is not None else _split(entries):
            name = part if isinstance(part, str) else self._named(part)
            if name is None:
                name = f"{secrets.token_hex(8)}.pickle"
                self.folder.mkdir(parents=True, exist_ok=True)
                with open(self.folder / name, "wb") as f:
                    pickler = pickle.Pickler(f, protocol=pickle.HIGHEST_PROTOCOL)
                    if reducers:
                        pickler.dispatch_table = {**copyreg.dispatch_table, **reducers}
                    pickler.dump(part)
                self._buckets[name] = part
            names.append(name)
        return names

    def _as_last(self, entries: dict[str, Any], last: list[str]) -> list[dict[str, Any] | str] | None:
        """`entries` in the buckets of `last` when they have the very keys those hold, in as many buckets: the
        name of each bucket whose every entry is the very object it holds, and the others made again. None when
        the keys differ. An edit's save then compares each entry's identity, in C, instead of finding every key's
        bucket and each bucket's identity again (a save after one edit at 100,000 documents: 0.28-0.41 s before,
        0.17-0.25 s after)."""
        parts = [self._buckets.get(name) for name in last]
        if None in parts or len(parts) != bucket_count(len(entries)) or sum(map(len, parts)) != len(entries):
            return None
        made: list[dict[str, Any] | str] = []
        for name, part in zip(last, parts):
            now = list(map(entries.get, part, repeat(_GONE)))
            if all(map(operator.is_, now, part.values())):
                made.append(name)
            elif _GONE in now:  # a key gone, another come in its place
                return None
            else:
                made.append(dict(zip(part, now)))
        return made

    def _named(self, part: dict[str, Any]) -> str | None:
        """The file of a bucket read or written that holds the very objects of `part` (the published output's
        last pages are the spare's now), if there is one."""
        signature, identity = _signature(part), None
        for name, bucket in self._buckets.items():
            known = self._signatures.get(name)
            if known is None:
                known = self._signatures[name] = _signature(bucket)
            if known == signature:
                identity = identity or _identity(part)
                if _identity(bucket) == identity:
                    return name
        return None

    def keep_only(self, names: set[str]) -> None:
        """Delete every bucket file but `names` (those of the index just saved)."""
        self._buckets = {name: part for name, part in self._buckets.items() if name in names}
        self._signatures = {name: known for name, known in self._signatures.items() if name in names}
        try:
            with os.scandir(self.folder) as found:
                for entry in found:
                    if entry.name not in names:
                        os.unlink(entry.path)
        except FileNotFoundError:
            pass


_GONE = object()  # what a key no longer held stands for


def _split(entries: dict[str, Any]) -> list[dict[str, Any]]:
    """`entries` in buckets by a digest of each key."""
    count = bucket_count(len(entries))
    parts: list[dict[str, Any]] = [{} for _ in range(count)]
    crc32 = zlib.crc32  # a key's bucket, inline: a build saves some 330,000 entries at 100,000 documents
    for key, value in entries.items():
        parts[crc32(key.encode("utf-8", "surrogateescape")) % count][key] = value
    return parts
