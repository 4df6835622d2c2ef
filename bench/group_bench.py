"""`run.py --group`: a site group against the same number of documents built as one site.

Measured, `--reps` times: the group's clean build, a build with nothing changed, and a build after one
sentence is appended to one document of one member; then a clean build and a one-edit build of one site
with as many documents (gen_site's corpus: the same generator, not the same texts).
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import gen_group
import gen_site
from run import DEFAULT_CACHE_GLOB, REPO, BuildFailed, Row, clean, edit_one, measure, our_argv, table

log = logging.getLogger("bench")
#: a group's caches: every member's output and cache (.public.members) and a staged tree left by a kill
GROUP_CACHE_GLOB = "{parent}/.public.*"


def bench_group(total: int, root: Path, args: argparse.Namespace) -> list[Row]:
    group = root / "group"
    manifest = gen_group.generate_group(total, group, args.departments, args.towns, args.seed)
    log.info("%7d  group of %d members generated", total, len(manifest["members"]))
    edited = group / max(manifest["members"], key=manifest["members"].get)  # the largest member
    rows = _three(total, "group", group, root / "group-out" / "public", GROUP_CACHE_GLOB, edited, args)
    site = root / "site"
    gen_site.generate(total, str(site), args.seed, force=True)
    return rows + _three(total, "site", site, root / "site-out" / "public", DEFAULT_CACHE_GLOB, site, args)


def _three(total: int, name: str, folder: Path, out: Path, caches: str, edited: Path,
           args: argparse.Namespace) -> list[Row]:
    argv = our_argv(args.cmd, folder, out)
    rows = {kind: Row(total, f"{name} {kind}") for kind in ("clean", "unchanged", "one-edit")}
    for rep in range(args.reps):
        clean(out, folder, caches)
        measure(rows["clean"], argv, REPO, out)
        measure(rows["unchanged"], argv, REPO, out)
        edit_one(edited, rep)
        measure(rows["one-edit"], argv, REPO, out)
    return list(rows.values())


def main(args: argparse.Namespace) -> int:
    rows: list[Row] = []
    try:
        for total in args.sizes:
            rows += bench_group(total, args.work / f"group-{total}", args)
    except BuildFailed as e:
        print(f"build failed: {e}", file=sys.stderr)
        return 1
    print(table(rows))
    return 0
