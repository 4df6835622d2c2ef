#!/usr/bin/env python3
"""Benchmark of build.py on generated corpora, optionally against Hugo, MkDocs and Pelican.

    python bench/run.py                        # 1,000 and 10,000 documents, 3 repetitions
    python bench/run.py --smoke                # 200 documents, once (CI)
    python bench/run.py --peers                # also clean builds with Hugo, MkDocs, Pelican
    python bench/run.py --sizes 10000,100000   # the scaling target

For each size: a clean build, an unchanged rebuild, the next day's rebuild (nothing
changed but the build date) on the first day when no document's date-derived value changes and
on the first day after it when a document expires, a rebuild after a one-sentence edit and one
after a title edit, the first edit of the day after (when nothing dated changes on it), after an edit of the
page frame and the first build of a new version of the generator (its cache started afresh), then a check
that the edited build equals a clean build of the same input byte for byte (its search index by what it finds). Prints one table (median seconds, peak resident MiB, HTML pages, ratios)
and the targets met; writes the same to <work>/results.json. Exit status 1 when a build
fails or an incremental build differs from a clean one.
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import hashlib
import json
import logging
import operator
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Callable

import gen_site
import peers

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
from gongkai.incremental import search_index  # noqa: E402  (the search index is compared by what it finds)
from gongkai.output.render import THEME_DIR  # noqa: E402  (the theme's page frame, which the template edit copies)
BUILD = REPO / "build.py"
DEFAULT_CMD = "{python} {build} build --site {site} --out {out} --as-of {as_of}"
DEFAULT_CACHE_GLOB = "{parent}/.gongkai-cache*"
SECTIONS = {slug: label for slug, label, _, _ in gen_site.CATEGORIES}
OURS = ("clean", "unchanged", "next-day", "expiry-day", "one-edit", "word-edit", "title-edit", "next-day-edit",
        "template-edit", "new-version")
#: our build as the next version of the generator runs it: the same code under another version string, which
#: every record of the cache is keyed by, so the cache starts afresh as after an upgrade
#: (python -c NEXT_VERSION build.py build …)
NEXT_VERSION = ("import runpy, sys; import gongkai.incremental.cache as cache; cache.__version__ += '+next'; "
                "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')")

log = logging.getLogger("bench")
#: the environment of every build measured: Python as it runs by default, keeping the bytecode it compiles
#: (a shell that sets PYTHONDONTWRITEBYTECODE made every start of ours compile the package again: about
#: 0.1 s of each build; the peers' packages were compiled when pip installed them)
AS_USERS_RUN = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


class BuildFailed(Exception):
    """A build exited non-zero; the message carries the tail of its output."""


@dataclass
class Row:
    """One line of the table: one kind of build by one tool at one corpus size."""
    size: int
    run: str  #: "ours clean", "ours unchanged", "ours one-edit", "hugo clean", ...
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  #: user + system seconds of the build and the processes it waited for
    peak_kib: int = 0  #: highest ru_maxrss over the repetitions: the largest single process
    total_kib: int = 0  #: highest memory of the build with all its processes at once (sum of PSS)
    pages: int = 0  #: HTML files in the output after the last repetition
    vs_hugo: float | None = None  #: ours clean / hugo clean (on the "ours clean" row)
    vs_mkdocs: float | None = None  #: ours clean / mkdocs clean
    verify: str | None = None  #: the edited build's output == a clean build's: "OK" or "DIFF ..."

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        """Steadier than wall time on a machine other work shares: it counts the build's own work only."""
        return statistics.median(self.cpu) if self.cpu else 0.0

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024

    @property
    def total_mib(self) -> float:
        return self.total_kib / 1024


def tree_pss_kib(pid: int) -> int:
    """Memory of a process and all its descendants right now, shared pages divided among their
    sharers (PSS), so forked workers and the indexers are counted once each (Linux /proc). A child
    is listed under the thread that started it: the search index's Pagefind processes are started
    from a pool of threads, and counting the main thread's children alone left them out.

    The processes are read one after another, and reading a large one takes a while: a worker forked
    meanwhile shares pages already counted whole in its parent, and the sum holds them twice (a clean
    build of 100,000 documents once peaked at 3,465 MiB, where a probe listing each process never saw more
    than 2,147). A sample is therefore kept only when the same processes are there after it as before; 0
    when they kept changing."""
    for _ in range(3):
        processes = _tree(pid)
        total = sum(map(_pss_kib, processes))
        if _tree(pid) == processes:
            return total
    return 0


