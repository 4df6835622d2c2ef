#!/usr/bin/env python3
"""Measure the time from saving a file to the reloaded page in the browser, on a copy of a site.

    python3 tests/measure_reload.py [--site DIR] [--rounds N] [--edit body|title]

Copies the site (the sample site by default) to a temporary folder, runs `build.py serve` on it,
opens a page in Debian's Chromium over IPv6, saves a changed document (a paragraph added to its body,
or its title changed) and waits for the change to appear. A site without documents gets one, so the
sample site can be measured at any stage.
"""
from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

from browsing import chromium
from conftest import ROOT, doc
from serving import Server


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--site", type=Path, default=ROOT)
    args.add_argument("--rounds", type=int, default=5)
    args.add_argument("--edit", choices=sorted(EDITS), default="body", help="what each save changes (default body)")
    options = args.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(options.site, site, ignore=shutil.ignore_patterns("public", ".git", "tests", "__pycache__", ".gongkai-cache*"))
        source = next((p for p in sorted((site / "content").rglob("*.md")) if p.name != "index.md"), None)
        if source is None:
            source = site / "content/fdzdgknr/qtxx/preview-timing.md"
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_text(doc("预览计时"), encoding="utf-8")
        rel = source.relative_to(site / "content").with_suffix(".html").as_posix()
        print(f"{options.site}: {sum(1 for _ in (site / 'content').rglob('*.md'))} documents, editing {rel}")
        times = measure(site, source, rel, options.rounds, EDITS[options.edit])
    print(f"{options.edit} edit, save to reloaded page: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s over {len(times)} saves")


#: how a save puts the marker into the document's text
EDITS = {
    "body": lambda text, marker: text.rstrip("\n") + f"\n\n{marker}\n",
    "title": lambda text, marker: re.sub(r"^title: *\"?(.*?)\"?$", lambda m: f'title: "{m.group(1)}{marker}"', text,
                                         count=1, flags=re.M),
}


def measure(site: Path, source: Path, rel: str, rounds: int, change) -> list[float]:
    server = Server(site, startup=1800)  # a large site's first build
    original = source.read_text(encoding="utf-8")
    times = []
    try:
        with chromium() as browser:
            page = browser.new_page()
            page.goto(server.url(socket.AF_INET6, "/" + rel))
            for n in range(rounds):
                page.wait_for_function("document.querySelector('script[data-build]') !== null")
                time.sleep(0.5)
                marker = f"计时标记{n}"
                lines = len(server.lines)
                saved = time.perf_counter()
                source.write_text(change(original, marker), encoding="utf-8")
                page.wait_for_function(f"document.body.innerText.includes('{marker}')", timeout=60000)
                times.append(time.perf_counter() - saved)
                server.wait_for("已重新生成", after=lines, timeout=600)  # the next save finds serve idle
    finally:
        server.stop()
    return times


if __name__ == "__main__":
    sys.exit(main())
