"""Building a group: every member on its own (its own cache and output, in parallel), then the group's
pages from the members' catalog.json, then the whole tree swapped in at once.

A member's edit rebuilds that member (its own incremental build) and the group pages; the other members
find nothing changed. A failed member leaves the published group as it was.
"""
from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from gongkai import pipeline
from gongkai.group.executor import Executor, Failure, LocalExecutor
from gongkai.group.listings import FOLDER, Listings
from gongkai.group.publish import (Makeup, claim_record, current, keep_record, publish, published_state,
                                   remove_within)
from gongkai.engine import sources
from gongkai.engine.group_inherit import in_group
from gongkai.engine.group_interprets import Foreign
from gongkai.engine.group_links import LinkAcross, check_across, links_across
from gongkai import doctypes
from gongkai.engine.group_spec import Group, load_group, not_seen_here, unfinished
from gongkai.incremental import unchanged
from gongkai.incremental.cache import BuildCache
from gongkai.incremental.write import failed_writes, members_folder
from gongkai.tools.interprets_across import foreign_facts
from gongkai.problems import ConfigError, GongkaiError, Problem, Report


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


def build_member(group_dir: Path, member_path: str, as_of: dt.datetime, out_dir: Path | None,
                 search: bool = True, foreign: Foreign | None = None, drafts: bool = False,
                 fold_search: bool = False, cache_dir: Path | None = None) -> MemberResult:
    """Build one member into `out_dir` (None: check only; `drafts`: with its drafts, for serve). A pure
    task: its arguments and result pickle, and it reads only the group folder and writes only `out_dir`
    and its cache. `foreign`: what it shows of the other members (their 政策解读 of its documents, the
    documents its own explain). `cache_dir`: for a check, the cache of the member's last group build."""
    unseen = not_seen_here(group_dir, member_path)
    if unseen:
        return MemberResult(member_path, False, [unseen])
    try:
        result = pipeline.run(group_dir / member_path, as_of, out_dir, search=search, foreign=foreign, drafts=drafts,
                              fold_search=fold_search, cache_dir=cache_dir)
    except GongkaiError as exc:
        return MemberResult(member_path, False, in_group(group_dir, member_path, exc.problems()))
    done = _member_result(group_dir, member_path, result)
    if result.site is not None:
        done.links, done.published = links_across(result.site), {d.path for d in result.site.documents}
    del result
    gc.collect()  # the member's site is cycles of documents: freed now, not left for the next member to grow on
    return done


def member_unchanged(group_dir: Path, member_path: str, as_of: dt.datetime, out_dir: Path | None,
                     search: bool = True, foreign: Foreign | None = None, drafts: bool = False,
                     fold_search: bool = False, cache_dir: Path | None = None) -> MemberResult | None:
    """build_member's result for a member with nothing to build, found without building; None otherwise."""
    if out_dir is None or not_seen_here(group_dir, member_path):
        return None
    result = pipeline.last_result(group_dir / member_path, as_of, out_dir, search, drafts, foreign, fold_search)
    return _member_result(group_dir, member_path, result) if result is not None else None


def _member_result(group_dir: Path, member_path: str, result: pipeline.Result) -> MemberResult:
    return MemberResult(member_path, result.written, in_group(group_dir, member_path, result.report.problems),
                        result.documents, result.pages, result.rendered, result.reused, result.seconds)


#: beside the members' outputs: the last scan for 政策解读 of other members' documents (interprets_across.Scan)
INTERPRETS_SCAN = "interprets-scan.json"


