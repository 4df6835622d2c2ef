"""A build with nothing to do: when no input changed since the last successful build and the
published output is as that build left it, that build's result stands and nothing is read.

Inputs are the content/, static/ and templates/ trees, the theme's included (by path, size,
modification time and inode, the same shortcut the document cache takes), the configuration and
the build moment: the build records the span of moments on which everything it decided from it
comes out the same (engine/build_date.py), so a later build is a real one only when something
changes by then — a document expires, a held one is due, a column falls behind its period. The
output is checked the same way, so a hand-edited page still gets a real build. The
record is removed before any real build writes and made again only after one succeeds, so a
killed build can never leave a record that vouches for an output it did not finish.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from gongkai.engine.build_date import span_holds
from gongkai.incremental import search_words
from gongkai.incremental.cache import Stat
from gongkai.incremental.search_index import ENTRY as SHARD_ENTRY, FOLDER as INDEX_FOLDER
from gongkai.problems import Problem

RECORD = "unchanged.json"
#: bump when what the record holds changes shape (2: its span is of moments, to the minute)
FORMAT = 2


@dataclass
class LastBuild:
    """What the last successful build printed and how many of each thing it made."""

    problems: list[Problem]
    documents: int
    pages: int
    files: int
    dates: tuple[str, str]  # the first and last build moment on which the build comes out the same (ISO, minutes)


def tree_digest(*roots: Path, known: Mapping[str, Stat] | None = None,
                seen: dict[str, Stat | None] | None = None, output: bool = False,
                shape: list[str] | None = None, templates: tuple[Path, ...] = ()) -> str:
    """Every entry under the roots, by path, size, modification time and inode, and an input's by its
    status-change time too (cache.Stat); links not followed into folders (a folder link is itself an entry,
    so adding one changes the digest). `known`: the (size, mtime_ns, inode) of files by path, as the build
    that wrote them has just seen them. `seen`: filled with the state of each input by path as
    cache.file_stat takes it (None: gone), for the build to take instead of asking the file system again.

    `output`: the roots are outputs, and a search shard in one is taken as the build takes it
    (search_index._holds): by its folders, whose modification time changes when a file in them is
    added, removed or replaced, and its entry file; not by each of its files, half the files of a
    large output (the checks of a group of 100 members, 100,000 documents: 1.29 -> 0.75 s), nor by listing
    its folders (211,000 files at 100,000 documents, 0.2 s of every build and of a build with nothing to do).

    `shape`: filled with the same entries but those of folders, Markdown files and the files of the roots
    `templates` by path alone: what stays the same when the only change is what Markdown files and
    templates hold (see snapshot.py; a page reads a template as an input of its record)."""
    parts: list[str] = []
    for root in roots:
        parts.append(f"{root}\0")
        if shape is not None:
            shape.append(f"{root}\0")
        index = os.path.join(root, INDEX_FOLDER) if output else None
        _walk(str(root), parts, known, seen, index, shard=False, shape=shape, by_path=root in templates)
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _walk(folder: str, parts: list[str], known: Mapping[str, Stat] | None, seen: dict[str, Stat | None] | None,
          index: str | None, shard: bool, shape: list[str] | None = None, by_path: bool = False) -> None:
    """`index`: the output's search index folder, whose folders but its words are shards (None: no output);
    `shard`: `folder` is a shard, of which its entry file and its folders' own states count; `by_path`: its
    files are in the shape by path alone (templates)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        path = entry.path
        try:
            is_dir = entry.is_dir()
        except OSError:  # a link in a loop: an entry like a missing file, as the build reports it
            is_dir = False
        if is_dir:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                parts.append(f"{path}/\0missing\n")
                continue
            parts.append(_stated(f"{path}/", st, index is None))
            link = entry.is_symlink()
            if shape is not None:
                shape.append(f"{path}/\0{'link' if link else 'folder'}\n")
            if not link and not shard:  # a shard's folders count by their own states: not listed
                _walk(path, parts, known, seen, index, folder == index and entry.name != search_words.FOLDER, shape,
                      by_path)
        elif not shard or entry.name == SHARD_ENTRY:
            parts.append(_entry(path, known, seen, index is None))
            if shape is not None:
                shape.append(f"{path}\0template\n" if by_path else f"{path}\0markdown\n" if entry.name.endswith(".md")
                             else parts[-1])


def _entry(path: str, known: Mapping[str, Stat] | None, seen: dict[str, Stat | None] | None, source: bool) -> str:
    """One file's line; `source`: an input, known by its status-change time too (an output is not: the
    build's own hard links change it)."""
    given = known.get(path) if known else None
    if given is not None:
        return _line(path, *given)
    try:
        st = os.stat(path)
    except OSError:
        if seen is not None:
            seen[path] = None
        return f"{path}\0missing\n"
    if seen is not None:
        seen[path] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns)  # as cache.file_stat has it
    return _stated(path, st, source)


def _line(path: str, size: int, mtime_ns: int, inode: int, ctime_ns: int | None = None) -> str:
    """One entry of a digest, as every way of making one writes it (a folder's path ends with a slash)."""
    return f"{path}\0{size}\0{mtime_ns}\0{inode}\n" if ctime_ns is None else \
        f"{path}\0{size}\0{mtime_ns}\0{inode}\0{ctime_ns}\n"


