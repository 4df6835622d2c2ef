"""check --report on a site group: one row per member, each checked as it builds (with what it inherits),
its findings at paths from the group folder, in one report for the 政务公开办 that runs the platform.

Which kinds fail an inspection is each member's `report:` as config.yaml reads it: group.yaml's
`report:` for every member, which a member's own `report:` replaces key by key (docs/admin.md).
"""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Protocol, Sequence

from gongkai import doctypes, pipeline
from gongkai.engine.group_inherit import in_group
from gongkai.engine.group_interprets import Foreign
from gongkai.engine.group_links import LinkAcross, check_across, links_across
from gongkai.engine.group_spec import Member, load_group, not_seen_here, unfinished
from gongkai.engine.finding_kinds import BY_KEY
from gongkai.oversight.collect import SiteFindings, as_findings, gather
from gongkai.oversight.render import PAGE, render
from gongkai.tools.interprets_across import foreign_facts
from gongkai.problems import GongkaiError, Problem, Report


#: a member's verdict when its config.yaml cannot be read, and when its task ran nowhere to its end
MISCONFIGURED, LOST = "配置有误", "集群上未能完成"


class Runner(Protocol):
    """Where the members are checked (the group build's executor, local or on a cluster): for every call
    task(*call), in order, or for a call that ran nowhere to its end (its worker lost, the task not
    loadable there) an object whose `message` says why."""

    def map(self, task: Callable, calls: Sequence[tuple]) -> list: ...


@dataclass
class Checked:
    """One member checked: its row, its problems (at paths from the group folder), its links to other
    members' documents and the documents it publishes (content paths)."""

    row: SiteFindings
    problems: list[Problem]
    links: list[LinkAcross] = field(default_factory=list)
    published: set[str] = field(default_factory=set)


def member_row(group_dir: Path, member_path: str, name: str, kind: str, as_of: dt.datetime,
               foreign: Foreign | None = None, cache_dir: Path | None = None) -> Checked:
    """Check one member. A pure task, like a member's build: its arguments and result pickle. `cache_dir`: the
    member's cache of the group's last build."""
    unseen = not_seen_here(group_dir, member_path)
    if unseen:
        return _unchecked(name, member_path, kind, as_of, [unseen], LOST)
    try:
        result = pipeline.run(group_dir / member_path, as_of, None, foreign=foreign, cache_dir=cache_dir)
    except GongkaiError as exc:  # its config.yaml: reported, and the member marked as not checked
        return _unchecked(name, member_path, kind, as_of, in_group(group_dir, member_path, exc.problems()),
                          MISCONFIGURED)
    row = gather(group_dir / member_path, as_of, result)
    row.name, row.site_dir, row.kind = name, member_path, kind
    return Checked(row, in_group(group_dir, member_path, result.report.sorted()),
                   links_across(result.site) if result.site else [],
                   {d.path for d in result.site.documents} if result.site else set())


def _unchecked(name: str, member_path: str, kind: str, as_of: dt.datetime, problems: list[Problem],
               why: str) -> Checked:
    return Checked(SiteFindings(name, member_path, as_of.date().isoformat(), [], kind=kind, unchecked=why,
                                findings=as_findings(problems)), problems)


def _lost(member: Member, as_of: dt.datetime, why: str) -> Checked:
    """A member whose check ran nowhere to its end: a row not checked, the reason at its line of group.yaml."""
    return _unchecked(member.name, member.path, member.kind, as_of, [unfinished(member, False, why)], LOST)


def check_group(group_dir: Path, as_of: dt.datetime, folder: Path, runner: Runner,
                caches: Mapping[str, Path | None] | None = None) -> tuple[Report, list[SiteFindings]]:
    """Check every member, write the report into `folder`; the problems of the group and of every member.
    `caches`: each member's cache of the group's last build, by member path, for its check to read."""
    group_dir = group_dir.resolve()  # the same path on every machine that checks members
    group, report = load_group(group_dir, doctypes.registry())
    foreign = foreign_facts(group_dir, [m.path for m in group.members], as_of)
    results = runner.map(member_row, [(group_dir, m.path, m.name, m.kind, as_of, foreign[m.path],
                                       (caches or {}).get(m.path)) for m in group.members])
    done = [r if isinstance(r, Checked) else _lost(m, as_of, r.message) for m, r in zip(group.members, results)]
    lost = {c.row.site_dir for c in done if c.row.unchecked == LOST}  # nothing known of what they publish
    links = {c.row.site_dir: [link for link in c.links if link[2] not in lost] for c in done}
    across = check_across(group_dir, links, {c.row.site_dir: c.published for c in done})
    rows = [c.row for c in done]
    for checked in done:
        problems = checked.problems + [p for p in across if p.path.startswith(checked.row.site_dir + "/")]
        checked.row.findings = as_findings(Report(problems).sorted())
        report.problems.extend(problems)
    render(rows, folder, group.name)
    failing = [f"{row.site_dir}（{'、'.join(BY_KEY[k].label for k in row.failing()) or '未能检查'}）"
               for row in rows if not row.passed()]
    print(f"检查报告：{folder / PAGE}（另有 report.json）；" +
          (f"单项否决的成员：{'；'.join(failing)}" if failing else "没有单项否决的问题"), file=sys.stderr)
    return report, rows
