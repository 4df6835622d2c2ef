"""The cache's entries on disk in buckets, each pickled on its own, so that a build writes the
buckets holding what it changed, not the whole cache (one edit at 10,000 documents used to write
20 MB).

A bucket file is never written over: a changed bucket gets a new file, the cache's index that
names the files is replaced in one rename (cache.py), and only then are the files no index names
deleted. A killed build leaves the old index with all its files, or the new one with all of its.
"""
from __future__ import annotations

import copyreg
import os
import pickle
import secrets
import zlib
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


class EntryStore:
    """Buckets of entries in `folder/entries/`, each a pickled dict in a file of its own."""

    def __init__(self, folder: Path):
        self.folder = folder / FOLDER
        # identity of a bucket -> (its file, the bucket): holding the bucket keeps its objects,
        # and so their ids, from being reused by other objects
        self._written: dict[frozenset, tuple[str, dict]] = {}

    def read(self, names: list[str], like: dict[str, Any] | None = None) -> dict[str, Any]:
        """The entries of the buckets `names`. An entry equal to the one under its key in `like`
        becomes that very object: the spare and the published output share what they both hold."""
        entries: dict[str, Any] = {}
        read = {file: part for file, part in self._written.values()}
        for name in names:
            if name in read:  # the spare's bucket that the published output names too: the very objects
                entries.update(read[name])
                continue
            with open(self.folder / name, "rb") as f:
                part = pickle.load(f)
            if like:
                for key, value in part.items():
                    same = like.get(key)
                    if same is not None and same == value:
                        part[key] = same
            self._written[_identity(part)] = (name, part)
            entries.update(part)
        return entries

    def write(self, entries: dict[str, Any], reducers: dict | None = None) -> list[str]:
        """The files of `entries` by bucket, written anew only for buckets that changed; `reducers`: how
        objects of some classes are pickled there (a pickler's dispatch table)."""
        count = bucket_count(len(entries))
        parts: list[dict[str, Any]] = [{} for _ in range(count)]
        crc32 = zlib.crc32  # a key's bucket, inline: a build saves some 330,000 entries at 100,000 documents
        for key, value in entries.items():
            parts[crc32(key.encode("utf-8", "surrogateescape")) % count][key] = value
        names = []
        for part in parts:
            identity = _identity(part)
            known = self._written.get(identity)
            if known is None:
                known = (f"{secrets.token_hex(8)}.pickle", part)
                self.folder.mkdir(parents=True, exist_ok=True)
                with open(self.folder / known[0], "wb") as f:
                    pickler = pickle.Pickler(f, protocol=pickle.HIGHEST_PROTOCOL)
                    if reducers:
                        pickler.dispatch_table = {**copyreg.dispatch_table, **reducers}
                    pickler.dump(part)
                self._written[identity] = known
            names.append(known[0])
        return names

    def keep_only(self, names: set[str]) -> None:
        """Delete every bucket file but `names` (those of the index just saved)."""
        self._written = {k: v for k, v in self._written.items() if v[0] in names}
        try:
            with os.scandir(self.folder) as found:
                for entry in found:
                    if entry.name not in names:
                        os.unlink(entry.path)
        except FileNotFoundError:
            pass
