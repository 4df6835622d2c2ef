"""The full-text search index: Pagefind's extended build (which segments Chinese) over the written pages.

It runs on the staged output folder, after every page is written and before the swap, so a
site whose index could not be built is never published. Only pages that mark their content
with `data-pagefind-body` (document pages) are indexed; the index and its self-hosted
scripts go to `pagefind/` in the output.
"""
from __future__ import annotations

import logging
import os
import subprocess
import time
from pathlib import Path

from gongkai.problems import GongkaiError

log = logging.getLogger("gongkai")
FOLDER = "pagefind"
#: one indexing run may take long on a very large site, but never forever
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


def reuse_index(published: Path, folder: Path) -> bool:
    """Hard-link the published index into `folder` when it still describes the pages; False if it cannot."""
    source = published / FOLDER
    if not (source / "pagefind.js").is_file():
        return False
    for path in source.rglob("*"):
        target = folder / path.relative_to(published)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                return False
    return True


def build_index(folder: Path) -> float:
    """Index the HTML pages under `folder` into `folder/pagefind`; returns the seconds it took."""
    started = time.perf_counter()
    command = [str(_executable()), "--site", str(folder), "--output-subdir", FOLDER, "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(str(exc)) from None
    if done.returncode != 0 or not (folder / FOLDER / "pagefind.js").is_file():
        printed = (done.stderr or done.stdout).strip().splitlines()
        reason = printed[-1] if printed else f"退出状态 {done.returncode}"
        raise SearchIndexError(reason)
    seconds = time.perf_counter() - started
    log.info("search index built in %.2f s", seconds)
    return seconds