def _tree(pid: int) -> list[int]:
    """`pid` and every process descended from it that still runs."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        if not os.path.exists(f"/proc/{current}"):
            continue
        found.append(current)
        for task in glob.glob(f"/proc/{current}/task/*/children"):
            try:
                todo += [int(child) for child in Path(task).read_text().split()]
            except (OSError, ValueError):
                continue
    return sorted(found)


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory(threading.Thread):
    """Samples a build's whole process tree every 50 ms until it exits; `peak` is the highest sum."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak = max(self.peak, tree_pss_kib(self.pid))


def timed(argv: list[str], cwd: Path) -> tuple[float, int, int, float]:
    """Run one child process; return its wall-clock seconds, the peak resident KiB of its largest
    process, the peak KiB of its whole process tree and the CPU seconds (user and system) of it and
    the processes it waited for (its workers, Pagefind).

    os.wait4 gives the rusage of this child alone, whatever else the bench holds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=AS_USERS_RUN)
        except OSError as e:
            raise BuildFailed(f"{shlex.join(argv)}\ncannot start: {e}") from e
        sampler = TreeMemory(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise BuildFailed(f"{shlex.join(argv)}\nexited with status {proc.returncode}; "
                              f"last lines of its output:\n{tail(err) or tail(out)}")
    kib = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return seconds, kib, max(sampler.peak, kib), usage.ru_utime + usage.ru_stime


def tail(f: IO[bytes], lines: int = 30) -> str:
    """The last lines written to a captured stream."""
    f.seek(0)
    return "\n".join(f.read().decode("utf-8", "replace").splitlines()[-lines:])


def measure(row: Row, argv: list[str], cwd: Path, out: Path) -> None:
    """One timed build, recorded in `row`."""
    seconds, kib, total, cpu = timed(argv, cwd)
    row.seconds.append(seconds)
    row.cpu.append(cpu)
    row.peak_kib = max(row.peak_kib, kib)
    row.total_kib = max(row.total_kib, total)
    row.pages = count_html(out)
    log.info("%7d  %-20s %8.3f s (CPU %.2f s) %8.1f MiB (all processes %.1f MiB) %7d pages", row.size, row.run,
             seconds, cpu, kib / 1024, total / 1024, row.pages)


def count_html(out: Path) -> int:
    """Number of HTML pages a build wrote."""
    return sum(1 for _, _, files in os.walk(out) for f in files if f.endswith(".html"))


def our_argv(template: str, site: Path, out: Path, as_of: dt.date) -> list[str]:
    """Our build command: the --cmd template with its placeholders filled."""
    values = {"python": sys.executable, "build": BUILD, "site": site, "out": out, "as_of": as_of.isoformat()}
    return shlex.split(template.format(**{k: shlex.quote(str(v)) for k, v in values.items()}))


def clean(out: Path, site: Path, cache_glob: str) -> None:
    """Delete an output folder and the build caches that the glob names, so the next
    build starts from nothing."""
    pattern = cache_glob.format(parent=glob.escape(str(out.parent)), out=glob.escape(str(out)),
                                site=glob.escape(str(site)))
    for path in [out, *map(Path, glob.glob(pattern))]:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def _documents(site: Path, divisor: int) -> list[Path]:
    """The documents from 1/`divisor` of the way in path order on (section intros left out): each edit has its own."""
    docs = sorted(p for p in (site / "content").rglob("*.md") if p.name != "index.md")
    return docs[len(docs) // divisor:]


def _document(site: Path, divisor: int) -> Path:
    return _documents(site, divisor)[0]


def edit_one(site: Path, rep: int) -> Path:
    """Append a sentence to the body of one document (the middle one in path order)."""
    doc = _document(site, 2)
    with doc.open("a", encoding="utf-8") as f:
        f.write(f"\n本文件于基准测试中第{rep + 1}次修订，特此说明。\n")
    return doc


#: a figure of the body's text: four digits or more, not part of a name such as an image's file (t20180601_3064666.png)
FIGURE = re.compile(r"(?<![\w.])\d{4,}(?![\w.])", re.ASCII)


def reword_one(site: Path) -> Path:
    """Correct a figure of one document's body (the first, a quarter of the way in path order on, whose body
    holds a figure of four digits or more found nowhere else in its file): its last two digits replaced by
    two others, an editor's correction. The old figure leaves the page's words, so text always leaves the
    search index; a reworded sentence often stood elsewhere in the page too, as generated sentences do."""
    for doc in _documents(site, 4):
        text = doc.read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        figure = next((found for found in FIGURE.finditer(body) if text.count(found.group()) == 1), None)
        if figure is not None:
            digits = f"{(int(figure.group()[-2:]) + 37) % 100:02d}"
            doc.write_text(f"{head}\n---\n{body[:figure.end() - 2]}{digits}{body[figure.end():]}", encoding="utf-8")
            return doc
    raise SystemExit("bench: no document from a quarter of the way on holds a figure found once in its file")


def retitle_one(site: Path, rep: int) -> Path:
    """Change the title of one document (a third of the way in path order): every listing showing it changes."""
    doc = _document(site, 3)
    text = doc.read_text(encoding="utf-8")
    doc.write_text(re.sub(r'^title: "(.*)"$', rf'title: "\1（第{rep + 1}次修订）"', text, count=1, flags=re.M),
                   encoding="utf-8")
    return doc


def reframe(site: Path, rep: int) -> Path:
    """The site's own copy of the theme's page frame (templates/base.html) with a line of its footer changed:
    every page reads it, so every page changes, as after an edit of the site's name or its footer."""
    frame = site / "templates" / "base.html"
    frame.parent.mkdir(exist_ok=True)
    theme = (THEME_DIR / "base.html").read_text(encoding="utf-8")
    frame.write_text(theme.replace("</footer>", f"<p>本站页面模板第{rep + 1}次修订。</p></footer>", 1), encoding="utf-8")
    return frame


