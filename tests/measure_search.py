#!/usr/bin/env python3
"""Measure search in the browser as a reader meets it: a built site served by Debian's nginx with the shipped
server block (loopback), each query opened in Debian's Chromium from its search page's address, timed until the
page says how many it found.

    python3 tests/measure_search.py --public DIR [--query 词 ...]
    python3 tests/measure_search.py --documents 100000 [--work DIR]   # a generated corpus, built first
    python3 tests/measure_search.py --public DIR --latency 40      # each request 40 ms late, as over a network

Each query is opened twice: a first visit (a new browser profile, nothing cached) and again in the same tab.
Besides the seconds, each row says what the first visit fetched: the index shards searched (each fetches its own
pagefind-entry.json), the index chunks and every byte of the search (bench/README.md has a run at 100,000).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from browsing import chromium
from conftest import ROOT
from web_server import serving

#: the generated corpus's (bench/gen_site.py): its county's name is on every page, then words in many and in few
GENERATED_QUERIES = ("抚顺县", "通知", "规范性文件", "养老服务工作", "长江大桥")
#: the search page is done: what it found, or that it found nothing, or that it cannot search
DONE = "() => /^(找到|没有找到|全文搜索暂时无法使用)/.test(document.getElementById('search-status').textContent)"


@dataclass
class Row:
    query: str
    status: str  # the search page's status line
    first: float  # seconds, a first visit
    again: float  # seconds, the same page opened again in the same tab
    shards: int  # index shards searched on the first visit
    chunks: int  # their index chunks fetched
    kib: int  # the files the first visit fetched, as they are on disk (the index's are compressed there)

    @property
    def found(self) -> int:
        """The number of results the status line gives (0 when it found nothing)."""
        digits = "".join(c for c in self.status.split("条")[0] if c.isdigit())
        return int(digits) if self.status.startswith("找到") and digits else 0


def timed(page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(DONE, polling=10, timeout=120_000)
    return time.perf_counter() - started


def measure(browser, base: str, public: Path, query: str, latency: float = 0) -> Row:
    url = f"{base}search/index.html?q={urllib.parse.quote(query)}"
    context = browser.new_context()  # a first visit: nothing cached
    fetched: list[str] = []  # Pagefind fetches from its worker: seen here, not in the page's performance entries
    try:
        page = context.new_page()
        if latency:  # Chromium's own emulation, which delays its workers' requests too
            session = context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency,
                                                              "downloadThroughput": -1, "uploadThroughput": -1})
        page.on("requestfinished", lambda request: fetched.append(urllib.parse.urlsplit(request.url).path))
        first = timed(page, url)
        status = page.inner_text("#search-status")
        names = list(fetched)
        again = timed(page, url)
    finally:
        context.close()
    sizes = [(public / urllib.parse.unquote(name).lstrip("/")).stat().st_size for name in names]
    return Row(query, status, first, again, sum(n.endswith("/pagefind-entry.json") for n in names),
               sum(n.endswith(".pf_index") for n in names), sum(sizes) // 1024)


def a_doc_number(public: Path) -> str | None:
    """A 文号 of the site, from its catalog.json: what readers search for most."""
    try:
        rows = json.loads((public / "catalog.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return next((row["doc_number"] for row in rows if row.get("doc_number")), None)


def generated(documents: int, work: Path) -> Path:
    """A corpus of `documents` from bench/gen_site.py, built by build.py as of today into work/public."""
    site, public = work / "site", work / "public"
    if not site.exists():
        subprocess.run([sys.executable, str(ROOT / "bench/gen_site.py"), str(documents), str(site)], check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--site", str(site), "--out", str(public),
                    "--as-of", dt.date.today().isoformat()], check=True, stdout=subprocess.DEVNULL)
    return public


def table(rows: list[Row]) -> str:
    lines = ["query\tfound\tfirst s\tagain s\tshards\tchunks\tKiB"]
    lines += [f"{r.query}\t{r.found}\t{r.first:.2f}\t{r.again:.2f}\t{r.shards}\t{r.chunks}\t{r.kib}" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = args.add_mutually_exclusive_group(required=True)
    source.add_argument("--public", type=Path, help="a built site's output folder")
    source.add_argument("--documents", type=int, help="generate a corpus of this many documents and build it")
    args.add_argument("--query", action="append", help="a query (repeat; default: the generated corpus's and a 文号)")
    args.add_argument("--latency", type=float, default=0,
                      help="milliseconds each request waits, as a reader's network makes it (default: none, loopback)")
    args.add_argument("--work", type=Path, help="where the corpus and the server's files go (default: a temporary folder)")
    options = args.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = options.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        public = options.public.resolve() if options.public else generated(options.documents, work)
        queries = options.query or [*GENERATED_QUERIES, *filter(None, [a_doc_number(public)])]
        with tempfile.TemporaryDirectory(dir=work) as server, serving(public, Path(server) / "nginx") as port, \
                chromium() as browser:
            rows = [measure(browser, f"http://127.0.0.1:{port}/", public, query, options.latency) for query in queries]
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
