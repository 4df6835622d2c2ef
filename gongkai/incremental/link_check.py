"""The link check of a build (checks/links.py), over what the scan of every page found, kept in the build
cache by key (OutputEntry.scan).

A build that takes up the last build's site (snapshot.py) has the same pages, the same files and the
same links in every document; when each page it renders also scans as it did, key for key, the check
would find what the last one found, and that is taken without reading any scan: the scans are a third
of the cache. Any other build compares a digest of what the check reads (each page's path, origin and
scan key, every output path, each document's URLs and their lines) with the last check's, and checks
every page only when it differs: the next morning's build of a site where a document expired renders a
few pages, all scanning as before, and found the same links dead or alive by reading every scan (0.18 s at
10,000 documents). A page whose scan the cache no longer holds is scanned again from the file just written.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Optional

from gongkai.checks.links import Scan, check_links, scan
from gongkai.engine.model import Site
from gongkai.engine.page import Page
from gongkai.incremental.cache import BuildCache
from gongkai.incremental.produce import Produced
from gongkai.problems import Report


def check(cache: BuildCache, produced: Produced, pages: list[Page], origins: list[str], existing: set[str],
          report: Report, site: Site, taken_up: bool, written: Optional[Path]) -> dict[str, str]:
    """Dead links and anchors of the pages produced (check_links); `taken_up`: the build took up the last
    build's site; `written`: the folder the pages were written to. Returns the external hosts."""
    if taken_up and produced.scanned_as_before and cache.links_found is not None:
        return _as_found(cache, report)
    lines = {doc.source: doc.url_lines for doc in site.documents}  # where each document wrote each URL
    in_group = bool(site.info.member_path)
    read = _read(pages, origins, cache, existing, lines, in_group)
    if read == cache.links_read and cache.links_found is not None:
        return _as_found(cache, report)
    base_path = site.info.base_path
    known = cache.scans  # read here, on demand
    before = set(known)  # what the cache holds: anything added or dropped is saved
    known.update(produced.scans)
    scans: dict[str, tuple[str, Scan]] = {}
    for page, origin in zip(pages, origins):
        entry = cache.outputs.get(page.path)
        if entry is not None and entry.scan is not None:
            found = known.get(entry.scan)
            if found is None:  # lost with its bucket: the page as written says what it holds
                found = known[entry.scan] = _scan_again(page.path, origin, written, base_path, report)
            if found is not None:
                scans[page.path] = (origin, found)
    checked = Report()
    hosts = check_links(scans, existing, checked, lambda origin, url: lines.get(origin, {}).get(url, 0),
                        in_group=in_group)
    used = {e.scan for entries in (cache.outputs, cache.spare) for e in entries.values() if e.scan is not None}
    kept = {k: found for k, found in known.items() if k in used}
    if kept.keys() != before or cache.links_found != (checked.problems, hosts) or cache.links_read != read:
        cache.scans, cache.links_found, cache.changed = kept, (checked.problems, hosts), True
        cache.links_read = read if all(page.path in scans for page in pages if page.path.endswith(".html")) else ""
    report.problems.extend(checked.problems)
    return hosts


def _as_found(cache: BuildCache, report: Report) -> dict[str, str]:
    """The last check's findings, when this one would read what it read."""
    problems, hosts = cache.links_found
    report.problems.extend(problems)
    return dict(hosts)


def _read(pages: list[Page], origins: list[str], cache: BuildCache, existing: set[str],
          lines: dict[str, dict[str, int]], in_group: bool) -> str:
    """A digest of what check_links reads: the scan of each page by its key, with the page's path and
    origin, the paths that exist, and where each document wrote each URL."""
    outputs = cache.outputs
    h = hashlib.blake2b(digest_size=16)
    h.update(b"group" if in_group else b"site")
    for page, origin in zip(pages, origins):
        entry = outputs.get(page.path)
        h.update(f"\n{page.path}\0{origin}\0{entry.scan if entry is not None else None}".encode())
    h.update("\n".join(sorted(existing)).encode())
    h.update(repr(sorted(lines.items())).encode())
    return h.hexdigest()


def _scan_again(page: str, origin: str, written: Optional[Path], base_path: str, report: Report) -> Optional[Scan]:
    if written is not None:
        try:
            return scan(page, (written / page).read_bytes(), origin, base_path)
        except OSError:
            pass
    # never a page left unchecked: nothing is published (a build without the cache beside the output checks all)
    report.error(origin, 0, f"页面 {page} 的链接无法检查：上次生成的记录中没有它，写出的文件也无法读回；"
                            "请删除输出文件夹旁的 .gongkai-cache-* 文件夹后重新生成")
    return None
