"""`run.py --group`: a site group against the same number of documents built as one site.

Measured, `--reps` times: the group's clean build, a build with nothing changed, and a build after one
sentence is appended to one document of one member; then a clean build and a one-edit build of one site
with as many documents (gen_site's corpus: the same generator, not the same texts).

With `--dask N[,M…]`, the group's three builds also through a Dask scheduler with N (and M…) workers
started on this machine (loopback, one thread each), taking turns with the local builds, and each output
checked against a local build of the same input.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import gen_group
import gen_site
from run import (DEFAULT_CACHE_GLOB, REPO, BuildFailed, Row, clean, differences, edit_one, measure, our_argv,
                 table, timed)

log = logging.getLogger("bench")
#: a group's caches: every member's output and cache (.public.members), the previous tree kept to be brought up
#: to date (.public.spare) and a staged tree left by a kill
GROUP_CACHE_GLOB = "{parent}/.public.*"


def bench_group(total: int, root: Path, args: argparse.Namespace) -> list[Row]:
    group = root / "group"
    manifest = gen_group.generate_group(total, group, args.departments, args.towns, args.seed)
    log.info("%7d  group of %d members generated", total, len(manifest["members"]))
    edited = group / max(manifest["members"], key=manifest["members"].get)  # the largest member
    with contextlib.ExitStack() as clusters:
        ways = [("group", root / "group-out" / "public", [])]
        for workers in args.dask:
            address = clusters.enter_context(local_cluster(root / f"dask{workers}", workers))
            ways.append((f"dask{workers}", root / f"dask{workers}-out" / "public", ["--scheduler", address]))
        rows = {name: _rows(total, name) for name, _, _ in ways}
        for rep in range(args.reps):  # taking turns, so that a change in the machine's load hits every way alike
            for name, out, extra in ways:
                _three(rows[name], group, out, GROUP_CACHE_GLOB, edited, rep, args, extra)
        for _, out, extra in ways:  # every way's output brought up to the last edit
            timed(_argv(args, group, out, extra), REPO)
    local = ways[0][1]
    for name, out, _ in ways[1:]:
        diffs = differences(out, local)
        rows[name][-1].verify = f"DIFF {len(diffs)} files" if diffs else "OK"
    site, out = root / "site", root / "site-out" / "public"
    gen_site.generate(total, str(site), args.seed, force=True)
    rows["site"] = _rows(total, "site")
    for rep in range(args.reps):
        _three(rows["site"], site, out, DEFAULT_CACHE_GLOB, site, rep, args)
    return [row for way in rows.values() for row in way]


def _rows(total: int, name: str) -> list[Row]:
    return [Row(total, f"{name} {kind}") for kind in ("clean", "unchanged", "one-edit")]


def _argv(args: argparse.Namespace, folder: Path, out: Path, extra: list[str] | None = None) -> list[str]:
    return our_argv(args.cmd, folder, out, dt.date.today()) + (extra or [])


def _three(rows: list[Row], folder: Path, out: Path, caches: str, edited: Path, rep: int,
           args: argparse.Namespace, extra: list[str] | None = None) -> None:
    """A clean build, one with nothing changed, and one after a sentence is added to a document."""
    argv = _argv(args, folder, out, extra)
    clean(out, folder, caches)
    measure(rows[0], argv, REPO, out)
    measure(rows[1], argv, REPO, out)
    edit_one(edited, rep)
    measure(rows[2], argv, REPO, out)


@contextlib.contextmanager
def local_cluster(folder: Path, workers: int) -> Iterator[str]:
    """A `dask scheduler` and `workers` one-thread `dask worker`s on loopback, each in its own folder;
    yields the scheduler's address once every worker has joined."""
    import distributed  # only --dask needs it (requirements-dask.txt)

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    env = {**os.environ, "PYTHONPATH": str(REPO), "DASK_TEMPORARY_DIRECTORY": str(folder / "scratch")}
    commands = [["scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"]]
    commands += [["worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                  "--local-directory", str(folder / f"worker{i}")] for i in range(1, workers + 1)]
    processes = []
    try:
        for i, command in enumerate(commands):
            (folder / f"{i}").mkdir(parents=True, exist_ok=True)
            with open(folder / f"{i}" / "log", "ab") as out:
                processes.append(subprocess.Popen([sys.executable, "-m", f"distributed.cli.dask_{command[0]}",
                                                   *command[1:]], cwd=folder / f"{i}", env=env, stdout=out,
                                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))
        with distributed.Client(address, timeout=60, set_as_default=False) as client:
            deadline = time.monotonic() + 60
            while len(client.nthreads()) < workers:
                if time.monotonic() > deadline:
                    raise BuildFailed(f"the Dask workers did not join; see {folder}/*/log")
                time.sleep(0.1)
        log.info("Dask scheduler %s with %d workers", address, workers)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def main(args: argparse.Namespace) -> int:
    rows: list[Row] = []
    try:
        for total in args.sizes:
            rows += bench_group(total, args.work / f"group-{total}", args)
    except BuildFailed as e:
        print(f"build failed: {e}", file=sys.stderr)
        return 1
    print(table(rows))
    return 1 if any(r.verify not in (None, "OK") for r in rows) else 0
