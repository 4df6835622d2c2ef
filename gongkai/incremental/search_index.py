"""The full-text search index: Pagefind's extended build (which segments Chinese), one index per
shard of document pages (see search_shards.py), merged by the search page in the browser.

It runs on the staged output folder, after every page is written and before the swap, so a
site whose index could not be built is never published. Each shard is indexed on its own, from a
folder of hard links to its pages, into `pagefind/<shard>/`; `pagefind/shards.json` lists the
shards for the search page. A shard whose pages show what they showed when the published index
was made is hard-linked from it instead, so an edit re-indexes one shard, not the site.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Mapping

from gongkai.incremental.cache import Stat, file_stat
from gongkai.incremental.parallel import job_count
from gongkai.incremental.search_shards import Shard
from gongkai.incremental.write import link_tree
from gongkai.problems import GongkaiError

log = logging.getLogger("gongkai")
FOLDER = "pagefind"
#: the shards the search page merges, in order; the first is the one whose scripts it loads
SHARDS_FILE = "shards.json"
#: where each shard's pages are linked for Pagefind to read; removed before the swap
PAGES_FOLDER = ".pagefind-pages"
#: the file Pagefind writes anew for every index, to know an index again by its inode
ENTRY = "pagefind-entry.json"
#: Pagefind's ready-made interfaces: the search page has its own, so no shard needs them
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
#: how search_shards.py names shards ("2024", "2024-2of4", "all"): nothing else is ever deleted or linked
_SHARD_NAME = re.compile(r"[0-9A-Za-z]+(-[0-9]+of[0-9]+)?")
#: one indexing run may take long on a very large shard, but never forever
TIMEOUT_SECONDS = 600


class SearchIndexError(GongkaiError):
    """Pagefind could not index the site: an installation problem, not a content one (exit 2)."""

    def __init__(self, reason: str):
        super().__init__(f"生成全文搜索索引失败，原有输出未改动：{reason}")


def _executable() -> Path:
    """The extended build's binary, run directly (the Python wrapper would add a second of start-up)."""
    try:
        from pagefind_bin_extended import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError):
        raise SearchIndexError("未安装 Pagefind 扩展版（中文分词），请运行 pip install -r requirements.txt") from None


def reuse_index(published: Path, folder: Path, indexed: Mapping[str, tuple[str, Stat]]) -> bool:
    """The published index in `folder` as it is: shards `folder` already holds as published (by the
    record `indexed`) stay, the others are hard-linked; False when there is none to reuse."""
    source, index = published / FOLDER, folder / FOLDER
    try:
        names = json.loads((source / SHARDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        names = None
    if not isinstance(names, list) or not all(isinstance(n, str) and _SHARD_NAME.fullmatch(n) for n in names):
        shutil.rmtree(index, ignore_errors=True)  # none, or not one this generator wrote
        return False
    _keep_only(index, set(names))
    for name in names:
        recorded = indexed.get(name)
        if recorded is not None and file_stat(index / name / ENTRY, with_inode=True) == recorded[1]:
            continue
        shutil.rmtree(index / name, ignore_errors=True)
        if not _link_shard(source / name, index / name):
            shutil.rmtree(index, ignore_errors=True)
            return False
    (index / SHARDS_FILE).write_text(json.dumps(names) + "\n", encoding="utf-8")
    return True


def build_index(folder: Path, shards: list[Shard], published: Path,
                indexed: Mapping[str, tuple[str, Stat]]) -> dict[str, tuple[str, Stat]]:
    """Index `shards` of the pages under `folder` into `folder/pagefind`, reusing from `published` the
    shards that `indexed` records with the same key; returns the record of the new index."""
    started = time.perf_counter()
    index = folder / FOLDER
    _keep_only(index, {s.name for s in shards})
    todo = [s for s in shards if not _kept(s, indexed, index) and not _reuse(s, published, indexed, index)]
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(job_count(), len(todo)))) as pool:
            list(pool.map(lambda shard: _index_shard(folder, shard), todo))
    finally:
        shutil.rmtree(folder / PAGES_FOLDER, ignore_errors=True)
    names = [s.name for s in shards]
    (index / SHARDS_FILE).write_text(json.dumps(names) + "\n", encoding="utf-8")
    log.info("search index: %d of %d shards indexed (%s) in %.2f s", len(todo), len(shards),
             " ".join(s.name for s in todo), time.perf_counter() - started)
    return {s.name: (s.key, file_stat(index / s.name / ENTRY, with_inode=True))
            for s in shards if s.key is not None}


def _current(shard: Shard, indexed: Mapping[str, tuple[str, Stat]], copy: Path) -> bool:
    """`copy` is the index recorded for this shard's key: its entry file is the very one recorded (a
    build killed after the swap but before saving the cache published another)."""
    return shard.key is not None and indexed.get(shard.name) == (shard.key, file_stat(copy / ENTRY, with_inode=True))


def _keep_only(index: Path, names: set[str]) -> None:
    """The build folder's index (the spare's, two builds old) without what is not one of these shards:
    shards the site no longer has, the shard list, and half-made shards a killed build left."""
    index.mkdir(exist_ok=True)
    for entry in index.iterdir():
        if entry.name not in names:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()


def _kept(shard: Shard, indexed: Mapping[str, tuple[str, Stat]], index: Path) -> bool:
    """The shard already in the build folder, when it is the one published for the same key: nothing to link."""
    if _current(shard, indexed, index / shard.name):
        return True
    shutil.rmtree(index / shard.name, ignore_errors=True)
    return False


def _reuse(shard: Shard, published: Path, indexed: Mapping[str, tuple[str, Stat]], index: Path) -> bool:
    """The published shard, hard-linked, when it was made for the same key."""
    source = published / FOLDER / shard.name
    return _current(shard, indexed, source) and _link_shard(source, index / shard.name)


def _link_shard(source: Path, target: Path) -> bool:
    """Hard links to the shard `source` at `target`, whole or not at all."""
    if not source.is_dir():
        return False
    partial = target.parent / f".{target.name}.partial"  # a shard's own name always holds a whole index
    if link_tree(source, partial):
        os.rename(partial, target)
        return True
    shutil.rmtree(partial, ignore_errors=True)  # half linked: index it afresh
    return False


def _index_shard(folder: Path, shard: Shard) -> None:
    """Pagefind over a folder holding only this shard's pages, at their paths, so the URLs it
    records are those of the site."""
    pages = folder / PAGES_FOLDER / shard.name
    for rel in shard.pages:
        (pages / rel).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(folder / rel, pages / rel)
        except OSError:  # a file system without hard links
            shutil.copyfile(folder / rel, pages / rel)
    output = folder / FOLDER / f".{shard.name}.partial"  # renamed to the shard's name once whole
    shutil.rmtree(output, ignore_errors=True)
    command = [str(_executable()), "--site", str(pages), "--output-path", str(output), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(str(exc)) from None
    if done.returncode != 0 or not (output / "pagefind.js").is_file():
        printed = (done.stderr or done.stdout).strip().splitlines()
        raise SearchIndexError(printed[-1] if printed else f"退出状态 {done.returncode}")
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    os.rename(output, folder / FOLDER / shard.name)
