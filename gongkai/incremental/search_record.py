"""The record of the published search index (each shard's or merged index's key and entry file, see
search_index.py), in a file of its own beside the build cache, not in it: a new version of the generator, or a
setting that changes how documents are read, starts the cache afresh, but the index published still holds
what its pages show. Such a build takes over each shard whose pages show what they showed, as any build does,
instead of indexing every page again (17.6 s of a 40.5 s build at 10,000 documents).

The record holds only for an index made by the same code from pages that show the same, whatever the cache
says: a shard's key is made from what Pagefind reads of each of its pages (search_print.py), and the file is
stamped with the Pagefind run (its executable's path, size and modification time; a Pagefind installed anew
makes every shard again, as Pagefind warns that merging indexes of another version may fail), the source of
every module of this package that makes or lays out the index (`search*.py`, `pagefind_*.py`: they print,
index, cut, merge and list the shards) and a digest made by cache.digest, which names what they read. Not by
the rest of the package: a new cache format, the commonest reason a cache starts afresh, changes cache.py. A
shard is taken over only when its entry file is the very one recorded.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Mapping, Optional

from gongkai.incremental.cache import digest, file_stat
from gongkai.incremental.search_index import SearchIndexError, executable

FILE = "search-index.json"
_PACKAGE = Path(__file__).parent


def stamp() -> str:
    """What makes the index: the Pagefind run and the code that makes it; "" when Pagefind is not installed."""
    try:
        pagefind = executable()
    except SearchIndexError:
        return ""
    sources = sorted({*_PACKAGE.glob("search*.py"), *_PACKAGE.glob("pagefind_*.py")})
    return digest(os.fspath(pagefind), repr(file_stat(pagefind)), digest("what a page showed"),
                  *(part for path in sources for part in (path.name, path.read_bytes())))


def keep(folder: Optional[Path], record: Mapping[str, tuple], made: str) -> None:
    """Write `record` (shard -> (key, entry file's stat or None)), made by what `made` stamps, beside the cache in
    `folder`; a record that cannot be written is none (a build after a cache started afresh then indexes every
    page)."""
    if folder is None:
        return
    path, tmp = folder / FILE, folder / f".{FILE}.tmp"
    try:
        if not made:
            path.unlink(missing_ok=True)
            return
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"stamp": made, "shards": record}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def recall(folder: Optional[Path], made: str) -> dict[str, tuple]:
    """The record `keep` wrote, when what `made` stamps (this build's code and Pagefind) made it; else none."""
    if folder is None or not made:
        return {}
    try:
        data = json.loads((folder / FILE).read_text(encoding="utf-8"))
        if data["stamp"] != made:
            return {}
        return {name: (key, tuple(stat) if stat is not None else None) for name, (key, stat) in data["shards"].items()
                if isinstance(name, str) and isinstance(key, str)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