def _stated(path: str, st: os.stat_result, source: bool) -> str:
    return _line(path, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns if source else None)


def inputs_key(context: str, inputs: list[Path], seen: dict[str, Stat | None] | None = None,
               shape: list[str] | None = None, templates: tuple[Path, ...] = ()) -> str:
    """Taken before a build reads anything: a file saved while it runs makes the next build a real one
    (`seen`, `shape`, `templates`: see tree_digest; a file saved since is read on the next build, as one saved
    after it)."""
    return f"{context}:{tree_digest(*inputs, seen=seen, shape=shape, templates=templates)}"


def read(cache_dir: Path) -> Optional[dict]:
    """The last successful build's record, read once a build; None when there is none or it is unreadable."""
    try:
        record = json.loads((cache_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def only_the_date_moved(record: Optional[dict], key: str) -> bool:
    """Whether the last build read the same inputs, on another date, and made its search index current:
    then nothing anyone wrote can have left a page since, only what the date decides (search_delta.py)."""
    try:
        return record is not None and bool(record["indexed"]) and record["key"].startswith(f"{key}:")
    except (KeyError, TypeError, AttributeError):
        return False


def forget(cache_dir: Path) -> None:
    (cache_dir / RECORD).unlink(missing_ok=True)


def remember(cache_dir: Path, key: str, out_dir: Path, indexed: bool, last: LastBuild,
             written: Mapping[str, Stat] | None = None, folded: bool = False) -> None:
    """`indexed`: the build made its search index current (a --no-search build may have kept a stale one);
    `folded`: the index is as a clean build makes it (search_index.folded).
    `written`: every file of the output but its search index, by output path, with the stat the build wrote or
    checked it with, not taken again (a file changed since makes the next build a real one, as any change does);
    none: the output is walked."""
    try:
        output = _written_digest(out_dir, written) if written else tree_digest(out_dir, output=True)
    except OSError:  # a folder gone since the build wrote it: no record, the next build is a real one
        return
    record = {"format": FORMAT, "key": f"{key}:{output}", "indexed": indexed, "folded": folded,
              "problems": [vars(p) for p in last.problems],  # flat fields: no deep copy (asdict: 0.045 s for 4,320)
              "documents": last.documents, "pages": last.pages, "files": last.files, "dates": last.dates}
    tmp = cache_dir / f".{RECORD}.tmp"
    try:
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cache_dir / RECORD)
    except OSError:
        tmp.unlink(missing_ok=True)


def _written_digest(out_dir: Path, written: Mapping[str, Stat]) -> str:
    """tree_digest(out_dir, output=True) of an output that holds the files `written` (by output path, with their
    stats) and its search index, and nothing else (produce removes the rest), made without listing its folders:
    each folder is stated, the search index walked. Walking 112,000 files took 0.5 s of every build at 100,000
    documents, their stats known. Should the output hold anything else, the next build's walk finds another
    digest and builds, as it would after any change."""
    root = os.fspath(out_dir)
    children: dict[str, list[tuple[str, Optional[str]]]] = {"": []}  # folder -> its (name, file's line or None)

    def listed(folder: str) -> list[tuple[str, Optional[str]]]:
        """The folder's entries, it being one of its parent's."""
        entries = children.get(folder)
        if entries is None:
            entries = children[folder] = []
            parent, _, name = folder.rpartition("/")
            listed(parent).append((name, None))
        return entries

    for rel, stat in written.items():
        folder, _, name = rel.rpartition("/")
        listed(folder).append((name, _line(f"{root}/{rel}", *stat)))
    index = os.path.join(root, INDEX_FOLDER)
    if os.path.isdir(index):
        children[""].append((INDEX_FOLDER, None))
    parts = [f"{root}\0"]

    def add(folder: str, path: str) -> None:
        for name, line in sorted(children[folder]):
            if line is not None:
                parts.append(line)
                continue
            inner = f"{path}/{name}"
            parts.append(_stated(f"{inner}/", os.stat(inner, follow_symlinks=False), source=False))
            if inner == index:
                _walk(index, parts, None, None, index, shard=False)
            else:
                add(f"{folder}/{name}" if folder else name, inner)
    add("", root)
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def recall(record: Optional[dict], key: str, out_dir: Path, as_of: dt.datetime, search: bool,
           fold: bool = False) -> Optional[LastBuild]:
    """The last build's result (`record`, see `read`) when building again at `as_of` would change
    nothing, else None (`search`, `fold`: this build wants the index current, folded)."""
    if record is None:
        return None
    try:
        if record["format"] != FORMAT or (search and not record["indexed"]) or (fold and not record["folded"]):
            return None
        if not span_holds(tuple(record["dates"]), as_of):
            return None
        if not record["key"].startswith(f"{key}:") or record["key"] != f"{key}:{tree_digest(out_dir, output=True)}":
            return None
        return LastBuild([Problem(**p) for p in record["problems"]], record["documents"], record["pages"],
                         record["files"], tuple(record["dates"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