def date_events(site: Path) -> set[dt.date]:
    """The days on which some document's date-derived value changes for a build at the day's start (as
    --as-of a day alone builds): the day after it expires or after its 发布时间 of day, the day it takes
    effect or is published."""
    events: set[dt.date] = set()
    for path in (site / "content").rglob("*.md"):
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        for key, value, time in re.findall(r"^(expires|effective|date): \"?(\d{4}-\d\d-\d\d)(?:[ T](\d\d:\d\d))?",
                                           head, re.M):
            day = dt.date.fromisoformat(value)
            events.add(day + dt.timedelta(1) if key == "expires" or time not in ("", "00:00") else day)
    return events


#: a day without date events further off than this is not the next day: a build on it covers weeks of them
QUIET_WITHIN = 7


def quiet_on(day: dt.date, events: set[dt.date]) -> bool:
    """Nothing date-derived changes on `day` (`events`: date_events), and it is not 1 January, when the
    plans current in a year change."""
    return day not in events and (day.month, day.day) != (1, 1)


def next_days(events: set[dt.date], today: dt.date) -> tuple[dt.date | None, dt.date]:
    """The first quiet day within a week of `today` (quiet_on), None when every day has some event; and the
    first day after it (after `today` when none) on which a document expires: what the next day's build
    costs on a quiet day and on a busy one. The site is brought to the day before the quiet day first
    (bench_ours): built as of `today`, a build days later would cover the events in between."""
    quiet = next((d for d in (today + dt.timedelta(n) for n in range(1, QUIET_WITHIN + 1)) if quiet_on(d, events)),
                 None)
    after = quiet or today
    expiry = next((d for d in sorted(events) if d > after), after + dt.timedelta(1))
    return quiet, expiry


def day_after(events: set[dt.date], day: dt.date) -> dt.date | None:
    """The day after `day` when it is quiet (quiet_on), else None: the next morning's first edit, on a site
    built the day before."""
    following = day + dt.timedelta(1)
    return following if quiet_on(following, events) else None


def digest_tree(root: Path) -> dict[str, str]:
    """sha256 of every file under root as readers meet it (search_index.readers_view): each search index
    by what its search finds, since an incremental build may keep a delta a clean build has not."""
    files = {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in root.rglob("*") if p.is_file()}
    return {path: data if isinstance(data, str) else
            hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
            for path, data in search_index.readers_view(root, files).items()}


