"""Building a group: every member on its own (its own cache and output, in parallel), then the group's
pages from the members' catalog.json, then the whole tree swapped in at once.

A member's edit rebuilds that member (its own incremental build) and the group pages; the other members
find nothing changed. A failed member leaves the published group as it was.
"""
from __future__ import annotations

import datetime as dt
import gc
import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from gongkai import pipeline
from gongkai.group.executor import Executor, Failure, LocalExecutor
from gongkai.group.pages import CATALOG, group_files, summarise
from gongkai.engine.group_inherit import in_group
from gongkai.engine.group_interprets import Foreign
from gongkai.engine.group_links import LinkAcross, check_across, links_across
from gongkai import doctypes
from gongkai.engine.group_spec import Group, load_group, not_seen_here, unfinished
from gongkai.incremental.cache import digest
from gongkai.incremental.unchanged import tree_digest
from gongkai.incremental.write import clean_stale, link_tree, replace_file, swap_in
from gongkai.output.render import TEMPLATES, THEME_DIR
from gongkai.tools.interprets_across import foreign_facts
from gongkai.problems import GongkaiError, Problem, Report


@dataclass
class MemberResult:
    """What one member's build returns across a process (or machine) boundary."""

    path: str
    written: bool
    problems: list[Problem]  # paths from the group folder: bm/fgw/content/…
    documents: int = 0
    pages: int = 0
    rendered: int = 0
    reused: int = 0
    seconds: float = 0.0
    links: list[LinkAcross] = field(default_factory=list)  # to other members' documents
    published: set[str] | None = None  # its published documents' content paths; None: read its output's catalog


@dataclass
class GroupResult:
    report: Report
    members: list[MemberResult] = field(default_factory=list)
    written: bool = False
    seconds: float = 0.0


def build_member(group_dir: Path, member_path: str, as_of: dt.date, out_dir: Path | None,
                 search: bool = True, foreign: Foreign | None = None, drafts: bool = False,
                 fold_search: bool = False) -> MemberResult:
    """Build one member into `out_dir` (None: check only; `drafts`: with its drafts, for serve). A pure
    task: its arguments and result pickle, and it reads only the group folder and writes only `out_dir`
    and its cache. `foreign`: what it shows of the other members (their 政策解读 of its documents, the
    documents its own explain)."""
    unseen = not_seen_here(group_dir, member_path)
    if unseen:
        return MemberResult(member_path, False, [unseen])
    try:
        result = pipeline.run(group_dir / member_path, as_of, out_dir, search=search, foreign=foreign, drafts=drafts,
                              fold_search=fold_search)
    except GongkaiError as exc:
        return MemberResult(member_path, False, in_group(group_dir, member_path, exc.problems()))
    done = MemberResult(member_path, result.written, in_group(group_dir, member_path, result.report.problems),
                        result.documents, result.pages, result.rendered, result.reused, result.seconds)
    if result.site is not None:
        done.links, done.published = links_across(result.site), {d.path for d in result.site.documents}
    del result
    gc.collect()  # the member's site is cycles of documents: freed now, not left for the next member to grow on
    return done


#: beside the members' outputs: what the published tree was made of, so an unchanged group is not relinked
PUBLISHED = "published"
#: beside them too: the last scan for 政策解读 of other members' documents (interprets_across.Scan)
INTERPRETS_SCAN = "interprets-scan.json"


def members_folder(out_dir: Path) -> Path:
    """Where each member's own output (and, beside it, its cache) is kept between group builds."""
    return out_dir.parent / f".{out_dir.name}.members"


def build_group(group_dir: Path, as_of: dt.date, out_dir: Path | None, search: bool = True,
                executor: Executor | None = None, drafts: bool = False, fold_search: bool = False) -> GroupResult:
    """Build (or, without `out_dir`, check) every member, then publish the group when all succeeded."""
    started = time.perf_counter()
    group_dir = group_dir.resolve()  # the same path on every machine that builds members
    group, report = load_group(group_dir, doctypes.registry())
    outputs = {m.path: members_folder(out_dir) / m.path if out_dir else None for m in group.members}
    last = _take_record(out_dir)
    foreign = foreign_facts(group_dir, [m.path for m in group.members], as_of,
                            members_folder(out_dir) / INTERPRETS_SCAN if out_dir else None)
    calls = [(group_dir, m.path, as_of, outputs[m.path], search, foreign[m.path], drafts, fold_search)
             for m in group.members]
    results = [MemberResult(m.path, False, [unfinished(m, out_dir is not None, r.message)]) if isinstance(r, Failure)
               else r for m, r in zip(group.members, (executor or LocalExecutor()).map(build_member, calls))]
    across = check_across(group_dir, {r.path: r.links for r in results},
                          {r.path: _published(r, outputs[r.path]) for r in results})
    for result in results:
        result.problems += [p for p in across if p.path.startswith(result.path + "/")]
        report.problems.extend(result.problems)
    done = GroupResult(report, results)
    if out_dir is not None and all(r.written for r in results) and not across:
        built = {p: o for p, o in outputs.items() if o is not None}
        state = _published_state(group, built)
        if not out_dir.is_dir() or last != state + _stamp(out_dir):
            publish(group, built, out_dir)
        (members_folder(out_dir) / PUBLISHED).write_text(state + _stamp(out_dir))
        done.written = True
    done.seconds = time.perf_counter() - started
    return done


def _published(result: MemberResult, output: Path | None) -> set[str]:
    """A member's published documents: from its build, or (built before, nothing changed) its catalog.json."""
    if result.published is not None:
        return result.published
    catalog = output / CATALOG if output is not None else None
    if catalog is None or not catalog.is_file():
        return set()
    return {row["url"][:-len(".html")] for row in json.loads(catalog.read_text(encoding="utf-8"))}


def _take_record(out_dir: Path | None) -> str:
    """The last publish's record, removed until this build publishes: a build that fails or is killed
    after some member swapped its output leaves none, so the next one publishes for certain."""
    record = members_folder(out_dir) / PUBLISHED if out_dir else None
    if record is None or not record.is_file():
        return ""
    text = record.read_text()
    record.unlink()
    return text


def _published_state(group: Group, outputs: dict[str, Path]) -> str:
    """What the published tree is made of. A member that writes its output swaps in another folder, so
    each member output folder's inode and time tell whether it changed; the members' caches already hold
    group.yaml and the theme, so only the group's own templates are added."""
    return digest(group.text, tree_digest(THEME_DIR, group.folder / TEMPLATES),
                  *(f"{path}:{_stamp(output)}" for path, output in sorted(outputs.items())))


def _stamp(folder: Path) -> str:
    found = folder.stat()
    return f"{found.st_ino}:{found.st_mtime_ns}"


def publish(group: Group, outputs: dict[str, Path], out_dir: Path) -> None:
    """Stage the whole tree (members' outputs hard-linked, the group's pages written) and swap it in."""
    clean_stale(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        for path, output in outputs.items():
            if not link_tree(output, staged / path):
                shutil.copytree(output, staged / path, dirs_exist_ok=True)
        shutil.copytree(THEME_DIR.parent / pipeline.STATIC, staged / pipeline.STATIC)
        summaries = [summarise(m, outputs[m.path]) for m in group.members]
        for path, data in group_files(group, summaries).items():
            replace_file(staged / path, data)
        if swap_in(staged, out_dir):
            shutil.rmtree(staged)  # it now holds the previous tree
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