def build_group(group_dir: Path, as_of: dt.datetime, out_dir: Path | None, search: bool = True,
                executor: Executor | None = None, drafts: bool = False, fold_search: bool = False,
                read_caches: bool = False) -> GroupResult:
    """Build (or, without `out_dir`, check) every member, then publish the group when all succeeded.
    `read_caches`: a check reads the members' caches of the group's own build (caches_of_build)."""
    started = time.perf_counter()
    group_dir = group_dir.resolve()  # the same path on every machine that builds members
    group, report = load_group(group_dir, doctypes.registry())
    with failed_writes(out_dir):  # what the group writes itself (members: their own builds) that cannot be written
        outputs = {m.path: members_folder(out_dir) / m.path if out_dir else None for m in group.members}
        caches = caches_of_build(group_dir, group) if read_caches and out_dir is None else {}
        last = claim_record(out_dir) if out_dir else None
        foreign = foreign_facts(group_dir, [m.path for m in group.members], as_of,
                                members_folder(out_dir) / INTERPRETS_SCAN if out_dir else None)
        calls = [(group_dir, m.path, as_of, outputs[m.path], search, foreign[m.path], drafts, fold_search,
                  caches.get(m.path)) for m in group.members]
        order = largest_first(group_dir, [m.path for m in group.members], outputs)
        done_in_order = (executor or LocalExecutor()).map(build_member, [calls[i] for i in order], member_unchanged)
        built = [r for _, r in sorted(zip(order, done_in_order), key=lambda pair: pair[0])]
        results = [MemberResult(m.path, False, [unfinished(m, out_dir is not None, r.message)])
                   if isinstance(r, Failure) else r for m, r in zip(group.members, built)]
        listings = Listings(group.members, outputs, members_folder(out_dir) / FOLDER if out_dir else None)
        linked = {link[2] for r in results for link in r.links}  # the members others link to
        across = check_across(group_dir, {r.path: r.links for r in results},
                              {r.path: _published(r, listings) for r in results if r.path in linked})
        for result in results:
            result.problems += [p for p in across if p.path.startswith(result.path + "/")]
            report.problems.extend(result.problems)
        done = GroupResult(report, results)
        if out_dir is not None and all(r.written for r in results) and not across:
            done.written = _publish(group, {p: o for p, o in outputs.items() if o is not None}, out_dir, last,
                                    listings, report)
    done.seconds = time.perf_counter() - started
    return done


def _publish(group: Group, built: dict[str, Path], out_dir: Path, last: Makeup | None, listings: Listings,
             report: Report) -> bool:
    """Publish the group's tree unless it is the published one already; False, with their lines in `report`,
    when the group's own templates fail, and the published group stays as it was."""
    state = published_state(group, built)
    if not current(last, state, out_dir):
        try:
            made = publish(group, built, out_dir, state, last, listings)
        except ConfigError as exc:
            report.problems.extend(exc.problems())
            return False
        keep_record(out_dir, made)
    else:
        keep_record(out_dir, last)
    if last is not None:
        forget_removed(members_folder(out_dir), last.members.keys() - built.keys())
    return True


def caches_of_build(group_dir: Path, group: Group) -> dict[str, Path | None]:
    """Each member's cache of the group's build into its own output folder (None where there is none), for a
    check to read: what that build read and rendered stands for what did not change since."""
    built_in = members_folder((group_dir / group.output).resolve())
    return {m.path: BuildCache.left_beside(built_in / m.path) for m in group.members}


def forget_removed(kept: Path, removed: set[str]) -> None:
    """Once the group is published without them, what the members folder keeps of members taken out of
    group.yaml: their output, cache and listing. Their content stays where it is; a member put back
    builds again from it."""
    for path in sorted(removed):
        output = kept / path
        if not path or not output.resolve().is_relative_to(kept.resolve()):  # the record is ours, but still
            continue
        shutil.rmtree(BuildCache.folder_for(output), ignore_errors=True)  # first: bm/ may then be left empty
        remove_within(kept, path)
        remove_within(kept / FOLDER, f"{path}.pickle")


def largest_first(group_dir: Path, members: list[str], outputs: dict[str, Path | None]) -> list[int]:
    """The members' indexes, the largest first, so that no long build starts last and keeps one core busy
    alone at the end. Size: the documents of its last build, or the files in its content/ before one."""
    def size(member: str) -> int:
        record = unchanged.read(BuildCache.folder_for(outputs[member])) if outputs[member] else None
        if isinstance(record, dict) and isinstance(record.get("documents"), int):
            return record["documents"]
        return sum(len(files) for _, _, files in os.walk(group_dir / member / sources.CONTENT))
    sizes = [size(m) for m in members]
    return sorted(range(len(members)), key=lambda i: -sizes[i])


def _published(result: MemberResult, listings: Listings) -> set[str]:
    """A member's published documents: from its build, or (built before, nothing changed) its catalog.json."""
    if result.published is not None:
        return result.published
    found = listings[result.path]
    return set(found.paths) if found is not None else set()