def differences(incremental: Path, fresh: Path) -> list[str]:
    """The files that differ between two output trees, each with how it differs."""
    a, b = digest_tree(incremental), digest_tree(fresh)
    how = {True: "changed", False: "only in the edited build"}
    return sorted(f"{how[k in b] if k in a else 'only in clean build'}: {k}"
                  for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def bench_ours(size: int, site: Path, root: Path, args: argparse.Namespace) -> list[Row]:
    """Clean, unchanged, next-day (quiet, then with a document expiring), one-edit, word-edit, title-edit, the
    next day's first edit, an edit of the page frame every page reads and the first build of a new version of
    the generator, `reps` times; then the byte-for-byte check. The next day's build is how a site is rebuilt
    every morning: nothing changed but the date."""
    out = root / "ours" / "public"
    today = dt.date.today()
    events = date_events(site)  # every document read once: 100,000 of them take seconds
    quiet, expiry = next_days(events, today)
    later = day_after(events, expiry)
    log.info("%7d  next day without a date event %s, with a document expiring %s, the day after it %s", size,
             quiet or f"none within {QUIET_WITHIN} days (not measured)", expiry, later or "has one (not measured)")
    argv, on_expiry = (our_argv(args.cmd, site, out, day) for day in (today, expiry))
    upgraded = args.cmd == DEFAULT_CMD  # another command (another generator) has no version of ours to change
    left_out = {"next-day": not quiet, "next-day-edit": not later, "new-version": not upgraded}
    rows = {kind: Row(size, f"ours {kind}") for kind in OURS if not left_out.get(kind)}
    for rep in range(args.reps):
        clean(out, site, args.cache_glob)
        measure(rows["clean"], argv, REPO, out)
        measure(rows["unchanged"], argv, REPO, out)
        if quiet:
            if quiet - dt.timedelta(1) > today:  # the site as the morning before the quiet day left it
                timed(our_argv(args.cmd, site, out, quiet - dt.timedelta(1)), REPO)
            measure(rows["next-day"], our_argv(args.cmd, site, out, quiet), REPO, out)
        measure(rows["expiry-day"], on_expiry, REPO, out)
        edit_one(site, rep)
        measure(rows["one-edit"], on_expiry, REPO, out)
        reword_one(site)
        measure(rows["word-edit"], on_expiry, REPO, out)
        retitle_one(site, rep)
        measure(rows["title-edit"], on_expiry, REPO, out)
        if later:
            edit_one(site, rep)
            measure(rows["next-day-edit"], our_argv(args.cmd, site, out, later), REPO, out)
        reframe(site, rep)
        last = our_argv(args.cmd, site, out, later or expiry)
        measure(rows["template-edit"], last, REPO, out)
        if upgraded:
            measure(rows["new-version"], [last[0], "-c", NEXT_VERSION, *last[1:]], REPO, out)
    rows["new-version" if upgraded else "template-edit"].verify = verify(out, site, root / "verify" / "public", args,
                                                                         later or expiry)
    return list(rows.values())


def verify(out: Path, site: Path, fresh: Path, args: argparse.Namespace, as_of: dt.date) -> str:
    """Build the same input on the same date into a fresh folder with no cache and compare with `out`."""
    clean(fresh, site, args.cache_glob)
    timed(our_argv(args.cmd, site, fresh, as_of), REPO)
    diffs = differences(out, fresh)
    for line in diffs[:10]:
        log.warning("edited build differs from a clean build: %s", line)
    return f"DIFF {len(diffs)} files" if diffs else "OK"


def bench_peers(size: int, root: Path, tools: dict[str, Path], reps: int, names: list[str]) -> list[Row]:
    """Clean builds of the converted corpus by each peer `names`, `reps` times; a peer that fails is left out,
    with a warning."""
    rows = []
    for build in peers.builds(tools, root, names):
        row = Row(size, f"{build.name} clean")
        try:
            for _ in range(reps):
                shutil.rmtree(build.out, ignore_errors=True)
                measure(row, build.argv, build.cwd, build.out)
        except BuildFailed as e:  # e.g. Pagefind over a whole large site running out of memory
            log.warning("%7d  %s failed and is left out: %s", size, build.name, str(e).strip().splitlines()[-1])
            continue
        rows.append(row)
    return rows


def bench_size(size: int, root: Path, args: argparse.Namespace,
               tools: dict[str, Path] | None) -> list[Row]:
    """Generate a corpus of `size` documents under root and run every build on it."""
    site = root / "site"
    start = time.perf_counter()
    manifest = gen_site.generate(size, str(site), args.seed, force=True)
    log.info("%7d  corpus of %.1f MB generated in %.1f s", size, manifest["bytes"] / 1e6,
             time.perf_counter() - start)
    if tools:
        peers.convert(site, root, SECTIONS)  # before our edits: every tool gets the same input
    rows = bench_ours(size, site, root, args)
    if tools:
        rows += bench_peers(size, root, tools, args.reps, args.peers)
    return rows


def add_ratios(rows: list[Row]) -> None:
    """Put ours clean / hugo clean and / mkdocs clean on each "ours clean" row."""
    median = {(r.size, r.run): r.median for r in rows}
    for r in rows:
        if r.run == "ours clean":
            hugo, mkdocs = median.get((r.size, "hugo clean")), median.get((r.size, "mkdocs clean"))
            r.vs_hugo = r.median / hugo if hugo else None
            r.vs_mkdocs = r.median / mkdocs if mkdocs else None


def table(rows: list[Row]) -> str:
    """The results as one fixed-width table."""
    def num(x: float | None) -> str:
        return f"{x:.2f}" if x is not None else ""
    lines = [f"{'size':>7}  {'build':<20} {'median s':>9} {'CPU s':>7} {'peak MiB':>9} {'all MiB':>8} {'pages':>7} "
             f"{'ours/hugo':>10} {'ours/mkdocs':>12}  verify"]
    for r in rows:
        lines.append(f"{r.size:>7}  {r.run:<20} {r.median:>9.3f} {r.cpu_median:>7.2f} {r.peak_mib:>9.1f} {r.total_mib:>8.1f} {r.pages:>7} "
                     f"{num(r.vs_hugo):>10} {num(r.vs_mkdocs):>12}  {r.verify or ''}".rstrip())
    return "\n".join(lines)


def targets(rows: list[Row]) -> list[dict]:
    """Each performance target with the measured value, the limit and whether it is met
    (None when the run did not measure it)."""
    at = {(r.size, r.run): r for r in rows}

    def median(size: int, run: str) -> float | None:
        return at[(size, run)].median if (size, run) in at else None

    def peak(size: int) -> float | None:
        """All processes of the build at once: the indexers count, as they do on the machine."""
        ours = [at[(size, f"ours {k}")].total_mib for k in OURS if (size, f"ours {k}") in at]
        return max(ours) if ours else None

    def scaled(value: float | None, factor: float) -> float | None:
        return value * factor if value is not None else None

    def target(name: str, value: float | None, op: Callable, limit: float | None) -> dict:
        met = None if value is None or limit is None else bool(op(value, limit))
        return {"target": name, "value": value, "limit": limit, "met": met}

    le = operator.le
    checks = []
    for size in sorted({r.size for r in rows}):
        ours = median(size, "ours clean")
        checks.append(target(f"clean ≤ Hugo at {size:,} (s)", ours, le, median(size, "hugo clean")))
        checks.append(target(f"clean ≤ Hugo + Pagefind at {size:,} (s)", ours, le, median(size, "hugo+pagefind clean")))
        checks.append(target(f"template edit ≤ clean at {size:,} (s)", median(size, "ours template-edit"), le, ours))
    return checks + [
        target("peak memory ≤ 600 MiB at 10,000, all processes (MiB)", peak(10_000), le, 600),
        target("unchanged rebuild ≤ 0.5 s at 10,000 (s)", median(10_000, "ours unchanged"), le, 0.5),
        target("next day ≤ 1.0 s at 10,000 (s)", median(10_000, "ours next-day"), le, 1.0),
        target("next day, a document expiring, ≤ 1.0 s at 10,000 (s)", median(10_000, "ours expiry-day"), le, 1.0),
        target("one-edit rebuild ≤ 1.0 s at 10,000 (s)", median(10_000, "ours one-edit"), le, 1.0),
        target("word-edit rebuild ≤ 1.0 s at 10,000 (s)", median(10_000, "ours word-edit"), le, 1.0),
        target("title-edit rebuild ≤ 1.5 s at 10,000 (s)", median(10_000, "ours title-edit"), le, 1.5),
        target("the next day's first edit ≤ 1.0 s at 10,000 (s)", median(10_000, "ours next-day-edit"), le, 1.0),
        target("clean at 100,000 ≤ 12 × clean at 10,000 (s)", median(100_000, "ours clean"), le,
               scaled(median(10_000, "ours clean"), 12)),
        target("peak memory ≤ 1.5 GiB at 100,000, all processes (MiB)", peak(100_000), le, 1.5 * 1024),
        target("one-edit rebuild ≤ 2 s at 100,000 (s)", median(100_000, "ours one-edit"), le, 2.0),
        target("next day, documents expiring, ≤ 3 s at 100,000 (s)", median(100_000, "ours expiry-day"), le, 3.0),
    ]


def format_targets(checks: list[dict]) -> str:
    """One line per target: met / NOT MET / n/a, with the figures compared."""
    lines = ["targets:"]
    for c in checks:
        status = {True: "met", False: "NOT MET", None: "n/a"}[c["met"]]
        figures = f": {c['value']:.2f} vs {c['limit']:.2f}" if c["met"] is not None else ""
        lines.append(f"  {status:<8} {c['target']}{figures}")
    return "\n".join(lines)


def write_results(path: Path, rows: list[Row], checks: list[dict], args: argparse.Namespace) -> None:
    """The table and the targets as JSON, with what is needed to compare runs."""
    data = {
        "python": platform.python_version(), "platform": platform.platform(),
        "cpus": os.cpu_count(), "cmd": args.cmd, "reps": args.reps, "seed": args.seed,
        "rows": [dict(asdict(r), median=r.median, cpu_median=r.cpu_median, peak_mib=r.peak_mib) for r in rows],
        "targets": checks,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def sizes(text: str) -> list[int]:
    """--sizes: comma-separated document counts (digits, optionally with _)."""
    return [int(x) for x in text.split(",")]


def peer_names(text: str) -> list[str]:
    """`--peers hugo,hugo+pagefind`: the peers asked for, each one the bench knows."""
    names = [name for name in text.split(",") if name]
    unknown = [name for name in names if name not in peers.NAMES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown peer {', '.join(unknown)}: choose from {', '.join(peers.NAMES)}")
    return names


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options; --smoke overrides --sizes and --reps."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", type=sizes,
                    help="corpus sizes, comma-separated (default 1000,10000)")
    ap.add_argument("--reps", type=int, default=3, help="repetitions per build; the median is shown")
    ap.add_argument("--smoke", action="store_true", help="one size of 200 documents, 1 repetition")
    ap.add_argument("--peers", nargs="?", const=",".join(peers.NAMES), default="", type=peer_names, metavar="NAMES",
                    help="also build with Hugo, MkDocs and Pelican; or only the peers named, comma-separated, "
                         f"from {', '.join(peers.NAMES)} (MkDocs and Pelican take hours at 100,000 documents)")
    ap.add_argument("--cmd", default=DEFAULT_CMD,
                    help="our build command; placeholders {python} {build} {site} {out} {as_of} "
                         "(default: %(default)s)")
    ap.add_argument("--cache-glob", default=DEFAULT_CACHE_GLOB,
                    help="caches a clean build deletes besides the output; placeholders "
                         "{parent} (of the output) {out} {site} (default: %(default)s)")
    ap.add_argument("--work", type=Path, default=HERE / ".work", help="work folder (default bench/.work)")
    ap.add_argument("--peers-venv", type=Path, help="virtual environment of the peers "
                    "(default WORK/peers-venv, created on first use)")
    ap.add_argument("--seed", default=gen_site.DEFAULT_SEED, help="corpus seed")
    ap.add_argument("--group", action="store_true", help="a site group of --sizes documents against one site "
                    "(see group_bench.py)")
    ap.add_argument("--departments", type=int, default=40, help="with --group: 部门 members (default 40)")
    ap.add_argument("--towns", type=int, default=15, help="with --group: 乡镇 members (default 15)")
    ap.add_argument("--dask", type=sizes, nargs="?", const=[2], default=[], metavar="WORKERS",
                    help="with --group: the group's builds again through a Dask scheduler and WORKERS "
                         "one-thread workers started on this machine; comma-separated for several "
                         "clusters in turn (default 2)")
    args = ap.parse_args(argv)
    if args.smoke:
        args.sizes, args.reps = [200], 1
    if args.reps < 1 or min(args.sizes) < 1:
        ap.error("--sizes and --reps must be positive")
    args.work = args.work.resolve()
    args.peers_venv = args.peers_venv or args.work / "peers-venv"
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when every build succeeded and every check said OK."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.work.mkdir(parents=True, exist_ok=True)
    if args.group:
        import group_bench  # imports this module
        return group_bench.main(args)
    tools = {**peers.ensure_venv(args.peers_venv), "pagefind": search_index.executable()} if args.peers else None
    rows: list[Row] = []
    try:
        for size in args.sizes:
            rows += bench_size(size, args.work / str(size), args, tools)
    except BuildFailed as e:
        print(f"build failed: {e}", file=sys.stderr)
        return 1
    add_ratios(rows)
    checks = targets(rows)
    print(table(rows))
    print(format_targets(checks))
    write_results(args.work / "results.json", rows, checks, args)
    return 1 if any(r.verify not in (None, "OK") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
